"""wrap() in a real browser, as the upload page runs it: headless Chromium decodes a JPEG whose EXIF, XMP and
comment hold markers on a canvas, the engine's Web Worker makes the pixels a Secondary Capture and a marked PDF an
Encapsulated PDF in the study of a DICOM file of the drop, then anonymizes them: no marker of the containers nor
of the study survives, the instances land in the case's anonymized study, and a refusal is a value.

Needs a plugin built with the engine (Resources/Scripts/build.sh), ffmpeg and the browser harness
(install-dependencies.sh --tests)."""

import base64
import io
import shutil
import struct
import subprocess

import pydicom
import pytest

from markers import make_marker_study
from harness.browser import orthanc_login
from test_wasm_wrap import marked_pdf

SECRET = "browser-wrap-key-5d1e07b3"
JPEG_MARKERS = [b"JPEGEXIFMARKER", b"JPEGXMPMARKER", b"JPEGCOMMENTMARKER"]


def segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def marked_jpeg(tmp_path):
    """A 16 x 8 red JPEG (ffmpeg) with an EXIF ImageDescription, an XMP packet and a comment holding markers."""
    if not shutil.which("ffmpeg"):
        pytest.skip("no ffmpeg (Resources/Scripts/install-dependencies.sh --tests installs it)")
    path = tmp_path / "red.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:size=16x8", "-frames:v", "1",
                    str(path)], check=True, timeout=60)
    jpeg = path.read_bytes()
    description = b"JPEGEXIFMARKER\0"
    tiff = (b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) +
            struct.pack(">HHII", 0x010E, 2, len(description), 26) + struct.pack(">I", 0) + description)
    exif = segment(0xE1, b"Exif\0\0" + tiff)
    xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'>JPEGXMPMARKER</x:xmpmeta>")
    comment = segment(0xFE, b"JPEGCOMMENTMARKER")
    return jpeg[:2] + exif + xmp + comment + jpeg[2:]


def test_wrapped_pictures_and_pdfs_leave_the_browser_without_their_metadata(orthanc, browser, tmp_path):
    study = make_marker_study(1)
    jpeg = marked_jpeg(tmp_path)
    pdf = marked_pdf()
    encode = lambda data: base64.b64encode(data).decode()
    result = browser.run("wasm-wrap.mjs", {
        "orthanc": orthanc_login(orthanc), "profile": "teaching", "secret": SECRET, "metadata": {"CaseId": "CASE-B"},
        "dicom": encode(study.instances[0]), "jpeg": encode(jpeg), "pdf": encode(pdf)}, timeout=120)
    assert result["browser"]["pageErrors"] == []
    assert result["configured"]["ok"], result["configured"]
    assert result["size"] == [16, 8]
    outputs = {}
    for name in ("image", "pdf"):
        answer = result["results"][name]
        assert answer["wrapped"]["ok"] and answer["status"] == "anonymized", answer
        outputs[name] = base64.b64decode(answer["base64"])
        for marker in JPEG_MARKERS + [b"PDFAUTHORMARKER", b"PDFXMPMARKER", b"PDFZIPMARKER"]:
            assert marker not in outputs[name], (name, marker)
    image = pydicom.dcmread(io.BytesIO(outputs["image"]))
    document = pydicom.dcmread(io.BytesIO(outputs["pdf"]))
    assert (image.SOPClassUID, image.Rows, image.Columns, image.PhotometricInterpretation) == (
        "1.2.840.10008.5.1.4.1.1.7", 8, 16, "RGB")
    red, green, blue = image.PixelData[0:3]
    assert red > 200 and green < 60 and blue < 60
    assert document.SOPClassUID == "1.2.840.10008.5.1.4.1.1.104.1"
    assert image.StudyInstanceUID == document.StudyInstanceUID != pydicom.dcmread(
        io.BytesIO(study.instances[0])).StudyInstanceUID
    assert image.PatientName == document.PatientName == "CASE-B"
    original = pydicom.dcmread(io.BytesIO(study.instances[0]))
    for keyword in ("PatientID", "AccessionNumber", "ReferringPhysicianName"):
        value = str(original.get(keyword, "")).encode()
        if value:
            assert value not in outputs["image"] and value not in outputs["pdf"], keyword
    refused = result["results"]["refused"]["wrapped"]
    assert refused["ok"] is False and "not a PDF" in refused["error"]
