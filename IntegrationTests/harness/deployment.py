"""The standard test deployment: Orthanc + DICOMweb + Ratatoskr delivering to "pacscenter" (a second Orthanc with
DICOMweb) and notifying "django" (the DjangoReceiver) by webhook."""

from .config import merge_config

# Test-only secrets. Tests assert that they never show up in answers or logs.
RATATOSKR_SECRET = "it-pseudonym-secret-7f3c9a1e5b"
WEBHOOK_SECRET = "it-webhook-secret-2d8e4b6c0a"
WEBHOOK_PATH = "/ratatoskr/webhook"
PACSCENTER_USER = "pacs"
PACSCENTER_PASSWORD = "pacs-pw"


def ratatoskr_overrides(pacscenter, django, extra=None):
    """Configuration overrides for the Orthanc under test: DICOMweb server "pacscenter", Ratatoskr destination
    "pacscenter" (STOW to it, then webhook "django"), webhook "django" at the receiver. `extra` is deep-merged last."""
    overrides = {
        "DicomWeb": {"Servers": {"pacscenter": pacscenter.dicomweb_server_entry()}},
        "Ratatoskr": {
            "Secret": RATATOSKR_SECRET,
            "Destinations": {"pacscenter": {"DicomWebServer": "pacscenter", "Webhook": "django"}},
            "Webhooks": {"django": {"Url": django.url_for(WEBHOOK_PATH), "Secret": WEBHOOK_SECRET, "Timeout": 5}},
        },
    }
    return merge_config(overrides, extra or {})
