from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self):
        from .signature import WebhookVerificationError, decode_secret

        try:
            decode_secret(settings.RATATOSKR_WEBHOOK_SECRET)
        except WebhookVerificationError as error:
            raise ImproperlyConfigured(f"RATATOSKR_WEBHOOK_SECRET: {error}") from None
