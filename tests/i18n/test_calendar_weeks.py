"""The calendar's month and week views start the week on the reader's first day of the week."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, first, last",
    [
        ("en", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),  # Monday to Sunday
        ("fr", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("ar", dt.date(2026, 11, 21), dt.date(2026, 11, 27)),  # Saturday to Friday
    ],
)
def test_week_view_starts_on_the_locales_first_day(client, state_user, language, first, last):
    client.force_login(state_user)
    response = client.get("/calendar/week/", {"date": "2026-11-25"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    days = [day.date for day in response.context["days"]]
    assert (days[0], days[-1]) == (first, last)


@pytest.mark.parametrize("language, weekday", [("en", 0), ("ar", 5)])
def test_month_grid_columns_start_on_the_locales_first_day(client, state_user, language, weekday):
    client.force_login(state_user)
    response = client.get("/calendar/", {"month": "2026-11"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert all(week[0].date.weekday() == weekday for week in weeks)
    assert all(len(week) == 7 for week in weeks)
    dates = [day.date for week in weeks for day in week]
    assert dt.date(2026, 11, 1) in dates and dt.date(2026, 11, 30) in dates
