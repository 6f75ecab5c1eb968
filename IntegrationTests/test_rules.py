"""Lua-free rules: a study that becomes stable and matches a rule starts a job by itself."""

import time

import pytest

from harness.dicom import make_study


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {
        "StableAge": 1,
        "Ratatoskr": {
            "Rules": [
                {"Name": "from-sender", "CallingAet": "SENDER*", "Profile": "basic",
                 "Metadata": {"CourseId": "course-12"}},
                {"Name": "by-description", "Tags": {"StudyDescription": "*teaching file*"}, "Profile": "teaching"},
            ]
        },
    }


def jobs_for(orthanc, study):
    return [j for j in orthanc.get("/ratatoskr/jobs") if j["SourceStudy"] == study]


def wait_for_job(orthanc, study, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = jobs_for(orthanc, study)
        if jobs:
            return orthanc.wait_job(jobs[0]["ID"], expected_state="Success")
        time.sleep(0.2)
    raise AssertionError(f"no job started for study {study}")


def test_cstore_from_a_known_sender_starts_the_rule_job(orthanc, make_orthanc):
    sender = make_orthanc("sender", with_ratatoskr=False, with_dicomweb=False, config_overrides={
        "DicomModalities": {"target": [orthanc.config["DicomAet"], "127.0.0.1", orthanc.dicom_port]}})
    answers = sender.upload_study(make_study(3, seed=3001, study_description="routine"))
    sender_study = answers[0]["ParentStudy"]
    sender.post("/modalities/target/store", json={"Resources": [sender_study], "Synchronous": True})

    target_study = next(s for s in orthanc.get("/studies")
                        if orthanc.get(f"/studies/{s}")["MainDicomTags"]["StudyInstanceUID"]
                        == sender.get(f"/studies/{sender_study}")["MainDicomTags"]["StudyInstanceUID"])
    job = wait_for_job(orthanc, target_study)
    assert job["Content"]["Origin"] == "Rule from-sender"
    assert job["Content"]["Profile"] == "basic"
    audit = orthanc.get(f"/ratatoskr/jobs/{job['ID']}")
    assert audit["Metadata"] == {"CourseId": "course-12"}

    # The anonymized result becomes stable too, but never triggers a rule.
    time.sleep(3)
    assert jobs_for(orthanc, job["Content"]["ResultStudy"]) == []


def test_tag_rule_and_no_rule(orthanc):
    matching = orthanc.upload_study(make_study(1, seed=3002, study_description="My Teaching File 7"))[0]["ParentStudy"]
    job = wait_for_job(orthanc, matching)
    assert job["Content"]["Origin"] == "Rule by-description"
    assert job["Content"]["Profile"] == "teaching"

    other = orthanc.upload_study(make_study(1, seed=3003, study_description="routine"))[0]["ParentStudy"]
    time.sleep(3)
    assert jobs_for(orthanc, other) == []
