"""DICOM validity of anonymized outputs: dciodvfy (Debian dicom3tools) must not report an error on an output that it
did not already report on the input, for every built-in profile.

Inputs: pydicom-generated CT and Secondary Capture instances (with private blocks and the usual sequences), a key
object selection document flagging the generated CT images (whose references must still resolve after
anonymization), a grayscale presentation state and an encapsulated PDF made with DCMTK's dcmpsmk and pdf2dcm, and a selection of
pydicom's test files: images, structured reports, a waveform, a segmentation, RT dose, plan and structure set.
Error lines ("Error - ...") are compared after normalization (values in "= <...>" and UIDs named in the message are
blanked, since anonymization changes them). Files a profile refuses to write (leak check, burned-in annotation...)
are not compared here; test_cli.py covers refusals. There are no known exceptions: every written file of every
built-in profile is compared.
Run: /usr/bin/python3 -m pytest IntegrationTests/test_validity.py
"""

import re
import shutil
import subprocess
from pathlib import Path

import pydicom
import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from harness import make_study
from harness.dicom import code_item, make_key_object_selection
from test_cli import SECRET, cli  # noqa: F401  (the `cli` fixture: path of the built binary)

PROFILES = ["basic", "teaching", "research", "whitelist"]
PYDICOM_TEST_FILES = Path(pydicom.__file__).parent / "data" / "test_files"
PYDICOM_SELECTION = ["CT_small.dcm", "MR_small.dcm", "rtdose.dcm", "waveform_ecg.dcm", "JPEG2000.dcm", "test-SR.dcm",
                     "reportsi.dcm", "liver_1frame.dcm", "SC_rgb_rle.dcm", "SC_rgb_small_odd.dcm", "rtstruct.dcm",
                     "rtplan.dcm", "ExplVR_BigEnd.dcm"]
MINIMAL_PDF = (b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def study_sequences():
    referenced_study = Dataset()
    referenced_study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    referenced_study.ReferencedSOPInstanceUID = "2.25.99887766554433221100"
    request = Dataset()
    request.RequestedProcedureID = "RP-1"
    request.ScheduledProcedureStepID = "SPS-1"
    return {
        "ReferencedStudySequence": Sequence([referenced_study]),
        "ProcedureCodeSequence": Sequence([code_item("ZIH2", "L", "CT THORAX")]),
        "AnatomicRegionSequence": Sequence([code_item("T-D3000", "SRT", "Chest")]),
        "RequestAttributesSequence": Sequence([request]),
        "Manufacturer": "Acme Scanners",
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("validity") / "in"
    folder.mkdir()
    for kind in ("ct", "sc"):
        study = make_study(2, seed=4242, kind=kind, private_tags=True, extra=study_sequences())
        for index, data in enumerate(study):
            (folder / f"generated-{kind}-{index}.dcm").write_bytes(data)
        if kind == "ct":
            (folder / "generated-kos.dcm").write_bytes(make_key_object_selection(study, seed=4242))
    for name in PYDICOM_SELECTION:
        shutil.copy(PYDICOM_TEST_FILES / name, folder / name)
    # A presentation state and an encapsulated PDF (no pydicom test file has these SOP classes); pdf2dcm flags the
    # PDF BurnedInAnnotation=YES, which the profiles accept because they replace the document.
    subprocess.run(["dcmpsmk", str(PYDICOM_TEST_FILES / "CT_small.dcm"), str(folder / "generated-pr.dcm")],
                   check=True, capture_output=True, timeout=60)
    pdf = folder.parent / "document.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    subprocess.run(["pdf2dcm", "+pn", "DOE^JOHN", "+pi", "PID-4242", "+pb", "19700412", "+ps", "M",
                    "+t", "Discharge summary", str(pdf), str(folder / "generated-pdf.dcm")],
                   check=True, capture_output=True, timeout=60)
    return folder


def normalized_errors(path):
    completed = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, errors="replace", timeout=60)
    errors = set()
    for line in (completed.stdout + completed.stderr).splitlines():
        if line.startswith("Error - "):
            line = re.sub(r"= <[^>]*>", "= <>", line)
            line = re.sub(r'(ReferencedSOPInstanceUID|UID -) "?[0-9.]+"?', r"\1 <>", line)  # remapped UIDs
            errors.add(" ".join(line.split()))
    return errors


@pytest.fixture(scope="module")
def input_errors(inputs):
    return {path.name: normalized_errors(path) for path in sorted(inputs.iterdir())}


def test_dciodvfy_is_installed():
    assert shutil.which("dciodvfy"), "dciodvfy missing: apt-get install dicom3tools"
    assert shutil.which("dcmpsmk") and shutil.which("pdf2dcm"), "DCMTK tools missing: apt-get install dcmtk"


@pytest.mark.parametrize("profile", PROFILES)
def test_outputs_have_no_new_dciodvfy_errors(cli, inputs, input_errors, tmp_path, profile):  # noqa: F811
    out = tmp_path / profile
    completed = subprocess.run([str(cli), "--secret", SECRET, "--profile", profile, "--metadata", "CaseId=CASE-1",
                                "--quiet", "--no-fail-on-leak", str(inputs), str(out)],
                               capture_output=True, text=True, timeout=300)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert len(written) >= len(input_errors) - 2, completed.stderr  # a couple may be refused (burned-in...)

    new_errors = {}
    for name in written:
        added = normalized_errors(out / name) - input_errors[name]
        if added:
            new_errors[name] = sorted(added)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in sorted(new_errors.items()))
    assert not new_errors, f"profile {profile} made dciodvfy errors the inputs did not have:\n{report}"
    for name in ("test-SR.dcm", "reportsi.dcm", "waveform_ecg.dcm", "liver_1frame.dcm", "rtstruct.dcm", "rtplan.dcm",
                 "generated-pr.dcm", "generated-pdf.dcm", "generated-kos.dcm"):
        assert name in written, f"{name} was not written by profile {profile}:\n{completed.stderr}"
    assert_key_object_references_resolve(out, profile)


def assert_key_object_references_resolve(out, profile):
    """The anonymized key object selection still points at the anonymized CT images: every reference (evidence
    and content items) names an output image's SOP Instance UID, series and study."""
    images = {}
    for index in range(2):
        image = pydicom.dcmread(out / f"generated-ct-{index}.dcm")
        images[image.SOPInstanceUID] = image
    kos = pydicom.dcmread(out / "generated-kos.dcm")
    evidence = kos.CurrentRequestedProcedureEvidenceSequence[0]
    assert evidence.StudyInstanceUID == kos.StudyInstanceUID, profile
    evidence_uids = set()
    for series in evidence.ReferencedSeriesSequence:
        for item in series.ReferencedSOPSequence:
            evidence_uids.add(item.ReferencedSOPInstanceUID)
            assert images[item.ReferencedSOPInstanceUID].SeriesInstanceUID == series.SeriesInstanceUID, profile
    content_uids = {item.ReferencedSOPSequence[0].ReferencedSOPInstanceUID
                    for item in kos.ContentSequence if item.ValueType == "IMAGE"}
    assert evidence_uids == content_uids == set(images), profile
    assert {image.StudyInstanceUID for image in images.values()} == {kos.StudyInstanceUID}, profile
