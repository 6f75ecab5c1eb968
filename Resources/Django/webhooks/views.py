"""The webhook endpoint and two small JSON listings (for tests and demos: protect or drop them in production)."""

import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import DeliveredCase, WebhookMessage
from .signature import WebhookVerificationError, decode_secret, verify

logger = logging.getLogger(__name__)

CASE_DELIVERED = "case.delivered"


class InvalidEvent(Exception):
    """A verified request whose event cannot be recorded."""


def _error(status, message):
    return JsonResponse({"Error": message}, status=status)


def _case_fields(event):
    data = event.get("data")
    metadata = data.get("Metadata") if isinstance(data, dict) else None
    course = metadata.get("CourseId") if isinstance(metadata, dict) else None
    if isinstance(course, int) and not isinstance(course, bool):
        course = str(course)
    if not isinstance(course, str) or not course:
        raise InvalidEvent("a case.delivered event needs data.Metadata.CourseId")
    uid = data.get("StudyInstanceUID", "")
    return {"course_id": course, "study_instance_uid": uid if isinstance(uid, str) else ""}


@csrf_exempt
@require_POST
def receive_webhook(request):
    body = request.body  # the raw bytes: the signature covers them, not a re-serialized JSON
    try:
        webhook_id = verify(decode_secret(settings.RATATOSKR_WEBHOOK_SECRET), request.headers, body,
                            settings.RATATOSKR_WEBHOOK_TOLERANCE_SECONDS)
    except WebhookVerificationError as error:
        logger.warning("webhook refused: %s", error)
        return _error(401, str(error))

    try:
        event = json.loads(body)
        event_type = event["type"]
        if not isinstance(event_type, str):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        return _error(400, "the body is not a JSON event with a \"type\"")

    try:
        with transaction.atomic():
            message = WebhookMessage.objects.create(webhook_id=webhook_id, event_type=event_type,
                                                    body=body.decode("utf-8", errors="replace"))
            if event_type == CASE_DELIVERED:
                DeliveredCase.objects.create(message=message, **_case_fields(event))
    except InvalidEvent as error:
        return _error(400, str(error))
    except IntegrityError:
        # webhook_id is unique: the event was already recorded (a retry, or two concurrent deliveries).
        if WebhookMessage.objects.filter(webhook_id=webhook_id).exists():
            logger.info("webhook %s already recorded", webhook_id)
            return JsonResponse({"WebhookId": webhook_id, "Duplicate": True})
        raise
    logger.info("webhook %s recorded (%s)", webhook_id, event_type)
    return JsonResponse({"WebhookId": webhook_id, "Duplicate": False})


@require_GET
def list_cases(request):
    cases = DeliveredCase.objects.select_related("message").order_by("id")
    return JsonResponse({"Cases": [{"WebhookId": case.message.webhook_id, "CourseId": case.course_id,
                                    "StudyInstanceUID": case.study_instance_uid,
                                    "ReceivedAt": case.message.received_at.isoformat()} for case in cases]})


@require_GET
def list_events(request):
    messages = WebhookMessage.objects.order_by("id")
    return JsonResponse({"Events": [{"WebhookId": m.webhook_id, "Type": m.event_type,
                                     "ReceivedAt": m.received_at.isoformat()} for m in messages]})
