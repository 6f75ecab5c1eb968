"""The plugin's metrics in Orthanc's own Prometheus endpoint (GET /tools/metrics-prometheus): listed from the start,
counting failed deliveries, failed and disabled webhook events and failed jobs, back to 0 pending once things went
out, and quiet while Orthanc's metrics are disabled. Polls only: the plugin refreshes them every few seconds."""

import time

import pytest

from harness import WEBHOOK_SECRET, make_study
from harness.waiting import WaitTimeout
from harness.webhooks import WEBHOOK_FAILURE_LOG

METRICS = [
    "ratatoskr_deliveries_pending", "ratatoskr_deliveries_failed", "ratatoskr_deliveries_oldest_pending_seconds",
    "ratatoskr_webhook_events_pending", "ratatoskr_webhook_events_failed", "ratatoskr_webhook_events_disabled",
    "ratatoskr_webhook_events_oldest_pending_seconds", "ratatoskr_jobs_running", "ratatoskr_jobs_failed",
]
METRICS_TIMEOUT = 30  # the plugin refreshes every 5 s


@pytest.fixture(scope="module")
def orthanc_overrides(pacscenter, django_receiver):
    def webhook(path, **extra):
        return {"Url": django_receiver.url_for(path), "Secret": WEBHOOK_SECRET, "Timeout": 5, **extra}

    return {
        # PACScenter behind a wrong password: every STOW answers 401.
        "DicomWeb": {"Servers": {"wrongpassword": pacscenter.dicomweb_server_entry(Password="not-the-password")}},
        "Ratatoskr": {
            "Destinations": {"wrongpassword": {"DicomWebServer": "wrongpassword", "Webhooks": ["django"],
                                               "Attempts": 1, "RetryDelay": 0.1}},
            "Webhooks": {
                "broken": webhook("/broken", RetrySchedule=[0, 0.1]),  # gives up after two quick attempts
                "gone": webhook("/gone"),
                "later": webhook("/later", RetrySchedule=[0, 3600]),   # a failed attempt waits an hour
            },
        },
    }


def scrape(orthanc):
    """The samples of /tools/metrics-prometheus: {name: (value, timestamp in ms)}."""
    response = orthanc.request("GET", "/tools/metrics-prometheus")
    samples = {}
    for line in response.text.splitlines():
        if line and not line.startswith("#"):
            name, value, *timestamp = line.split()
            samples[name] = (float(value), int(timestamp[0]) if timestamp else None)
    return samples


def values(orthanc):
    return {name: value for name, (value, _) in scrape(orthanc).items() if name.startswith("ratatoskr_")}


def wait_metrics(orthanc, timeout=METRICS_TIMEOUT, **expected):
    """Poll until each ratatoskr_<key> has its expected value (a number, or a predicate); return all values."""
    def matches(current):
        for key, wanted in expected.items():
            value = current.get("ratatoskr_" + key)
            if value is None or not (wanted(value) if callable(wanted) else value == wanted):
                return False
        return True

    deadline = time.monotonic() + timeout
    while True:
        current = values(orthanc)
        if matches(current):
            return current
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"metrics not as expected ({expected}) after {timeout} s: {current}")
        time.sleep(0.25)


def upload(orthanc, seed):
    answers = orthanc.upload_study(make_study(2, seed=seed))
    return answers[0]["ParentStudy"]


def send(orthanc, study, destination):
    return orthanc.post(f"/ratatoskr/studies/{study}/send",
                        json={"Profile": "basic", "Destination": destination, "Synchronous": True})


def test_every_metric_is_listed_at_zero_and_refreshed(orthanc):
    first = wait_metrics(orthanc, **{name[len("ratatoskr_"):]: 0 for name in METRICS})
    assert sorted(first) == sorted(METRICS)
    # Set again every few seconds, unchanged or not: Prometheus sees fresh samples.
    stamp = scrape(orthanc)["ratatoskr_deliveries_pending"][1]
    deadline = time.monotonic() + METRICS_TIMEOUT
    while scrape(orthanc)["ratatoskr_deliveries_pending"][1] <= stamp:
        assert time.monotonic() < deadline, "ratatoskr_deliveries_pending was not set again"
        time.sleep(0.25)


@pytest.mark.allow_orthanc_errors()  # the DICOMweb plugin logs the 401s of the wrong password
def test_a_failed_delivery_counts_and_a_successful_one_leaves_nothing_pending(orthanc, pacscenter, django):
    failed = send(orthanc, upload(orthanc, 9101), "wrongpassword")
    assert failed["State"] == "Success" and failed["Delivery"]["State"] == "Failed", failed
    wait_metrics(orthanc, deliveries_failed=1, deliveries_pending=0, deliveries_oldest_pending_seconds=0)

    delivered = send(orthanc, upload(orthanc, 9102), "pacscenter")
    assert delivered["Delivery"]["State"] == "Delivered", delivered
    django.wait_for(2, path="/ratatoskr/webhook")  # case.delivery_failed, then case.delivered
    wait_metrics(orthanc, deliveries_failed=1, deliveries_pending=0, deliveries_oldest_pending_seconds=0,
                 webhook_events_pending=0, webhook_events_oldest_pending_seconds=0, webhook_events_failed=0,
                 jobs_running=0, jobs_failed=0)


@pytest.mark.allow_orthanc_errors()  # the leak check fails the job
def test_a_failed_job_counts(orthanc):
    # Manufacturer is kept by the profile; here it carries the patient's ID: the leak check fails the job.
    study = orthanc.upload_study(make_study(1, seed=9201, patient_id="LEAKY-9201",
                                            extra={"Manufacturer": "LEAKY-9201"}))[0]["ParentStudy"]
    error = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic", "Synchronous": True},
                         expected=500)
    assert error["Details"]["State"] == "Failure"
    wait_metrics(orthanc, jobs_failed=1, jobs_running=0)


@pytest.mark.allow_orthanc_errors(*WEBHOOK_FAILURE_LOG)
def test_failed_and_disabled_webhook_events_count(orthanc, django):
    django.respond("/broken", 500)
    orthanc.post("/ratatoskr/webhooks/broken/test", json={})
    wait_metrics(orthanc, webhook_events_failed=1, webhook_events_pending=0)
    assert len(django.requests_to("/broken")) == 2  # both attempts of its RetrySchedule

    django.respond("/gone", 410, times=1)  # once: after the admin re-enables it, the receiver takes events again
    orthanc.post("/ratatoskr/webhooks/gone/test", json={})
    wait_metrics(orthanc, webhook_events_disabled=1, webhook_events_pending=0)
    orthanc.post("/ratatoskr/webhooks/gone/enable", json={})
    wait_metrics(orthanc, webhook_events_disabled=0, webhook_events_pending=0, webhook_events_failed=1)
    assert len(django.requests_to("/gone")) == 2


@pytest.mark.allow_orthanc_errors(*WEBHOOK_FAILURE_LOG)
def test_an_event_waiting_for_its_retry_is_pending_and_ages_until_it_goes_out(orthanc, django):
    django.respond("/later", 503, times=1)
    event = orthanc.post("/ratatoskr/webhooks/later/test", json={})
    django.wait_for(1, path="/later")
    first = wait_metrics(orthanc, webhook_events_pending=1, webhook_events_oldest_pending_seconds=lambda v: v > 0)
    age = first["ratatoskr_webhook_events_oldest_pending_seconds"]
    wait_metrics(orthanc, webhook_events_pending=1, webhook_events_oldest_pending_seconds=lambda v: v > age)

    orthanc.post(f"/ratatoskr/webhooks/deliveries/{event['ID']}/retry", json={})  # now, not in an hour
    django.wait_for(2, path="/later")
    wait_metrics(orthanc, webhook_events_pending=0, webhook_events_oldest_pending_seconds=0)
    assert orthanc.get(f"/ratatoskr/webhooks/deliveries/{event['ID']}")["State"] == "Delivered"


def test_nothing_is_set_while_orthancs_metrics_are_disabled(make_orthanc):
    server = make_orthanc("nometrics", config_overrides={"MetricsEnabled": False})
    assert orthanc_says(server) == "0"
    assert values(server) == {}
    # Turned on at run time (PUT /tools/metrics): the plugin notices within its recheck period (15 s).
    server.put("/tools/metrics", data="1")
    wait_metrics(server, **{name[len("ratatoskr_"):]: 0 for name in METRICS})
    assert "cannot refresh the metrics" not in server.log_text()


def orthanc_says(server):
    return server.request("GET", "/tools/metrics").text.strip()
