"""Celery tasks for discussion notifications. Thin: they take primary keys and call the module.

Registered through `workinggroups/tasks.py` (Celery autodiscovers `<app>.tasks`); the digests run
from CELERY_BEAT_SCHEDULE ("discussion-daily-digest", "discussion-weekly-digest").
"""

from celery import shared_task
from django.db import OperationalError

from . import discussion_notifications

TRANSIENT_ERRORS = (OperationalError,)


@shared_task(
    name="workinggroups.discussion_tasks.send_post_emails",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_post_emails_task(post_id: int) -> int:
    """The "as it happens" emails about one post (idempotent; a missing post sends nothing)."""
    return discussion_notifications.send_post_emails(post_id)


@shared_task(
    name="workinggroups.discussion_tasks.send_discussion_digests",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
)
def send_discussion_digests(frequency: str) -> int:
    """The daily or weekly digest of new posts (idempotent: sent rows are marked)."""
    return discussion_notifications.send_digests(frequency)
