"""iCalendar downloads and personal feeds: secret revocable tokens, cacheable, RFC 5545."""

import datetime as dt

import icalendar
import pytest
from django.test import Client

from calendar_app.actions import create_feed, revoke_feed, set_occurrence_exception, update_event
from calendar_app.models import Event, FeedToken
from tests.calendar_app.conftest import at, make_event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

REQUIRED_CALENDAR = ("VERSION", "PRODID")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART")


def _feed_url(user, **kwargs):
    _feed, token = create_feed(actor=user, **kwargs)
    return f"/calendar/feed/{token}.ics"


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _assert_valid(calendar):
    for name in REQUIRED_CALENDAR:
        assert name in calendar, name
    assert calendar["VERSION"] == "2.0"
    vevents = list(calendar.walk("VEVENT"))
    for vevent in vevents:
        for name in REQUIRED_EVENT:
            assert name in vevent, name
    return vevents


def test_feed_works_without_a_session_and_round_trips(entity_user, wg2):
    event = make_event(
        title="Online expert meeting",
        online_url="https://meet.example.org/abc",
        working_group=wg2,
        timezone="Europe/Vienna",
        starts_at=at("Europe/Vienna", 2027, 2, 3, 9, 0),
        ends_at=at("Europe/Vienna", 2027, 2, 3, 12, 0),
    )
    url = _feed_url(entity_user)
    response = Client().get(url)  # a calendar client: no cookies
    assert response.status_code == 200
    calendar = _parse(response)
    vevents = _assert_valid(calendar)
    vevent = next(v for v in vevents if v["SUMMARY"] == "Online expert meeting")
    assert vevent["UID"] == f"event-{event.pk}@portal.example.org"
    assert vevent["URL"] == f"https://portal.example.org/calendar/events/{event.pk}/"
    assert vevent["CONFERENCE"] == "https://meet.example.org/abc"
    assert vevent["LOCATION"] == "https://meet.example.org/abc"
    assert "https://meet.example.org/abc" in vevent["DESCRIPTION"]
    assert vevent.decoded("sequence") == 0
    assert vevent["STATUS"] == "CONFIRMED"
    assert "TZID:Europe/Vienna" in response.content.decode()
    # Re-serialising what we parsed gives a calendar that parses again (clients re-export).
    again = icalendar.Calendar.from_ical(calendar.to_ical())
    assert [str(v["UID"]) for v in again.walk("VEVENT")] == [str(v["UID"]) for v in vevents]


def test_changes_keep_the_uid_bump_the_sequence_and_mark_cancellations(
    entity_user, secretariat_user
):
    event = make_event(title="Consultation")
    url = _feed_url(entity_user)
    client = Client()
    first = next(iter(_parse(client.get(url)).walk("VEVENT")))
    update_event(event, {"venue": "Vienna International Centre"}, actor=secretariat_user)
    second = next(iter(_parse(client.get(url)).walk("VEVENT")))
    assert second["UID"] == first["UID"]
    assert second.decoded("sequence") == 1
    update_event(event, {"description": "<p>More detail</p>"}, actor=secretariat_user)
    assert next(iter(_parse(client.get(url)).walk("VEVENT"))).decoded("sequence") == 1
    update_event(event, {"status": Event.Status.CANCELLED}, actor=secretariat_user)
    third = next(iter(_parse(client.get(url)).walk("VEVENT")))
    assert third["STATUS"] == "CANCELLED"
    assert third.decoded("sequence") == 2


def test_recurring_exceptions_are_exdate_and_recurrence_id(secretariat_user):
    event = make_event(
        timezone="America/New_York",
        starts_at=at("America/New_York", 2027, 1, 12, 10, 0),
        ends_at=at("America/New_York", 2027, 1, 12, 11, 0),
        rrule="FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
    )
    set_occurrence_exception(
        event, at("America/New_York", 2027, 2, 9, 10, 0), cancelled=True, actor=secretariat_user
    )
    set_occurrence_exception(
        event,
        at("America/New_York", 2027, 3, 9, 10, 0),
        cancelled=False,
        starts_at=at("America/New_York", 2027, 3, 10, 14, 0),
        ends_at=at("America/New_York", 2027, 3, 10, 15, 0),
        actor=secretariat_user,
    )
    client = Client()
    client.force_login(secretariat_user)
    response = client.get(f"/calendar/events/{event.pk}.ics")
    assert response.status_code == 200
    raw = response.content.decode()
    assert "EXDATE;TZID=America/New_York:20270209T100000" in raw
    assert "RECURRENCE-ID;TZID=America/New_York:20270309T100000" in raw
    vevents = _assert_valid(_parse(response))
    assert len(vevents) == 2 and vevents[0]["UID"] == vevents[1]["UID"]
    assert vevents[0].decoded("sequence") == 2


def test_a_revoked_or_unknown_token_is_404(entity_user):
    feed, token = create_feed(actor=entity_user)
    client = Client()
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
    revoke_feed(feed, actor=entity_user)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 404
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    assert FeedToken.objects.get(pk=feed.pk).token_hash != token  # only the hash is stored


def test_a_deactivated_owner_s_feed_is_404(entity_user):
    url = _feed_url(entity_user)
    entity_user.is_active = False
    entity_user.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404


def test_revoking_from_the_settings_page(client, entity_user, state_user):
    feed, token = create_feed(actor=entity_user)
    client.login(email=state_user.email, password=PASSWORD)
    assert client.post(f"/calendar/feeds/{feed.pk}/revoke/").status_code == 404  # not theirs
    client.login(email=entity_user.email, password=PASSWORD)
    assert client.post(f"/calendar/feeds/{feed.pk}/revoke/").status_code == 302
    assert Client().get(f"/calendar/feed/{token}.ics").status_code == 404


def test_creating_a_feed_shows_its_address_once(client, entity_user, wg2):
    client.login(email=entity_user.email, password=PASSWORD)
    response = client.post(
        "/calendar/preferences/", {"form": "feed", "label": "Outlook", "group": wg2.pk}
    )
    url = response.context["new_feed_url"]
    assert url.startswith("http://testserver/calendar/feed/") and url.endswith(".ics")
    assert url in response.content.decode()
    assert url not in client.get("/calendar/preferences/").content.decode()
    assert Client().get(url.replace("http://testserver", "")).status_code == 200


def test_feed_is_cacheable_with_conditional_get(entity_user, secretariat_user):
    event = make_event(title="Cached")
    url = _feed_url(entity_user)
    client = Client()
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert "max-age" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    update_event(event, {"title": "Cached, renamed"}, actor=secretariat_user)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_feed_queries_are_bounded(entity_user, wg2, django_assert_max_num_queries):
    for index in range(30):
        make_event(
            title=f"Meeting {index}",
            working_group=wg2 if index % 2 else None,
            starts_at=dt.datetime(2027, 1, 1 + index % 28, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 1, 1 + index % 28, 10, tzinfo=dt.UTC),
            rrule="FREQ=WEEKLY;COUNT=3" if index % 3 == 0 else "",
            online_url="https://meet.example.org/x" if index % 4 == 0 else "",
        )
    url = _feed_url(entity_user)
    client = Client()
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(list(_parse(response).walk("VEVENT"))) == 30
    with django_assert_max_num_queries(5):
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_group_feed_has_only_that_group_s_events(entity_user, wg2, wg3):
    make_event(title="WG 2 meeting", working_group=wg2)
    make_event(title="WG 3 meeting", working_group=wg3)
    make_event(title="No group")
    calendar = _parse(Client().get(_feed_url(entity_user, group=wg2)))
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["WG 2 meeting"]
