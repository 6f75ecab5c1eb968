"""The plugin's SQLite database held by another process (`BEGIN EXCLUSIVE`, as a backup tool or an admin's query can
do): requests get a clear 503, a running job fails with a clear error instead of taking Orthanc down (it used to
abort with an uncaught OrthancException), reads go on, and a retry after the lock is released succeeds."""

import sqlite3
import time

import pytest

from harness.dicom import make_study

LOCKED = "locked by another process"


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {"Ratatoskr": {"ConcurrentInstances": 1}}


class HeldLock:
    """BEGIN EXCLUSIVE on the plugin's database from this (another) process."""

    def __init__(self, path):
        self.connection = sqlite3.connect(str(path), isolation_level=None, timeout=10)
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def database(orthanc):
    return orthanc.storage_directory / "ratatoskr.db"


def upload(orthanc, n, seed):
    return orthanc.upload_study(make_study(n, seed=seed))[0]["ParentStudy"]


def wait_for(predicate, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.allow_orthanc_errors("cannot save the audit", LOCKED)
def test_a_request_while_the_database_is_locked_gets_a_clear_503(orthanc):
    study = upload(orthanc, 1, seed=6101)
    jobs = orthanc.get("/jobs")
    lock = HeldLock(database(orthanc))
    try:
        error = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic"}, expected=503)
        assert error["HttpStatus"] == 503
        assert error["Message"].startswith("The plugin's database is busy: the plugin's database ")
        assert LOCKED in error["Message"]
        assert orthanc.get("/jobs") == jobs  # no job started
        # Orthanc and the plugin's reads keep serving.
        assert orthanc.get("/system")["Version"]
        assert isinstance(orthanc.get("/ratatoskr/jobs"), list)
        assert orthanc.get("/ratatoskr/system")["Storage"]["Type"] == "SQLite"
    finally:
        lock.release()
    job = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic", "Synchronous": True})
    assert job["State"] == "Success"


@pytest.mark.allow_orthanc_errors("cannot save the audit", LOCKED)
def test_a_job_running_while_the_database_is_locked_fails_clearly_and_resubmits(orthanc):
    study = upload(orthanc, 30, seed=6102)
    job_id = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic"})["ID"]
    orthanc.post(f"/jobs/{job_id}/pause", json={})
    wait_for(lambda: orthanc.get(f"/jobs/{job_id}")["State"] in ("Paused", "Success"), what="the job to pause")
    if orthanc.get(f"/jobs/{job_id}")["State"] == "Success":
        pytest.fail("the job ended before it could be paused: make the study larger")

    lock = HeldLock(database(orthanc))
    try:
        orthanc.post(f"/jobs/{job_id}/resume", json={})
        job = orthanc.wait_job(job_id, timeout=120)
        assert job["State"] == "Failure"
        assert job["Content"]["Error"].startswith("the plugin's database refused the job's record: ")
        assert LOCKED in job["Content"]["Error"]
        assert orthanc.running and orthanc.get("/system")["Version"]
    finally:
        lock.release()

    orthanc.post(f"/jobs/{job_id}/resubmit", json={})
    job = orthanc.wait_job(job_id, timeout=120, expected_state="Success")
    result = job["Content"]["ResultStudy"]
    assert len(orthanc.get(f"/studies/{result}/instances")) == 30
    wait_for(lambda: orthanc.get(f"/ratatoskr/jobs/{job_id}")["State"] == "Success", what="the audit")
