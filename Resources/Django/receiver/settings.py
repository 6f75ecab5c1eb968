"""Settings of the Ratatoskr webhook receiver example (Django 3.2, Debian 12's python3-django).

Configured from the environment:
- RATATOSKR_WEBHOOK_SECRET (required): the endpoint's Standard Webhooks secret, "whsec_" + base64, the same
  value as the webhook's secret in the Ratatoskr configuration.
- RATATOSKR_RECEIVER_DATABASE: the SQLite file (default: db.sqlite3 beside manage.py).
- DJANGO_SECRET_KEY: Django's own key (default: a random one per process; this example keeps no sessions).
- DJANGO_ALLOWED_HOSTS: comma-separated extra host names (loopback names are always allowed).
- DJANGO_DEBUG=1: Django's debug pages (never in production).
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    host.strip() for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host.strip()]

INSTALLED_APPS = ["webhooks.apps.WebhooksConfig"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # the webhook view is exempt: its signature authenticates it
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "receiver.urls"
WSGI_APPLICATION = "receiver.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("RATATOSKR_RECEIVER_DATABASE") or str(BASE_DIR / "db.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"

# The Standard Webhooks secret of this endpoint; checked when the app starts (webhooks/apps.py).
RATATOSKR_WEBHOOK_SECRET = os.environ.get("RATATOSKR_WEBHOOK_SECRET", "")
# How far webhook-timestamp may be from this server's clock (replayed or delayed requests are refused).
RATATOSKR_WEBHOOK_TOLERANCE_SECONDS = 5 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"webhooks": {"handlers": ["console"], "level": "INFO"}},
}
