"""Celery tasks for notifications. Thin: they call `notifications.services`.

Beat schedule (compact_portal/settings.py, CELERY_BEAT_SCHEDULE):

    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="monday"),
    },
"""

from celery import shared_task
from django.db import OperationalError

from . import services
from .models import Delivery

TRANSIENT_ERRORS = (OperationalError,)
RETRY = {
    "ignore_result": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(name="notifications.tasks.send_daily_digests", **RETRY)
def send_daily_digests() -> int:
    """One email per "daily" person with everything pending (idempotent per day)."""
    return services.send_digests(Delivery.DAILY)


@shared_task(name="notifications.tasks.send_weekly_digests", **RETRY)
def send_weekly_digests() -> int:
    """One email per "weekly" person with everything pending (idempotent per ISO week)."""
    return services.send_digests(Delivery.WEEKLY)
