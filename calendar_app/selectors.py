"""Reads of the calendar: the visible, filtered events of a window and their occurrences."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from library.visibility import audience_of
from workinggroups.models import WorkingGroupMembership

from .models import Attendance, Event
from .recurrence import Occurrence, occurrences_of


def filtered_events(user, filters: dict):
    """`Event.objects.visible_to(user)` narrowed by the calendar filters (CalendarFilterForm)."""
    events = Event.objects.visible_to(user)
    if filters.get("group"):
        events = events.filter(working_group=filters["group"])
    if filters.get("organizer"):
        organizer = filters["organizer"]
        co_organized = Event.co_organizers.through.objects.filter(
            event_id=OuterRef("pk"), organization_id=organizer.pk
        )
        events = events.filter(Q(organizer=organizer) | Exists(co_organized))
    if filters.get("type"):
        events = events.filter(event_type=filters["type"])
    if filters.get("country"):
        events = events.filter(
            Exists(
                Event.countries.through.objects.filter(
                    event_id=OuterRef("pk"), organization_id=filters["country"].pk
                )
            )
        )
    if filters.get("region"):
        events = events.filter(region=filters["region"])
    if filters.get("q"):
        events = events.filter(
            Q(title__icontains=filters["q"])
            | Q(venue__icontains=filters["q"])
            | Q(description__icontains=filters["q"])
        )
    if filters.get("mine"):
        events = events.filter(mine_condition(user))
    return events


def mine_condition(user) -> Q:
    """My groups, my organization's events, and the events I registered for."""
    audience = audience_of(user)
    attending = Attendance.objects.filter(
        event_id=OuterRef("pk"), user_id=audience.user_id, status=Attendance.Status.REGISTERED
    )
    condition = Exists(attending) | Q(created_by_id=audience.user_id)
    if audience.organization_id:
        my_groups = WorkingGroupMembership.objects.filter(
            organization_id=audience.organization_id
        ).values("group_id")
        co_organized = Event.co_organizers.through.objects.filter(
            event_id=OuterRef("pk"), organization_id=audience.organization_id
        )
        condition |= (
            Q(working_group_id__in=my_groups)
            | Q(organizer_id=audience.organization_id)
            | Exists(co_organized)
        )
    return condition


def window_occurrences(events, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    events = (
        events.in_window(start, end)
        .select_related("organizer", "working_group")
        .prefetch_related("exceptions")
    )
    return occurrences_of(events, start, end)


@dataclass
class Day:
    date: dt.date
    in_period: bool = True
    today: bool = False
    occurrences: list = field(default_factory=list)

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def local_days(occurrence: Occurrence, tz) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) the occurrence covers, as the viewer sees it.

    All-day events keep their own days whatever the viewer's zone.
    """
    event = occurrence.event
    if event.all_day:
        first = occurrence.start.astimezone(event.tz).date()
        last = occurrence.end.astimezone(event.tz).date() - dt.timedelta(days=1)
        return first, max(first, last)
    first = occurrence.start.astimezone(tz).date()
    last = (occurrence.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    return first, max(first, last)


def days_with_occurrences(
    first: dt.date, last: dt.date, occurrences, tz, *, period=None, today=None
):
    """One Day per date from `first` to `last`, each with the occurrences it shows."""
    days = {}
    current = first
    while current <= last:
        in_period = period is None or (period[0] <= current <= period[1])
        days[current] = Day(current, in_period=in_period, today=current == today)
        current += dt.timedelta(days=1)
    for occurrence in occurrences:
        start_day, end_day = local_days(occurrence, tz)
        current = max(start_day, first)
        while current <= min(end_day, last):
            days[current].occurrences.append(occurrence)
            current += dt.timedelta(days=1)
    return list(days.values())


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(first of month, last of month, first and last day of the grid's weeks).

    Weeks start on the active language's first day of the week (Monday in most, Saturday in
    Arabic), so the grid's columns follow the reader's calendar.
    """
    from compact_portal.i18n import week_start

    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    grid_start = week_start(first)
    grid_end = week_start(last) + dt.timedelta(days=6)
    return first, last, grid_start, grid_end


def day_start(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def search_events(user, query: str, *, limit: int = 10):
    """Events `user` may see whose title, venue or description matches (for the global search)."""
    query = (query or "").strip()[:100]
    if not query:
        return Event.objects.none()
    return (
        filtered_events(user, {"q": query})
        .select_related("organizer", "working_group")
        .order_by("-starts_at")[:limit]
    )


def upcoming_occurrences(user, *, days: int = 30, now=None) -> list[Occurrence]:
    """The occurrences `user` may see in the coming `days` (for dashboards and their counts)."""
    from django.utils import timezone

    now = now or timezone.now()
    return window_occurrences(
        Event.objects.visible_to(user).exclude(status=Event.Status.CANCELLED),
        now,
        now + dt.timedelta(days=days),
    )
