"""Celery tasks for library subscriptions. Thin: they take primary keys and call the module.

Beat schedule (compact_portal/settings.py, CELERY_BEAT_SCHEDULE):

    "library-daily-digest": {
        "task": "library.subscription_tasks.send_document_digests",
        "schedule": crontab(hour=6, minute=0),
        "args": ("daily",),
    },
    "library-weekly-digest": {
        "task": "library.subscription_tasks.send_document_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="monday"),
        "args": ("weekly",),
    },
"""

from celery import shared_task
from django.db import OperationalError

from . import subscriptions

TRANSIENT_ERRORS = (OperationalError,)


@shared_task(
    name="library.subscription_tasks.notify_subscribers_task",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def notify_subscribers_task(document_id: int) -> int:
    """Tell the subscribers who may see it about a published document (idempotent)."""
    return subscriptions.notify_subscribers(document_id)


@shared_task(
    name="library.subscription_tasks.send_document_digests",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
)
def send_document_digests(frequency: str) -> int:
    """The daily or weekly digest of new documents (idempotent: sent rows are marked)."""
    return subscriptions.send_digests(frequency)
