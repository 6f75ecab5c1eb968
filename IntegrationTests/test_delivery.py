"""Delivery to PACScenter on real processes (issue 10, tests 1-4, 8, 9): Orthanc + DICOMweb + Ratatoskr pushing to a
second Orthanc (PACScenter) and telling the Django stand-in by signed webhooks. Schedules are shrunk through the
configuration; PACScenter is stopped, refused or Orthanc killed for real. Webhook outbox behaviour (410, 429, 500,
timeouts, Django down across a restart) is in test_delivery_webhooks.py."""

import json
import time
from urllib.parse import quote

import pytest

from harness import WEBHOOK_PATH, free_port, wait_until
from harness.delivery import (assert_no_identifying_value, delivery, outbox_entries, pacscenter_sop_uids,
                              plan_batches, result_sop_uids, upload_source, wait_delivery, wait_outbox_entry)
from harness.webhooks import events, webhook_id

COURSE_ID = "course-42"
VIEWER_URL = "https://pacs.example/viewer?StudyInstanceUIDs={StudyInstanceUID}&delivery={DeliveryId}"
WRONG_PASSWORD = "not-the-pacs-password"
BATCH_MAX_BYTES = 65536
RETRIES = {"RetryDelay": 0.5, "MaxRetryDelay": 2}

# Error lines of Orthanc and its DICOMweb plugin (not Ratatoskr's) when a STOW-RS job or the plugin's /get cannot reach
# the server, or is refused by it: the delivery turns them into its LastError, so they are expected in those tests.
DICOMWEB_DOWN = (r"Couldn't connect to server", r"Error in the network protocol")
DICOMWEB_REFUSED = (r"Bad credentials were provided to an HTTP request", r"received HTTP status 401 \(Unauthorized\)")


@pytest.fixture(scope="module")
def orthanc_overrides(pacscenter):
    pacs = pacscenter.dicomweb_server_entry()
    return {
        "DicomWeb": {"Servers": {
            "pacs-refusing": pacs,                              # its password is broken by PUT in a test
            "pacs-timeout": dict(pacs, Timeout=3),              # one request must end within 3 s
            "nowhere": {"Url": f"http://127.0.0.1:{free_port()}/dicom-web/"},  # nothing listens there
        }},
        "Ratatoskr": {
            "Destinations": {
                "pacscenter": dict(RETRIES, Attempts=8, ViewerUrl=VIEWER_URL),
                "refusing": dict(RETRIES, DicomWebServer="pacs-refusing", Webhooks=["django"], Attempts=2,
                                 BatchMaxInstances=2),
                "one-by-one": dict(RETRIES, DicomWebServer="pacscenter", Webhooks=["django"], Attempts=4,
                                   BatchMaxInstances=1, ParallelBatches=1),
                "small-batches": dict(RETRIES, DicomWebServer="pacs-timeout", Webhooks=["django"], Attempts=3,
                                      BatchMaxBytes=BATCH_MAX_BYTES, ParallelBatches=2),
                "nowhere": {"DicomWebServer": "nowhere", "Attempts": 1000, "RetryDelay": 60},
            },
            "Webhooks": {"django": {"RetrySchedule": [0, 0.5, 1, 1, 1, 1], "Timeout": 2}},
        },
    }


def send(orthanc, study, destination, synchronous, course=COURSE_ID):
    body = {"Destination": destination, "Metadata": {"CourseId": course}, "Synchronous": synchronous}
    return orthanc.post(f"/ratatoskr/studies/{study}/send", json=body)


def anonymize(orthanc, study):
    answer = orthanc.post(f"/ratatoskr/studies/{study}/anonymize",
                          json={"Synchronous": True, "Metadata": {"CourseId": COURSE_ID}})
    assert answer["State"] == "Success", answer
    return answer


def deliver(orthanc, study, destination, synchronous=False, expected=200):
    return orthanc.post(f"/ratatoskr/studies/{study}/deliver",
                        json={"Destination": destination, "Synchronous": synchronous}, expected=expected)


def case_events(django, delivery_id, event_type):
    return events(django, WEBHOOK_PATH, event_type, DeliveryId=delivery_id)


def wait_case_event(django, delivery_id, event_type, timeout=15):
    return wait_until(lambda: case_events(django, delivery_id, event_type), timeout=timeout,
                      description=f"{event_type} of {delivery_id}")


def case_outbox(orthanc, delivery_id):
    return [e for e in outbox_entries(orthanc, webhook="django") if e["OrderingKey"] == delivery_id]


def assert_each_instance_once(pacscenter, d, expected_uids):
    held = pacscenter_sop_uids(pacscenter, d["StudyInstanceUID"])
    assert held == sorted(expected_uids), f"PACScenter holds {held}, expected each of {sorted(expected_uids)} once"
    assert d["ConfirmedCount"] == d["InstanceCount"] == len(expected_uids)
    assert all(i["Confirmed"] for i in d["Instances"])


def put_pacs_server(orthanc, pacscenter, name, password):
    entry = pacscenter.dicomweb_server_entry(Password=password)
    orthanc.put(f"/dicom-web/servers/{name}", json=entry)


# --- 1. end to end ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("synchronous", [False, True], ids=["async", "synchronous"])
def test_study_sent_end_to_end(orthanc, clean_pacscenter, django, synchronous):
    source = upload_source(orthanc, 4, seed=1100 + synchronous)
    answer = send(orthanc, source.study, "pacscenter", synchronous)
    if synchronous:
        # The HTTP call waited for the job and for the delivery (no job worker did).
        assert answer["State"] == "Success" and answer["Type"] == "AnonymizeAndSend"
        assert answer["Delivery"]["State"] == "Delivered" and answer["Delivery"]["ID"] == answer["DeliveryId"]
        job_id, result_study = answer["ID"], answer["ResultStudy"]
    else:
        assert answer["DeliveryId"].startswith("dlv_")
        assert answer["DeliveryPath"] == "/ratatoskr/deliveries/" + answer["DeliveryId"]
        job_id = answer["ID"]
        result_study = orthanc.wait_job(job_id, expected_state="Success")["Content"]["ResultStudy"]
        assert orthanc.get(f"/ratatoskr/jobs/{job_id}")["DeliveryId"] == answer["DeliveryId"]
    delivery_id = answer["DeliveryId"]
    d = wait_delivery(orthanc, delivery_id)

    assert d["Destination"] == "pacscenter" and d["Study"] == result_study and d["JobId"] == job_id
    assert d["Attempts"] == 1 and d["LastError"] is None and d["VerificationTime"] and d["NextAttemptTime"] is None
    assert d["RemoteInstanceCount"] == 4
    assert all(b["State"] == "Sent" for b in d["Batches"]) and sum(b["InstanceCount"] for b in d["Batches"]) == 4
    expected_uids = result_sop_uids(orthanc, result_study)
    assert not set(expected_uids) & source.uids
    assert_each_instance_once(clean_pacscenter, d, expected_uids)
    assert any(s["ID"] == delivery_id and s["State"] == "Delivered" for s in orthanc.get("/ratatoskr/deliveries"))

    # Django hears of it once, signed, with the course and the viewer URL, and nothing of the patient.
    request, envelope = wait_case_event(django, delivery_id, "case.delivered")[0]
    data = envelope["data"]
    assert data["StudyInstanceUID"] == d["StudyInstanceUID"] and data["Destination"] == "pacscenter"
    assert data["InstanceCount"] == 4 and data["JobId"] == job_id and data["Attempts"] == 1
    assert data["Metadata"]["CourseId"] == COURSE_ID
    assert data["ViewerUrl"] == VIEWER_URL.format(StudyInstanceUID=quote(d["StudyInstanceUID"]),
                                                  DeliveryId=delivery_id)
    assert data["KeyId"] == orthanc.get("/ratatoskr/system")["KeyId"]
    assert data["Profile"]["Name"] and data["Profile"]["Version"] and data["Profile"]["Hash"]
    assert_no_identifying_value(request.text + json.dumps(dict(request.headers)), source)

    entries = case_outbox(orthanc, delivery_id)
    assert [(e["ID"], e["Event"], e["State"], e["Attempts"], e["LastHttpStatus"]) for e in entries] == \
        [(webhook_id(request), "case.delivered", "Delivered", 1, 200)]
    assert orthanc.get(f"/ratatoskr/webhooks/deliveries/{webhook_id(request)}")["Payload"] == envelope
    assert len(case_events(django, delivery_id, None)) == 1  # the outbox is done with it: no second request comes


# --- 2. PACScenter down, then back -----------------------------------------------------------------------------

@pytest.mark.allow_orthanc_errors(*DICOMWEB_DOWN)
def test_pacscenter_down_then_back(orthanc, clean_pacscenter, django):
    source = upload_source(orthanc, 3, seed=1200)
    pacscenter = clean_pacscenter
    pacscenter.stop()
    try:
        answer = send(orthanc, source.study, "pacscenter", synchronous=True)
        first = answer["Delivery"]
        # The synchronous answer comes back after the first failed attempt, saying why and when the next one is.
        assert first["State"] == "Pending" and first["Attempts"] == 1, first
        assert first["LastError"] and first["NextAttemptTime"]
        assert any(b["State"] == "Failed" and b["Error"] for b in first["Batches"])
        wait_until(lambda: delivery(orthanc, first["ID"])["Attempts"] >= 2, timeout=15,
                   description="a second failed attempt")
        between = delivery(orthanc, first["ID"])
        assert between["State"] in ("Pending", "Sending", "Verifying") and between["LastError"]
    finally:
        pacscenter.start()
    d = wait_delivery(orthanc, first["ID"])
    assert d["Attempts"] >= 2 and d["LastError"] is None
    assert_each_instance_once(pacscenter, d, result_sop_uids(orthanc, answer["ResultStudy"]))
    (request, envelope), = wait_case_event(django, d["ID"], "case.delivered")
    assert envelope["data"]["Attempts"] == d["Attempts"]
    assert not case_events(django, d["ID"], "case.delivery_failed")


# --- 3. PACScenter refusing: Failed with the reason, credentials fixed, retry sends what is missing -------------

@pytest.mark.allow_orthanc_errors(*DICOMWEB_REFUSED)
def test_refused_then_fixed_and_retried(orthanc, clean_pacscenter, django):
    pacscenter = clean_pacscenter
    source = upload_source(orthanc, 6, seed=1300)
    put_pacs_server(orthanc, pacscenter, "pacs-refusing", WRONG_PASSWORD)
    try:
        answer = send(orthanc, source.study, "refusing", synchronous=True)
        d = wait_delivery(orthanc, answer["DeliveryId"], expected="Failed")
    finally:
        put_pacs_server(orthanc, pacscenter, "pacs-refusing", pacscenter.password)
    assert d["Attempts"] == 2 and d["NextAttemptTime"] is None and d["ConfirmedCount"] == 0
    # The reason in words, from the STOW job's content (FunctionErrorDescription), not "plugin engine" noise.
    assert "Bad credentials" in d["LastError"], d["LastError"]
    assert all(b["State"] == "Failed" and "Bad credentials" in b["Error"] for b in d["Batches"]), d["Batches"]
    failed = wait_case_event(django, d["ID"], "case.delivery_failed")
    assert len(failed) == 1
    data = failed[0][1]["data"]
    assert "Bad credentials" in data["Error"] and data["Attempts"] == 2 and data["InstancesOnDestination"] == 0
    assert data["Metadata"]["CourseId"] == COURSE_ID
    assert_no_identifying_value(failed[0][0].text, source)

    # Two of the six reached PACScenter some other way meanwhile (say, a batch that got through earlier).
    expected_uids = result_sop_uids(orthanc, answer["ResultStudy"])
    instances = orthanc.get(f"/studies/{answer['ResultStudy']}/instances")
    for instance in instances[:2]:
        pacscenter.upload_dicom(orthanc.request("GET", f"/instances/{instance['ID']}/file").content)

    # Credentials were fixed above through the DICOMweb plugin's route; the admin retries.
    retried = orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/retry", json={})
    assert retried["State"] == "Pending" and retried["Attempts"] == 0
    d = wait_delivery(orthanc, d["ID"])
    assert d["Attempts"] == 1
    # Only what was missing went out: the new STOW jobs carry four instances, not six.
    assert sum(b["InstanceCount"] for b in d["Batches"]) == 4, d["Batches"]
    assert all(b["State"] == "Sent" for b in d["Batches"])
    assert_each_instance_once(pacscenter, d, expected_uids)
    (request, envelope), = wait_case_event(django, d["ID"], "case.delivered")
    assert envelope["data"]["InstanceCount"] == 6
    orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/retry", json={}, expected=409)


# --- 4. Orthanc killed between two batches ---------------------------------------------------------------------

# A STOW request cut short by the kill: PACScenter's DICOMweb plugin logs the broken upload.
@pytest.mark.allow_orthanc_errors(r"Exception while invoking plugin service 2000: Error in the network protocol",
                                  r"has not sent the proper number of bytes")
def test_killed_between_batches_resumes(orthanc, clean_pacscenter, django):
    pacscenter = clean_pacscenter
    source = upload_source(orthanc, 8, seed=1400, rows=64, columns=64)
    answer = send(orthanc, source.study, "one-by-one", synchronous=False)
    delivery_id = answer["DeliveryId"]
    result_study = orthanc.wait_job(answer["ID"], expected_state="Success")["Content"]["ResultStudy"]
    expected_uids = result_sop_uids(orthanc, result_study)

    def part_sent():
        d = orthanc.get(f"/ratatoskr/deliveries/{delivery_id}", expected=(200, 404))
        states = [b["State"] for b in d.get("Batches", [])]
        return d if "Sent" in states and "Pending" in states else None

    before = wait_until(part_sent, timeout=20, interval=0.02, description="some batches Sent, some Pending")
    orthanc.kill()
    orthanc.start()

    d = wait_delivery(orthanc, delivery_id, timeout=60)  # the restart releases what the killed process had claimed
    assert_each_instance_once(pacscenter, d, expected_uids)
    sent_before = {b["Number"]: b["StowJob"] for b in before["Batches"] if b["State"] == "Sent"}
    if d["Attempts"] == 1:
        # Same attempt: the batches sent before the kill were not posted again, the one in flight (its STOW job
        # vanished with the process) was verified on PACScenter instead.
        after = {b["Number"]: b for b in d["Batches"]}
        assert all(after[n]["StowJob"] == job and after[n]["State"] == "Sent" for n, job in sent_before.items())
        assert len(d["Batches"]) == 8
        if any(b["State"] == "Sending" for b in before["Batches"]):
            assert any(b["State"] == "Unknown" for b in d["Batches"]) or len(sent_before) == 8
    else:
        assert sum(b["InstanceCount"] for b in d["Batches"]) < 8  # the second attempt sent only what was missing
    delivered = wait_case_event(django, delivery_id, "case.delivered")
    wait_outbox_entry(orthanc, webhook_id(delivered[0][0]))
    ids = {webhook_id(r) for r, _ in case_events(django, delivery_id, "case.delivered")}
    assert len(ids) == 1, ids


# --- 8. only Ratatoskr's studies leave; /deliver does not anonymize again -------------------------------------

def test_deliver_refuses_studies_not_produced_by_ratatoskr(orthanc, clean_pacscenter):
    pacscenter = clean_pacscenter
    raw = upload_source(orthanc, 2, seed=1800)
    before = orthanc.get("/ratatoskr/deliveries")
    error = deliver(orthanc, raw.study, "pacscenter", expected=400)
    assert error["HttpStatus"] == 400
    assert f"Study {raw.study} was not produced by Ratatoskr" in error["Message"]
    assert "only studies anonymized by Ratatoskr are delivered" in error["Message"]
    # Orthanc's own anonymizer sets PatientIdentityRemoved too, but not Ratatoskr's stamp: refused as well.
    other = orthanc.post(f"/studies/{raw.study}/anonymize", json={"Synchronous": True})["ID"]
    assert "was not produced by Ratatoskr" in deliver(orthanc, other, "pacscenter", expected=400)["Message"]
    # The synchronous form refuses the same way, before anything is created.
    deliver(orthanc, raw.study, "pacscenter", synchronous=True, expected=400)
    assert orthanc.get("/ratatoskr/deliveries") == before
    assert pacscenter.get("/studies") == []
    assert_no_identifying_value(json.dumps(error), raw, "error answer", with_orthanc_id=False)

    # Unknown study, unknown destination, bad body.
    assert deliver(orthanc, "no-such-study", "pacscenter", expected=404)["Message"] == "Unknown study \"no-such-study\""
    assert deliver(orthanc, raw.study, "atlantis", expected=400)["Message"] == "Unknown destination \"atlantis\""
    bad = orthanc.post(f"/ratatoskr/studies/{raw.study}/deliver", json={"Destination": "pacscenter",
                                                                       "Synchronous": "yes"}, expected=400)
    assert bad["Message"] == "\"Synchronous\" must be true or false"
    assert orthanc.post(f"/ratatoskr/studies/{raw.study}/deliver", json={"Destination": 3},
                        expected=400)["Message"] == "\"Destination\" must be a string"
    several = orthanc.post(f"/ratatoskr/studies/{raw.study}/deliver", json={}, expected=400)
    assert several["Message"] == "\"Destination\" is required" and "pacscenter" in several["Details"]
    assert pacscenter.get("/studies") == []


def test_deliver_sends_an_anonymized_study_as_it_is(orthanc, clean_pacscenter, django):
    pacscenter = clean_pacscenter
    source = upload_source(orthanc, 3, seed=1810)
    anonymized = anonymize(orthanc, source.study)
    result = anonymized["ResultStudy"]
    instances_before = sorted(i["ID"] for i in orthanc.get(f"/studies/{result}/instances"))
    jobs_before = {j["ID"] for j in orthanc.get("/jobs", params={"expand": ""}) if j["Type"] == "RatatoskrAnonymization"}

    d = deliver(orthanc, result, "pacscenter", synchronous=True)
    assert d["State"] == "Delivered" and d["Study"] == result
    assert d["JobId"] == anonymized["ID"]  # the job that made the study, found through its metadata
    assert_each_instance_once(pacscenter, d, result_sop_uids(orthanc, result))
    # Nothing was anonymized again: no new anonymization job, the same instances, the same UIDs on PACScenter.
    jobs_after = {j["ID"] for j in orthanc.get("/jobs", params={"expand": ""}) if j["Type"] == "RatatoskrAnonymization"}
    assert not jobs_after - jobs_before  # (the STOW jobs may push older ones out of Orthanc's job history)
    assert sorted(i["ID"] for i in orthanc.get(f"/studies/{result}/instances")) == instances_before
    (request, envelope), = wait_case_event(django, d["ID"], "case.delivered")
    assert envelope["data"]["Metadata"]["CourseId"] == COURSE_ID  # from the job's audit

    # Delivered again (a redelivery): a new delivery, still each instance once on PACScenter.
    again = deliver(orthanc, result, "pacscenter", synchronous=True)
    assert again["State"] == "Delivered" and again["ID"] != d["ID"]
    assert_each_instance_once(pacscenter, again, result_sop_uids(orthanc, result))


# --- 9. a study larger than one request ------------------------------------------------------------------------

def test_large_study_goes_in_bounded_batches(orthanc, clean_pacscenter, django):
    pacscenter = clean_pacscenter
    source = upload_source(orthanc, 9, seed=1900, rows=96, columns=96)
    result = anonymize(orthanc, source.study)["ResultStudy"]
    sizes = {i["ID"]: orthanc.get(f"/instances/{i['ID']}")["FileSize"]
             for i in orthanc.get(f"/studies/{result}/instances")}
    assert sum(sizes.values()) > 2 * BATCH_MAX_BYTES  # the study needs several requests

    created = deliver(orthanc, result, "small-batches")
    d = wait_delivery(orthanc, created["ID"])
    assert d["Attempts"] == 1 and d["RemoteInstanceCount"] == 9
    planned = plan_batches([sizes[i["ID"]] for i in d["Instances"]], 50, BATCH_MAX_BYTES)
    assert len(d["Batches"]) == len(planned) >= 3
    assert [b["InstanceCount"] for b in d["Batches"]] == [len(p) for p in planned]
    for batch in planned:
        assert len(batch) == 1 or sum(sizes[d["Instances"][i]["ID"]] for i in batch) <= BATCH_MAX_BYTES
    assert all(b["State"] == "Sent" and b["StowJob"] for b in d["Batches"])
    assert len({b["StowJob"] for b in d["Batches"]}) == len(planned)  # one fresh STOW job per batch
    assert_each_instance_once(pacscenter, d, result_sop_uids(orthanc, result))
    wait_case_event(django, d["ID"], "case.delivered")


# --- steering: cancel, retry, unknown ids, filters -------------------------------------------------------------

@pytest.mark.allow_orthanc_errors(*DICOMWEB_DOWN)
def test_cancel_and_retry_of_a_pending_delivery(orthanc, clean_pacscenter):
    source = upload_source(orthanc, 2, seed=2000)
    result = anonymize(orthanc, source.study)["ResultStudy"]
    d = deliver(orthanc, result, "nowhere", synchronous=True)
    assert d["State"] == "Pending" and d["Attempts"] == 1 and d["LastError"] and d["NextAttemptTime"]
    orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/retry", json={}, expected=409)  # not Failed nor Canceled

    canceled = orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/cancel", json={})
    assert canceled["State"] == "Canceled" and canceled["NextAttemptTime"] is None
    assert canceled["LastError"] == "canceled by an admin"
    assert delivery(orthanc, d["ID"])["State"] == "Canceled"
    again = orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/cancel", json={}, expected=409)
    assert "nothing to cancel" in again["Message"]
    assert any(s["ID"] == d["ID"] for s in orthanc.get("/ratatoskr/deliveries", params={"state": "Canceled"}))
    assert not any(s["ID"] == d["ID"] for s in orthanc.get("/ratatoskr/deliveries", params={"state": "Pending"}))

    retried = orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/retry", json={})
    assert retried["State"] == "Pending" and retried["Attempts"] == 0
    wait_until(lambda: delivery(orthanc, d["ID"])["Attempts"] >= 1, timeout=10, description="the retried attempt")
    assert orthanc.post(f"/ratatoskr/deliveries/{d['ID']}/cancel", json={})["State"] == "Canceled"
    assert clean_pacscenter.get("/studies") == []

    delivered = deliver(orthanc, result, "pacscenter", synchronous=True)
    assert delivered["State"] == "Delivered"
    assert "nothing to cancel" in orthanc.post(f"/ratatoskr/deliveries/{delivered['ID']}/cancel", json={},
                                               expected=409)["Message"]


def test_cancel_while_batches_are_in_flight(orthanc, clean_pacscenter):
    source = upload_source(orthanc, 8, seed=2010)
    result = anonymize(orthanc, source.study)["ResultStudy"]
    created = deliver(orthanc, result, "one-by-one")

    def sending():
        d = delivery(orthanc, created["ID"])
        return d if any(b["State"] == "Sent" for b in d["Batches"]) else None

    wait_until(sending, timeout=20, interval=0.02, description="a first batch sent")
    canceled = orthanc.post(f"/ratatoskr/deliveries/{created['ID']}/cancel", json={})
    assert canceled["State"] == "Canceled"
    posted = {b["StowJob"] for b in canceled["Batches"] if b["StowJob"]}
    # The worker, which may have been inside a step of this delivery, does not bring it back to life: no
    # further STOW job is posted, PACScenter gets no more than was in flight.
    for job in posted:
        orthanc.wait_job(job)
    time.sleep(1)  # two of the worker's polls of this delivery, had it kept it
    after = delivery(orthanc, created["ID"])
    assert after["State"] == "Canceled" and {b["StowJob"] for b in after["Batches"] if b["StowJob"]} == posted
    assert len(pacscenter_sop_uids(clean_pacscenter, after["StudyInstanceUID"])) <= len(posted) < 8


def test_unknown_ids_and_bad_filters(orthanc):
    for method, path in [("GET", "/ratatoskr/deliveries/dlv_0000"),
                         ("POST", "/ratatoskr/deliveries/dlv_0000/retry"),
                         ("POST", "/ratatoskr/deliveries/dlv_0000/cancel"),
                         ("GET", "/ratatoskr/webhooks/deliveries/msg_0000"),
                         ("POST", "/ratatoskr/webhooks/deliveries/msg_0000/retry"),
                         ("POST", "/ratatoskr/webhooks/atlantis/test"),
                         ("POST", "/ratatoskr/webhooks/atlantis/enable")]:
        kwargs = {"json": {}} if method == "POST" else {}
        error = orthanc.request(method, path, expected=404, **kwargs).json()
        assert error["HttpStatus"] == 404 and "Unknown" in error["Message"], (path, error)
    assert orthanc.get("/ratatoskr/deliveries/dlv_0000", expected=404)["Message"] == "Unknown delivery \"dlv_0000\""
    assert orthanc.post("/ratatoskr/webhooks/atlantis/test", json={}, expected=404)["Details"] == ["django"]

    bad = orthanc.get("/ratatoskr/deliveries", params={"state": "Lost"}, expected=400)
    assert bad["Message"] == "Unknown state \"Lost\""
    assert bad["Details"] == ["Pending", "Sending", "Verifying", "Delivered", "Failed", "Canceled"]
    bad = orthanc.get("/ratatoskr/webhooks/deliveries", params={"state": "Sending"}, expected=400)
    assert bad["Message"] == "Unknown state \"Sending\"" and bad["Details"] == ["Pending", "Delivered", "Failed",
                                                                                "Disabled"]
    for path in ("/ratatoskr/deliveries", "/ratatoskr/webhooks/deliveries"):
        for limit in ("0", "1001", "-1", "many"):
            orthanc.get(path, params={"limit": limit}, expected=400)
        orthanc.get(path, params={"since": "x"}, expected=400)
        assert orthanc.get(path, params={"state": "Delivered", "limit": 1}) is not None
