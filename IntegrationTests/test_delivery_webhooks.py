"""The webhook outbox on real processes (issue 10, tests 5 and 6, and the test route): Standard Webhooks requests to
the Django stand-in, which answers 410, 429 with Retry-After, 500, never, or is down while Orthanc restarts.
Webhook "hooks" (at HOOKS_PATH, pings only) takes the receiver's bad answers, so "django" stays usable."""

import base64
import time
from datetime import datetime, timezone

import pytest

from harness import WEBHOOK_PATH, WEBHOOK_SECRET, wait_until
from harness.delivery import outbox_entries, outbox_entry, upload_source, wait_outbox_entry
from harness.webhooks import WEBHOOK_FAILURE_LOG, WebhookVerificationError, events, sign, verify, webhook_id

# Failing receivers are what these tests are about: the webhook client logs each failed attempt.
pytestmark = pytest.mark.allow_orthanc_errors(*WEBHOOK_FAILURE_LOG)

HOOKS_PATH = "/hooks"
HOOKS_TIMEOUT = 2
TOLERANCE = 0.25  # seconds of clock granularity and scheduling allowed below a protocol delay


@pytest.fixture(scope="module")
def orthanc_overrides(django_receiver):
    return {"Ratatoskr": {
        "Destinations": {"pacscenter": {"RetryDelay": 0.5, "MaxRetryDelay": 2, "Attempts": 8}},
        "Webhooks": {
            "django": {"RetrySchedule": [0, 0.5, 1, 1, 1, 1, 1, 1, 1, 1], "Timeout": 2},
            "hooks": {"Url": django_receiver.url_for(HOOKS_PATH), "Secret": WEBHOOK_SECRET, "Events": ["ping"],
                      "RetrySchedule": [0, 0.5, 1, 1, 1, 1], "Timeout": HOOKS_TIMEOUT},
        },
    }}


def ping(orthanc, webhook="hooks"):
    entry = orthanc.post(f"/ratatoskr/webhooks/{webhook}/test", json={})
    assert entry["Event"] == "ping" and entry["Webhook"] == webhook and entry["ID"].startswith("msg_"), entry
    return entry


def attempts_of(django, path, entry_id):
    """The requests (verified) of one outbox entry, in arrival order."""
    return [r for r, _ in events(django, path) if webhook_id(r) == entry_id]


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def watch_entry(orthanc, entry_id, until=("Delivered",), timeout=20, webhook="hooks"):
    """Poll the outbox list (GET /ratatoskr/webhooks/deliveries, where an admin sees it) until the entry is in
    `until`; return the distinct (State, Attempts, LastHttpStatus, LastError) seen on the way, the last entry, and
    the entries as seen at each change."""
    seen = []

    def done():
        entry = next(e for e in outbox_entries(orthanc, webhook=webhook, limit=20) if e["ID"] == entry_id)
        snapshot = (entry["State"], entry["Attempts"], entry["LastHttpStatus"], entry["LastError"])
        if not seen or seen[-1][0] != snapshot:
            seen.append((snapshot, entry))
        return entry if entry["State"] in until else None

    last = wait_until(done, timeout=timeout, interval=0.03, description=f"outbox entry {entry_id} in {until}")
    return [s for s, _ in seen], last, [e for _, e in seen]


# --- the harness's verifier, against the specification's test vector ------------------------------------------

def test_signature_helper_reproduces_the_specification_vector():
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}') == \
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


# --- the test route --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("webhook, path", [("hooks", HOOKS_PATH), ("django", WEBHOOK_PATH)])
def test_ping_arrives_signed(orthanc, django, webhook, path):
    entry = ping(orthanc, webhook)
    assert entry["State"] == "Pending" and entry["Attempts"] == 0 and entry["OrderingKey"] == ""
    request, envelope = wait_until(lambda: events(django, path, "ping"), timeout=10, description="the ping")[0]
    assert webhook_id(request) == entry["ID"]
    assert envelope["data"] == {"Webhook": webhook}
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    with pytest.raises(WebhookVerificationError):
        verify(request, key=b"another key of thirty-two bytes!")
    delivered = wait_outbox_entry(orthanc, entry["ID"])
    assert (delivered["Attempts"], delivered["LastHttpStatus"], delivered["LastError"]) == (1, 200, None)
    assert outbox_entry(orthanc, entry["ID"])["Payload"] == envelope
    assert any(e["ID"] == entry["ID"] for e in outbox_entries(orthanc, webhook=webhook, state="Delivered"))


# --- 6. receivers answering 410, 429, 500, or never -----------------------------------------------------------

def test_gone_disables_the_webhook_until_an_admin_enables_it(orthanc, django):
    django.respond(HOOKS_PATH, 410, body="this endpoint is gone", times=1)
    first = ping(orthanc)
    entry = wait_outbox_entry(orthanc, first["ID"], states=("Disabled",))
    assert entry["Attempts"] == 1 and entry["LastHttpStatus"] == 410 and entry["NextAttemptTime"] is None
    assert entry["LastError"].startswith("HTTP 410: this endpoint is gone") and "disabled" in entry["LastError"]
    webhooks = {w["Name"]: w for w in orthanc.get("/ratatoskr/webhooks")}
    assert webhooks["hooks"]["Disabled"] is True and webhooks["django"]["Disabled"] is False
    assert webhooks["hooks"]["Url"] == django.url_for(HOOKS_PATH)

    # Held while disabled: a new event is written, not sent.
    second = ping(orthanc)
    assert second["State"] == "Disabled"
    held = {e["ID"] for e in outbox_entries(orthanc, webhook="hooks", state="Disabled")}
    assert held == {first["ID"], second["ID"]}
    assert len(django.requests_to(HOOKS_PATH)) == 1
    # Other webhooks go on meanwhile.
    wait_outbox_entry(orthanc, ping(orthanc, "django")["ID"])

    enabled = orthanc.post("/ratatoskr/webhooks/hooks/enable", json={})
    assert enabled == {"Webhook": "hooks", "Released": 2, "Disabled": False}
    for entry_id in (first["ID"], second["ID"]):
        assert wait_outbox_entry(orthanc, entry_id)["LastHttpStatus"] == 200
    assert not {w["Name"]: w for w in orthanc.get("/ratatoskr/webhooks")}["hooks"]["Disabled"]
    assert len(attempts_of(django, HOOKS_PATH, first["ID"])) == 2   # the 410, then the one after enable
    assert len(attempts_of(django, HOOKS_PATH, second["ID"])) == 1


def test_too_many_requests_waits_for_retry_after(orthanc, django):
    retry_after = 2  # seconds; the schedule alone would try again after 0.5 s
    django.respond(HOOKS_PATH, 429, body="slow down", headers={"Retry-After": str(retry_after)}, times=1)
    entry = ping(orthanc)
    snapshots, last, seen = watch_entry(orthanc, entry["ID"])
    throttled = [e for e in seen if e["LastHttpStatus"] == 429]
    assert throttled, snapshots
    assert throttled[0]["State"] == "Pending" and throttled[0]["LastError"] == "HTTP 429: slow down"
    assert parse_time(throttled[0]["NextAttemptTime"]) - parse_time(throttled[0]["UpdateTime"]) >= \
        retry_after - TOLERANCE
    assert (last["Attempts"], last["LastHttpStatus"]) == (2, 200)
    first, second = attempts_of(django, HOOKS_PATH, entry["ID"])
    assert second.time - first.time >= retry_after - TOLERANCE, (first.time, second.time)


def test_server_error_is_retried_then_delivered(orthanc, django):
    django.respond(HOOKS_PATH, 500, body="boom", times=2)
    entry = ping(orthanc)
    snapshots, last, _ = watch_entry(orthanc, entry["ID"])
    assert ("Pending", 1, 500, "HTTP 500: boom") in snapshots or ("Pending", 2, 500, "HTTP 500: boom") in snapshots, \
        snapshots
    assert (last["State"], last["Attempts"], last["LastHttpStatus"], last["LastError"]) == ("Delivered", 3, 200, None)
    requests = attempts_of(django, HOOKS_PATH, entry["ID"])
    assert len(requests) == 3 and len({r.headers["webhook-id"] for r in requests}) == 1
    # Signed again for each attempt (the signature covers that attempt's timestamp).
    assert all(verify(r) for r in requests)


def test_receiver_that_never_answers_times_out_and_is_retried(orthanc, django):
    django.respond(HOOKS_PATH, 200, delay=HOOKS_TIMEOUT + 2, times=1)
    entry = ping(orthanc)
    snapshots, last, seen = watch_entry(orthanc, entry["ID"])
    timed_out = [e for e in seen if e["State"] == "Pending" and e["Attempts"] == 1]
    assert timed_out, snapshots
    assert timed_out[0]["LastHttpStatus"] is None and "timeout" in timed_out[0]["LastError"].lower(), timed_out[0]
    assert (last["State"], last["Attempts"], last["LastHttpStatus"]) == ("Delivered", 2, 200)
    first, second = attempts_of(django, HOOKS_PATH, entry["ID"])
    assert second.time - first.time >= HOOKS_TIMEOUT - TOLERANCE  # the first was given up after Timeout


# --- 5. Django down while cases are delivered, Orthanc restarted meanwhile ------------------------------------

def test_events_survive_django_down_and_an_orthanc_restart(orthanc, clean_pacscenter, django):
    django.respond(WEBHOOK_PATH, 503, body="maintenance", times=2)  # down: first 503, then connections dropped
    django.respond(WEBHOOK_PATH, drop_connection=True)
    sources = [upload_source(orthanc, 2, seed=5100 + k) for k in range(2)]
    deliveries = []
    for source in sources:
        answer = orthanc.post(f"/ratatoskr/studies/{source.study}/send",
                              json={"Destination": "pacscenter", "Synchronous": True, "Metadata": {"CourseId": "c5"}})
        assert answer["Delivery"]["State"] == "Delivered"
        deliveries.append(answer["DeliveryId"])

    def case_entries():
        entries = [e for e in outbox_entries(orthanc, webhook="django") if e["OrderingKey"] in deliveries]
        return entries if len(entries) == 2 and all(e["Attempts"] >= 1 for e in entries) else None

    before = {e["OrderingKey"]: e for e in wait_until(case_entries, timeout=15, description="failed attempts")}
    assert all(e["State"] == "Pending" and e["LastError"] for e in before.values()), before
    orthanc.restart()
    for delivery_id, entry in before.items():
        kept = outbox_entry(orthanc, entry["ID"])
        assert kept["Event"] == "case.delivered" and kept["Attempts"] >= entry["Attempts"], kept
    django.clear_rules(WEBHOOK_PATH)  # Django is up again

    for delivery_id, entry in before.items():
        delivered = wait_outbox_entry(orthanc, entry["ID"], timeout=20)
        requests = [r for r, _ in events(django, WEBHOOK_PATH, "case.delivered", DeliveryId=delivery_id)]
        # Every attempt carried the event's one id (Django dedupes on it); none went out under another id.
        assert {webhook_id(r) for r in requests} == {entry["ID"]}
        assert len(requests) == delivered["Attempts"] >= 2
