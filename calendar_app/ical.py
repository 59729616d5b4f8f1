"""iCalendar (RFC 5545) output with the `icalendar` library: one event, or a feed of many.

- UID is stable (`event-<pk>@<host>`); SEQUENCE is the event's revision (raised on changes that
  matter); DTSTAMP and LAST-MODIFIED are the last change, so an unchanged event serialises to the
  same bytes (feeds can be cached and compared).
- Timed events carry DTSTART/DTEND in the event's own zone (TZID) with a VTIMEZONE for it; UTC
  events are written in UTC ("Z"). All-day events are VALUE=DATE with an exclusive DTEND.
- Recurring events carry their RRULE, cancelled occurrences as EXDATE, and moved occurrences as
  extra VEVENTs with the same UID and a RECURRENCE-ID.
- STATUS is TENTATIVE (planned, postponed), CONFIRMED or CANCELLED; URL points back to the event
  page; the online link is in CONFERENCE (RFC 7986), in LOCATION when there is no venue, and in
  the DESCRIPTION (for clients that show only that).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.html import strip_tags

from .actions import event_url
from .models import Event

PRODID = "-//UN Global Counter-Terrorism Coordination Compact//Compact Portal Calendar//EN"
STATUS = {
    Event.Status.PLANNED: "TENTATIVE",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CONFIRMED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}
_SPACES = re.compile(r"\n{3,}")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "compact-portal.invalid"


def event_uid(event) -> str:
    return f"event-{event.pk}@{_host()}"


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str) -> bytes:
    return icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(2010, 1, 1), last_date=dt.date(2038, 1, 1)
    ).to_ical()


def _is_utc(event) -> bool:
    return event.timezone in {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu"}


def _local(event, moment: dt.datetime) -> dt.datetime:
    if _is_utc(event):
        return moment.astimezone(dt.UTC)
    return moment.astimezone(event.tz)


def _text(html: str) -> str:
    text = strip_tags((html or "").replace("</p>", "</p>\n\n").replace("<br>", "\n"))
    return _SPACES.sub("\n\n", text).strip()


def _description(event) -> str:
    parts = []
    if event.online_url:
        parts.append(f"Online: {event.online_url}")
    description = _text(event.description)
    if description:
        parts.append(description)
    parts.append(event_url(event))
    return "\n\n".join(parts)


def _base_component(event, stamp: dt.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", stamp)
    component.add("created", event.created_at.astimezone(dt.UTC))
    component.add("last-modified", stamp)
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    component.add("status", STATUS[event.status])
    component.add("url", event_url(event), parameters={"VALUE": "URI"})
    component.add("description", _description(event))
    component.add("categories", [event.get_event_type_display()])
    if event.venue:
        component.add("location", event.venue)
    elif event.online_url:
        component.add("location", event.online_url)
    if event.online_url:
        component.add(
            "conference",
            event.online_url,
            parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO", "LABEL": "Online meeting"},
        )
    component.add(
        "organizer", f"mailto:noreply@{_host()}", parameters={"CN": event.organizer.label}
    )
    return component


def _add_times(component, event, start: dt.datetime, end: dt.datetime) -> None:
    if event.all_day:
        tz = event.tz
        component.add("dtstart", start.astimezone(tz).date())
        component.add("dtend", end.astimezone(tz).date())  # exclusive: the day after the last
    else:
        component.add("dtstart", _local(event, start))
        component.add("dtend", _local(event, end))


def _recurrence_id(event, original_start: dt.datetime):
    if event.all_day:
        return original_start.astimezone(event.tz).date()
    return _local(event, original_start)


def event_components(event, exceptions) -> list[icalendar.Event]:
    """The VEVENTs of one event: the master, then one per moved occurrence."""
    stamp = event.updated_at.astimezone(dt.UTC).replace(microsecond=0)
    master = _base_component(event, stamp)
    _add_times(master, event, event.starts_at, event.ends_at)
    components = [master]
    if event.rrule:
        master.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        for exception in exceptions:
            if exception.cancelled:
                master.add("exdate", _recurrence_id(event, exception.original_start))
            else:
                moved = _base_component(event, stamp)
                moved.add("recurrence-id", _recurrence_id(event, exception.original_start))
                _add_times(moved, event, exception.starts_at, exception.ends_at)
                components.append(moved)
    return components


def build_calendar(events, *, name: str = "") -> bytes:
    """A VCALENDAR with the given events (exceptions and organizer already fetched)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    zones = set()
    components = []
    for event in events:
        components.extend(event_components(event, list(event.exceptions.all())))
        if not event.all_day and not _is_utc(event):
            zones.add(event.timezone)
    for tzid in sorted(zones):
        calendar.add_component(icalendar.Timezone.from_ical(_vtimezone(tzid)))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()
