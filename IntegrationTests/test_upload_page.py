"""The public upload page of an invite (issue 12), end to end in headless Chromium against the real plugin and its
public listener: an operator creates an invite (POST /ratatoskr/invites on Orthanc's port), the collaborator opens
its link, drops a folder holding the marker study (unique markers in every attribute of PS3.15 Table E.1-1, nested
and private), a picture whose EXIF holds a marker, a PDF whose Author holds one, a short MP4 whose title holds one
and a text file; the page anonymizes in its Web Workers, sends, and the collaborator presses Finish.

**Every request body the page sends is captured (Playwright, postDataBuffer) and none holds any marker**, as bytes,
as UTF-16 or as base64: nothing identifying left the browser. Then Orthanc's storage holds no marker either, the
link was taken out of the address bar, a reload and a second drop of the same folder send nothing again, and a
wrong or revoked link gets a message a person understands.

Screenshots (empty, files added, preview, during upload, sent, finished, wrong and revoked link) go to the test's
temporary directory and are copied to /work/screenshots/upload-page/ (RATATOSKR_SCREENSHOTS=<dir> to choose)."""

import base64
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from harness import OrthancProcess, WEBHOOK_PATH, free_port, ratatoskr_overrides, read_dicom, wait_until
from harness.public_listener import serve_with_public_listener
from markers import make_marker_study

PUBLIC_PORT = free_port()
COURSE = {"CourseId": "RAD-UPLOAD-7", "CourseName": "Neuroradiology teaching"}
# Markers of the files that are not DICOM (what their containers carry about themselves).
JPEG_MARKER = "MKJPEGEXIFARTIST"
PDF_MARKER = "MKPDFAUTHOR"
MP4_MARKER = "MKMP4TITLE"
SCREENSHOTS = Path(os.environ.get("RATATOSKR_SCREENSHOTS", "/work/screenshots")) / "upload-page"
BROWSER_TIMEOUT = 240
MASK = {"x": 0, "y": 0, "width": 4, "height": 2}   # on the marker study's 8 x 8 pixels 0..63 of IM0000


# --- the deployment -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def public_orthanc(module_workdir, pacscenter, django_receiver, ratatoskr_plugin, processes):
    """Orthanc + Ratatoskr with its public listener on PUBLIC_PORT."""
    yield from serve_with_public_listener(processes.add(OrthancProcess(
        module_workdir, "orthanc", config_overrides=ratatoskr_overrides(
            pacscenter, django_receiver,
            {"Ratatoskr": {"Public": {"Enabled": True, "BindAddress": "127.0.0.1", "Port": PUBLIC_PORT}}}))),
        PUBLIC_PORT)


def create_invite(orthanc, **extra):
    body = {"Profile": "basic", "Destination": "pacscenter", "Metadata": dict(COURSE), "ExpiresInHours": 24,
            "AllowedKinds": ["dicom", "image", "pdf", "video"],
            "Note": "Please send the CT of the case we discussed, and its photos. Thank you!"}
    body.update(extra)
    response = orthanc.request("POST", "/ratatoskr/invites", expected=None, json=body)
    assert response.status_code == 200, response.text
    invite = response.json()
    assert invite["Url"].startswith(f"http://127.0.0.1:{PUBLIC_PORT}/upload/#"), invite
    return invite


# --- the folder the collaborator drops ------------------------------------------------------------------------

def jpeg_with_exif_artist(artist):
    """A small JPEG (made by ffmpeg) with an EXIF APP1 segment whose Artist (0x013B) is `artist`."""
    picture = subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=1",
                              "-frames:v", "1", "-f", "mjpeg", "-"], capture_output=True, check=True,
                             timeout=60).stdout
    value = artist.encode() + b"\0"
    # TIFF header (little endian), one IFD with one ASCII entry whose value follows the IFD.
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x013B, 2, len(value), 8 + 2 + 12 + 4) + struct.pack("<I", 0)
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd + value
    app1 = b"Exif\0\0" + tiff
    return picture[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + picture[2:]


def pdf_with_author(author):
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Author (" + author.encode() + b") /Title (Report) >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def mp4_with_title(path, title):
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1",
                    "-pix_fmt", "yuv420p", "-metadata", f"title={title}", str(path)], check=True, timeout=120)


@pytest.fixture(scope="module")
def case_folder(module_workdir):
    """The folder dropped: DICOM/ (the marker study, in a nested folder), photo.jpg, report.pdf, clip.mp4,
    notes.txt. Returns (folder, marker study)."""
    folder = module_workdir / "case"
    study = make_marker_study(3)
    series = folder / "DICOM" / "SERIES1"
    series.mkdir(parents=True)
    for index, data in enumerate(study.instances):
        (series / f"IM{index:04d}").write_bytes(data)
    (folder / "photo.jpg").write_bytes(jpeg_with_exif_artist(JPEG_MARKER))
    (folder / "report.pdf").write_bytes(pdf_with_author(PDF_MARKER))
    mp4_with_title(folder / "clip.mp4", MP4_MARKER)
    (folder / "notes.txt").write_text("Notes of the case: not DICOM.\n")
    return folder, study


# --- what must not leave the browser ---------------------------------------------------------------------------

def marker_forms(text):
    """`text` as bytes, UTF-16 (both orders) and base64 at each of the three alignments."""
    forms = [text, text.decode("latin-1").encode("utf-16-le"), text.decode("latin-1").encode("utf-16-be")]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + text)
        # Only the characters made of the marker's bits alone (not of the bytes before or after it).
        forms.append(encoded[(shift * 8 + 5) // 6:(8 * (shift + len(text))) // 6])
    return forms


def all_markers(study):
    markers = {m.text for m in study.markers if len(m.text) >= 6}
    return markers | {JPEG_MARKER.encode(), PDF_MARKER.encode(), MP4_MARKER.encode()}


def leaks(bodies, markers):
    """(what, marker) for every marker found in any form in any of `bodies` ({what: bytes})."""
    found = []
    for marker in sorted(markers):
        forms = marker_forms(marker)
        for what, body in bodies.items():
            if any(form in body for form in forms):
                found.append((what, marker.decode(errors="replace")))
    return found


def request_bodies(result):
    bodies = {}
    for index, request in enumerate(result["requests"]):
        if request["bodyBase64"] is not None:
            bodies[f"#{index} {request['method']} {request['url']}"] = base64.b64decode(request["bodyBase64"])
    return bodies


def copy_screenshots(browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for shot in browser.screenshots():
        shutil.copy(shot, SCREENSHOTS / shot.name)


def storage_files(orthanc):
    return {str(p): p.read_bytes() for p in Path(orthanc.storage_directory).rglob("*") if p.is_file()}


# --- the tests -------------------------------------------------------------------------------------------------

def test_a_dropped_folder_is_anonymized_in_the_browser_and_nothing_identifying_leaves_it(
        public_orthanc, case_folder, browser, django):
    folder, study = case_folder
    invite = create_invite(public_orthanc)
    token = invite["Url"].split("#", 1)[1]
    public = f"http://127.0.0.1:{PUBLIC_PORT}"
    bad_token = f"{token.split('.')[0]}.{'x' * 43}"   # the right invite ID, a wrong secret
    try:
        result = browser.run("upload-page.mjs", {
            "url": invite["Url"], "folder": str(folder), "previewFirst": True, "timeoutMs": 120000,
            "badUrl": f"{public}/upload/#{bad_token}",
            "uploadBytesPerSecond": 20000,   # the marker study takes a few seconds: a screenshot while it goes
            "mask": {"path": f"case/DICOM/SERIES1/IM{0:04d}", "rectangle": MASK},
        }, timeout=BROWSER_TIMEOUT)
    finally:
        copy_screenshots(browser)
    assert result["browser"]["pageErrors"] == []

    # The link's secret left the address bar at once, and is in no request but as the header.
    assert "#" not in result["addressBar"] and token not in result["addressBar"]
    assert result["tokenInStorage"] == token
    secret = token.split(".", 1)[1]
    for request in result["requests"]:
        assert secret not in request["url"], request["url"]
        if "/api/" in request["url"]:   # the wrong link's page first, then the right one's
            assert request["headers"].get("x-invite-token") in (token, bad_token), request["url"]
    assert sum(r["headers"].get("x-invite-token") == token for r in result["requests"]) > 4
    # A wrong link: a message in words.
    assert result["errorTitle"] == "This link is not valid"

    # The engine ran with the invite's profile; the preview showed attributes before and after.
    assert "ready" in result["engineState"], result["engineState"]
    assert result["previewRows"] > 0 and result["previewClosedByEscape"]
    assert result["enterOpensPicker"], "Enter on the drop zone opens the file picker"

    # Every file of the marker study ends sent; the text file is refused in words.
    states = {row["path"]: row for row in result["states"]}
    for index in range(len(study.instances)):
        row = states[f"case/DICOM/SERIES1/IM{index:04d}"]
        assert row["state"] in ("Sent", "Already there"), row
    assert "Not a DICOM file" in states["case/notes.txt"]["error"]
    for name in ("photo.jpg", "report.pdf", "clip.mp4"):   # made DICOM in the browser by the engine's wrap()
        assert states[f"case/{name}"]["state"] in ("Sent", "Already there"), states[f"case/{name}"]
    assert result["progressValue"] == 1 and "done" in result["progressText"], result["progressText"]
    assert "Thank you" in result["doneText"]
    assert any("percent sent" in text or "All files sent" in text for text in result["liveTexts"]), result["liveTexts"]

    # What the page sent: DICOM files (one per instance), JSON; no marker in any form.
    uploads = [r for r in result["requests"] if r["url"] == f"{public}/api/invite/instances"]
    assert len(uploads) >= len(study.instances)
    for upload in uploads:
        assert upload["method"] == "POST" and upload["headers"]["content-type"] == "application/dicom"
        assert base64.b64decode(upload["bodyBase64"])[128:132] == b"DICM"
    bodies = request_bodies(result)
    assert leaks(bodies, all_markers(study)) == []
    assert [r for r in result["requests"] if not r["url"].startswith(public)] == [], "only the page's own origin"

    wait_until(lambda: public_orthanc.get("/statistics")["CountInstances"] >= len(study.instances), timeout=30,
               description="the instances stored")

    # The mask drawn on IM0000 (pixels 0..63, row by row) was applied by the engine before it was sent.
    assert "8 × 8" in result["maskStatus"], result["maskStatus"]
    assert "as the engine masked it" in result["maskChecked"], result["maskChecked"]
    assert result["maskChip"] == "1 mask"
    stored = [read_dicom(public_orthanc.get(f"/instances/{i}/file")) for i in public_orthanc.get("/instances")]
    pixels = sorted(ds.PixelData for ds in stored if (getattr(ds, "Rows", 0), getattr(ds, "Columns", 0)) == (8, 8))
    masked = bytearray(range(64))
    masked[0:4] = masked[8:12] = bytes(4)
    assert pixels == sorted([bytes(masked)] + [bytes(range(64))] * (len(study.instances) - 1))

    # Nor did anything identifying reach Orthanc's storage (the server anonymized again what it received).
    assert leaks(storage_files(public_orthanc), all_markers(study)) == []

    # Finish sent the case on with the invite's course.
    wait_until(lambda: any(COURSE["CourseId"] in r.text for r in django.requests_to(WEBHOOK_PATH)),
               timeout=60, description="a webhook carrying the invite's course")


def test_the_same_folder_dropped_again_after_a_reload_sends_nothing_again(public_orthanc, case_folder, browser):
    folder, study = case_folder
    invite = create_invite(public_orthanc)
    first = browser.run("upload-page.mjs", {"url": invite["Url"], "folder": str(folder), "finish": False,
                                            "timeoutMs": 120000, "shotPrefix": "first-"}, timeout=BROWSER_TIMEOUT)
    assert len([r for r in first["requests"] if r["url"].endswith("/api/invite/instances")]) >= len(study.instances)
    # A new browser (a reload, the same link): the server already has every instance, so no body is sent again.
    # On a tablet's screen this time (portrait, touch).
    again = browser.run("upload-page.mjs", {"url": invite["Url"], "folder": str(folder), "timeoutMs": 120000,
                                            "shotPrefix": "tablet-again-",
                                            "contextOptions": {"viewport": {"width": 820, "height": 1180},
                                                               "hasTouch": True}}, timeout=BROWSER_TIMEOUT)
    copy_screenshots(browser)
    assert [r["url"] for r in again["requests"] if r["url"].endswith("/api/invite/instances")] == []
    states = {row["path"]: row["state"] for row in again["states"]}
    for index in range(len(study.instances)):
        assert states[f"case/DICOM/SERIES1/IM{index:04d}"] == "Already there"
    assert "Thank you" in again["doneText"]


def test_a_revoked_link_says_so(public_orthanc, browser):
    invite = create_invite(public_orthanc)
    public_orthanc.delete(f"/ratatoskr/invites/{invite['ID']}")
    result = browser.run("upload-page.mjs", {"url": invite["Url"], "onlyOpen": True, "shotPrefix": "revoked-"})
    copy_screenshots(browser)
    assert result["problemShown"] and result["errorTitle"] == "This link has been withdrawn", result
    assert "#" not in result["addressBar"]
