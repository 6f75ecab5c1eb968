"""One key file, one set of pseudonyms (issue 14): the plugin's "SecretFile" and the CLI's --secret-file read a key
file by the same rule (Core/SecretText.h: the first line, without its line end and the blanks at its ends). For each
way of writing the same key (trailing space, CRLF, a second line), the plugin and the CLI anonymize the same study
into the same UIDs and PatientID, and the plugin shows the same KeyId; another first line gives another KeyId.

Run: /usr/bin/python3 -m pytest IntegrationTests/test_secret_file.py (needs the plugin and ratatoskr-anonymize).
"""

import hashlib
import hmac
import subprocess

import pytest

from harness import make_study, read_dicom
from test_cli import cli  # noqa: F401  (the `cli` fixture: path of the built binary)

KEY = "it-shared-key-file-4c1d9e7b"
PATIENT_ID = "KEYFILE-PID-5521"
STUDY_SEED = 1414
VARIANTS = {
    "trailing-space": KEY + " \n",
    "crlf": KEY + "\r\n",
    "two-lines": KEY + "\nthe second line is ignored\n",
}


def key_id(secret):
    """The KeyId the plugin shows: first 8 hex digits of SHA-256(HMAC-SHA-256(secret, "key-id"))."""
    mac = hmac.new(secret.encode(), b"key-id", hashlib.sha256).digest()
    return hashlib.sha256(mac).hexdigest()[:8]


@pytest.fixture(scope="module")
def study():
    return make_study(3, patient_name="Keyfile^Pat", patient_id=PATIENT_ID, seed=STUDY_SEED, series_count=2)


def identifiers(files):
    """What must agree between plugin and CLI: StudyInstanceUID, PatientID, SeriesInstanceUIDs, SOPInstanceUIDs."""
    datasets = [read_dicom(data) for data in files]
    assert len({ds.StudyInstanceUID for ds in datasets}) == 1
    assert len({ds.PatientID for ds in datasets}) == 1
    return {"StudyInstanceUID": datasets[0].StudyInstanceUID, "PatientID": datasets[0].PatientID,
            "SeriesInstanceUIDs": sorted({ds.SeriesInstanceUID for ds in datasets}),
            "SOPInstanceUIDs": sorted(ds.SOPInstanceUID for ds in datasets)}


def plugin_output(server, study):
    answers = server.upload_study(study)
    source = {a["ParentStudy"] for a in answers}.pop()
    job = server.post(f"/ratatoskr/studies/{source}/anonymize", json={"Profile": "basic", "Synchronous": True})
    assert job["State"] == "Success", job
    return [server.request("GET", f"/instances/{i['ID']}/file").content
            for i in server.get(f"/studies/{job['ResultStudy']}/instances")]


def cli_output(cli, study, tmp_path, *key_arguments):
    source, out = tmp_path / "cli-in", tmp_path / "cli-out"
    source.mkdir()
    for index, data in enumerate(study):
        (source / f"img{index}.dcm").write_bytes(data)
    completed = subprocess.run([str(cli), "--profile", "basic", "--quiet", *map(str, key_arguments), str(source),
                                str(out)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert KEY not in completed.stdout + completed.stderr
    return [path.read_bytes() for path in sorted(out.iterdir())]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_plugin_and_cli_give_the_same_pseudonyms_from_one_key_file(make_orthanc, cli, study, tmp_path, variant):
    key_file = tmp_path / "ratatoskr-key"
    key_file.write_bytes(VARIANTS[variant].encode())
    server = make_orthanc("keyfile", config_overrides={"Ratatoskr": {"SecretFile": str(key_file)}})
    system = server.get("/ratatoskr/system")
    assert system["SecretSource"] == "file"
    assert system["KeyId"] == key_id(KEY)  # the same for every variant: the key is KEY itself

    from_plugin = identifiers(plugin_output(server, study))
    from_cli = identifiers(cli_output(cli, study, tmp_path, "--secret-file", key_file))
    assert from_plugin == from_cli
    assert from_plugin["PatientID"] != PATIENT_ID
    assert len(from_plugin["SOPInstanceUIDs"]) == 3
    assert KEY not in server.log_text()


def test_the_whitespace_of_the_file_matters_not_that_of_an_inline_key(cli, study, tmp_path):
    # The CLI gives the same UIDs from the file and from the bare key, and other ones from the key with the trailing
    # space the file had (inline keys are taken as they are): the comparison above would catch a reader that kept it.
    key_file = tmp_path / "key"
    key_file.write_bytes(VARIANTS["trailing-space"].encode())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    from_file = identifiers(cli_output(cli, study, tmp_path / "a", "--secret-file", key_file))
    assert from_file == identifiers(cli_output(cli, study, tmp_path / "b", "--secret", KEY))
    assert from_file["StudyInstanceUID"] != identifiers(cli_output(cli, study, tmp_path / "c", "--secret",
                                                                   KEY + " "))["StudyInstanceUID"]


def test_another_first_line_gives_another_key_id(make_orthanc, tmp_path):
    other = "it-another-key-file-0b3f2a"
    key_file = tmp_path / "ratatoskr-key"
    key_file.write_text(other + "\n" + KEY + "\n")  # KEY on the second line counts for nothing
    server = make_orthanc("otherkey", config_overrides={"Ratatoskr": {"SecretFile": str(key_file)}})
    assert server.get("/ratatoskr/system")["KeyId"] == key_id(other) != key_id(KEY)
