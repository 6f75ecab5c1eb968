"""The before-send hook of a destination (issue 10, test 7): Django is asked before the job anonymizes; a 4xx refusal
stops the job before anything is stored, with Django's reason; a 2xx answer's values feed the profile's placeholders,
so Django's case identifier becomes the anonymized Patient Name on PACScenter."""

import base64
import hashlib
import hmac

import pytest

from harness import WEBHOOK_KEY, WEBHOOK_PATH
from harness.dicom import make_study
from harness.webhooks import WEBHOOK_FAILURE_LOG

PATIENT_NAME = "Hook^Sensitive"
PATIENT_ID = "HOOK-ID-44120"


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {"Ratatoskr": {
        "Destinations": {"pacscenter": {"BeforeSend": "django", "RetryDelay": 0.5}},
        "Webhooks": {"django": {"Events": ["case.before_send", "case.delivered", "case.delivery_failed",
                                           "job.failed"], "RetrySchedule": [0, 0.5, 1]}},
    }}


def verified(request):
    """The request's Standard Webhooks signature is valid for WEBHOOK_KEY; returns its JSON."""
    signed = f"{request.headers['webhook-id']}.{request.headers['webhook-timestamp']}.".encode() + request.body
    expected = "v1," + base64.b64encode(hmac.new(WEBHOOK_KEY, signed, hashlib.sha256).digest()).decode()
    assert expected in request.headers["webhook-signature"].split(" ")
    return request.json()


def upload(orthanc, seed):
    answers = orthanc.upload_study(make_study(2, seed=seed, patient_name=PATIENT_NAME, patient_id=PATIENT_ID))
    return answers[0]["ParentStudy"]


def before_send_requests(django):
    return [r for r in django.requests_to(WEBHOOK_PATH) if r.json()["type"] == "case.before_send"]


@pytest.mark.allow_orthanc_errors("Course is full", "before-send hook", *WEBHOOK_FAILURE_LOG)
def test_a_refusal_stops_the_job_before_anything_is_stored(orthanc, django, clean_pacscenter):
    study = upload(orthanc, 7101)
    studies = orthanc.get("/studies")
    django.respond(WEBHOOK_PATH, status=403, body={"Reason": "Course is full"}, times=1)
    answer = orthanc.post(f"/ratatoskr/studies/{study}/send",
                          json={"Profile": "teaching", "Metadata": {"CourseId": "C-7"}})
    job = orthanc.wait_job(answer["ID"], timeout=60)
    assert job["State"] == "Failure"
    assert job["Content"]["FailedStep"] == "Consulting"
    assert job["Content"]["Error"] == 'the before-send hook "django" refused the case (HTTP 403): Course is full'
    assert orthanc.get("/studies") == studies          # nothing stored
    assert clean_pacscenter.get("/studies") == []      # nothing sent

    (asked,) = before_send_requests(django)
    event = verified(asked)
    data = event["data"]
    assert data["Metadata"] == {"CourseId": "C-7"}
    assert data["Modalities"] == ["CT"] and data["InstanceCount"] == 2 and data["SeriesCount"] == 1
    for value in (PATIENT_NAME, "Hook", "Sensitive", PATIENT_ID):
        assert value not in asked.text


def test_values_of_the_answer_are_written_into_the_anonymized_study(orthanc, django, clean_pacscenter):
    study = upload(orthanc, 7102)
    django.respond(WEBHOOK_PATH, status=200, body={"Metadata": {"CaseId": "CASE-77"}}, times=1)
    result = orthanc.post(f"/ratatoskr/studies/{study}/send",
                          json={"Profile": "teaching", "Metadata": {"CourseId": "C-7"}, "Synchronous": True},
                          timeout=120)
    assert result["State"] == "Success"
    assert result["Metadata"]["CaseId"] == "CASE-77"
    assert result["Delivery"]["State"] == "Delivered"
    anonymized = orthanc.get(f"/studies/{result['ResultStudy']}")
    assert anonymized["PatientMainDicomTags"]["PatientName"] == "CASE-77"
    remote = clean_pacscenter.get("/patients?expand")
    assert [p["MainDicomTags"]["PatientName"] for p in remote] == ["CASE-77"]
