"""Calendar state changes: events, occurrences, attendance, feeds and preferences.

Every function takes the acting user as `actor`, runs in a transaction, saves with
`update_fields`, and queues its emails in the outbox (`entities.emails.queue_email`), which sends
them after the commit. A change that matters to attendees (time, place, link, status, title)
raises the event's `sequence` (the iCalendar SEQUENCE, so calendar clients replace their copy)
and tells the registered attendees — unless their notification setting is "never".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from entities.organization_actions import sanitize_rich_text
from notifications.models import Kind
from notifications.services import notify

from .models import (
    Attendance,
    CalendarPreference,
    Event,
    FeedToken,
    OccurrenceException,
)
from .preferences import forget
from .recurrence import RecurrenceError, is_occurrence_start, series_end

audit_log = logging.getLogger("portal.audit")

SCALAR_FIELDS = (
    "title",
    "event_type",
    "status",
    "organizer",
    "working_group",
    "meeting",
    "region",
    "all_day",
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "timezone",
    "rrule",
    "venue",
    "online_url",
    "capacity",
    "description",
    "agenda",
    "visibility",
)
M2M_FIELDS = (
    "co_organizers",
    "participant_groups",
    "countries",
    "documents",
    "audience_groups",
    "audience_organizations",
)
# Changes attendees hear about (and calendar clients pick up through SEQUENCE).
SIGNIFICANT_FIELDS = {
    "title",
    "status",
    "all_day",
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "timezone",
    "rrule",
    "venue",
    "online_url",
}


class EventFull(Exception):
    """No in-person place is left."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def event_url(event) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar_app:detail", args=[event.pk])


def _clean_values(values: dict) -> dict:
    values = dict(values)
    for name in ("description", "agenda"):
        if name in values:
            values[name] = sanitize_rich_text(values[name] or "")
    if not values.get("all_day", False):
        values["start_date"] = None
        values["end_date"] = None
    return values


def _set_m2m(event, values: dict) -> None:
    for name in M2M_FIELDS:
        if name in values:
            getattr(event, name).set(values[name] or [])
    if (
        event.visibility == Event.Visibility.GROUPS
        and event.working_group_id
        and not event.audience_groups.exists()
    ):
        # "Members of given Working Groups" with none given: the event's own group.
        event.audience_groups.set([event.working_group_id])


@transaction.atomic
def create_event(values: dict, *, actor) -> Event:
    values = _clean_values(values)
    event = Event(created_by=actor, **{k: v for k, v in values.items() if k in SCALAR_FIELDS})
    event.series_ends_at = series_end(event, [])
    event.save()
    _set_m2m(event, values)
    audit_log.info("event %s created by user %s", event.pk, getattr(actor, "pk", None))
    return event


@transaction.atomic
def update_event(event: Event, values: dict, *, actor) -> Event:
    """Apply the changed fields; a significant change bumps SEQUENCE and tells the attendees."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    values = _clean_values(values)
    changed = []
    for name in SCALAR_FIELDS:
        if name not in values:
            continue
        field = Event._meta.get_field(name)
        current = getattr(event, field.attname)
        new = values[name]
        new_value = getattr(new, "pk", new) if field.is_relation else new
        if current != new_value:
            setattr(event, name, new)
            changed.append(name)
    significant = bool(SIGNIFICANT_FIELDS.intersection(changed))
    if significant:
        event.sequence += 1
        changed.append("sequence")
    event.series_ends_at = series_end(event)
    event.save(update_fields=[*changed, "series_ends_at", "updated_at"])
    _set_m2m(event, values)
    if significant:
        template = (
            "event_cancelled" if "status" in changed and event.is_cancelled else "event_updated"
        )
        notify_attendees(event, template)
    audit_log.info("event %s changed by user %s: %s", event.pk, getattr(actor, "pk", None), changed)
    return event


def cancel_event(event: Event, *, actor) -> Event:
    return update_event(event, {"status": Event.Status.CANCELLED}, actor=actor)


@transaction.atomic
def set_occurrence_exception(
    event: Event,
    original_start: dt.datetime,
    *,
    cancelled: bool,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    actor,
) -> OccurrenceException:
    """Cancel one occurrence of a recurring event, or move it (a new start and end)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.rrule:
        raise RecurrenceError("Only a recurring event has occurrences to change.")
    existing = OccurrenceException.objects.filter(event=event, original_start=original_start)
    if not existing.exists() and not is_occurrence_start(event, original_start):
        raise RecurrenceError("Not an occurrence of this event.")
    exception, _created = OccurrenceException.objects.update_or_create(
        event=event,
        original_start=original_start,
        defaults={
            "cancelled": cancelled,
            "starts_at": None if cancelled else starts_at,
            "ends_at": None if cancelled else ends_at,
        },
    )
    event.sequence += 1
    event.series_ends_at = series_end(event)
    event.save(update_fields=["sequence", "series_ends_at", "updated_at"])
    notify_attendees(
        event,
        "event_updated",
        {
            "occurrence_start": original_start,
            "occurrence_cancelled": cancelled,
            "occurrence_new_start": starts_at,
        },
    )
    audit_log.info(
        "event %s occurrence %s %s by user %s",
        event.pk,
        original_start.isoformat(),
        "cancelled" if cancelled else "moved",
        getattr(actor, "pk", None),
    )
    return exception


def notify_attendees(event: Event, template: str, extra: dict | None = None) -> int:
    """Tell every registered attendee (in the portal; by email as each chose); returns rows."""
    user_ids = list(
        Attendance.objects.filter(
            event=event, status=Attendance.Status.REGISTERED, user__is_active=True
        ).values_list("user_id", flat=True)
    )

    def title():  # in each recipient's language
        if template == "event_cancelled":
            return gettext("Cancelled: %(title)s") % {"title": event.title}
        return gettext("Changed: %(title)s") % {"title": event.title}

    rows = notify(
        user_ids,
        Kind.EVENTS,
        key=f"calendar:{template}:{event.pk}:{event.sequence}",
        title=title,
        url=reverse("calendar_app:detail", args=[event.pk]),
        # Only events open to all focal points are described in emails.
        restricted=event.visibility != Event.Visibility.ALL,
        email_template=template,
        email_context={"event": event, "event_url": event_url(event), **(extra or {})},
    )
    return len(rows)


@transaction.atomic
def answer_event(event: Event, *, actor, status: str, mode: str = Attendance.Mode.IN_PERSON):
    """Register for (or decline) an event; in-person places are limited by `capacity`."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.venue:
        mode = Attendance.Mode.ONLINE
    elif not event.online_url:
        mode = Attendance.Mode.IN_PERSON
    attendance = Attendance.objects.filter(event=event, user=actor).first()
    if status == Attendance.Status.REGISTERED:
        if event.is_cancelled:
            raise EventFull("cancelled")
        takes_place = mode == Attendance.Mode.IN_PERSON
        already_has_place = (
            attendance is not None
            and attendance.status == Attendance.Status.REGISTERED
            and attendance.mode == Attendance.Mode.IN_PERSON
        )
        if takes_place and not already_has_place and event.capacity is not None:
            taken = Attendance.objects.filter(
                event=event, status=Attendance.Status.REGISTERED, mode=Attendance.Mode.IN_PERSON
            ).count()
            if taken >= event.capacity:
                raise EventFull("full")
    if attendance is None:
        attendance = Attendance.objects.create(event=event, user=actor, status=status, mode=mode)
    else:
        attendance.status = status
        attendance.mode = mode
        attendance.save(update_fields=["status", "mode", "updated_at"])
    return attendance


def places_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    taken = Attendance.objects.filter(
        event=event, status=Attendance.Status.REGISTERED, mode=Attendance.Mode.IN_PERSON
    ).count()
    return max(event.capacity - taken, 0)


@transaction.atomic
def create_feed(*, actor, label: str = "", group=None) -> tuple[FeedToken, str]:
    """A new subscription feed; the token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    feed = FeedToken.objects.create(
        user=actor, token_hash=hash_token(token), label=label[:100], group=group
    )
    audit_log.info("calendar feed %s created by user %s", feed.pk, actor.pk)
    return feed, token


@transaction.atomic
def revoke_feed(feed: FeedToken, *, actor) -> bool:
    changed = FeedToken.objects.filter(pk=feed.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if changed:
        audit_log.info("calendar feed %s revoked by user %s", feed.pk, actor.pk)
    return bool(changed)


@transaction.atomic
def save_preferences(
    *, actor, timezone_name: str, remind_day_before: bool, remind_hour_before: bool
) -> CalendarPreference:
    preference, _created = CalendarPreference.objects.get_or_create(user=actor)
    preference.timezone = timezone_name
    preference.remind_day_before = remind_day_before
    preference.remind_hour_before = remind_hour_before
    preference.save(
        update_fields=["timezone", "remind_day_before", "remind_hour_before", "updated_at"]
    )
    forget(actor)
    return preference
