"""Calendar tasks. Thin: they call `reminders`.

Beat schedule (compact_portal/settings.py, CELERY_BEAT_SCHEDULE):

    "calendar-reminders": {
        "task": "calendar_app.tasks.send_event_reminders",
        "schedule": 300.0,
    },
"""

from celery import shared_task
from django.db import OperationalError

from . import reminders


@shared_task(
    name="calendar_app.tasks.send_event_reminders",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
)
def send_event_reminders() -> int:
    """Email the 24-hour and 1-hour reminders that are due (each at most once)."""
    return reminders.send_due_reminders()
