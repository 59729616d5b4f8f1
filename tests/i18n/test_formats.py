"""Dates, times, numbers, money, weeks and name order follow the reader's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import formats, translation

from calendar_app.selectors import month_bounds
from compact_portal.i18n import (
    first_day_of_week,
    format_compact_money,
    format_money,
    name_order,
    week_start,
)

DAY = dt.date(2026, 11, 28)  # a Saturday
MOMENT = dt.datetime(2026, 11, 28, 14, 5)


def render(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    "language, date, short_date, time",
    [
        ("en", "28 November 2026", "28 Nov 2026", "14:05"),
        ("fr", "28 novembre 2026", "28/11/2026", "14:05"),
        ("es", "28 de noviembre de 2026", "28/11/2026", "14:05"),
        ("ru", "28 ноября 2026 г.", "28.11.2026", "14:05"),
        ("zh-hans", "2026年11月28日", "2026年11月28日", "14:05"),
        ("ar", "28 نوفمبر، 2026", "28\u200f/11\u200f/2026", "14:05"),
    ],
)
def test_dates_and_times_follow_the_language(language, date, short_date, time):
    with translation.override(language):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=DAY) == date
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == short_date
        assert render("{{ t|time }}", t=MOMENT.time()) == time


def test_english_keeps_the_un_style():
    with translation.override("en"):
        assert render("{{ d }}", d=DAY) == "28 November 2026"
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=MOMENT) == "28 November 2026, 14:05"
        assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=DAY) == "November 2026"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "1,250,000.50\N{NO-BREAK SPACE}USD"),
        ("fr", "1\N{NO-BREAK SPACE}250\N{NO-BREAK SPACE}000,50\N{NO-BREAK SPACE}USD"),
        ("ru", "1\N{NO-BREAK SPACE}250\N{NO-BREAK SPACE}000,50\N{NO-BREAK SPACE}USD"),
        ("ar", "1.250.000,50\N{NO-BREAK SPACE}USD"),
    ],
)
def test_money_follows_the_language(language, expected):
    with translation.override(language):
        assert format_money(Decimal("1250000.499")) == expected


def test_money_rounds_half_up_and_handles_whole_amounts_and_bad_values():
    with translation.override("en"):
        assert format_money("0.005") == "0.01\N{NO-BREAK SPACE}USD"
        assert format_money(1500, "EUR", decimals=0) == "1,500\N{NO-BREAK SPACE}EUR"
        assert format_money(None) == ""
        assert format_money("") == ""
        assert format_money("lots") == ""


@pytest.mark.parametrize(
    "language, first_day, start",
    [
        ("en", 0, dt.date(2026, 11, 23)),  # Monday
        ("fr", 0, dt.date(2026, 11, 23)),
        ("zh-hans", 0, dt.date(2026, 11, 23)),
        ("ar", 5, dt.date(2026, 11, 28)),  # Saturday
    ],
)
def test_weeks_start_per_language(language, first_day, start):
    with translation.override(language):
        assert first_day_of_week() == first_day
        assert week_start(DAY) == start
        assert week_start(start + dt.timedelta(days=6)) == start
        assert week_start(start + dt.timedelta(days=7)) == start + dt.timedelta(days=7)


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_month_grid_covers_whole_weeks_from_the_locales_first_day(language):
    with translation.override(language):
        first, last, grid_start, grid_end = month_bounds(2026, 11)
        assert (first, last) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        assert grid_start <= first and last <= grid_end
        assert grid_start.weekday() == first_day_of_week()
        assert (grid_end - grid_start).days % 7 == 6
        assert (first - grid_start).days < 7 and (grid_end - last).days < 7


def test_number_localization_is_active_in_templates():
    with translation.override("fr"):
        assert render("{{ n }}", n=Decimal("1234.5")) == "1234,5"
        assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == (
            "1\N{NO-BREAK SPACE}234,5"
        )


@pytest.mark.django_db
def test_names_sort_the_way_readers_expect(compact):
    """Accented names sort among the others, not after Z as in the C collation."""
    from django.db.models import F

    from entities.models import User

    for index, last_name in enumerate(["Zuma", "Émile", "Eduardo", "Ögren", "Oduya", "adams"]):
        User.objects.create_user(email=f"sort{index}@test.example", last_name=last_name)
    people = User.objects.filter(email__startswith="sort")
    by_code_point = list(people.order_by("last_name").values_list("last_name", flat=True))
    assert by_code_point[-1] in {"Émile", "Ögren"}  # the C collation: accents after z
    readable = list(people.order_by(name_order(F("last_name"))).values_list("last_name", flat=True))
    assert readable == ["adams", "Eduardo", "Émile", "Oduya", "Ögren", "Zuma"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "$1.2M"),
        ("fr", "1,2\N{NO-BREAK SPACE}M\N{NO-BREAK SPACE}$US"),
        ("ru", "1,2\N{NO-BREAK SPACE}млн\N{NO-BREAK SPACE}$"),
        ("zh-hans", "US$124万"),
    ],
)
def test_short_amounts_are_written_the_readers_way(language, expected):
    with translation.override(language):
        assert format_compact_money(Decimal("1240000")) == expected
    assert format_compact_money(None) == ""
