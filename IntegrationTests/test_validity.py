"""DICOM validity of anonymized outputs: dciodvfy (Debian dicom3tools) must not report an error on an output that it
did not already report on the input, for every built-in profile.

Inputs: pydicom-generated CT and Secondary Capture instances (with private blocks and the usual sequences) and a
selection of pydicom's test files. Error lines ("Error - ...") are compared after normalization (values in
"= <...>" are blanked, since anonymization changes them). Files a profile refuses to write (leak check, burned-in
annotation...) are not compared here; test_cli.py covers refusals.
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
from harness.dicom import code_item
from test_cli import SECRET, cli  # noqa: F401  (the `cli` fixture: path of the built binary)

PROFILES = ["basic", "teaching", "research", "whitelist"]
PYDICOM_TEST_FILES = Path(pydicom.__file__).parent / "data" / "test_files"
PYDICOM_SELECTION = ["CT_small.dcm", "MR_small.dcm", "rtdose.dcm", "waveform_ecg.dcm", "JPEG2000.dcm", "test-SR.dcm",
                     "reportsi.dcm", "liver_1frame.dcm", "SC_rgb_rle.dcm", "SC_rgb_small_odd.dcm"]


# Known, documented limits (README "Limits", Profiles/README.md): on these files the profile removes or empties
# attributes the object needs, on purpose. Each entry names the profiles, the file and the reason; every other
# file must produce no new dciodvfy error.
NON_IMAGE_LIMITS = {
    "test-SR.dcm": "structured report: Basic's D on ContentSequence/VerifyingObserverSequence empties them "
                   "(no generic dummy content exists; Clean Structured Content keeps them)",
    "reportsi.dcm": "structured report: same as test-SR.dcm",
    "waveform_ecg.dcm": "waveform: AcquisitionContextSequence is X in Table E.1-1 but Type 2 in the Waveform IODs",
}
WHITELIST_LIMITS = {
    "liver_1frame.dcm": "segmentation (enhanced multi-frame): the whitelist lists image attributes only",
    "JPEG2000.dcm": "NM: FrameIncrementPointer points at NM vectors the whitelist does not list",
}


def known_limit(profile, name):
    if name in NON_IMAGE_LIMITS:
        return NON_IMAGE_LIMITS[name]
    if profile == "whitelist":
        return WHITELIST_LIMITS.get(name)
    return None


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
        for index, data in enumerate(make_study(2, seed=4242, kind=kind, private_tags=True, extra=study_sequences())):
            (folder / f"generated-{kind}-{index}.dcm").write_bytes(data)
    for name in PYDICOM_SELECTION:
        shutil.copy(PYDICOM_TEST_FILES / name, folder / name)
    return folder


def normalized_errors(path):
    completed = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, errors="replace", timeout=60)
    errors = set()
    for line in (completed.stdout + completed.stderr).splitlines():
        if line.startswith("Error - "):
            line = re.sub(r"= <[^>]*>", "= <>", line)
            errors.add(" ".join(line.split()))
    return errors


@pytest.fixture(scope="module")
def input_errors(inputs):
    return {path.name: normalized_errors(path) for path in sorted(inputs.iterdir())}


def test_dciodvfy_is_installed():
    assert shutil.which("dciodvfy"), "dciodvfy missing: apt-get install dicom3tools"


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
        if known_limit(profile, name):
            continue
        added = normalized_errors(out / name) - input_errors[name]
        if added:
            new_errors[name] = sorted(added)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in sorted(new_errors.items()))
    assert not new_errors, f"profile {profile} made dciodvfy errors the inputs did not have:\n{report}"
    checked = [name for name in written if not known_limit(profile, name)]
    assert len(checked) >= 7, checked  # the image files are all compared
