"""The ratatoskr-anonymize command-line tool, run as a subprocess on pydicom-generated files and on pydicom's own
test files: exit codes, output trees, skipped non-DICOM files, dry runs, profile overrides and usage errors.

The binary is $RATATOSKR_BUILD_DIR/ratatoskr-anonymize (default: <repo>/build). No Orthanc is started here.
Run: /usr/bin/python3 -m pytest IntegrationTests/test_cli.py
"""

import os
import shutil
import stat
import subprocess
import warnings
from pathlib import Path

import pydicom
import pytest

from harness import make_study, read_dicom
from harness.paths import REPO_ROOT

SECRET = "cli-test-secret-0123"
PYDICOM_TEST_FILES = Path(pydicom.__file__).parent / "data" / "test_files"
NOT_DICOM_NAMES = {"README.txt", "rtplan.dump", "rtstruct.dump", "test1.json", "test_PN.json", "zipMR.gz"}
TRUNCATED_NAMES = {"MR_truncated.dcm", "rtplan_truncated.dcm"}
PATIENT_NAME = "Doe^John"
PATIENT_ID = "RAT-PID-0001"


def cli_path():
    build_dir = os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build"))
    return Path(build_dir) / "ratatoskr-anonymize"


@pytest.fixture(scope="module")
def cli():
    path = cli_path()
    if not path.is_file():
        message = f"ratatoskr-anonymize not built: {path} (build target ratatoskr-anonymize, or set RATATOSKR_BUILD_DIR)"
        if os.environ.get("RATATOSKR_ALLOW_MISSING_CLI") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    return path


class Run:
    def __init__(self, completed):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


@pytest.fixture
def run(cli):
    def _run(*args, secret=True, env=None, timeout=120):
        argv = [str(cli)] + [str(a) for a in args]
        if secret:
            argv += ["--secret", SECRET]
        environment = {k: v for k, v in os.environ.items() if k != "RATATOSKR_SECRET"}
        environment.update(env or {})
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=environment)
        return Run(completed)
    return _run


def write_files(folder, files, prefix="img"):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, data in enumerate(files):
        path = folder / f"{prefix}{index:03d}.dcm"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def study_tree(tmp_path):
    """in/ with two series folders of DICOM files, a text file, a fake PNG and an empty file."""
    root = tmp_path / "in"
    # Manufacturer overridden: the harness default "Ratatoskr Test Data" contains the private creator
    # "RATATOSKR TEST" that the profile removes, which the engine's leak check reports.
    files = make_study(4, patient_name=PATIENT_NAME, patient_id=PATIENT_ID, seed=1234, series_count=2,
                       private_tags=True, extra={"Manufacturer": "Acme Scanners"})
    write_files(root / "series1", files[:2])
    write_files(root / "series2" / "deeper", files[2:])
    (root / "notes.txt").write_text("not a DICOM file\n")
    (root / "series1" / "thumbnail.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (root / "empty.bin").write_bytes(b"")
    return root


def dicom_files_below(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# --- information commands ----------------------------------------------------------------------------------------

def test_help_and_version(run):
    result = run("--help", secret=False)
    assert result.code == 0, result
    assert "Usage: ratatoskr-anonymize" in result.out
    for option in ("--profile", "--secret-file", "--threads", "--dry-run", "--replace", "--keep-private"):
        assert option in result.out
    result = run("--version", secret=False)
    assert result.code == 0, result
    assert result.out.startswith("ratatoskr-anonymize ")


def test_list_profiles_shows_the_builtin_profiles(run):
    result = run("--list-profiles", secret=False)
    assert result.code == 0, result
    names = [line.split()[0] for line in result.out.splitlines() if line.strip()]
    assert {"basic", "teaching", "research", "whitelist"} <= set(names)


def test_show_profile_prints_resolved_json(run):
    import json
    result = run("--show-profile", "teaching", secret=False)
    assert result.code == 0, result
    profile = json.loads(result.out)
    assert profile["Name"] == "teaching"
    assert profile["ExtendsChain"] == ["teaching", "basic"]


def test_show_profile_includes_command_line_overrides(run):
    import json
    result = run("--show-profile", "basic", "--keep-private", "--replace", "InstitutionName=Teaching", secret=False)
    assert result.code == 0, result
    profile = json.loads(result.out)
    assert profile["ExtendsChain"][-1] == "basic"
    assert profile["PrivateTags"]["Policy"] == "RetainSafe"
    assert "InstitutionName" in json.dumps(profile["Rules"])


# --- usage errors ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    ([], "missing INPUT and OUTPUT"),
    (["only-input.dcm"], "missing OUTPUT"),
    (["a", "b", "c"], "too many arguments"),
    (["--bogus", "a", "b"], 'unknown option "--bogus"'),
    (["--threads", "0", "a", "b"], "--threads must be between 1 and"),
    (["--threads", "two", "a", "b"], "--threads expects a positive integer"),
    (["--profile"], "--profile needs a value"),
    (["--replace", "PatientName", "a", "b"], "--replace expects KEY=VALUE"),
    (["--metadata", "=x", "a", "b"], "--metadata expects KEY=VALUE"),
    (["--files", "--output-dir", "out"], "--files needs at least one file"),
    (["--files", "a.dcm"], "--files needs --output-dir"),
    (["--dry-run=yes", "a"], "--dry-run takes no value"),
])
def test_bad_arguments_exit_1_with_a_precise_message(run, args, message):
    result = run(*args)
    assert result.code == 1, result
    assert message in result.err, result
    assert result.out == ""


def test_missing_input_is_reported(run, tmp_path):
    result = run(tmp_path / "nowhere", tmp_path / "out")
    assert result.code == 1, result
    assert "does not exist" in result.err


def test_a_key_is_required(run, study_tree, tmp_path):
    result = run(study_tree, tmp_path / "out", secret=False)
    assert result.code == 1, result
    assert "--secret-file" in result.err and "RATATOSKR_SECRET" in result.err
    assert not (tmp_path / "out").exists()


def test_secret_and_secret_file_are_exclusive(run, study_tree, tmp_path):
    key = tmp_path / "key"
    key.write_text("k\n")
    result = run("--secret-file", key, study_tree, tmp_path / "out")
    assert result.code == 1, result
    assert "not both" in result.err


def test_unknown_profile_lists_the_available_ones(run, study_tree, tmp_path):
    result = run("--profile", "nosuchprofile", study_tree, tmp_path / "out")
    assert result.code == 1, result
    assert 'unknown profile "nosuchprofile"' in result.err and "basic" in result.err


def test_bad_profile_file_is_reported_with_its_reason(run, study_tree, tmp_path):
    profile = tmp_path / "broken.json"
    profile.write_text('{"Name": "broken", "Extends": "basic", "Rules": [{"Attribute": "PatientNme", "Action": "Keep"}]}')
    result = run("--profile", profile, study_tree, tmp_path / "out")
    assert result.code == 1, result
    assert "profile error" in result.err and "broken.json" in result.err
    assert not (tmp_path / "out").exists()


def test_bad_replace_attribute_is_a_profile_error(run, study_tree, tmp_path):
    result = run("--replace", "NoSuchKeyword=1", study_tree, tmp_path / "out")
    assert result.code == 1, result
    assert "profile error" in result.err and "NoSuchKeyword" in result.err


def test_bad_uid_root(run, study_tree, tmp_path):
    result = run("--uid-root", "1.02.x", study_tree, tmp_path / "out")
    assert result.code == 1, result
    assert "--uid-root" in result.err


def test_output_folder_must_not_be_the_input_folder(run, study_tree):
    result = run(study_tree, study_tree)
    assert result.code == 1, result
    assert "originals would be overwritten" in result.err


def test_folder_input_needs_a_folder_output(run, study_tree, tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = run(study_tree, tmp_path / "a-file")
    assert result.code == 1, result
    assert "must be a folder" in result.err


def test_files_mode_refuses_two_inputs_with_the_same_output(run, study_tree, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(study_tree / "series1" / "img000.dcm", other / "img000.dcm")
    result = run("--files", study_tree / "series1" / "img000.dcm", other / "img000.dcm", "--output-dir",
                 tmp_path / "out")
    assert result.code == 1, result
    assert "would both be written" in result.err


# --- anonymizing -------------------------------------------------------------------------------------------------

def test_tree_is_anonymized_with_relative_paths_kept_and_non_dicom_skipped(run, study_tree, tmp_path):
    out = tmp_path / "out"
    result = run("--threads", 2, study_tree, out)
    assert result.code == 0, result
    assert dicom_files_below(out) == ["series1/img000.dcm", "series1/img001.dcm",
                                      "series2/deeper/img000.dcm", "series2/deeper/img001.dcm"]
    for skipped in ("notes.txt", "series1/thumbnail.png", "empty.bin"):
        assert f"skipped  {skipped}  (not a DICOM file)" in result.out, result
    assert "4 anonymized, 0 failed, 3 skipped" in result.out
    assert result.err == ""

    originals = {read_dicom(p.read_bytes()).SOPInstanceUID for p in study_tree.rglob("*.dcm")}
    study_uids = set()
    for path in out.rglob("*.dcm"):
        ds = read_dicom(path.read_bytes())
        assert str(ds.PatientName) != PATIENT_NAME
        assert ds.get("PatientID", "") != PATIENT_ID
        assert ds.SOPInstanceUID not in originals
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert ds.PatientIdentityRemoved == "YES"
        assert ds.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
        assert not any(element.tag.is_private for element in ds)
        study_uids.add(ds.StudyInstanceUID)
    assert len(study_uids) == 1
    assert not list(out.rglob("*.ratatoskr-partial"))


def test_single_file_to_file_and_into_folder(run, study_tree, tmp_path):
    source = study_tree / "series1" / "img000.dcm"
    result = run(source, tmp_path / "new" / "anon.dcm")
    assert result.code == 0, result
    assert (tmp_path / "new" / "anon.dcm").is_file()

    folder = tmp_path / "folder"
    folder.mkdir()
    result = run(source, folder)
    assert result.code == 0, result
    assert (folder / "img000.dcm").read_bytes() == (tmp_path / "new" / "anon.dcm").read_bytes()


def test_files_mode_writes_into_the_output_dir(run, study_tree, tmp_path):
    inputs = [study_tree / "series1" / "img000.dcm", study_tree / "series2" / "deeper" / "img001.dcm"]
    out = tmp_path / "out"
    result = run("--files", *inputs, "--output-dir", out)
    assert result.code == 0, result
    assert dicom_files_below(out) == ["img000.dcm", "img001.dcm"]


def test_files_mode_accepts_folders(run, study_tree, tmp_path):
    out = tmp_path / "out"
    result = run("--files", study_tree / "series1", study_tree / "series2", "--output-dir", out)
    assert result.code == 0, result
    assert dicom_files_below(out) == ["series1/img000.dcm", "series1/img001.dcm",
                                      "series2/deeper/img000.dcm", "series2/deeper/img001.dcm"]
    assert "skipped  series1/thumbnail.png  (not a DICOM file)" in result.out


def test_named_non_dicom_file_is_a_failure(run, study_tree, tmp_path):
    result = run("--files", study_tree / "notes.txt", study_tree / "series1" / "img000.dcm", "--output-dir",
                 tmp_path / "out")
    assert result.code == 1, result
    assert f"FAILED   {study_tree / 'notes.txt'}: not a DICOM file" in result.err
    assert dicom_files_below(tmp_path / "out") == ["img000.dcm"]


def test_truncated_file_in_a_tree_fails_and_the_others_are_written(run, study_tree, tmp_path):
    data = (study_tree / "series1" / "img000.dcm").read_bytes()
    (study_tree / "series1" / "broken.dcm").write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    result = run(study_tree, out)
    assert result.code == 1, result
    assert "FAILED   series1/broken.dcm:" in result.err, result
    assert not (out / "series1" / "broken.dcm").exists()
    assert len(dicom_files_below(out)) == 4
    assert "4 anonymized, 1 failed, 3 skipped" in result.out
    assert not list(out.rglob("*.ratatoskr-partial"))


def test_rerun_replaces_outputs_and_leaves_no_partial_file(run, study_tree, tmp_path):
    out = tmp_path / "out"
    assert run(study_tree, out).code == 0
    first = {relative: (out / relative).read_bytes() for relative in dicom_files_below(out)}
    umask = os.umask(0)
    os.umask(umask)
    assert all(stat.S_IMODE((out / relative).stat().st_mode) == 0o666 & ~umask for relative in first)
    (out / "series1" / "img000.dcm").write_bytes(b"stale output")
    (out / "series1" / "img001.dcm.ratatoskr-partial").write_bytes(b"left by an interrupted run")
    result = run(study_tree, out)
    assert result.code == 0, result
    assert {relative: (out / relative).read_bytes() for relative in dicom_files_below(out)} == first


@pytest.mark.parametrize("how, words", [
    ("--secret", "--secret: the key must have at least 16 characters"),
    ("env", "RATATOSKR_SECRET: the key must have at least 16 characters"),
    ("file", "the key must have at least 16 characters"),
    ("file-second-line", "the first line is empty: the key must be on the first line"),
])
def test_unusable_keys_are_refused_without_showing_them(run, study_tree, tmp_path, how, words):
    key = "short-key-15chr"
    key_file = tmp_path / "key"
    key_file.write_text(("\n" + "long-enough-key-on-line-2" if how == "file-second-line" else key) + "\n")
    if how == "--secret":
        result = run("--secret", key, study_tree, tmp_path / "out", secret=False)
    elif how == "env":
        result = run(study_tree, tmp_path / "out", secret=False, env={"RATATOSKR_SECRET": key})
    else:
        result = run("--secret-file", key_file, study_tree, tmp_path / "out", secret=False)
    assert result.code == 1, result
    assert words in result.err
    assert key not in result.err and "long-enough" not in result.err
    assert not (tmp_path / "out").exists()


def test_pseudonyms_are_deterministic_per_key_and_independent_of_threads(run, study_tree, tmp_path):
    assert run("--threads", 1, study_tree, tmp_path / "a").code == 0
    assert run("--threads", 3, study_tree, tmp_path / "b").code == 0
    key = tmp_path / "key"
    key.write_text("another key, long enough\n")
    assert run("--secret-file", key, study_tree, tmp_path / "c", secret=False).code == 0
    for relative in dicom_files_below(tmp_path / "a"):
        a = (tmp_path / "a" / relative).read_bytes()
        assert a == (tmp_path / "b" / relative).read_bytes()
        assert read_dicom(a).StudyInstanceUID != read_dicom((tmp_path / "c" / relative).read_bytes()).StudyInstanceUID


def test_key_from_the_environment(run, study_tree, tmp_path):
    assert run(study_tree, tmp_path / "a").code == 0
    result = run(study_tree, tmp_path / "b", secret=False, env={"RATATOSKR_SECRET": SECRET})
    assert result.code == 0, result
    assert (tmp_path / "a" / "series1" / "img000.dcm").read_bytes() == \
        (tmp_path / "b" / "series1" / "img000.dcm").read_bytes()


def test_uid_root(run, study_tree, tmp_path):
    result = run("--uid-root", "1.2.3.4", study_tree, tmp_path / "out")
    assert result.code == 0, result
    ds = read_dicom((tmp_path / "out" / "series1" / "img000.dcm").read_bytes())
    assert ds.SOPInstanceUID.startswith("1.2.3.4.")


def test_teaching_profile_uses_metadata_placeholders(run, study_tree, tmp_path):
    result = run("--profile", "teaching", "--metadata", "CaseId=C-042", study_tree, tmp_path / "out")
    assert result.code == 0, result
    ds = read_dicom((tmp_path / "out" / "series1" / "img000.dcm").read_bytes())
    assert str(ds.PatientName) == "C-042"
    assert ds.PatientID == "C-042"


def test_profile_from_a_file(run, study_tree, tmp_path):
    profile = tmp_path / "course.json"
    profile.write_text('{"Name": "course", "Extends": "basic", "Rules": '
                       '[{"Attribute": "InstitutionName", "Action": "Replace", "Value": "Course {CourseId}"}]}')
    result = run("--profile", profile, "--metadata", "CourseId=7", study_tree, tmp_path / "out")
    assert result.code == 0, result
    assert "Profile course" in result.out
    ds = read_dicom((tmp_path / "out" / "series1" / "img000.dcm").read_bytes())
    assert ds.InstitutionName == "Course 7"


def test_replace_override(run, study_tree, tmp_path):
    result = run("--replace", "InstitutionName=Teaching Hospital", "--replace", "(0008,1010)=STATION",
                 study_tree, tmp_path / "out")
    assert result.code == 0, result
    assert "Profile basic-cli" in result.out
    ds = read_dicom((tmp_path / "out" / "series1" / "img000.dcm").read_bytes())
    assert ds.InstitutionName == "Teaching Hospital"
    assert ds.StationName == "STATION"


def private_values(path):
    ds = read_dicom(path.read_bytes())
    return {element.tag: element.value for element in ds if element.tag.is_private}


def test_private_tag_overrides(run, study_tree, tmp_path):
    sample = Path("series1") / "img000.dcm"
    assert run("--keep-private-creator", "RATATOSKR TEST", study_tree, tmp_path / "kept").code == 0
    kept = private_values(tmp_path / "kept" / sample)
    assert "private value" in [str(v) for v in kept.values()], kept

    # The test creator is not on the safe list: Retain Safe Private drops it.
    assert run("--keep-private", study_tree, tmp_path / "safe").code == 0
    assert private_values(tmp_path / "safe" / sample) == {}

    profile = tmp_path / "keeps.json"
    profile.write_text('{"Name": "keeps", "Extends": "basic", "PrivateTags": '
                       '{"Policy": "KeepCreators", "Creators": ["RATATOSKR TEST"]}}')
    assert run("--profile", profile, study_tree, tmp_path / "profile").code == 0
    assert private_values(tmp_path / "profile" / sample) != {}
    assert run("--profile", profile, "--delete-private", study_tree, tmp_path / "deleted").code == 0
    assert private_values(tmp_path / "deleted" / sample) == {}


def test_dry_run_prints_changes_and_writes_nothing(run, study_tree, tmp_path):
    out = tmp_path / "out"
    result = run("--dry-run", study_tree, out)
    assert result.code == 0, result
    assert not out.exists()
    assert "== series1/img000.dcm" in result.out
    lines = result.out.splitlines()
    name_line = next(line for line in lines if "(0010,0010) PatientName" in line)
    assert f'"{PATIENT_NAME}" ->' in name_line
    assert any("(0009,1010)" in line and "Remove" in line for line in lines)
    assert "4 previewed, 0 failed, 3 skipped" in result.out


def test_dry_run_without_output(run, study_tree):
    result = run("--dry-run", "--profile", "teaching", study_tree / "series1" / "img000.dcm")
    assert result.code == 0, result
    assert "1 previewed" in result.out


def test_quiet_and_progress(run, study_tree, tmp_path):
    result = run("--quiet", "--progress", study_tree, tmp_path / "out")
    assert result.code == 0, result
    assert result.out == ""
    assert "7/7 files" in result.err and "files/s" in result.err

    result = run("--quiet", study_tree, tmp_path / "out2")
    assert result.code == 0, result
    assert result.out == "" and result.err == ""  # not a terminal: no progress line


def test_output_folder_inside_the_input_is_not_walked(run, study_tree):
    out = study_tree / "anonymized"
    assert run(study_tree, out).code == 0
    result = run(study_tree, out)
    assert result.code == 0, result
    assert "4 anonymized" in result.out


# --- pydicom's test files ----------------------------------------------------------------------------------------

def original_identifiers(folder):
    """Patient names and IDs of the readable inputs (at least 6 characters, to avoid accidental matches)."""
    values = set()
    for path in folder.rglob("*"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(str(path), stop_before_pixels=True)
        except Exception:
            continue
        for keyword in ("PatientName", "PatientID"):
            value = str(ds.get(keyword, "") or "")
            if len(value) >= 6:
                values.add(value)
    return values


@pytest.fixture(scope="module")
def pydicom_run(cli, tmp_path_factory):
    work = tmp_path_factory.mktemp("pydicom-files")
    source = work / "in"
    shutil.copytree(PYDICOM_TEST_FILES, source)
    out = work / "out"
    completed = subprocess.run([str(cli), "--secret", SECRET, "--threads", "2", str(source), str(out)],
                               capture_output=True, text=True, timeout=300)
    return source, out, Run(completed)


def summary_lines(result, prefix):
    return {line.split()[1] for line in result.out.splitlines() if line.startswith(prefix)}


def test_pydicom_files_non_dicom_skipped_and_truncated_failed(pydicom_run):
    source, out, result = pydicom_run
    assert result.code in (0, 1), result
    skipped = {Path(name).name for name in summary_lines(result, "skipped ")}
    assert NOT_DICOM_NAMES <= skipped, result
    assert "DICOMDIR" in skipped
    failed = {line.split()[1].rstrip(":") for line in result.err.splitlines() if line.startswith("FAILED")}
    assert TRUNCATED_NAMES <= failed, result
    assert result.code == 1  # the truncated files


def test_pydicom_files_outputs_are_readable_and_marked(pydicom_run):
    source, out, result = pydicom_run
    written = summary_lines(result, "ok ")
    assert len(written) > 80, result
    for name in written:
        ds = pydicom.dcmread(str(out / name), stop_before_pixels=True)
        assert ds.get("PatientIdentityRemoved") == "YES", name
    assert sorted(written) == dicom_files_below(out)


def test_pydicom_files_transfer_syntax_is_kept(pydicom_run):
    source, out, result = pydicom_run
    for name in summary_lines(result, "ok "):
        before = pydicom.dcmread(str(source / name), stop_before_pixels=True, force=True)
        after = pydicom.dcmread(str(out / name), stop_before_pixels=True)
        if "TransferSyntaxUID" in getattr(before, "file_meta", {}):
            assert after.file_meta.TransferSyntaxUID == before.file_meta.TransferSyntaxUID, name


def test_reports_never_show_patient_names_or_ids(pydicom_run):
    source, out, result = pydicom_run
    text = result.out + result.err
    paths = " ".join(p.relative_to(source).as_posix() for p in source.rglob("*"))
    values = {v for v in original_identifiers(source) if v not in paths}  # dicomdirtests/<PatientID>/...
    assert values
    for value in values:
        assert value not in text


def test_leaking_files_are_not_written_unless_asked(pydicom_run, cli, tmp_path):
    source, out, result = pydicom_run
    leaking = [line.split()[1].rstrip(":") for line in result.err.splitlines()
               if line.startswith("FAILED") and "original identifying values survived" in line]
    for name in leaking:
        assert not (out / name).exists()
    if not leaking:
        pytest.skip("the engine reports no leak on pydicom's test files")
    completed = subprocess.run([str(cli), "--secret", SECRET, "--no-fail-on-leak", "--files",
                                *[str(source / n) for n in leaking], "--output-dir", str(tmp_path / "out")],
                               capture_output=True, text=True, timeout=120)
    again = Run(completed)
    assert again.code == 0, again
    assert again.out.count("LEAKS KEPT (--no-fail-on-leak) in:") == len(leaking)
    assert len(list((tmp_path / "out").iterdir())) == len(leaking)
