"""Cross-site requests (issue 14 part 4): a foreign web page must not start a job in the browser of an admin logged in
to Orthanc, while the plugin's own clients keep working.

The plugin refuses, on every state-changing route, a body that is not `Content-Type: application/json` (415) and a
request whose Origin (or, without it, Referer) is neither the Orthanc it reached nor in `Ratatoskr.AllowedOrigins`
(403); a request with neither header (curl, scripts) is accepted. The browser tests run a real headless Chromium
(harness.browser) whose context answers Orthanc's Basic challenge, as the browser of a logged-in admin does, and a
real foreign site (harness.pages.PageServer) on another loopback port, so another origin.

The attack body deletes the original (`DeleteOriginal`) synchronously: had any attack gone through, the study would be
gone and a job would be listed.
"""

import json
import re
import subprocess

import pytest

from harness import wait_until
from harness.browser import orthanc_login
from harness.dicom import make_study
from harness.oe2 import oe2_buttons, oe2_request
from harness.pages import PageServer

ATTACK_BODY = '{"Profile":"basic","DeleteOriginal":true,"Synchronous":true}'
EVIL = "https://evil.example"
ALLOWED = "https://oe2.example"  # configured in Ratatoskr.AllowedOrigins for this module


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {"Ratatoskr": {"AllowedOrigins": [ALLOWED]}}


_seeds = iter(range(14400, 15000))


def upload(orthanc, n=2):
    answers = orthanc.upload_study(make_study(n, seed=next(_seeds), patient_name="Cross^Site"))
    return answers[0]["ParentStudy"]


def anonymize_url(orthanc, study):
    return orthanc.url_for(f"/ratatoskr/studies/{study}/anonymize")


def state(orthanc):
    """What an attack would change: the studies, Orthanc's jobs, the plugin's audit."""
    return {"studies": sorted(orthanc.get("/studies")), "jobs": sorted(orthanc.get("/jobs")),
            "audit": [j["ID"] for j in orthanc.get("/ratatoskr/jobs")]}


def assert_nothing_changed(orthanc, study, before, instances=2):
    assert len(orthanc.get(f"/studies/{study}/instances")) == instances, "the original study was touched"
    assert state(orthanc) == before


def post(orthanc, study, body=ATTACK_BODY, content_type="application/json", **headers):
    if content_type is not None:
        headers["Content-Type"] = content_type
    return orthanc.api.post(anonymize_url(orthanc, study), data=body, headers=headers, timeout=30)


def assert_started(orthanc, response):
    assert response.status_code == 200, response.text
    job = response.json()["ID"]
    orthanc.wait_job(job, expected_state="Success")
    return job


# --- without a browser: the requests themselves -------------------------------------------------------------------

def test_the_issues_request_is_refused_and_the_study_kept(orthanc):
    study = upload(orthanc)
    before = state(orthanc)
    response = post(orthanc, study, content_type="text/plain", Origin=EVIL)
    assert response.status_code == 415, response.text
    error = response.json()
    assert error["HttpStatus"] == 415 and error["Method"] == "POST"
    assert error["Message"].startswith("This route accepts only JSON bodies (Content-Type: application/json), not "
                                       "\"text/plain\"")
    assert_nothing_changed(orthanc, study, before)


@pytest.mark.parametrize("headers, words", [
    ({"Origin": EVIL}, f'its Origin "{EVIL}" is neither this Orthanc nor listed in "Ratatoskr.AllowedOrigins"'),
    ({"Referer": EVIL + "/x"}, f'its Referer "{EVIL}" is neither this Orthanc'),
    ({"Origin": "null"}, 'its Origin "null"'),                       # what a no-referrer page sends
    ({"Origin": ALLOWED + ":8443"}, f'its Origin "{ALLOWED}:8443"'),  # an allowed host on another port
    ({"Origin": "http://oe2.example"}, 'its Origin "http://oe2.example"'),  # the allowed host over http
], ids=["origin", "referer-without-origin", "origin-null", "allowed-host-other-port", "allowed-host-http"])
def test_foreign_origin_with_a_json_body_is_refused(orthanc, headers, words):
    study = upload(orthanc)
    before = state(orthanc)
    response = post(orthanc, study, **headers)
    assert response.status_code == 403, response.text
    assert words in response.json()["Message"]
    assert_nothing_changed(orthanc, study, before)


def test_same_host_on_another_port_is_another_origin(orthanc):
    """The browser tests' foreign site runs on 127.0.0.1 too: only the port differs, and that is refused."""
    study = upload(orthanc)
    before = state(orthanc)
    with PageServer() as site:
        response = post(orthanc, study, Origin=site.origin)
    assert response.status_code == 403, response.text
    assert_nothing_changed(orthanc, study, before)


@pytest.mark.parametrize("headers", [
    lambda orthanc: {"Origin": orthanc.url},
    lambda orthanc: {"Referer": orthanc.url + "/app/explorer.html"},
    lambda orthanc: {"Origin": ALLOWED},
    lambda orthanc: {"Origin": "HTTPS://OE2.example:443", "Referer": EVIL + "/ignored-when-origin-is-there"},
    lambda orthanc: {},
], ids=["own-origin", "own-referer", "allowed-origin", "allowed-origin-normalized", "neither-header"])
def test_own_and_allowed_origins_are_accepted(orthanc, headers):
    study = upload(orthanc)
    assert_started(orthanc, post(orthanc, study, body='{"Profile":"basic"}', **headers(orthanc)))
    assert len(orthanc.get(f"/studies/{study}/instances")) == 2


def _curl(orthanc, *args):
    """curl as a user types it (no proxy from the environment); returns (status, decoded JSON body)."""
    command = ["curl", "-sS", "--noproxy", "*", "-u", f"{orthanc.username}:{orthanc.password}",
               "-w", "\n%{http_code}", *args]
    output = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    body, status = output.rsplit("\n", 1)
    return int(status), json.loads(body)


def test_curl_keeps_working_and_curl_d_gets_the_hint(orthanc):
    study = upload(orthanc)
    url = anonymize_url(orthanc, study)
    status, answer = _curl(orthanc, "--json", '{"Profile":"basic"}', url)
    assert status == 200, answer
    orthanc.wait_job(answer["ID"], expected_state="Success")

    status, answer = _curl(orthanc, "-X", "POST", url)  # no body: the default profile
    assert status == 200, answer
    assert orthanc.get(f"/ratatoskr/jobs/{answer['ID']}")["Profile"] == "teaching"
    orthanc.wait_job(answer["ID"], expected_state="Success")

    before = state(orthanc)
    status, answer = _curl(orthanc, "-d", '{"Profile":"basic"}', url)  # application/x-www-form-urlencoded
    assert status == 415, answer
    assert "not \"application/x-www-form-urlencoded\"" in answer["Message"]
    assert "(with curl: --json '{...}', or -H 'Content-Type: application/json' -d '{...}')" in answer["Message"]
    assert_nothing_changed(orthanc, study, before)


def test_orthanc_explorer_2_buttons_with_the_browsers_origin(orthanc):
    buttons = oe2_buttons()
    study, other = upload(orthanc), upload(orthanc)
    anonymize = next(b for b in buttons["study"] if b["Id"] == "ratatoskr-anonymize-teaching")
    assert_started(orthanc, oe2_request(orthanc, anonymize, {"UUID": study}))
    response = oe2_request(orthanc, buttons["bulk-studies"][0], {"CommaSeparatedUUIDs": f"{study},{other}"})
    assert response.status_code == 200, response.text
    assert [j["Resource"] for j in response.json()] == [study, other]
    for job in response.json():
        orthanc.wait_job(job["ID"], expected_state="Success")


def test_a_cors_preflight_gets_no_permission(orthanc):
    """What the browser asks before a cross-origin JSON POST (no credentials in a preflight): Orthanc grants no CORS
    permission, so the browser never sends the POST (shown in a browser by test_cross_site_attack[cors-json])."""
    study = upload(orthanc)
    before = state(orthanc)
    response = orthanc.anonymous.options(anonymize_url(orthanc, study), timeout=30, headers={
        "Origin": EVIL, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert response.status_code >= 400
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert_nothing_changed(orthanc, study, before)


# --- in a browser ---------------------------------------------------------------------------------------------

def assert_page_clean(result):
    """No JavaScript exception and no console error (a failed request shows up there too)."""
    browser = result["browser"]
    assert not browser["pageErrors"], browser["pageErrors"]
    assert not [c for c in browser["console"] if c["type"] == "error"], browser["console"]


def test_legacy_explorer_button_in_a_browser(orthanc, browser):
    study = upload(orthanc)
    result = browser.run("explorer-button.mjs", {"orthanc": orthanc_login(orthanc), "study": study,
                                                 "label": "Anonymize (teaching)"})
    assert "Anonymize (teaching)" in result["buttons"] and "Send to pacscenter" in result["buttons"]
    match = re.fullmatch(r"Ratatoskr: job (\S+) started\. Follow it under Jobs, or at \.\./ratatoskr/jobs/\1",
                         result["alert"])
    assert match, result["alert"]
    job = match.group(1)
    assert job in [j["ID"] for j in orthanc.get("/ratatoskr/jobs")]
    orthanc.wait_job(job, expected_state="Success")
    audit = orthanc.get(f"/ratatoskr/jobs/{job}")
    assert audit["SourceStudy"] == study and audit["Profile"] == "teaching" and audit["State"] == "Success"
    # The click's POST: JSON, with the Origin the browser adds (Orthanc's own), accepted.
    [request] = result["requests"]
    assert request["method"] == "POST" and request["status"] == 200
    assert request["headers"]["content-type"] == "application/json"
    assert request["headers"]["origin"] == orthanc.url
    assert_page_clean(result)


def _paused_job(orthanc):
    """A job of the plugin held in Paused: paused right after its start (a bigger study if it ended first)."""
    for n in (60, 150, 300):
        study = orthanc.upload_study(make_study(n, seed=next(_seeds), rows=8, columns=8))[0]["ParentStudy"]
        job = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic"})["ID"]
        orthanc.post(f"/jobs/{job}/pause", json={}, expected=None)
        wait_until(lambda: orthanc.get(f"/jobs/{job}")["State"] in ("Paused", "Success", "Failure"), 60,
                   description="the job paused or ended")
        if orthanc.get(f"/jobs/{job}")["State"] == "Paused":
            wait_until(lambda: orthanc.get(f"/ratatoskr/jobs/{job}")["State"] == "Paused", 30,
                       description="the audit showing the job paused")
            return study, job, n
    pytest.fail("every job ended before it could be paused")


def test_admin_page_in_a_browser(orthanc, browser):
    study, job, n = _paused_job(orthanc)
    result = browser.run("admin-page.mjs", {"orthanc": orthanc_login(orthanc), "actions": [
        {"study": study, "button": "Cancel", "then": "Canceled"},
        {"study": study, "button": "Resubmit", "then": "Success", "timeoutMs": 60000}]}, timeout=120)

    system = orthanc.get("/ratatoskr/system")
    assert result["system"].startswith(f"Version {system['Version']} in Orthanc {system['OrthancVersion']}")
    assert "DICOMweb plugin: yes" in result["system"] and "destinations: pacscenter" in result["system"]
    assert f"key {system['KeyId']}" in result["system"]
    assert {"basic", "teaching"} <= set(result["profiles"])
    shown = [row for row in result["jobs"] if study[:8] in row[8]]
    assert len(shown) == 1 and shown[0][2] == "Success" and shown[0][6] == f"{n} / {n} ({n} new)", result["jobs"]
    assert len(result["jobs"]) == len(orthanc.get("/ratatoskr/jobs?limit=200"))

    # Both buttons' POSTs went to Orthanc's /jobs/{id}/..., as JSON, and were accepted.
    for action, route in zip(result["actions"], ("cancel", "resubmit")):
        request = action["request"]
        assert request["url"] == orthanc.url_for(f"/jobs/{job}/{route}"), request
        assert request["status"] == 200 and request["headers"]["content-type"] == "application/json"
        assert request["headers"]["origin"] == orthanc.url
    assert orthanc.get(f"/jobs/{job}")["State"] == "Success"
    assert orthanc.get(f"/ratatoskr/jobs/{job}")["State"] == "Success"
    assert not result["browser"]["dialogs"]
    # The page says in a notice how each POST was answered (in red when refused).
    assert [(a["notice"]["text"], a["notice"]["error"]) for a in result["actions"]] == [
        (f"Job {job[:8]}…: cancel requested.", False), (f"Job {job[:8]}… resubmitted.", False)]
    assert_page_clean(result)
    assert [p.name for p in browser.screenshots()] == sorted(
        ["admin-loaded.png", "admin-after-cancel.png", "admin-after-resubmit.png", "admin-final.png"])


def _form(action, body_json):
    """The classic text/plain form that makes a JSON body: `name=value` with the `=` swallowed by a string.
    Metadata is an accepted key, so without the Content-Type check this body would start the job."""
    assert body_json.endswith("}")
    name = body_json[:-1] + ',"Metadata":{"x":"'
    return (f"<!DOCTYPE html><html><body><form id='f' method='POST' enctype='text/plain' action='{action}'>"
            f"<input type='hidden' name='{name}' value='\"}}}}'></form>"
            "<script>document.getElementById('f').submit();</script></body></html>")


def _fetch_page(url, options):
    return ("<!DOCTYPE html><html><body><p>Nice cat pictures</p><script>"
            f"fetch({json.dumps(url)}, {options})"
            ".then(r => { window.attackResult = {type: r.type, status: r.status}; },"
            "      e => { window.attackResult = {error: String(e)}; });"
            "</script></body></html>")


ATTACKS = {
    "form": lambda url: _form(url, ATTACK_BODY),
    "no-cors-fetch": lambda url: _fetch_page(url, "{method: 'POST', mode: 'no-cors', credentials: 'include', "
                                                  f"body: {json.dumps(ATTACK_BODY)}}}"),
    "cors-json": lambda url: _fetch_page(url, "{method: 'POST', mode: 'cors', credentials: 'include', "
                                              "headers: {'Content-Type': 'application/json'}, "
                                              f"body: {json.dumps(ATTACK_BODY)}}}"),
}


# The foreign page navigates away (or closes) while Orthanc still writes the refusal: Orthanc then logs that the
# answer's body was cut short. That is the browser leaving, not a fault of the plugin.
@pytest.mark.allow_orthanc_errors(r"This HTTP answer has not sent the proper number of bytes in its body")
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_cross_site_attack_is_refused_in_a_browser(orthanc, browser, attack):
    study = upload(orthanc)
    target = anonymize_url(orthanc, study)
    before = state(orthanc)
    with PageServer() as site:
        page = site.add("/attack.html", ATTACKS[attack](target))
        params = {"orthanc": orthanc_login(orthanc), "before": [orthanc.url_for("/app/explorer.html")],
                  "url": page, "screenshot": f"attack-{attack}"}
        if attack == "form":
            params["waitForUrlPrefix"] = target
        else:
            params["waitForGlobal"] = "attackResult"
        result = browser.run("visit.mjs", params)
    assert ("GET", "/attack.html") in site.requests
    assert_nothing_changed(orthanc, study, before)

    posts = [r for r in result["orthancRequests"] if r["method"] == "POST"]
    if attack == "cors-json":
        # The browser asked for permission first (a preflight, which carries no credentials), got none (Orthanc's
        # 401 without CORS headers), and never sent the POST.
        assert result["global"]["error"].startswith("TypeError"), result["global"]
        assert all(r.get("status") is None and r.get("failure") for r in posts), posts
        preflights = [r for r in result["orthancRequests"] if r["method"] == "OPTIONS"]
        assert all(r.get("status") not in range(200, 300) for r in preflights), preflights
        return
    # The POST reached Orthanc with the admin's credentials (an answer other than 401) and was refused for its type.
    [request] = posts
    assert request["url"] == target and request["status"] == 415, request
    assert request["headers"]["origin"] == site.origin
    assert request["headers"]["content-type"].startswith("text/plain")
    if attack == "form":
        assert request["headers"]["authorization"].startswith("Basic ")  # the browser resent the admin's login
        # The body the form built is the JSON the attacker wanted.
        assert json.loads(request["body"]) == dict(json.loads(ATTACK_BODY), Metadata={"x": "="})
        # The navigation shows Orthanc's answer: the 415 JSON.
        assert result["page"]["url"] == target and result["page"]["status"] == 415
        shown = json.loads(result["page"]["text"])
        assert shown["HttpStatus"] == 415 and "accepts only JSON bodies" in shown["Message"]
    else:
        assert request["body"] == ATTACK_BODY
        assert result["global"] == {"type": "opaque", "status": 0}  # the page learns nothing either


def test_the_same_form_from_orthancs_own_origin_is_refused_for_its_type(orthanc, browser):
    """An Orthanc page (the admin page) submitting the text/plain form: the origin passes, the content type not."""
    study = upload(orthanc)
    target = anonymize_url(orthanc, study)
    before = state(orthanc)
    form = _form(target, ATTACK_BODY)
    inject = (f"document.body.innerHTML = {json.dumps(form)};"
              "setTimeout(() => document.getElementById('f').submit(), 0); return true;")
    result = browser.run("visit.mjs", {"orthanc": orthanc_login(orthanc), "url": orthanc.url_for(
        "/ratatoskr/app/admin.html"), "evaluate": inject, "waitForUrlPrefix": target, "screenshot": "own-form"})
    assert_nothing_changed(orthanc, study, before)
    [request] = [r for r in result["orthancRequests"] if r["method"] == "POST"]
    assert request["headers"]["origin"] == orthanc.url and request["status"] == 415
    assert result["page"]["status"] == 415
    assert json.loads(result["page"]["text"])["Message"].startswith("This route accepts only JSON bodies")


def test_a_same_origin_json_fetch_from_an_orthanc_page_is_accepted(orthanc, browser):
    study = upload(orthanc)
    call = (f"const r = await fetch('/ratatoskr/studies/{study}/anonymize', {{method: 'POST', "
            "headers: {'Content-Type': 'application/json'}, body: '{\"Profile\":\"basic\"}'});"
            "return {status: r.status, body: await r.json()};")
    result = browser.run("visit.mjs", {"orthanc": orthanc_login(orthanc),
                                       "url": orthanc.url_for("/ratatoskr/app/admin.html"), "evaluate": call})
    assert result["evaluated"]["status"] == 200, result["evaluated"]
    job = result["evaluated"]["body"]["ID"]
    orthanc.wait_job(job, expected_state="Success")
    assert orthanc.get(f"/ratatoskr/jobs/{job}")["SourceStudy"] == study
    [request] = [r for r in result["orthancRequests"] if r["method"] == "POST"]
    assert request["headers"]["origin"] == orthanc.url
    assert len(orthanc.get(f"/studies/{study}/instances")) == 2
    assert_page_clean(result)
