"""Standard Webhooks 1.0.0 verification with Python's standard library alone.

The signed content is "{webhook-id}.{webhook-timestamp}.{body}" (the raw body bytes, never a re-serialized JSON),
signed with HMAC-SHA-256 under the secret's decoded bytes; webhook-signature holds one or more space-separated
"v1,<base64>" signatures (several during a secret rotation), of which one must match.
"""

import base64
import binascii
import hashlib
import hmac
import time

SECRET_PREFIX = "whsec_"


class WebhookVerificationError(Exception):
    """The request is not a valid signed webhook. The message never contains the secret."""


def decode_secret(secret):
    """The HMAC key of a "whsec_" + base64 secret (24 to 64 bytes, as the specification asks)."""
    if not secret.startswith(SECRET_PREFIX):
        raise WebhookVerificationError('the secret must start with "whsec_"')
    encoded = secret[len(SECRET_PREFIX):]
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError('the secret is not valid base64 after "whsec_"') from None
    if not 24 <= len(key) <= 64:
        raise WebhookVerificationError("the secret must decode to 24 to 64 bytes")
    return key


def expected_signature(key, webhook_id, timestamp, body):
    """The raw HMAC-SHA-256 of the signed content (bytes)."""
    return hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()


def verify(key, headers, body, tolerance_seconds=300, now=None):
    """Check the webhook-* headers against the raw body; return the webhook-id. `headers` is case-insensitive
    (Django's request.headers). Raises WebhookVerificationError with a short reason otherwise."""
    webhook_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    if not (webhook_id and timestamp and signatures):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isascii() or not timestamp.isdigit():
        raise WebhookVerificationError("webhook-timestamp is not a number of seconds")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance_seconds:
        raise WebhookVerificationError("webhook-timestamp is too far from the current time")

    expected = expected_signature(key, webhook_id, timestamp, body)
    for candidate in signatures.split(" "):
        version, _, encoded = candidate.partition(",")
        if version != "v1":
            continue  # another scheme (e.g. v1a, asymmetric): not ours
        try:
            received = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(expected, received):  # constant time
            return webhook_id
    raise WebhookVerificationError("no valid signature")
