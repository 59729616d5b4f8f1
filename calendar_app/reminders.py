"""Reminders to registered attendees, 24 hours and 1 hour before each occurrence.

`send_due_reminders` runs from Celery beat every few minutes. For every occurrence starting within
the next 24 hours (or the next hour), each registered attendee who wants that reminder gets one
email — once: a `SentReminder` row (unique per event, person, occurrence and lead time) is claimed
in the same transaction that puts the email in the outbox, so a second run, a duplicated task or a
restarted worker finds the row and sends nothing; a crash before the commit leaves neither row nor
email, and the next run sends it. The outbox then delivers after the commit (and retries).

The 24-hour reminder is for occurrences starting between 1 and 24 hours from now; the 1-hour one
for those starting within the hour. Someone who registers 3 hours before gets the first at once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from entities.emails import queue_email

from .actions import event_url
from .models import Attendance, CalendarPreference, Event, SentReminder
from .recurrence import occurrences

logger = logging.getLogger(__name__)

DAY = dt.timedelta(hours=24)
HOUR = dt.timedelta(hours=1)


def _due(now):
    """(occurrence, kind) pairs due for a reminder now."""
    events = (
        Event.objects.exclude(status=Event.Status.CANCELLED)
        .in_window(now, now + DAY)
        .filter(attendances__status=Attendance.Status.REGISTERED)
        .distinct()
        .prefetch_related("exceptions")
    )
    for event in events:
        for occurrence in occurrences(event, now, now + DAY, list(event.exceptions.all())):
            if occurrence.start <= now:
                continue
            kind = (
                SentReminder.Kind.HOUR if occurrence.start <= now + HOUR else SentReminder.Kind.DAY
            )
            yield occurrence, kind


def send_due_reminders(now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for occurrence, kind in list(_due(now)):
        event = occurrence.event
        attendances = Attendance.objects.filter(
            event=event, status=Attendance.Status.REGISTERED, user__is_active=True
        ).select_related("user")
        preferences = {
            preference.user_id: preference
            for preference in CalendarPreference.objects.filter(
                user_id__in=[attendance.user_id for attendance in attendances]
            )
        }
        for attendance in attendances:
            preference = preferences.get(attendance.user_id)
            wanted = (
                (preference.remind_hour_before if preference else True)
                if kind == SentReminder.Kind.HOUR
                else (preference.remind_day_before if preference else True)
            )
            if not wanted:
                continue
            if _send_one(event, attendance.user, occurrence.start, kind, preference):
                sent += 1
    return sent


def _send_one(event, user, start, kind, preference) -> bool:
    try:
        with transaction.atomic():
            SentReminder.objects.create(event=event, user=user, occurrence_start=start, kind=kind)
            queue_email(
                f"calendar:reminder:{event.pk}:{user.pk}:{start:%Y%m%dT%H%M%SZ}:{kind}",
                user.email,
                "event_reminder",
                {
                    "event": event,
                    "user": user,
                    "start": start,
                    "kind": kind,
                    "recipient_tz": preference.timezone if preference else "UTC",
                    "event_url": event_url(event),
                },
            )
    except IntegrityError:
        return False  # already claimed: sent (or being sent) by an earlier run
    return True
