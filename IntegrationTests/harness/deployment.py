"""The standard test deployment: Orthanc + DICOMweb + Ratatoskr delivering to "pacscenter" (a second Orthanc with
DICOMweb) and notifying "django" (the DjangoReceiver) by webhook."""

import base64

from .config import merge_config

# Test-only secrets. Tests assert that they never show up in answers or logs.
RATATOSKR_SECRET = "it-pseudonym-secret-7f3c9a1e5b"
# The Standard Webhooks secret of webhook "django" ("whsec_" + base64 of 32 bytes, made once with
# `echo "whsec_$(openssl rand -base64 32)"`), and its bytes: the HMAC-SHA-256 key that verifies signatures.
WEBHOOK_SECRET = "whsec_UoPJhb5ZKXn5864HbTot7KejszdWvUxeaA1cG+ZVmgY="
WEBHOOK_KEY = base64.b64decode(WEBHOOK_SECRET[len("whsec_"):])
WEBHOOK_PATH = "/ratatoskr/webhook"
PACSCENTER_USER = "pacs"
PACSCENTER_PASSWORD = "pacs-pw"


def ratatoskr_overrides(pacscenter, django, extra=None):
    """Configuration overrides for the Orthanc under test: DICOMweb server "pacscenter", Ratatoskr destination
    "pacscenter" (STOW to it, then webhook "django"), webhook "django" at the receiver, signed with WEBHOOK_SECRET
    (default events, default retry schedule, 5 s timeout). `extra` is deep-merged last."""
    overrides = {
        "DicomWeb": {"Servers": {"pacscenter": pacscenter.dicomweb_server_entry()}},
        "Ratatoskr": {
            "Secret": RATATOSKR_SECRET,
            "Destinations": {"pacscenter": {"DicomWebServer": "pacscenter", "Webhooks": ["django"]}},
            "Webhooks": {"django": {"Url": django.url_for(WEBHOOK_PATH), "Secret": WEBHOOK_SECRET, "Timeout": 5}},
        },
    }
    return merge_config(overrides, extra or {})
