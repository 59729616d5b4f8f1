"""Occurrences of events: recurrence rules expanded in the event's own time zone.

A rule repeats the event's *local* wall-clock time (a monthly 10:00 meeting in New York is at 10:00
New York time in January and in July, so 15:00 and 14:00 UTC). Exceptions cancel one occurrence
(EXDATE) or move it (RECURRENCE-ID); they are keyed by the occurrence's planned start in UTC.

Rules are stored in a canonical form (`normalize_rrule`): FREQ first, UNTIL in UTC (a date for
all-day events), as RFC 5545 wants when DTSTART carries a TZID.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
MAX_COUNT = 500
MAX_EXPANSION = 2000  # occurrences produced by one call, whatever the window


class RecurrenceError(ValueError):
    pass


@dataclass
class Occurrence:
    """One occurrence of an event, with UTC start and end."""

    event: object
    start: dt.datetime
    end: dt.datetime
    original_start: dt.datetime
    moved: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The occurrence's identity in URLs: its planned start in UTC, compact ISO form."""
        return self.original_start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    @property
    def pk(self):
        return self.event.pk


def parse_occurrence_key(value: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except (TypeError, ValueError):
        raise RecurrenceError(_("Not an occurrence.")) from None


def _split(rule: str) -> dict[str, str]:
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        name, sep, value = chunk.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip():
            raise RecurrenceError(_("“%(part)s” is not NAME=VALUE.") % {"part": chunk})
        if name not in ALLOWED_PARTS:
            raise RecurrenceError(_("“%(name)s” is not supported here.") % {"name": name})
        if name in parts:
            raise RecurrenceError(_("“%(name)s” appears twice.") % {"name": name})
        parts[name] = value.strip().upper()
    return parts


def _parse_until(value: str, tz, all_day: bool):
    """UNTIL as a naive local datetime (the rule runs on local wall-clock times)."""
    try:
        if len(value) == 8:
            day = dt.datetime.strptime(value, "%Y%m%d")
            return day.replace(hour=23, minute=59, second=59)
        if value.endswith("Z"):
            moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            return moment.astimezone(tz).replace(tzinfo=None)
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
    except ValueError:
        raise RecurrenceError(_("UNTIL must be a date (YYYYMMDD) or a time.")) from None


def normalize_rrule(rule: str, *, tz, all_day: bool) -> str:
    """The canonical rule text, or '' for none; raises RecurrenceError when it is not valid."""
    parts = _split(rule)
    if not parts:
        return ""
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQUENCIES:
        raise RecurrenceError(_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError(_("Give COUNT or UNTIL, not both."))
    if "COUNT" in parts and (
        not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= MAX_COUNT
    ):
        raise RecurrenceError(_("COUNT must be a number from 1 to %(max)s.") % {"max": MAX_COUNT})
    if "INTERVAL" in parts and (
        not parts["INTERVAL"].isdigit() or not 1 <= int(parts["INTERVAL"]) <= 366
    ):
        raise RecurrenceError(_("INTERVAL must be a number from 1 to 366."))
    if "UNTIL" in parts:
        local = _parse_until(parts["UNTIL"], tz, all_day)
        if all_day:
            parts["UNTIL"] = local.strftime("%Y%m%d")
        else:
            moment = local.replace(tzinfo=tz).astimezone(dt.UTC)
            parts["UNTIL"] = moment.strftime("%Y%m%dT%H%M%SZ")
    ordered = ["FREQ"] + sorted(name for name in parts if name != "FREQ")
    text = ";".join(f"{name}={parts[name]}" for name in ordered)
    try:
        build_rule(text, dt.datetime(2020, 1, 1, 10, 0), tz, all_day)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(_("This is not a valid repeat rule.")) from error
    return text


def build_rule(text: str, local_start: dt.datetime, tz, all_day: bool):
    """A dateutil rule over naive local datetimes."""
    parts = _split(text)
    until = parts.pop("UNTIL", None)
    body = ";".join(f"{name}={value}" for name, value in parts.items())
    rule = rrulestr(body, dtstart=local_start)
    if until:
        rule = rule.replace(until=_parse_until(until, tz, all_day))
    return rule


def _local_start(event) -> dt.datetime:
    if event.all_day:
        return dt.datetime.combine(event.start_date, dt.time())
    return event.starts_at.astimezone(event.tz).replace(tzinfo=None)


def _span(event, local: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """UTC start and end of the occurrence that starts at `local` (naive, event zone)."""
    tz = event.tz
    if event.all_day:
        days = (event.end_date - event.start_date).days + 1
        start = local.replace(tzinfo=tz)
        end = (local + dt.timedelta(days=days)).replace(tzinfo=tz)
    else:
        start = local.replace(tzinfo=tz)
        end = start + (event.ends_at - event.starts_at)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _exceptions(event, exceptions):
    if exceptions is None:
        exceptions = list(event.exceptions.all())
    return {exception.original_start: exception for exception in exceptions}


def occurrences(event, window_start, window_end, exceptions=None) -> list[Occurrence]:
    """The occurrences of `event` that overlap [window_start, window_end), in order."""
    if not event.rrule:
        if event.starts_at < window_end and event.ends_at > window_start:
            return [Occurrence(event, event.starts_at, event.ends_at, event.starts_at)]
        return []
    by_original = _exceptions(event, exceptions)
    tz = event.tz
    duration = event.ends_at - event.starts_at
    rule = build_rule(event.rrule, _local_start(event), tz, event.all_day)
    after = (window_start - duration - dt.timedelta(days=1)).astimezone(tz).replace(tzinfo=None)
    before = (window_end + dt.timedelta(days=1)).astimezone(tz).replace(tzinfo=None)
    found = []
    for local in rule.xafter(after, count=MAX_EXPANSION, inc=True):
        if local > before:
            break
        start, end = _span(event, local)
        if start in by_original:
            continue
        if start < window_end and end > window_start:
            found.append(Occurrence(event, start, end, start))
    for original, exception in by_original.items():
        if exception.cancelled:
            continue
        if exception.starts_at < window_end and exception.ends_at > window_start:
            found.append(
                Occurrence(event, exception.starts_at, exception.ends_at, original, moved=True)
            )
    found.sort(key=lambda occurrence: occurrence.start)
    return found


def is_occurrence_start(event, moment: dt.datetime) -> bool:
    """Is `moment` (UTC) a planned start of the event's rule?"""
    if not event.rrule:
        return moment == event.starts_at
    return any(
        occurrence.original_start == moment
        for occurrence in occurrences(
            event, moment - dt.timedelta(seconds=1), moment + dt.timedelta(seconds=1), []
        )
    )


def series_end(event, exceptions=None) -> dt.datetime | None:
    """When the last occurrence ends; None for a rule without an end."""
    if not event.rrule:
        return event.ends_at
    parts = _split(event.rrule)
    if "COUNT" not in parts and "UNTIL" not in parts:
        return None
    rule = build_rule(event.rrule, _local_start(event), event.tz, event.all_day)
    last = None
    for index, local in enumerate(rule.xafter(_local_start(event), count=MAX_EXPANSION, inc=True)):
        if index == MAX_EXPANSION - 1:
            return None  # a long series: treated as open-ended by the window queries
        last = local
    ends = [event.ends_at]
    if last is not None:
        ends.append(_span(event, last)[1])
    for exception in _exceptions(event, exceptions).values():
        if not exception.cancelled and exception.ends_at:
            ends.append(exception.ends_at)
    return max(ends)


def occurrences_of(events, window_start, window_end) -> list[Occurrence]:
    """Every occurrence of `events` (exceptions prefetched) in the window, by start time."""
    found = []
    for event in events:
        found.extend(occurrences(event, window_start, window_end, list(event.exceptions.all())))
    found.sort(key=lambda occurrence: (occurrence.start, occurrence.event.title))
    return found
