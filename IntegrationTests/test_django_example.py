"""The Django receiver example of Resources/Django, run with Debian's python3-django on a free loopback port: events
signed here with Python's standard library (as Standard Webhooks 1.0.0 says) are accepted once, wrong signatures,
stale or future timestamps and unsigned requests are refused, a repeated webhook-id is answered 200 and recorded
once, and case.delivered events are recorded with their course (checked through the example's GET /cases).

Run: /usr/bin/python3 -m pytest IntegrationTests/test_django_example.py (needs python3-django:
Resources/Scripts/install-dependencies.sh --tests).
"""

import base64
import hashlib
import hmac
import importlib.util
import json
import time

import pytest
import requests

from harness.django_example import EXAMPLE, DjangoExample, django_version, example_environment, manage

KEY = bytes(range(1, 33))  # test-only: 32 bytes
SECRET = "whsec_" + base64.b64encode(KEY).decode()
WEBHOOK_PATH = "/ratatoskr/webhook"


@pytest.fixture(scope="module")
def django_available():
    return django_version()


@pytest.fixture(scope="module")
def receiver(django_available, tmp_path_factory):
    """The example on 127.0.0.1:<free port>, migrated on a fresh SQLite file; stopped at the end."""
    example = DjangoExample(tmp_path_factory.mktemp("django-example"), SECRET).start()
    try:
        yield example.url
    finally:
        example.stop()


def signature(webhook_id, timestamp, body, key=KEY):
    return "v1," + base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body,
                                             hashlib.sha256).digest()).decode()


def case_event(course="42", uid="2.25.1234"):
    return json.dumps({"type": "case.delivered", "timestamp": "2026-12-03T10:00:00Z",
                       "data": {"StudyInstanceUID": uid, "Metadata": {"CourseId": course}}},
                      separators=(",", ":")).encode()


def post(url, webhook_id, body, timestamp=None, signatures=None, headers=None):
    timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
    sent = {"content-type": "application/json", "webhook-id": webhook_id, "webhook-timestamp": timestamp,
            "webhook-signature": signatures if signatures is not None else signature(webhook_id, timestamp, body)}
    sent.update(headers or {})
    return requests.post(url + WEBHOOK_PATH, data=body, headers={k: v for k, v in sent.items() if v is not None},
                         timeout=10)


def cases(url):
    return requests.get(url + "/cases", timeout=5).json()["Cases"]


def event_ids(url):
    return [event["WebhookId"] for event in requests.get(url + "/events", timeout=5).json()["Events"]]


def test_a_signed_case_is_recorded_with_its_course(receiver):
    answer = post(receiver, "msg_valid_1", case_event("42", "2.25.777"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"WebhookId": "msg_valid_1", "Duplicate": False}
    recorded = [case for case in cases(receiver) if case["WebhookId"] == "msg_valid_1"]
    assert len(recorded) == 1
    assert recorded[0]["CourseId"] == "42" and recorded[0]["StudyInstanceUID"] == "2.25.777"


def test_a_repeated_id_answers_200_and_records_nothing_more(receiver):
    body = case_event("7")
    assert post(receiver, "msg_repeat", body).json()["Duplicate"] is False
    before = cases(receiver)
    # A retry by the sender: the same id, a later timestamp, signed again (here with another course, to show
    # that the first recording stays).
    again = post(receiver, "msg_repeat", case_event("8"), timestamp=int(time.time()) + 1)
    assert again.status_code == 200 and again.json() == {"WebhookId": "msg_repeat", "Duplicate": True}
    assert cases(receiver) == before
    assert [case["CourseId"] for case in before if case["WebhookId"] == "msg_repeat"] == ["7"]
    assert event_ids(receiver).count("msg_repeat") == 1


@pytest.mark.parametrize("how", ["wrong-key", "other-body", "other-id", "garbage", "empty", "v1a-only"])
def test_wrong_signatures_are_refused_and_nothing_is_recorded(receiver, how):
    webhook_id = f"msg_bad_{how.replace('-', '_')}"
    body = case_event("13")
    now = int(time.time())
    signatures = {
        "wrong-key": signature(webhook_id, now, body, key=b"k" * 32),
        "other-body": signature(webhook_id, now, case_event("14")),
        "other-id": signature(webhook_id + "x", now, body),
        "garbage": "v1,not base64!",
        "empty": "",
        "v1a-only": "v1a," + base64.b64encode(b"x" * 64).decode(),
    }[how]
    answer = post(receiver, webhook_id, body, timestamp=now, signatures=signatures)
    assert answer.status_code == 401, answer.text
    assert SECRET not in answer.text
    assert webhook_id not in event_ids(receiver)


@pytest.mark.parametrize("offset", [-301, -3600, 301])
def test_stale_or_future_timestamps_are_refused(receiver, offset):
    webhook_id = f"msg_time_{abs(offset)}_{'past' if offset < 0 else 'future'}"
    answer = post(receiver, webhook_id, case_event(), timestamp=int(time.time()) + offset)
    assert answer.status_code == 401 and "timestamp" in answer.json()["Error"]
    assert webhook_id not in event_ids(receiver)


def test_missing_headers_are_refused(receiver):
    body = case_event()
    for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        answer = post(receiver, "msg_missing", body, headers={missing: None})
        assert answer.status_code == 401, (missing, answer.text)
    assert "msg_missing" not in event_ids(receiver)


def test_one_valid_signature_among_several_is_enough(receiver):
    body = case_event("21")
    now = int(time.time())
    rotated = " ".join(["v1a," + base64.b64encode(b"y" * 64).decode(),
                        signature("msg_rotation", now, body, key=b"old secret, 24 bytes ok!"),
                        signature("msg_rotation", now, body)])
    answer = post(receiver, "msg_rotation", body, timestamp=now, signatures=rotated)
    assert answer.status_code == 200, answer.text
    assert [c["CourseId"] for c in cases(receiver) if c["WebhookId"] == "msg_rotation"] == ["21"]


def test_other_events_are_recorded_but_are_no_cases_and_bad_cases_are_refused(receiver):
    other = json.dumps({"type": "case.failed", "data": {"Reason": "x"}}).encode()
    assert post(receiver, "msg_other_type", other).status_code == 200
    assert "msg_other_type" in event_ids(receiver)
    assert all(case["WebhookId"] != "msg_other_type" for case in cases(receiver))

    no_course = json.dumps({"type": "case.delivered", "data": {"Metadata": {}}}).encode()
    answer = post(receiver, "msg_no_course", no_course)
    assert answer.status_code == 400 and "CourseId" in answer.json()["Error"]
    assert post(receiver, "msg_not_json", b"{oops").status_code == 400
    assert "msg_no_course" not in event_ids(receiver) and "msg_not_json" not in event_ids(receiver)
    # Nothing was kept of the refused event, so the sender's corrected retry (same id) is recorded.
    assert post(receiver, "msg_no_course", case_event("99")).json() == {"WebhookId": "msg_no_course",
                                                                         "Duplicate": False}


def test_the_verifier_reproduces_the_specification_vector(django_available):
    # The example's stdlib verifier (imported here, no Django needed) on Standard Webhooks' published vector, with
    # the clock at the vector's timestamp.
    spec = importlib.util.spec_from_file_location("example_signature", EXAMPLE / "webhooks" / "signature.py")
    example_signature = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example_signature)
    key = example_signature.decode_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    headers = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
               "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
    body = b'{"test": 2432232314}'
    assert example_signature.verify(key, headers, body, now=1614265330) == "msg_p5jXN8AQM9LWM0D4loKWxJek"
    with pytest.raises(example_signature.WebhookVerificationError):
        example_signature.verify(key, headers, body + b" ", now=1614265330)
    with pytest.raises(example_signature.WebhookVerificationError):
        example_signature.verify(key, headers, body, now=1614265330 + 301)


def test_migrations_match_the_models_and_a_bad_secret_stops_the_start(django_available, tmp_path):
    environment = example_environment(tmp_path / "db.sqlite3", SECRET)
    check = manage(environment, "makemigrations", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr
    for bad in ("", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2hvcnQ="):
        refused = manage(example_environment(tmp_path / "db.sqlite3", secret=bad), "check")
        assert refused.returncode != 0
        assert "RATATOSKR_WEBHOOK_SECRET" in refused.stderr
        if bad:
            assert bad not in refused.stderr
