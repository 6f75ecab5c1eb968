"""Foundation: the plugin loads into Orthanc 1.10.1, describes itself, refuses bad configurations, stays behind
Orthanc's authentication, and logs no errors and no secrets."""

import re
from pathlib import Path

import pytest
import requests

from harness import RATATOSKR_SECRET, WEBHOOK_SECRET, ratatoskr_overrides

SECRETS = (RATATOSKR_SECRET, WEBHOOK_SECRET, WEBHOOK_SECRET[len("whsec_"):])
BAD_WEBHOOK_SECRET = "it-plain-webhook-secret-not-whsec-9c1f"


def _refusal_line(log, reason):
    """The error line "Ratatoskr: invalid configuration: <reason>" of a refused start, or None."""
    pattern = re.compile(r"^E\d{4} .*Ratatoskr: invalid configuration: " + re.escape(reason), re.MULTILINE)
    match = pattern.search(log)
    return match.group(0) if match else None


# --- the standard deployment ------------------------------------------------------------------------------------

def test_plugin_is_loaded(orthanc):
    assert "ratatoskr" in orthanc.get("/plugins")
    assert orthanc.get("/plugins/ratatoskr")["Version"] == "0.1.0"


def test_system_describes_the_plugin(orthanc):
    system = orthanc.get("/ratatoskr/system")
    assert system["Name"] == "Ratatoskr"
    assert system["Version"] == "0.1.0"
    assert system["SdkVersion"] == "1.10.1"
    assert system["OrthancVersion"] == "1.10.1"
    assert system["DicomWebPlugin"] is True
    assert system["Destinations"] == ["pacscenter"]
    assert system["Webhooks"] == ["django"]
    assert re.fullmatch(r"[0-9a-f]{4,32}", system["KeyId"]), system["KeyId"]
    assert "basic" in system["Profiles"]


def test_system_storage_defaults_to_sqlite_next_to_orthanc_storage(orthanc):
    storage = orthanc.get("/ratatoskr/system")["Storage"]
    assert storage["Type"] == "SQLite"
    assert storage["SchemaVersion"] == 4
    assert Path(storage["Path"]) == orthanc.storage_directory / "ratatoskr.db"
    assert Path(storage["Path"]).is_file()


def test_system_never_shows_secrets(orthanc):
    text = orthanc.request("GET", "/ratatoskr/system").text
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize("path", ["/ratatoskr/system", "/ratatoskr/no-such-route"])
def test_routes_need_authentication(orthanc, path):
    assert orthanc.request("GET", path, expected=None, session=orthanc.anonymous).status_code == 401
    wrong = requests.get(orthanc.url_for(path), auth=(orthanc.username, "wrong-password"), timeout=10)
    assert wrong.status_code == 401


def test_log_has_no_error_lines_and_no_secrets(orthanc):
    orthanc.get("/ratatoskr/system")
    assert orthanc.error_lines() == []
    log = orthanc.log_text()
    for secret in SECRETS:
        assert secret not in log


# --- other configurations ---------------------------------------------------------------------------------------

def test_empty_section_is_a_working_demo_with_a_persistent_key(make_orthanc, ratatoskr_plugin):
    demo = make_orthanc("demo", config_overrides={"Ratatoskr": {}})
    system = demo.get("/ratatoskr/system")
    assert (system["Destinations"], system["Webhooks"]) == ([], [])
    assert Path(system["Storage"]["Path"]) == demo.storage_directory / "ratatoskr.db"
    demo.restart()
    assert demo.get("/ratatoskr/system")["KeyId"] == system["KeyId"]  # the generated secret is kept
    assert demo.error_lines() == []


def test_without_dicomweb_plugin_system_says_so(make_orthanc, ratatoskr_plugin):
    bare = make_orthanc("bare", with_dicomweb=False, config_overrides={"Ratatoskr": None})
    assert bare.get("/ratatoskr/system")["DicomWebPlugin"] is False


def test_secret_file_gives_the_same_key_as_the_same_secret(make_orthanc, workdir, orthanc, pacscenter,
                                                            django_receiver):
    secret_file = workdir / "secret"
    secret_file.write_text(RATATOSKR_SECRET)
    from_file = make_orthanc("secretfile", config_overrides=ratatoskr_overrides(
        pacscenter, django_receiver, {"Ratatoskr": {"Secret": None, "SecretFile": str(secret_file)}}))
    assert from_file.get("/ratatoskr/system")["KeyId"] == orthanc.get("/ratatoskr/system")["KeyId"]


@pytest.mark.parametrize("ratatoskr, reason", [
    ({"Foo": 1}, 'unknown key "Foo" in "Ratatoskr"'),
    ({"UidRoot": 2.25}, '"Ratatoskr.UidRoot" must be a string'),
    ({"Secret": None, "SecretFile": "{workdir}/missing-secret"},
     '"Ratatoskr.SecretFile" ({workdir}/missing-secret): cannot be read (No such file or directory)'),
    ({"Destinations": {"pacscenter": {"Webhook": "django"}}},
     'unknown key "Webhook" in "Ratatoskr.Destinations.pacscenter"'),
    ({"Destinations": {"pacscenter": {"Webhooks": ["django", "nowhere"]}}},
     '"Ratatoskr.Destinations.pacscenter.Webhooks[1]" names "nowhere", which is not in "Ratatoskr.Webhooks"'),
    ({"Webhooks": {"django": {"Secret": BAD_WEBHOOK_SECRET}}},
     '"Ratatoskr.Webhooks.django.Secret": the secret does not start with "whsec_"'),
], ids=["unknown-key", "wrong-type", "unreadable-secret-file", "old-destination-key", "unknown-webhook",
        "plain-webhook-secret"])
def test_bad_configuration_is_refused(make_orthanc, workdir, pacscenter, django_receiver, ratatoskr_plugin,
                                      ratatoskr, reason):
    ratatoskr = {k: (v.format(workdir=workdir) if isinstance(v, str) else v) for k, v in ratatoskr.items()}
    reason = reason.format(workdir=workdir)
    refused = make_orthanc("refused", start=False, config_overrides=ratatoskr_overrides(
        pacscenter, django_receiver, {"Ratatoskr": ratatoskr}))
    code, log = refused.start_expecting_failure(timeout=20)
    assert code != 0
    assert _refusal_line(log, reason), f"no error line with {reason!r}; log tail:\n{refused.log.tail(15)}"
    for secret in SECRETS + (BAD_WEBHOOK_SECRET,):
        assert secret not in log
