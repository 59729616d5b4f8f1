"""A restricted event is absent, for those outside its audience, from every view, feed, export,
search and count; and present for those inside it."""

import datetime as dt

import icalendar
import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from calendar_app.actions import answer_event, create_feed
from calendar_app.conflicts import find_conflicts
from calendar_app.models import Event
from entities.models import Organization
from tests.calendar_app.conftest import make_event
from tests.conftest import PASSWORD, make_focal_point

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 1, 14, 9, 0, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 14, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def restricted(wg2, secretariat_user):
    """A WG 2 event visible to WG 2's member organizations only (Kenya and AU are not)."""
    return make_event(
        secretariat_user,
        title="Closed strategy session",
        working_group=wg2,
        visibility=Event.Visibility.GROUPS,
        audience_groups=[wg2],
        venue="Room S-1",
        starts_at=START,
        ends_at=END,
    )


@pytest.fixture
def public(secretariat_user):
    return make_event(secretariat_user, title="Open webinar", starts_at=START, ends_at=END)


PAGES = [
    "/calendar/?month=2027-01",
    "/calendar/?month=2027-01&q=strategy",
    "/calendar/week/?date=2027-01-14",
    "/calendar/agenda/?from=2027-01-01",
    "/calendar/agenda/?from=2027-01-01&q=closed",
    "/calendar/agenda/?from=2027-01-01&mine=on",
]


def _titles(response):
    return response.content.decode()


def test_restricted_event_absent_for_outsiders_everywhere(
    client, restricted, public, state_user, regional_user, wg2
):
    for outsider in (state_user, regional_user):
        client.force_login(outsider)
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Closed strategy session" not in _titles(response), url
        month = client.get("/calendar/?month=2027-01")
        assert month.context["count"] == 1  # the open webinar only
        search = client.get("/calendar/agenda/?from=2027-01-01&q=closed")
        assert search.context["count"] == 0
        # detail, download, attendance and attendee list: 404, as for a missing event
        for url in (
            f"/calendar/events/{restricted.pk}/",
            f"/calendar/events/{restricted.pk}.ics",
            f"/calendar/events/{restricted.pk}/attendees/",
            f"/calendar/events/{restricted.pk}/attendees/?format=csv",
            f"/calendar/events/{restricted.pk}/edit/",
        ):
            assert client.get(url).status_code == 404, url
        assert (
            client.post(
                f"/calendar/events/{restricted.pk}/attendance/", {"status": "registered"}
            ).status_code
            == 404
        )
        # the feed
        _feed, token = create_feed(actor=outsider)
        feed = icalendar.Calendar.from_ical(Client().get(f"/calendar/feed/{token}.ics").content)
        assert [str(v["SUMMARY"]) for v in feed.walk("VEVENT")] == ["Open webinar"]
        # the group panel, and the querysets everything else builds on
        html = Template("{% load calendar_tags %}{% group_events group %}").render(
            Context({"request": _request(outsider), "group": wg2})
        )
        assert "Closed strategy session" not in html
        assert not Event.objects.visible_to(outsider).filter(pk=restricted.pk).exists()
        assert Event.objects.visible_to(outsider).count() == 1
        # conflict warnings do not reveal it either
        candidate = Event(
            starts_at=START,
            ends_at=END,
            timezone="UTC",
            working_group=wg2,
            organizer=restricted.organizer,
        )
        conflicts = find_conflicts(
            outsider, candidate, organizer_ids={restricted.organizer_id}, group_ids={wg2.pk}
        )
        assert [conflict.occurrence.event.title for conflict in conflicts] == ["Open webinar"]


def test_restricted_event_present_for_its_audience(client, restricted, entity_user, wg2):
    # UNODC is a vice-chair of WG 2
    client.force_login(entity_user)
    for url in PAGES[:4]:
        assert "Closed strategy session" in _titles(client.get(url)), url
    assert client.get(f"/calendar/events/{restricted.pk}/").status_code == 200
    _feed, token = create_feed(actor=entity_user)
    feed = icalendar.Calendar.from_ical(Client().get(f"/calendar/feed/{token}.ics").content)
    assert "Closed strategy session" in [str(v["SUMMARY"]) for v in feed.walk("VEVENT")]


def test_attendee_export_is_for_organizers_only(client, restricted, entity_user, secretariat_user):
    answer_event(restricted, actor=entity_user, status="registered")
    client.force_login(entity_user)  # sees the event, may not manage it
    assert client.get(f"/calendar/events/{restricted.pk}/attendees/").status_code == 403
    assert client.get(f"/calendar/events/{restricted.pk}/attendees/?format=xlsx").status_code == 403
    client.force_login(secretariat_user)
    response = client.get(f"/calendar/events/{restricted.pk}/attendees/?format=csv")
    assert response.status_code == 200
    assert "entity@test.example" in response.content.decode()


@pytest.mark.parametrize(
    ("visibility", "audience", "sees"),
    [
        ("all", None, {"entity", "state", "regional"}),
        ("compact", None, {"entity"}),
        ("organizations", "KEN", {"state"}),
        ("secretariat", None, set()),
    ],
)
def test_each_visibility_tier(
    visibility, audience, sees, secretariat_user, entity_user, state_user, regional_user
):
    extra = {}
    if audience:
        extra["audience_organizations"] = [Organization.objects.get(iso3=audience)]
    event = make_event(secretariat_user, visibility=visibility, **extra)
    viewers = {"entity": entity_user, "state": state_user, "regional": regional_user}
    seen = {
        name
        for name, user in viewers.items()
        if Event.objects.visible_to(user).filter(pk=event.pk).exists()
    }
    assert seen == sees
    assert Event.objects.visible_to(secretariat_user).filter(pk=event.pk).exists()


def test_creators_see_their_own_events_and_anonymous_nobody_any(compact):
    creator = make_focal_point("creator@test.example", {"acronym": "UNDP"})
    event = make_event(creator, visibility="secretariat")
    assert Event.objects.visible_to(creator).filter(pk=event.pk).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not Event.objects.visible_to(AnonymousUser()).exists()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_login_is_required_for_pages(client, public):
    assert client.get("/calendar/").status_code == 302
    assert client.get(f"/calendar/events/{public.pk}.ics").status_code == 302
    client.login(email="nobody@example.org", password=PASSWORD)
    assert client.get("/calendar/").status_code == 302


def test_search_and_dashboard_helpers_respect_visibility(
    restricted, public, state_user, entity_user
):
    from calendar_app.selectors import search_events, upcoming_occurrences

    assert list(search_events(state_user, "strategy")) == []
    assert list(search_events(entity_user, "strategy")) == [restricted]
    now = START - dt.timedelta(days=1)
    assert [o.event for o in upcoming_occurrences(state_user, now=now)] == [public]
    assert {o.event for o in upcoming_occurrences(entity_user, now=now)} == {public, restricted}
