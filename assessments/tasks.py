"""Celery tasks of support requests. Thin: they take primary keys and call `notifications`.

Beat schedule (compact_portal/settings.py, CELERY_BEAT_SCHEDULE):

    "support-requests-daily-digest": {
        "task": "assessments.tasks.send_support_request_digests",
        "schedule": crontab(hour=6, minute=10),
        "args": ("daily",),
    },
    "support-requests-weekly-digest": {
        "task": "assessments.tasks.send_support_request_digests",
        "schedule": crontab(hour=6, minute=40, day_of_week="monday"),
        "args": ("weekly",),
    },
"""

from celery import shared_task
from django.db import OperationalError

from . import notifications

TRANSIENT_ERRORS = (OperationalError,)
RETRY = {
    "ignore_result": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="assessments.tasks.notify_support_request", **RETRY)
def notify_support_request(support_request_id: int) -> int:
    return notifications.notify_routed(support_request_id)


@shared_task(name="assessments.tasks.notify_support_response", **RETRY)
def notify_support_response(response_id: int) -> int:
    return notifications.notify_response(response_id)


@shared_task(name="assessments.tasks.send_support_request_digests", **RETRY)
def send_support_request_digests(frequency: str) -> int:
    return notifications.send_digests(frequency)
