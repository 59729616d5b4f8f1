"""Group panel, escaping, CSRF, malformed input, and the month view at demo scale."""

import datetime as dt

import icalendar
import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_app.demo import seed_events
from calendar_app.forms import EventForm
from calendar_app.ical import build_calendar
from calendar_app.models import Event
from tests.calendar_app.conftest import make_event

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7*7 }}<iframe src=//evil>",
]


def _render_group_events(user, group):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load calendar_tags %}{% group_events group %}").render(
        Context({"request": request, "group": group})
    )


def test_group_panel_lists_the_next_five_and_the_last_five(entity_user, wg2, wg3):
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for index in range(7):
        make_event(
            title=f"Future {index}",
            working_group=wg2,
            starts_at=now + dt.timedelta(days=index + 1),
            ends_at=now + dt.timedelta(days=index + 1, hours=1),
        )
        make_event(
            title=f"Past {index}",
            working_group=wg2,
            starts_at=now - dt.timedelta(days=index + 1),
            ends_at=now - dt.timedelta(days=index + 1) + dt.timedelta(hours=1),
        )
    make_event(
        title="Other group",
        working_group=wg3,
        starts_at=now + dt.timedelta(hours=5),
        ends_at=now + dt.timedelta(hours=6),
    )
    html = _render_group_events(entity_user, wg2)
    for index in range(5):
        assert f"Future {index}<" in html and f"Past {index}<" in html
    assert "Future 5" not in html and "Past 5" not in html and "Other group" not in html
    assert (
        html.index("Future 0")
        < html.index("Future 4")
        < html.index("Past 0")
        < html.index("Past 4")
    )


def test_group_panel_has_an_empty_state(entity_user, wg3):
    assert "No events planned" in _render_group_events(entity_user, wg3)


@pytest.mark.parametrize("payload", XSS)
def test_free_text_is_inert_everywhere(client, secretariat_user, entity_user, payload):
    event = make_event(
        secretariat_user,
        title=f"T {payload}",
        venue=f"V {payload}",
        description=f"<p>D {payload}</p>",
        agenda=payload,
    )
    client.force_login(entity_user)
    for url in (
        f"/calendar/events/{event.pk}/",
        "/calendar/?month=2027-01",
        "/calendar/agenda/?from=2027-01-01",
        "/calendar/week/?date=2027-01-12",
    ):
        body = client.get(url).content.decode()
        for tag in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", 'href="javascript:'):
            assert tag not in body, (url, tag)
    stored = Event.objects.get(pk=event.pk)
    for text in (stored.description, stored.agenda):
        for tag in ("<script", "<img", "<svg", "<iframe", 'href="javascript:'):
            assert tag not in text
    calendar = icalendar.Calendar.from_ical(
        build_calendar(Event.objects.filter(pk=event.pk).select_related("organizer"))
    )
    assert next(iter(calendar.walk("VEVENT")))["SUMMARY"] == f"T {payload}"


def test_state_changes_need_the_csrf_token(secretariat_user, entity_user):
    event = make_event(secretariat_user, venue="Geneva")
    client = Client(enforce_csrf_checks=True)
    client.force_login(entity_user)
    assert (
        client.post(
            f"/calendar/events/{event.pk}/attendance/", {"status": "registered"}
        ).status_code
        == 403
    )
    assert client.post("/calendar/preferences/", {"form": "feed"}).status_code == 403
    assert not event.attendances.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "title",
                "event_type",
                "status",
                "organizer",
                "timezone",
                "start_date",
                "start_time",
                "end_date",
                "end_time",
                "repeat",
                "repeat_until",
                "rrule",
                "capacity",
                "online_url",
                "document_ids",
                "visibility",
                "all_day",
                "co_organizers",
                "countries",
            ]
        ),
        st.one_of(
            st.text(max_size=40),
            st.integers(-5, 10**12).map(str),
            st.sampled_from(
                [
                    "2027-02-30",
                    "2027-03-14",
                    "25:00",
                    "02:30",
                    "FREQ=DAILY;COUNT=99999",
                    "FREQ=YEARLY;UNTIL=1",
                    "America/New_York",
                    "Not/AZone",
                    "custom",
                    "monthly_weekday",
                    "weekly",
                    "on",
                    "1,2,x",
                ]
            ),
        ),
    )
)
def test_the_event_form_never_crashes(entity_user, data):
    form = EventForm(data, user=entity_user)
    if form.is_valid():
        assert form.cleaned_data["ends_at"] > form.cleaned_data["starts_at"]
        form.event_values()


def test_month_view_at_demo_scale_is_bounded(
    client, compact, entity_user, django_assert_max_num_queries
):
    # Latency is measured by `make bench` on a quiet machine; here, a fixed number of queries.
    seed_events(1)
    client.force_login(entity_user)
    client.get("/calendar/?month=2026-11")  # warm caches (time zones, templates)
    with django_assert_max_num_queries(14):
        response = client.get("/calendar/?month=2026-11")
    assert response.status_code == 200 and response.context["count"] > 5
