"""The engine compiled to WebAssembly in a real browser (issue 11): a page on the plugin's origin starts it in a Web
Worker (ratatoskr-engine-client.mjs, served by the plugin) and anonymizes files with it, in headless Chromium. The
bytes it answers are those of the native ratatoskr-anonymize for the same file, profile and key; a file that is not
DICOM and an unknown profile come back as values; summary() describes a file and mask() blacks out a rectangle.

Needs a plugin built with the engine (Resources/Scripts/build.sh) and the browser harness (install-dependencies.sh
--tests)."""

import base64
import io
import subprocess

import pydicom
import pytest

from harness.browser import orthanc_login
from harness.dicom import make_study
from test_wasm_engine import build_dir

SECRET = "browser-wasm-key-71c2f0a9"
METADATA = {"CaseId": "C-BROWSER-1"}


def native_output(tmp_path, name, data, profile):
    source = tmp_path / f"in-{name}"
    source.write_bytes(data)
    out = tmp_path / f"out-{name}"
    completed = subprocess.run([str(build_dir() / "ratatoskr-anonymize"), "--threads", "1", "--profile", profile,
                                "--secret", SECRET, "--metadata", f"CaseId={METADATA['CaseId']}", str(source),
                                str(out)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return out.read_bytes()


def test_the_engine_anonymizes_in_a_web_worker_as_the_native_engine(orthanc, browser, tmp_path):
    study = make_study(2, patient_name="Browser^Patient", patient_id="BROWSER-PID-1", seed=4242)
    files = [{"name": f"img{i}.dcm", "base64": base64.b64encode(data).decode()} for i, data in enumerate(study)]
    files.append({"name": "notes.txt", "base64": base64.b64encode(b"not a DICOM file\n").decode()})
    result = browser.run("wasm-engine.mjs", {
        "orthanc": orthanc_login(orthanc), "profile": "teaching", "secret": SECRET, "metadata": METADATA,
        "files": files, "mask": {"base64": files[0]["base64"], "rectangles": [{"x": 0, "y": 0, "width": 4, "height": 2}]},
    }, timeout=120)
    assert result["browser"]["pageErrors"] == []
    assert {"basic", "teaching", "research", "whitelist"} <= set(result["profiles"])
    assert result["configured"]["ok"] and result["configured"]["profile"]["name"] == "teaching"
    assert result["unknown"]["ok"] is False and result["unknown"]["kind"] == "profile"

    for index, data in enumerate(study):
        answer = result["results"][index]
        assert answer["status"] == "anonymized", answer
        assert answer["callerBufferDetached"], "transfer: true moves the page's buffer to the worker"
        assert base64.b64decode(answer["base64"]) == native_output(tmp_path, f"img{index}.dcm", data, "teaching")
        assert answer["report"]["leaks"] == [] and answer["report"]["patientPseudonym"]
        summary = answer["summary"]["summary"]
        assert summary["patientName"] == "Browser^Patient" and summary["modality"]
        assert answer["summary"]["size"] == len(data)
    text = result["results"][-1]
    assert text["status"] == "failed" and text["reason"] == "not a DICOM file" and text["base64"] is None

    masked = pydicom.dcmread(io.BytesIO(base64.b64decode(result["masked"]["base64"])))
    original = pydicom.dcmread(io.BytesIO(study[0]))
    assert masked.PatientName == original.PatientName   # mask() changes pixels only
    pixels, before = masked.pixel_array, original.pixel_array
    assert (pixels[0:2, 0:4] == 0).all() and (pixels[2:, :] == before[2:, :]).all()
    served = {entry["url"]: entry for entry in result["served"]}
    # The worker loaded the module and its code from the plugin, streamed as WebAssembly.
    for name, mime_type in (("ratatoskr-engine-worker.mjs", "text/javascript"), ("ratatoskr-engine-core.mjs",
                            "text/javascript"), ("ratatoskr-engine-core.wasm", "application/wasm")):
        entry = served[f"/ratatoskr/app/{name}"]
        assert entry["status"] == 200 and entry["type"].startswith(mime_type), entry
