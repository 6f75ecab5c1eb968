"""The product end to end with the real parts: a study sent by the plugin reaches PACScenter (a second Orthanc),
is verified there, and the Django example of Resources/Django (Debian's python3-django) receives the signed
case.delivered, verifies it with the standard library and records the case with its course, once."""

import pytest

from harness import WEBHOOK_SECRET
from harness.dicom import make_study
from harness.django_example import WEBHOOK_PATH, DjangoExample, django_version
from harness.waiting import wait_until


@pytest.fixture(scope="module")
def django_example(tmp_path_factory):
    django_version()
    example = DjangoExample(tmp_path_factory.mktemp("django-example"), WEBHOOK_SECRET).start()
    try:
        yield example
    finally:
        example.stop()


@pytest.fixture(scope="module")
def orthanc_overrides(django_example):
    return {"Ratatoskr": {
        "Destinations": {"pacscenter": {"ViewerUrl": "https://pacs.example/viewer?StudyInstanceUIDs={StudyInstanceUID}"}},
        "Webhooks": {"django": {"Url": django_example.url_for(WEBHOOK_PATH)}},
    }}


def test_a_sent_case_lands_in_its_course_in_django(orthanc, clean_pacscenter, django_example):
    answers = orthanc.upload_study(make_study(3, seed=8801, patient_name="Endto^End", patient_id="E2E-PID-9"))
    study = answers[0]["ParentStudy"]
    result = orthanc.post(f"/ratatoskr/studies/{study}/send",
                          json={"Profile": "teaching", "Metadata": {"CourseId": "RAD-101"}, "Synchronous": True},
                          timeout=120)
    delivery = result["Delivery"]
    assert delivery["State"] == "Delivered" and delivery["ConfirmedCount"] == 3

    uid = delivery["StudyInstanceUID"]
    remote = clean_pacscenter.post("/tools/find", json={"Level": "Study", "Query": {"StudyInstanceUID": uid}})
    assert len(remote) == 1 and len(clean_pacscenter.get(f"/studies/{remote[0]}/instances")) == 3

    wait_until(lambda: any(c["StudyInstanceUID"] == uid for c in django_example.cases()), timeout=30,
               description="Django to record the case")
    (case,) = [c for c in django_example.cases() if c["StudyInstanceUID"] == uid]
    assert case["CourseId"] == "RAD-101"
    outbox = orthanc.get("/ratatoskr/webhooks/deliveries?webhook=django")
    delivered = [e for e in outbox if e["Event"] == "case.delivered" and e["State"] == "Delivered"]
    assert case["WebhookId"] in [e["ID"] for e in delivered]
    assert [e["WebhookId"] for e in django_example.events()].count(case["WebhookId"]) == 1
