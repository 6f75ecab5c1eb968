from django.db import models


class WebhookMessage(models.Model):
    """Every verified webhook, once: webhook_id is unique, so a retry of the same event is recognised."""

    webhook_id = models.CharField(max_length=256, unique=True)
    event_type = models.CharField(max_length=100)
    body = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)


class DeliveredCase(models.Model):
    """A teaching case that arrived in PACScenter ("case.delivered"), with the course it belongs to."""

    message = models.OneToOneField(WebhookMessage, on_delete=models.CASCADE, related_name="case")
    course_id = models.CharField(max_length=100)
    study_instance_uid = models.CharField(max_length=64, blank=True)
