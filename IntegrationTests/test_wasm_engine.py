"""The engine compiled to WebAssembly (issue 11) is the native engine: ratatoskr-anonymize.mjs (the wasm module under
Node.js) and the native ratatoskr-anonymize, run on the same inputs with the same arguments, write the same output
tree byte for byte, print the same report line for every file (the counts of each action, surviving values, warnings,
the profile's hash, the key's id) and reject the same files with the same reason.

Inputs: every file of pydicom's test corpus (Debian's python3-pydicom, non-DICOM files included: both skip them) and
the marker study (markers.py), under every built-in profile and two keys (one given as a key file with metadata, one
inline without); the same with each built-in profile as a real Orthanc with the plugin serves it (GET
/ratatoskr/profiles/{name}, what the upload page hands the engine). The fuzzing corpus (Fuzz/corpus) replays under Node.js without a crash and without the wasm heap
growing beyond a bound.

Needs build/ratatoskr-anonymize and build/ratatoskr-anonymize.mjs (Resources/Scripts/build.sh builds both;
$RATATOSKR_BUILD_DIR chooses the folder). Run: /usr/bin/python3 -m pytest IntegrationTests/test_wasm_engine.py
"""

import filecmp
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pydicom
import pytest
from pydicom.dataset import Dataset

from harness.paths import REPO_ROOT
from harness.dicom import to_part10
from markers import make_marker_study

PYDICOM_TEST_FILES = Path(pydicom.__file__).parent / "data" / "test_files"
FUZZ_CORPUS = REPO_ROOT / "Fuzz" / "corpus"
PROFILES = ["basic", "teaching", "research", "whitelist"]
KEYS = {
    "file-key": {"file": "wasm-proof-key-4f1a9c2e7b\n", "metadata": ["--metadata", "CaseId=C-042",
                                                                    "--metadata", "CourseId=COURSE-7"]},
    "inline-key": {"inline": "another-wasm-proof-key-93d0", "metadata": []},
}
# Bounds a replay of small fuzzing inputs: the heap grows on need, a runaway allocation would pass this.
FUZZ_HEAP_LIMIT = 256 * 1024 * 1024
# The largest file the README says works (the wasm heap peaks at about twice the file: input and dataset).
LARGEST_FILE = 1024 ** 3
TIMING = re.compile(r" in \d+\.\d+ s( \(.*\))?$")


def build_dir():
    return Path(os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build")))


@pytest.fixture(scope="module")
def binaries():
    native = build_dir() / "ratatoskr-anonymize"
    wasm = build_dir() / "ratatoskr-anonymize.mjs"
    for path in (native, wasm):
        if not path.is_file():
            pytest.fail(f"not built: {path} (Resources/Scripts/build.sh builds both)", pytrace=False)
    if not shutil.which("node"):
        pytest.fail("node is not installed", pytrace=False)
    return native, wasm


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """pydicom's test files and the marker study, in one folder."""
    root = tmp_path_factory.mktemp("wasm-corpus") / "in"
    shutil.copytree(PYDICOM_TEST_FILES, root / "pydicom")
    study = make_marker_study(3)
    (root / "markers").mkdir()
    for index, data in enumerate(study.instances):
        (root / "markers" / f"marker{index}.dcm").write_bytes(data)
    return root


@pytest.fixture(scope="module")
def key_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wasm-keys")
    paths = {}
    for name, key in KEYS.items():
        if "file" in key:
            paths[name] = folder / f"{name}.txt"
            paths[name].write_text(key["file"])
    return paths


def key_arguments(name, key_files):
    key = KEYS[name]
    secret = ["--secret-file", str(key_files[name])] if "file" in key else ["--secret", key["inline"]]
    return secret + key["metadata"]


class Run:
    def __init__(self, completed, program):
        self.code = completed.returncode
        # The programs' names differ; the run's duration too.
        self.out = [TIMING.sub(" in <t> s", line) for line in completed.stdout.splitlines()]
        self.err = completed.stderr.replace(program + ":", "<program>:").splitlines()

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n" + "\n".join(self.out) + "\n--- stderr\n" + "\n".join(self.err)


def run_native(native, *args):
    completed = subprocess.run([str(native), "--threads", "1", *map(str, args)], capture_output=True, text=True,
                               timeout=600, env=clean_environment())
    return Run(completed, "ratatoskr-anonymize")


def run_wasm(wasm, *args):
    completed = subprocess.run(["node", str(wasm), *map(str, args)], capture_output=True, text=True, timeout=900,
                               env=clean_environment())
    return Run(completed, "ratatoskr-anonymize.mjs")


def clean_environment():
    return {k: v for k, v in os.environ.items() if k not in ("RATATOSKR_SECRET", "NODE_OPTIONS")}


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_trees(native_out, wasm_out):
    native_files, wasm_files = tree(native_out), tree(wasm_out)
    assert sorted(wasm_files) == sorted(native_files), "the two engines wrote different sets of files"
    different = [name for name in native_files if native_files[name] != wasm_files[name]]
    assert different == [], f"{len(different)} of {len(native_files)} outputs differ: {different[:10]}"
    return len(native_files)


def assert_same_runs(native_run, wasm_run):
    assert wasm_run.code == native_run.code, f"native: {native_run!r}\nwasm: {wasm_run!r}"
    assert wasm_run.out == native_run.out, "report lines differ"
    assert wasm_run.err == native_run.err, "rejections differ"


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize("profile", PROFILES)
def test_the_wasm_engine_writes_what_the_native_engine_writes(binaries, corpus, key_files, tmp_path, profile, key):
    native, wasm = binaries
    args = ["--profile", profile, *key_arguments(key, key_files)]
    native_run = run_native(native, *args, corpus, tmp_path / "native")
    wasm_run = run_wasm(wasm, *args, corpus, tmp_path / "wasm")
    assert_same_runs(native_run, wasm_run)
    written = assert_same_trees(tmp_path / "native", tmp_path / "wasm")
    # The corpus is exercised, not skipped: most files are written, and every file gets a line.
    assert written >= 40, native_run
    assert sum(1 for line in native_run.out if line.startswith(("ok ", "skipped "))) + len(native_run.err) >= 78


def test_surviving_values_kept_on_request_are_reported_alike(binaries, corpus, key_files, tmp_path):
    """--no-fail-on-leak writes the files the leak check refuses and lists the attributes: the same in both."""
    native, wasm = binaries
    args = ["--profile", "basic", "--no-fail-on-leak", *key_arguments("inline-key", key_files)]
    native_run = run_native(native, *args, corpus, tmp_path / "native")
    wasm_run = run_wasm(wasm, *args, corpus, tmp_path / "wasm")
    assert_same_runs(native_run, wasm_run)
    assert any("LEAKS KEPT" in line for line in native_run.out), native_run
    assert_same_trees(tmp_path / "native", tmp_path / "wasm")


@pytest.mark.parametrize("name", ["CT_small.dcm", "README.txt", "MR_truncated.dcm", "image_dfl.dcm"])
def test_a_file_named_on_the_command_line_is_judged_alike(binaries, key_files, tmp_path, name):
    """A single INPUT: not being DICOM fails it (a folder's walk skips it), the output is OUTPUT itself."""
    native, wasm = binaries
    source = PYDICOM_TEST_FILES / name
    args = ["--profile", "teaching", *key_arguments("file-key", key_files), source]
    native_run = run_native(native, *args, tmp_path / "native.dcm")
    wasm_run = run_wasm(wasm, *args, tmp_path / "wasm.dcm")
    assert_same_runs(native_run, wasm_run)
    assert (tmp_path / "native.dcm").exists() == (tmp_path / "wasm.dcm").exists()
    if (tmp_path / "native.dcm").exists():
        assert (tmp_path / "wasm.dcm").read_bytes() == (tmp_path / "native.dcm").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--profile", "nosuchprofile"], 'unknown profile "nosuchprofile"'),
    (["--secret", "short"], "--secret: the key must have at least 16 characters"),
    (["--secret-file", "/nonexistent/key"], '--secret-file "/nonexistent/key": cannot be read'),
])
def test_usage_errors_are_the_native_ones(binaries, corpus, tmp_path, args, message):
    native, wasm = binaries
    for run in (run_native, run_wasm):
        result = run(native if run is run_native else wasm, *args, corpus, tmp_path / "out")
        assert result.code == 1, result
        assert any(message in line for line in result.err), result
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_as_the_plugin_serves_it_runs_as_the_built_in_one(binaries, corpus, key_files, tmp_path, orthanc,
                                                                   profile):
    """The upload page hands the engine the resolved profile of GET /ratatoskr/profiles/{name}, extra keys and all
    (ExtendsChain, TableActions, Hash...): loaded as such (--profile FILE calls loadProfile), it writes the bytes and
    report lines of the built-in profile of that name, here and in the native CLI."""
    native, wasm = binaries
    served = orthanc.request("GET", f"/ratatoskr/profiles/{profile}")
    document = served.json()
    assert {"ExtendsChain", "TableActions", "ConformsToBasicProfile", "Hash"} <= set(document)
    served_file = tmp_path / f"served-{profile}.json"
    served_file.write_bytes(served.content)
    key = key_arguments("file-key", key_files)
    by_name = run_native(native, "--profile", profile, *key, corpus, tmp_path / "native")
    from_server = run_wasm(wasm, "--profile", served_file, *key, corpus, tmp_path / "wasm")
    assert_same_runs(by_name, from_server)
    assert any(f"({document['Hash']})" in line for line in from_server.out), from_server
    assert assert_same_trees(tmp_path / "native", tmp_path / "wasm") >= 40

    # A changed document is refused, naming the key, and nothing is written.
    document["TableActions"]["0010,0010"]["Action"] = "Keep"
    served_file.write_text(json.dumps(document))
    refused = run_wasm(wasm, "--profile", served_file, *key, corpus, tmp_path / "refused")
    assert refused.code == 1 and any("TableActions" in line for line in refused.err), refused
    assert not (tmp_path / "refused").exists()


def write_large_file(path, pixel_bytes):
    """A multi-frame 512 x 512 16-bit Secondary Capture whose pixel data is streamed to disk (never whole in memory)."""
    frame_bytes = 512 * 512 * 2
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.999.7.1"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.10.999.7.2"
    ds.SeriesInstanceUID = "1.2.826.0.1.3680043.10.999.7.3"
    ds.PatientName, ds.PatientID, ds.StudyDate, ds.Modality = "Large^File", "LARGE-0001", "20200102", "OT"
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, "MONOCHROME2", 512, 512
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.NumberOfFrames = pixel_bytes // frame_bytes
    frame = bytes(range(256)) * (frame_bytes // 256)
    with open(path, "wb") as out:
        out.write(to_part10(ds))
        out.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, ds.NumberOfFrames * frame_bytes))
        for _ in range(ds.NumberOfFrames):
            out.write(frame)


def test_the_largest_file_claimed_is_anonymized_alike(binaries, key_files, tmp_path):
    native, wasm = binaries
    source = tmp_path / "large.dcm"
    write_large_file(source, LARGEST_FILE)
    try:
        args = ["--profile", "teaching", *key_arguments("file-key", key_files), source]
        native_run = run_native(native, *args, tmp_path / "native.dcm")
        wasm_run = run_wasm(wasm, *args, tmp_path / "wasm.dcm")
        assert_same_runs(native_run, wasm_run)
        assert native_run.code == 0, native_run
        assert filecmp.cmp(tmp_path / "native.dcm", tmp_path / "wasm.dcm", shallow=False)
    finally:
        for name in ("large.dcm", "native.dcm", "wasm.dcm"):
            (tmp_path / name).unlink(missing_ok=True)


def test_the_fuzzing_corpus_replays_without_a_crash(binaries, tmp_path):
    """Every corpus file under every built-in profile, through the JavaScript API: an outcome for each (errors are
    values), no trap of the wasm code, and a bounded heap; summary() and mask() on every file too."""
    _, wasm = binaries
    script = tmp_path / "replay.mjs"
    script.write_text(REPLAY_SCRIPT.replace("ENGINE_URL", json.dumps(
        (wasm.parent / "wasm" / "node-engine.mjs").resolve().as_uri())))
    completed = subprocess.run(["node", str(script), str(FUZZ_CORPUS), *PROFILES], capture_output=True, text=True,
                               timeout=900, env=clean_environment())
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)
    files = len(list(FUZZ_CORPUS.iterdir()))
    assert summary["outcomes"] == files * len(PROFILES)
    assert summary["summaries"] == summary["masks"] == files
    assert summary["anonymized"] > 0 and summary["failed"] > 0
    assert summary["heapBytes"] <= FUZZ_HEAP_LIMIT, summary


REPLAY_SCRIPT = r"""
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { loadEngineForNode } = await import(ENGINE_URL);
const [corpus, ...profiles] = process.argv.slice(2);
const engine = await loadEngineForNode();
const counts = { outcomes: 0, anonymized: 0, failed: 0, skipped: 0, summaries: 0, masks: 0 };
for (const name of readdirSync(corpus).sort()) {   // the page's other calls, on the same inputs
  const bytes = readFileSync(join(corpus, name));
  if (typeof engine.summary(bytes).ok !== 'boolean') throw new Error(`${name}: summary gave no value`);
  counts.summaries++;
  if (typeof engine.mask(bytes, [{ x: 0, y: 0, width: 8, height: 8 }]).ok !== 'boolean') {
    throw new Error(`${name}: mask gave no value`);
  }
  counts.masks++;
}
for (const profile of profiles) {
  const configured = engine.configure({ profile, secret: 'fuzz-replay-key-0123456789' });
  if (!configured.ok) throw new Error(configured.error);
  for (const name of readdirSync(corpus).sort()) {
    const result = engine.anonymize(readFileSync(join(corpus, name)), { CaseId: 'CASE-1' },
                                    { failOnLeak: false, explicitlyNamed: false });
    counts.outcomes++;
    counts[result.status]++;
    if (result.status === 'anonymized') {
      const again = engine.anonymize(result.bytes, {}, { failOnLeak: false });
      if (again.status === 'failed' && again.reason.startsWith('invalid DICOM')) {
        throw new Error(`${name} (${profile}): the output cannot be read back: ${again.reason}`);
      }
    }
  }
}
counts.heapBytes = engine.module.HEAPU8.length;
process.stdout.write(JSON.stringify(counts));
"""
