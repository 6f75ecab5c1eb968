"""The Invites section of the admin page (issue 12) in headless Chromium: an invite created through the form, its
link shown once and copied, listed as Active, revoked (Revoked) and extended through the page's own dialog, and an
invite's detail view following its upload through storage, delivery and webhook, with "Finish now".

Invites need the public listener ("Ratatoskr.Public"), which the module's Orthanc enables. The uploads are prepared as the upload page's engine does (the native CLI with the invite's profile and key, as in
test_invites.py) and posted to the public API."""

import json
import re
import shutil
from pathlib import Path

import pytest

from harness import OrthancProcess, ratatoskr_overrides, wait_until
from harness.browser import orthanc_login
from harness.public_listener import serve_with_public_listener
from markers import make_marker_study
from test_cli import cli  # noqa: F401  (the fixture)
from test_invites import PUBLIC_PORT, Page, prepared_like_the_page  # (Page expects links on that port)

COURSE = "rad-101-chest"
SCREENSHOTS = "/work/screenshots"  # copies for a person to look at (when the folder can be made)


@pytest.fixture(scope="module")
def invites_orthanc(module_workdir, pacscenter, django_receiver, ratatoskr_plugin, processes):
    """The module's Orthanc with the public listener on (invites need it)."""
    overrides = {"Ratatoskr": {"Public": {"Enabled": True, "BindAddress": "127.0.0.1", "Port": PUBLIC_PORT},
                               "Invites": {"IdleFinishMinutes": 0}}}
    yield from serve_with_public_listener(processes.add(OrthancProcess(
        module_workdir, "orthanc", config_overrides=ratatoskr_overrides(pacscenter, django_receiver, overrides))),
        PUBLIC_PORT)


def keep_screenshots(result, prefix):
    """Copy the run's screenshots to /work/screenshots/admin-<name>.png for a person to look at."""
    try:
        target = Path(SCREENSHOTS)
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    for shot in result["browser"]["screenshots"]:
        name = Path(shot).name
        shutil.copyfile(shot, target / f"admin-{name if name.startswith(prefix) else prefix + '-' + name}")


def assert_page_clean(result, refused=()):
    """No script error, no browser dialog, no console error but Chromium's line for each `refused` HTTP status."""
    assert not result["browser"]["pageErrors"], result["browser"]["pageErrors"]
    assert not result["browser"]["dialogs"], result["browser"]["dialogs"]  # the page's own <dialog>, not confirm()
    expected = tuple(f"the server responded with a status of {status}" for status in refused)
    errors = [m for m in result["browser"]["console"] if m["type"] == "error" and
              not (expected and any(e in m["text"] for e in expected))]
    assert not errors, errors


def test_every_field_the_section_reads_is_in_the_answers(invites_orthanc):
    """The JavaScript reads these names (variables named after what they hold) and the routes give them."""
    script = invites_orthanc.request("GET", "/ratatoskr/app/admin-invites.js")
    assert script.headers["Content-Type"].startswith("text/javascript")

    def used(name):
        return set(re.findall(rf"\b{name}\.([A-Z][A-Za-z]+)", script.text))

    created = invites_orthanc.post("/ratatoskr/invites", json={"Metadata": {"CourseId": COURSE}})
    assert used("created") <= set(created), used("created") - set(created)
    listed = next(i for i in invites_orthanc.get("/ratatoskr/invites") if i["ID"] == created["ID"])
    assert used("invite") <= set(listed) | {"Uploads"}, used("invite") - set(listed)
    assert used("limits") <= set(listed["Limits"]) and used("used") <= set(listed["Used"])
    policy = invites_orthanc.get("/ratatoskr/system")["Invites"]
    assert policy["Available"] is True and used("policy") <= set(policy), used("policy") - set(policy)
    invites_orthanc.delete(f"/ratatoskr/invites/{created['ID']}")


def test_an_invite_is_created_through_the_form_copied_once_listed_and_revoked(invites_orthanc, browser):
    login = orthanc_login(invites_orthanc)
    # A form the page refuses itself: no kind ticked; nothing is sent.
    refused = browser.run("admin-invites.mjs", {"orthanc": login, "screenshots": "invites",
                                                "bad": {"course": COURSE, "kinds": []}})
    assert refused["badError"] == "Allowed files: tick at least one kind." and refused["badSent"] == []

    result = browser.run("admin-invites.mjs", {"orthanc": login, "screenshots": "invites", "revokeCreated": True,
                                               "create": {
        "course": COURSE, "note": "Chest CTs for the spring course, by Friday please", "metadata": "Term = 2026-spring",
        "expires": 3, "expiresUnit": "24", "maxFiles": 200, "maxSize": 2, "maxSizeUnit": "1073741824",
        "maxStudies": 4, "kinds": ["dicom", "image", "pdf"], "destination": "pacscenter"}})
    keep_screenshots(result, "invites")
    created = result["created"]
    assert created["link"].startswith(f"http://127.0.0.1:{PUBLIC_PORT}/upload/#inv_"), created
    assert created["clipboard"] == created["link"] and created["copyStatus"] == "Copied to the clipboard."
    assert created["once"].startswith("This link is shown only now.")
    assert COURSE in created["summary"] and "sent to pacscenter" in created["summary"]
    assert created["afterDone"] == {"hidden": True, "link": "", "inPage": False}
    # What the form sent: JSON from Orthanc's own origin, with what was typed.
    post = next(r for r in result["requests"] if r["method"] == "POST")
    assert post["headers"]["content-type"] == "application/json" and post["headers"]["origin"] == invites_orthanc.url
    assert json.loads(post["body"]) == {
        "Profile": invites_orthanc.get("/ratatoskr/system")["DefaultProfile"], "Destination": "pacscenter",
        "Metadata": {"CourseId": COURSE, "Term": "2026-spring"}, "ExpiresInHours": 72, "MaxFiles": 200,
        "MaxBytes": 2 << 30, "MaxStudies": 4, "AllowedKinds": ["dicom", "image", "pdf"],
        "Note": "Chest CTs for the spring course, by Friday please"}
    invite = invites_orthanc.get(f"/ratatoskr/invites/{created['id']}")
    assert invite["Metadata"] == {"CourseId": COURSE, "Term": "2026-spring"} and invite["Limits"]["MaxStudies"] == 4

    # Listed as Active with its course, destination, expiry and use; then revoked through the dialog.
    [row] = [r for r in result["rowsAfterCreate"] if r["id"] == created["id"]]
    assert row["state"] == "Active" and row["cells"]["State"] == "Active"
    assert row["cells"]["Course"].startswith(COURSE) and row["cells"]["Destination"] == "pacscenter"
    assert row["cells"]["Expires"].endswith("in 3 days")
    assert row["cells"]["Use"].splitlines() == ["0 of 200 files", "0 bytes of 2 GB", "0 of 4 studies"]
    assert row["buttons"] == ["Details", "Extend", "Revoke"]
    revoked = result["revoked"]
    assert revoked["dialog"].startswith("Revoke this invite?") and "stops working at once" in revoked["dialog"]
    assert revoked["request"]["url"] == invites_orthanc.url_for(f"/ratatoskr/invites/{created['id']}")
    assert revoked["request"]["status"] == 200
    assert revoked["notice"] == {"text": f"Invite {created['id'][:12]}… revoked: its link no longer works.",
                                 "error": False}
    assert revoked["buttons"] == ["Details"]
    [row] = [r for r in result["rows"] if r["id"] == created["id"]]
    assert row["state"] == "Revoked" and row["cells"]["Expires"].startswith("revoked")
    assert invites_orthanc.get(f"/ratatoskr/invites/{created['id']}")["State"] == "Revoked"
    assert Page(created["link"]).call("GET", "/api/invite").status_code == 410
    assert_page_clean(result)
    assert_page_clean(refused)


def test_an_invite_is_extended_and_a_refusal_is_said_in_words(invites_orthanc, browser):
    created = invites_orthanc.post("/ratatoskr/invites", json={"Metadata": {"CourseId": "extend-me"},
                                                                "ExpiresInHours": 2})
    result = browser.run("admin-invites.mjs", {"orthanc": orthanc_login(invites_orthanc), "screenshots": "extend",
                                               "extend": {"id": created["ID"], "amount": 10, "unit": "24"},
                                               "bad": {"course": "x", "maxFiles": 0, "kinds": ["dicom"]}})
    assert result["badError"] == "Max files must be a whole number above 0." and result["badSent"] == []
    assert result["badInvalid"] == ["invite-max-files"]
    assert result["extended"]["notice"]["text"].startswith(f"Invite {created['ID'][:12]}… now expires in 10 days")
    assert result["extended"]["request"]["body"] == '{"ExpiresInHours":240}'
    assert invites_orthanc.get(f"/ratatoskr/invites/{created['ID']}")["ExpiresAt"] > created["ExpiresAt"]
    # The route's own refusal, in its words: more than Invites.MaxExpiresInHours.
    refused = browser.run("admin-invites.mjs", {"orthanc": orthanc_login(invites_orthanc), "screenshots": "extend",
                                                "extend": {"id": created["ID"], "amount": 5000, "unit": "24"}})
    assert refused["extended"]["notice"]["error"] is True
    assert refused["extended"]["notice"]["text"].startswith(f"Could not extend invite {created['ID'][:12]}…: ")
    assert "(HTTP 400 Bad Request)" in refused["extended"]["notice"]["text"]
    assert_page_clean(result)


def test_the_detail_follows_an_upload_through_storage_delivery_and_webhook(invites_orthanc, clean_pacscenter, django,
                                                                            browser, cli, tmp_path):  # noqa: F811
    created = invites_orthanc.post("/ratatoskr/invites", json={
        "Profile": "teaching", "Destination": "pacscenter", "Metadata": {"CourseId": COURSE},
        "Note": "Two studies, please"})
    page = Page(created["Url"])
    engine = page.call("GET", "/api/invite/engine").json()
    prepared = prepared_like_the_page(cli, engine, make_marker_study(2).instances, tmp_path)
    assert [page.send(data).status_code for data in prepared] == [200, 200]

    result = browser.run("admin-invites.mjs", {"orthanc": orthanc_login(invites_orthanc), "screenshots": "invites-upload",
                                               "detail": {"id": created["ID"], "finish": True,
                                                          "until": "all 2 sent"}}, timeout=120)
    keep_screenshots(result, "invites")
    [upload] = result["detail"]["uploads"]
    assert upload["state"] == "Open" and upload["buttons"] == ["Finish now"]
    assert "Receiving" in upload["text"] and "2 files" in upload["text"]
    finish = result["finished"]["request"]
    assert finish["url"] == invites_orthanc.url_for(f"/ratatoskr/invites/{created['ID']}/finish")
    assert finish["body"] == "{}" and finish["status"] == 200
    assert result["finished"]["notice"]["text"].endswith("finished: 1 delivery started.")
    [upload] = result["finished"]["detail"]["uploads"]
    assert upload["state"] == "Finished" and upload["buttons"] == []
    [delivery] = upload["deliveries"]
    assert delivery[1:4] == ["pacscenter", "Delivered", "2 of 2 confirmed"]
    assert sorted(e[0].splitlines()[0] for e in upload["events"]) == ["case.delivered", "upload.completed"]
    assert all(e[2] == "Delivered" and e[4] == "HTTP 200 OK" for e in upload["events"]), upload["events"]
    wait_until(lambda: invites_orthanc.get(f"/ratatoskr/invites/{created['ID']}")["Uploads"][0]["State"] == "Finished",
               10, description="the upload finished")
    assert_page_clean(result)

    # On a tablet: the same detail, each row a card.
    narrow = browser.run("admin-invites.mjs", {"orthanc": orthanc_login(invites_orthanc), "width": 800, "height": 1000,
                                               "screenshots": "invites-upload-800", "detail": {"id": created["ID"]}})
    keep_screenshots(narrow, "invites")
    [upload] = narrow["detail"]["uploads"]
    assert upload["state"] == "Finished" and upload["deliveries"][0][2] == "Delivered"
    assert_page_clean(narrow)


def test_without_the_public_listener_the_section_says_why(make_orthanc, browser):
    """An Orthanc without "Ratatoskr.Public": the section says at once why no link can be made, and the route's
    409 is shown in the form in its words."""
    bare = make_orthanc("no-public")
    result = browser.run("admin-invites.mjs", {"orthanc": orthanc_login(bare), "screenshots": "invites-off",
                                               "bad": {"course": COURSE}})
    keep_screenshots(result, "invites-off")
    assert result["unavailable"].startswith("Invites cannot be created: the public listener is off")
    assert result["empty"] == "No invite yet: create one above and send its link to the collaborator."
    assert [r["status"] for r in result["badSent"]] == [409]
    assert result["badError"].startswith("Could not create the invite: The public listener is off")
    assert result["badError"].endswith("(HTTP 409 Conflict)")
    assert_page_clean(result, refused=[409])
