"""Times: stored in UTC with the event's own zone, shown in the viewer's, right in iCalendar."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from calendar_app.actions import save_preferences
from calendar_app.forms import EventForm
from calendar_app.ical import build_calendar
from calendar_app.models import Event
from calendar_app.recurrence import occurrences
from tests.calendar_app.conftest import at, make_event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _calendar(event):
    event = (
        Event.objects.prefetch_related("exceptions").select_related("organizer").get(pk=event.pk)
    )
    return icalendar.Calendar.from_ical(build_calendar([event]))


def test_new_york_ten_oclock_shows_as_sixteen_in_geneva_in_winter(client, entity_user):
    event = make_event(
        title="New York briefing",
        timezone="America/New_York",
        starts_at=at("America/New_York", 2027, 1, 20, 10, 0),
        ends_at=at("America/New_York", 2027, 1, 20, 11, 30),
    )
    assert event.starts_at == dt.datetime(2027, 1, 20, 15, 0, tzinfo=dt.UTC)
    save_preferences(
        actor=entity_user,
        timezone_name="Europe/Zurich",
        remind_day_before=True,
        remind_hour_before=True,
    )
    client.login(email=entity_user.email, password=PASSWORD)

    page = client.get(f"/calendar/events/{event.pk}/").content.decode()
    assert "16:00" in page and "17:30" in page
    assert "10:00" in page and "America/New_York" in page  # the event's own zone is noted

    week = client.get("/calendar/week/?date=2027-01-20").content.decode()
    assert "16:00" in week

    month = client.get("/calendar/?month=2027-01").content.decode()
    assert 'datetime="2027-01-20T15:00:00+00:00"' in month
    assert ">16:00<" in month


def test_feed_carries_the_tzid_and_the_right_utc_instant():
    event = make_event(
        timezone="America/New_York",
        starts_at=at("America/New_York", 2027, 1, 20, 10, 0),
        ends_at=at("America/New_York", 2027, 1, 20, 11, 0),
    )
    raw = build_calendar(
        [Event.objects.prefetch_related("exceptions").select_related("organizer").get(pk=event.pk)]
    ).decode()
    assert "DTSTART;TZID=America/New_York:20270120T100000" in raw
    assert "BEGIN:VTIMEZONE" in raw and "TZID:America/New_York" in raw
    parsed = icalendar.Calendar.from_ical(raw)
    vevent = next(iter(parsed.walk("VEVENT")))
    start = vevent.decoded("dtstart")
    assert start.astimezone(dt.UTC) == dt.datetime(2027, 1, 20, 15, 0, tzinfo=dt.UTC)
    assert start.astimezone(GENEVA).hour == 16


def test_utc_events_are_written_in_utc_without_a_vtimezone():
    make_event(timezone="UTC")
    raw = build_calendar(
        Event.objects.prefetch_related("exceptions").select_related("organizer")
    ).decode()
    assert "DTSTART:20270112T100000Z" in raw
    assert "VTIMEZONE" not in raw


def test_a_weekly_meeting_keeps_its_local_time_across_daylight_saving_changes():
    event = make_event(
        timezone="America/New_York",
        starts_at=at("America/New_York", 2027, 3, 9, 10, 0),
        ends_at=at("America/New_York", 2027, 3, 9, 11, 0),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    window = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC))
    starts = [occurrence.start for occurrence in occurrences(event, *window, [])]
    assert [start.astimezone(NEW_YORK).hour for start in starts] == [10, 10, 10, 10]
    # US clocks go forward on 14 March 2027, Europe's on 28 March.
    assert [start.astimezone(dt.UTC).hour for start in starts] == [15, 14, 14, 14]
    assert [start.astimezone(GENEVA).hour for start in starts] == [16, 15, 15, 16]
    assert event.series_ends_at == dt.datetime(2027, 3, 30, 15, 0, tzinfo=dt.UTC)


def test_a_monthly_rule_in_the_feed_is_in_local_time_with_until_in_utc():
    from calendar_app.recurrence import normalize_rrule

    rule = normalize_rrule("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231", tz=NEW_YORK, all_day=False)
    assert rule == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20280101T045959Z"
    event = make_event(
        timezone="America/New_York",
        starts_at=at("America/New_York", 2027, 1, 12, 10, 0),
        ends_at=at("America/New_York", 2027, 1, 12, 11, 0),
        rrule=rule,
    )
    vevent = next(iter(_calendar(event).walk("VEVENT")))
    assert vevent["RRULE"].to_ical().decode() == "FREQ=MONTHLY;UNTIL=20280101T045959Z;BYDAY=2TU"
    window = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2029, 1, 1, tzinfo=dt.UTC))
    assert len(occurrences(event, *window, [])) == 12


def test_clock_change_gap_is_refused_and_ambiguous_hour_takes_the_first(entity_user):
    def form(start, end, day="2027-03-14"):
        return EventForm(
            {
                "title": "Gap",
                "event_type": "webinar",
                "status": "planned",
                "organizer": entity_user.focal_point.organization_id,
                "timezone": "America/New_York",
                "start_date": day,
                "start_time": start,
                "end_time": end,
                "visibility": "all",
            },
            user=entity_user,
        )

    gap = form("02:30", "03:30")
    assert not gap.is_valid()
    assert "start_time" in gap.errors

    ambiguous = form("01:30", "03:00", day="2027-11-07")
    assert ambiguous.is_valid(), ambiguous.errors
    assert ambiguous.cleaned_data["starts_at"] == dt.datetime(2027, 11, 7, 5, 30, tzinfo=dt.UTC)


def test_all_day_and_multi_day_events_are_dates_with_an_exclusive_end():
    event = make_event(
        title="Regional workshop",
        timezone="Africa/Nairobi",
        all_day=True,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 3),
    )
    vevent = next(iter(_calendar(event).walk("VEVENT")))
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert vevent.decoded("dtstart") == dt.date(2027, 3, 1)
    assert vevent.decoded("dtend") == dt.date(2027, 3, 4)
    raw = vevent.to_ical().decode()
    assert "DTSTART;VALUE=DATE:20270301" in raw and "DTEND;VALUE=DATE:20270304" in raw


def test_all_day_events_keep_their_days_for_a_viewer_far_away(client, entity_user):
    make_event(
        title="Nairobi days",
        timezone="Africa/Nairobi",
        all_day=True,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 2),
    )
    save_preferences(
        actor=entity_user,
        timezone_name="America/Los_Angeles",
        remind_day_before=True,
        remind_hour_before=True,
    )
    client.login(email=entity_user.email, password=PASSWORD)
    response = client.get("/calendar/week/?date=2027-02-28")
    days = {day.date: [o.event.title for o in day.occurrences] for day in response.context["days"]}
    assert days[dt.date(2027, 2, 28)] == []  # 1 March 00:00 in Nairobi is 28 Feb 13:00 in LA
    response = client.get("/calendar/week/?date=2027-03-01")
    days = {day.date: [o.event.title for o in day.occurrences] for day in response.context["days"]}
    assert days[dt.date(2027, 3, 1)] == ["Nairobi days"]
    assert days[dt.date(2027, 3, 2)] == ["Nairobi days"]
    assert days[dt.date(2027, 3, 3)] == []
