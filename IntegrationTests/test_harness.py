"""Self-tests of the harness against plain Orthanc (no Ratatoskr): processes, PACScenter wiring, the Django
stand-in, test data, and cleanup when a test fails or pytest dies."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from harness import (DjangoReceiver, OrthancHttpError, OrthancProcess, OrthancStartError, PluginNotBuilt,
                     WaitTimeout, free_ports, make_study, read_dicom, wait_until)

HERE = Path(__file__).resolve().parent


# --- ports -----------------------------------------------------------------------------------------------------

def test_free_ports_are_distinct_and_bindable():
    ports = free_ports(20)
    assert len(set(ports)) == 20
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("0.0.0.0", port))


# --- Orthanc processes -----------------------------------------------------------------------------------------

def test_pacscenter_is_a_plain_orthanc_with_dicomweb(pacscenter):
    system = pacscenter.get("/system")
    assert system["Name"] == "pacscenter"
    assert system["Version"] == "1.10.1"
    assert system["HttpPort"] == pacscenter.http_port
    assert system["DicomPort"] == pacscenter.dicom_port
    assert pacscenter.get("/plugins") == ["explorer.js", "dicom-web"]
    assert pacscenter.request("GET", "/system", expected=None, session=pacscenter.anonymous).status_code == 401


def test_upload_and_qido(clean_pacscenter):
    study = make_study(3, seed=11)
    answers = clean_pacscenter.upload_study(study)
    assert [a["Status"] for a in answers] == ["Success"] * 3
    assert len(clean_pacscenter.get("/studies")) == 1
    found = clean_pacscenter.get("/dicom-web/studies")
    assert [s["0020000D"]["Value"][0] for s in found] == [read_dicom(study[0]).StudyInstanceUID]


def test_stow_from_another_orthanc_reaches_pacscenter(make_orthanc, clean_pacscenter):
    source = make_orthanc("source", with_ratatoskr=False, config_overrides={
        "DicomWeb": {"Servers": {"pacscenter": clean_pacscenter.dicomweb_server_entry()}}})
    study_id = source.upload_study(make_study(2, kind="sc"))[0]["ParentStudy"]
    job = source.post("/dicom-web/servers/pacscenter/stow", json={"Resources": [study_id], "Asynchronous": True})
    source.wait_job(job["ID"], timeout=30, expected_state="Success")
    assert len(clean_pacscenter.get("/instances")) == 2


def test_restart_keeps_storage_and_ports(make_orthanc):
    orthanc = make_orthanc("restarted", with_ratatoskr=False)
    orthanc.upload_dicom(make_study(1)[0])
    port, first_pid = orthanc.http_port, orthanc.pid
    orthanc.restart()
    assert (orthanc.http_port, len(orthanc.get("/instances"))) == (port, 1)
    assert orthanc.pid != first_pid
    assert orthanc.log_text().count("---- harness: starting restarted") == 2


def test_http_helpers_raise_with_status_and_body(pacscenter):
    with pytest.raises(OrthancHttpError) as error:
        pacscenter.get("/studies/does-not-exist")
    assert error.value.status == 404
    assert pacscenter.get("/studies/does-not-exist", expected=(200, 404)) is None  # Orthanc sends no body here
    assert pacscenter.request("GET", "/system", expected=None, session=pacscenter.anonymous).status_code == 401


def test_occupied_port_is_retried_with_new_ports(workdir, processes):
    orthanc = processes.add(OrthancProcess(workdir, "retry", with_ratatoskr=False))
    taken = orthanc.http_port
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", taken))
        blocker.listen()
        try:
            orthanc.start()
            assert orthanc.http_port != taken
            assert orthanc.get("/system")["HttpPort"] == orthanc.http_port
        finally:
            orthanc.stop()
    orthanc.allow_errors("already in use")
    assert orthanc.shutdown_problems() == []


def test_refused_configuration_gives_exit_code_and_log(make_orthanc):
    orthanc = make_orthanc("refused", with_ratatoskr=False, config_overrides={"HttpPort": "abc"}, start=False)
    code, log = orthanc.start_expecting_failure(timeout=15)
    assert code != 0
    assert 'The configuration option "HttpPort" must be an integer' in log
    assert not orthanc.running


def test_start_of_a_refused_configuration_raises_with_log_tail(make_orthanc):
    orthanc = make_orthanc("broken", with_ratatoskr=False, config_overrides={"HttpPort": "abc"}, start=False)
    with pytest.raises(OrthancStartError, match="must be an integer"):
        orthanc.start(timeout=15)


def test_start_expecting_failure_raises_when_orthanc_starts(make_orthanc):
    orthanc = make_orthanc("fine", with_ratatoskr=False, start=False)
    with pytest.raises(OrthancStartError, match="started although"):
        orthanc.start_expecting_failure(timeout=15)


def test_missing_plugin_file_is_refused_before_starting(workdir):
    with pytest.raises(PluginNotBuilt):
        OrthancProcess(workdir, "noplugin", with_ratatoskr=False, plugins=[workdir / "nonexistent.so"])


@pytest.mark.allow_orthanc_errors("Bad file format")
def test_error_lines_are_found_and_can_be_allowed(pacscenter):
    since = pacscenter.log_position()
    pacscenter.post("/instances", data=b"not dicom", expected=400)
    lines = wait_until(lambda: pacscenter.error_lines(since), timeout=5, description="an error line")
    assert "Bad file format" in lines[0]
    assert pacscenter.unexpected_error_lines(since) == lines
    pacscenter.allow_errors("Bad file format", start=since)
    assert pacscenter.unexpected_error_lines(since) == []


def test_clean_shutdown_has_no_problems(workdir):
    orthanc = OrthancProcess(workdir, "clean", with_ratatoskr=False).start()
    assert orthanc.shutdown_problems() == []
    assert orthanc.exit_code == 0


def test_kill_is_not_reported_as_a_problem(workdir):
    orthanc = OrthancProcess(workdir, "killed", with_ratatoskr=False).start()
    assert orthanc.kill() == -signal.SIGKILL
    assert orthanc.shutdown_problems() == []


# --- the Django stand-in ---------------------------------------------------------------------------------------

def test_django_records_requests_and_answers_as_programmed(django):
    django.respond("/hook", status=500, body={"error": "down"}, times=2)
    django.respond("/hook", status=202, body="accepted")
    answers = [requests.post(django.url_for("/hook?x=1"), json={"n": n}, headers={"X-Signature": f"s{n}"})
               for n in range(3)]
    assert [a.status_code for a in answers] == [500, 500, 202]
    assert answers[0].json() == {"error": "down"} and answers[2].text == "accepted"
    received = django.wait_for(3, timeout=5, path="/hook")
    assert [r.json() for r in received] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert received[1].headers["x-signature"] == "s1"
    assert received[0].query == {"x": ["1"]} and received[0].method == "POST"
    assert requests.get(django.url_for("/other")).json() == {}


def test_django_delay_drop_and_refusal(django):
    django.respond("/slow", delay=1.5)
    with pytest.raises(requests.Timeout):
        requests.get(django.url_for("/slow"), timeout=0.5)
    django.respond("/drop", drop_connection=True)
    with pytest.raises(requests.ConnectionError):
        requests.get(django.url_for("/drop"))
    django.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(django.url_for("/refused"), timeout=2)
    django.start()
    assert requests.get(django.url_for("/back")).status_code == 200


def test_django_reads_chunked_bodies_and_times_out_waiting():
    with DjangoReceiver() as receiver:
        requests.post(receiver.url_for("/chunked"), data=iter([b"ab", b"cd"]))
        assert receiver.wait_for(1)[0].body == b"abcd"
        with pytest.raises(WaitTimeout, match="expected 2"):
            receiver.wait_for(2, timeout=0.3)
        receiver.assert_quiet(0.2)


# --- test data -------------------------------------------------------------------------------------------------

def test_make_study_is_deterministic_with_a_seed():
    assert make_study(2, seed=3) == make_study(2, seed=3)
    assert make_study(2, seed=3) != make_study(2, seed=4)
    first, second = (read_dicom(d) for d in make_study(2))
    assert first.StudyInstanceUID == second.StudyInstanceUID
    assert first.SOPInstanceUID != second.SOPInstanceUID


def test_orthanc_accepts_generated_data(clean_pacscenter):
    study = make_study(4, kind="ct", series_count=2, private_tags=True, patient_name="Tester^Tina",
                       extra={"PatientWeight": "70"})
    study += make_study(1, kind="sc")
    assert {a["Status"] for a in clean_pacscenter.upload_study(study)} == {"Success"}
    assert len(clean_pacscenter.get("/series")) == 3
    tags = clean_pacscenter.get(f"/instances/{clean_pacscenter.get('/instances')[0]}/simplified-tags")
    assert tags["SOPClassUID"] in ("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.7")


# --- cleanup when things go wrong ------------------------------------------------------------------------------

def _inner_suite(tmp_path, test_source):
    """A throw-away pytest project using this conftest and harness."""
    for name in ("conftest.py", "harness", "pytest.ini"):
        (tmp_path / name).symlink_to(HERE / name)
    (tmp_path / "test_inner.py").write_text(test_source)
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]


def _is_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1].startswith("Z")  # a zombie is dead, only not yet reaped
    except FileNotFoundError:
        return True


INNER_FAILING_TEST = """
import os
def test_fails(make_orthanc):
    orthanc = make_orthanc("victim", with_ratatoskr=False)
    open(os.environ["PID_FILE"], "w").write(str(orthanc.pid))
    assert False, "on purpose"
"""

INNER_HANGING_TEST = """
import os, time
def test_hangs(make_orthanc):
    orthanc = make_orthanc("victim", with_ratatoskr=False)
    open(os.environ["PID_FILE"], "w").write(str(orthanc.pid))
    time.sleep(120)
"""


def test_orthanc_is_stopped_when_a_test_fails(tmp_path):
    pid_file = tmp_path / "pid"
    (tmp_path / "suite").mkdir()
    result = subprocess.run(_inner_suite(tmp_path / "suite", INNER_FAILING_TEST), env={**os.environ, "PID_FILE": str(pid_file)}, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "on purpose" in result.stdout
    assert "Orthanc log (victim" in result.stdout  # the log tail is attached to the failure report
    assert _is_gone(int(pid_file.read_text()))


def test_orthanc_dies_with_a_killed_pytest(tmp_path):
    pid_file = tmp_path / "pid"
    (tmp_path / "suite").mkdir()
    inner = subprocess.Popen(_inner_suite(tmp_path / "suite", INNER_HANGING_TEST),
                             env={**os.environ, "PID_FILE": str(pid_file)}, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: pid_file.exists() and pid_file.read_text(), timeout=60, description="inner Orthanc")
        orthanc_pid = int(pid_file.read_text())
        inner.kill()
        inner.wait()
        wait_until(lambda: _is_gone(orthanc_pid), timeout=30, description="Orthanc to exit with its parent")
    finally:
        if inner.poll() is None:
            inner.kill()
            inner.wait()
