"""Checking the Standard Webhooks requests the plugin sends, with the standard library only.

Standard Webhooks 1.0.0: headers `webhook-id`, `webhook-timestamp` (integer Unix seconds) and `webhook-signature`
(space-separated `v1,<base64>` entries), the signature being HMAC-SHA-256 over `{id}.{timestamp}.{raw body}` keyed
with the bytes of the `whsec_` secret. The body is a JSON envelope `{"type", "timestamp", "data"}`.
"""

import base64
import hashlib
import hmac
import json
import time

from .deployment import WEBHOOK_KEY

TOLERANCE_SECONDS = 300  # what the reference libraries accept around the receiver's clock


class WebhookVerificationError(AssertionError):
    """A request that a Standard Webhooks receiver would refuse."""


def sign(key, webhook_id, timestamp, body):
    """The `v1,` signature of `body` (bytes) for `webhook_id` and `timestamp` (str or int)."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


def verify(request, key=WEBHOOK_KEY, now=None, tolerance=TOLERANCE_SECONDS):
    """Verify a RecordedRequest as a Standard Webhooks receiver does; return its decoded JSON envelope.
    Raises WebhookVerificationError saying what is wrong."""
    headers = request.headers
    webhook_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not webhook_id or not timestamp or not signatures:
        raise WebhookVerificationError(f"missing Standard Webhooks header(s) in {dict(headers)}")
    if "." in webhook_id:
        raise WebhookVerificationError(f"webhook-id {webhook_id!r} contains a dot")
    if not timestamp.isdigit():
        raise WebhookVerificationError(f"webhook-timestamp {timestamp!r} is not integer seconds")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        raise WebhookVerificationError(f"webhook-timestamp {timestamp} is more than {tolerance} s from now ({now:.0f})")
    expected = sign(key, webhook_id, timestamp, request.body)
    offered = [s for s in signatures.split(" ") if s.startswith("v1,")]
    if not any(hmac.compare_digest(expected, s) for s in offered):
        raise WebhookVerificationError(f"no valid v1 signature in {signatures!r} for webhook-id {webhook_id}")
    if "json" not in headers.get("Content-Type", ""):
        raise WebhookVerificationError(f"Content-Type {headers.get('Content-Type')!r} is not JSON")
    envelope = json.loads(request.body.decode("utf-8"))
    if not isinstance(envelope, dict) or set(envelope) != {"type", "timestamp", "data"}:
        raise WebhookVerificationError(f"not a {{type, timestamp, data}} envelope: {request.text[:500]}")
    return envelope


def webhook_id(request):
    return request.headers.get("webhook-id")


def events(receiver, path, event_type=None, **data):
    """The requests to `path` whose envelope has `event_type` (any if None) and whose `data` holds every given
    key/value (e.g. DeliveryId="dlv_..."), in arrival order, each verified. Returns (request, envelope) pairs."""
    found = []
    for request in receiver.requests_to(path):
        envelope = verify(request)
        if event_type is not None and envelope["type"] != event_type:
            continue
        if any(envelope["data"].get(k) != v for k, v in data.items()):
            continue
        found.append((request, envelope))
    return found


# What the Orthanc Framework's HTTP client (which sends the webhooks) logs as errors when an attempt fails: tests
# that make a receiver fail allow these lines.
WEBHOOK_FAILURE_LOG = (
    r"Error in HTTP request, received HTTP status",
    r"libcurl",
    r"libCURL error",
    r"Error in the network protocol",
)
