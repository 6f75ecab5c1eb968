"""Invites on real processes (issue 12): the admin API on Orthanc's port, the public API on the plugin's own
listener, uploads checked and anonymized a second time by the server, Finish -> delivery to PACScenter and the
webhooks with the invite's course. The instances are prepared as the page's engine does (the native CLI with the
invite's profile and key: the same engine, proven byte-identical to the WebAssembly one by test_wasm_engine.py);
the page itself in headless Chromium is test_upload_page.py."""

import subprocess
import time

import pydicom
import pytest
import requests

from harness import WEBHOOK_PATH, free_port, wait_until
from harness.delivery import pacscenter_sop_uids, wait_delivery
from harness.dicom import read_dicom, to_part10
from harness.webhooks import events
from markers import make_marker_study, surviving_markers
from test_cli import cli  # noqa: F401  (the fixture)

COURSE_ID = "course-invite-77"
PUBLIC_PORT = free_port()


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {"Ratatoskr": {
        "Public": {"Enabled": True, "BindAddress": "127.0.0.1", "Port": PUBLIC_PORT},
        "Invites": {"IdleFinishMinutes": 0},
    }}


class Page:
    """What the upload page does over HTTP, with the invite's token."""

    def __init__(self, url):
        assert url.startswith(f"http://127.0.0.1:{PUBLIC_PORT}/upload/#"), url
        self.base = f"http://127.0.0.1:{PUBLIC_PORT}"
        self.token = url.split("#", 1)[1]

    def call(self, method, path, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        headers["X-Invite-Token"] = self.token if token is None else token
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def send(self, data, kind=None):
        headers = {"Content-Type": "application/dicom"}
        if kind:
            headers["X-Upload-Kind"] = kind
        return self.call("POST", "/api/invite/instances", data=data, headers=headers)


def create_invite(orthanc, **fields):
    body = {"Profile": "teaching", "Destination": "pacscenter", "Metadata": {"CourseId": COURSE_ID},
            "Note": "Teaching cases for the chest course", "ExpiresInHours": 24}
    body.update(fields)
    return orthanc.post("/ratatoskr/invites", json=body)


def prepared_like_the_page(cli, engine, instances, tmp_path):  # noqa: F811
    """The instances anonymized with the invite's resolved profile and key, as the page's engine does."""
    source, out = tmp_path / "originals", tmp_path / "prepared"
    source.mkdir()
    for index, data in enumerate(instances):
        (source / f"{index:03d}.dcm").write_bytes(data)
    completed = subprocess.run([str(cli), "--profile", engine["Profile"]["Name"], "--secret", engine["Secret"],
                                "--quiet", str(source), str(out)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return [path.read_bytes() for path in sorted(out.rglob("*.dcm"))]


# --- the admin side ---------------------------------------------------------------------------------------------

def test_an_invite_is_created_listed_read_extended_and_revoked(orthanc):
    created = create_invite(orthanc, MaxFiles=5, AllowedKinds=["dicom", "pdf"])
    assert created["ID"].startswith("inv_") and created["State"] == "Active"
    assert created["Metadata"] == {"CourseId": COURSE_ID} and created["Limits"]["MaxFiles"] == 5
    token = created["Url"].split("#", 1)[1]
    listed = orthanc.get("/ratatoskr/invites")
    mine = next(i for i in listed if i["ID"] == created["ID"])
    assert "Url" not in mine and token not in str(listed)            # the link is shown once only
    assert token.split(".", 1)[1] not in str(orthanc.get(f"/ratatoskr/invites/{created['ID']}"))
    extended = orthanc.post(f"/ratatoskr/invites/{created['ID']}/extend", json={"ExpiresInHours": 48})
    assert extended["ExpiresAt"] > created["ExpiresAt"]
    page = Page(created["Url"])
    assert page.call("GET", "/api/invite").status_code == 200
    revoked = orthanc.delete(f"/ratatoskr/invites/{created['ID']}")
    assert revoked["State"] == "Revoked" and revoked["RevokedAt"]
    answer = page.call("GET", "/api/invite")
    assert answer.status_code == 410 and answer.json()["Reason"] == "revoked", answer.text


@pytest.mark.parametrize("field, value", [
    ("Profile", "no-such-profile"), ("Destination", "nowhere"), ("ExpiresInHours", 0), ("MaxFiles", -3),
    ("AllowedKinds", ["exe"]), ("Metadata", "course"), ("Unknown", 1)])
def test_a_bad_invite_request_is_refused_in_words(orthanc, field, value):
    answer = orthanc.request("POST", "/ratatoskr/invites", expected=None, json={field: value})
    assert answer.status_code == 400, answer.text
    assert answer.json()["Message"], answer.text
    assert orthanc.get("/system")  # still serving


def test_unknown_invites_are_404(orthanc):
    assert orthanc.request("GET", "/ratatoskr/invites/inv_nope", expected=None).status_code == 404
    assert orthanc.request("DELETE", "/ratatoskr/invites/inv_nope", expected=None).status_code == 404


# --- the public side --------------------------------------------------------------------------------------------

def test_the_page_reads_its_invite_and_engine_and_nothing_else(orthanc):
    created = create_invite(orthanc)
    page = Page(created["Url"])
    invite = page.call("GET", "/api/invite").json()
    assert invite["InviteId"] == created["ID"] and invite["Metadata"]["CourseId"] == COURSE_ID
    assert invite["Note"] == "Teaching cases for the chest course" and invite["Upload"] is None
    engine = page.call("GET", "/api/invite/engine").json()
    assert engine["Profile"] == orthanc.get("/ratatoskr/profiles/teaching")
    assert len(engine["Secret"]) == 64 and engine["UidRoot"] == "2.25" and engine["KeyId"]
    assert engine["Secret"] != orthanc.config["Ratatoskr"]["Secret"]   # the invite's own key
    for token in ("", "garbage", created["ID"] + ".wrong-secret-of-the-right-length-000000000000"):
        answer = page.call("GET", "/api/invite", token=token)
        assert answer.status_code == 401 and answer.json()["Reason"] in ("unknown", "missing-token"), answer.text


def test_an_upload_is_checked_anonymized_again_stored_and_delivered_with_the_course(
        orthanc, clean_pacscenter, django, cli, tmp_path):  # noqa: F811
    # "basic": every attribute of Table E.1-1 goes (teaching keeps times and patient characteristics on purpose).
    created = create_invite(orthanc, Profile="basic")
    page = Page(created["Url"])
    engine = page.call("GET", "/api/invite/engine").json()
    study = make_marker_study(3)

    # A raw original is refused: it lacks the stamp of the invite's profile and key.
    raw = page.send(study.instances[0])
    assert raw.status_code == 422 and raw.json()["Reason"] == "no-stamp", raw.text
    assert page.send(b"not a DICOM file" * 10).json()["Reason"] == "not-dicom"

    prepared = prepared_like_the_page(cli, engine, study.instances, tmp_path)
    uids = [read_dicom(data).SOPInstanceUID for data in prepared]
    assert page.call("POST", "/api/invite/have", json={"SOPInstanceUIDs": uids}).json()["Have"] == []
    answers = [page.send(data) for data in prepared]
    assert [a.status_code for a in answers] == [200] * 3, [a.text for a in answers]
    assert {a.json()["Status"] for a in answers} == {"Stored"}
    again = page.send(prepared[1])
    assert again.status_code == 200 and again.json()["Status"] == "AlreadyStored"
    assert sorted(page.call("POST", "/api/invite/have", json={"SOPInstanceUIDs": uids + ["1.2.3"]}).json()["Have"]) \
        == sorted(uids)
    upload_id = answers[0].json()["Upload"]

    finished = page.call("POST", "/api/invite/finish", json={})
    assert finished.status_code == 200, finished.text
    finished = finished.json()
    assert finished["Upload"] == upload_id and finished["State"] == "Finished" and len(finished["Deliveries"]) == 1
    delivered = wait_delivery(orthanc, finished["Deliveries"][0], timeout=60)
    assert len(pacscenter_sop_uids(clean_pacscenter, delivered["StudyInstanceUID"])) == 3

    # The stored instances are the server's second pass (not the bytes received), and hold no marker.
    stored_study = delivered["Study"]
    stored = [orthanc.request("GET", f"/instances/{i['ID']}/file").content
              for i in orthanc.get(f"/studies/{stored_study}/instances")]
    assert sorted(read_dicom(d).SOPInstanceUID for d in stored) != sorted(uids)
    assert surviving_markers(study, stored) == []
    metadata = orthanc.get(f"/instances/{orthanc.get(f'/studies/{stored_study}/instances')[0]['ID']}/metadata?expand")
    assert metadata["4410"] == created["ID"] and metadata["4411"] == upload_id

    wait_until(lambda: events(django, WEBHOOK_PATH, "case.delivered", DeliveryId=delivered["ID"]), timeout=30,
               description="case.delivered")
    _, envelope = events(django, WEBHOOK_PATH, "case.delivered", DeliveryId=delivered["ID"])[0]
    assert envelope["data"]["Metadata"] == {"CourseId": COURSE_ID} and envelope["data"]["InviteId"] == created["ID"]
    assert envelope["data"]["KeyId"] == engine["KeyId"]
    wait_until(lambda: events(django, WEBHOOK_PATH, "upload.completed", UploadId=upload_id), timeout=30,
               description="upload.completed")
    _, completed = events(django, WEBHOOK_PATH, "upload.completed", UploadId=upload_id)[0]
    assert completed["data"]["Metadata"] == {"CourseId": COURSE_ID} and completed["data"]["Files"] == 3
    assert completed["data"]["Deliveries"] == finished["Deliveries"]

    # The admin follows the upload through storage, delivery and webhooks.
    detail = orthanc.get(f"/ratatoskr/invites/{created['ID']}")
    assert detail["Used"]["Files"] == 3 and detail["Used"]["Studies"] == 1
    upload = detail["Uploads"][0]
    assert upload["ID"] == upload_id and upload["State"] == "Finished" and upload["Files"] == 3
    wait_until(lambda: orthanc.get(f"/ratatoskr/invites/{created['ID']}")["Uploads"][0]["Deliveries"][0]
               ["State"] == "Delivered", timeout=30, description="the admin view shows Delivered")
    # Finishing again answers the same upload (a page that retries).
    assert page.call("POST", "/api/invite/finish", json={}).json()["Upload"] == upload_id


def test_a_forged_stamp_does_not_get_an_attribute_past_the_server(orthanc, cli, tmp_path):  # noqa: F811
    """A modified page sends raw originals with the expected stamp written in: the server's second pass still
    removes everything the profile removes."""
    created = create_invite(orthanc, Profile="basic", Destination=None)
    page = Page(created["Url"])
    engine = page.call("GET", "/api/invite/engine").json()
    study = make_marker_study(2)
    stamp = read_dicom(prepared_like_the_page(cli, engine, study.instances[:1], tmp_path)[0]).DeidentificationMethod
    forged = []
    for data in study.instances:
        ds = read_dicom(data)
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = stamp
        forged.append(to_part10(ds))
    answers = [page.send(data) for data in forged]
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    invite = orthanc.get(f"/ratatoskr/invites/{created['ID']}")
    stored = []
    for upload in invite["Uploads"]:
        for study_id in upload["Studies"]:
            stored += [orthanc.request("GET", f"/instances/{i['ID']}/file").content
                       for i in orthanc.get(f"/studies/{study_id}/instances")]
    assert len(stored) == 2
    assert surviving_markers(study, stored) == []


def test_limits_and_kinds_are_kept(orthanc, cli, tmp_path):  # noqa: F811
    created = create_invite(orthanc, MaxFiles=2, AllowedKinds=["dicom"])
    page = Page(created["Url"])
    engine = page.call("GET", "/api/invite/engine").json()
    prepared = prepared_like_the_page(cli, engine, make_marker_study(3).instances, tmp_path)
    assert page.send(prepared[0], kind="pdf").status_code in (400, 415)   # not a PDF, and PDFs are not allowed
    assert [page.send(d).status_code for d in prepared[:2]] == [200, 200]
    third = page.send(prepared[2])
    assert third.status_code == 409 and third.json()["Reason"] == "exhausted", third.text
    assert orthanc.get(f"/ratatoskr/invites/{created['ID']}")["State"] == "Exhausted"
    info = page.call("GET", "/api/invite")
    assert info.status_code == 200 and info.json()["Used"]["Files"] == 2


def test_an_expired_invite_is_refused(orthanc):
    created = create_invite(orthanc, ExpiresInHours=1)
    page = Page(created["Url"])
    assert page.call("GET", "/api/invite").status_code == 200
    # Revoke is immediate; expiry is tested through the store's clock in the unit tests (InviteTests).
    orthanc.delete(f"/ratatoskr/invites/{created['ID']}")
    answer = page.send(b"x")
    assert answer.status_code == 410 and answer.json()["Reason"] == "revoked", answer.text


def test_without_the_public_listener_invites_cannot_be_created(make_orthanc):
    server = make_orthanc("no-public")
    answer = server.request("POST", "/ratatoskr/invites", expected=None, json={})
    assert answer.status_code == 409 and "Public" in answer.json()["Message"], answer.text
