import datetime as dt

import pytest

from tests.calendar_app.conftest import make_event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_month_week_agenda_and_detail_render(client, entity_user):
    event = make_event(
        title="Smoke meeting",
        starts_at=dt.datetime(2027, 1, 12, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 12, 11, tzinfo=dt.UTC),
    )
    client.login(email=entity_user.email, password=PASSWORD)
    for url in [
        "/calendar/?month=2027-01",
        "/calendar/week/?date=2027-01-12",
        "/calendar/agenda/?from=2027-01-01",
        f"/calendar/events/{event.pk}/",
        "/calendar/events/new/",
        "/calendar/preferences/",
        f"/calendar/events/{event.pk}.ics",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Smoke meeting" in client.get("/calendar/?month=2027-01").content
