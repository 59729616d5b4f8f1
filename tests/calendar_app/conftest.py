"""Calendar fixtures: a group editor (CTED, WG 2), and a quick way to make events."""

import datetime as dt
import zoneinfo

import pytest

from tests.conftest import make_focal_point


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    settings.SITE_URL = "https://portal.example.org"


@pytest.fixture
def wg2(compact):
    from workinggroups.models import WorkingGroup

    return WorkingGroup.objects.get(number=2)  # chaired by CTED; UNODC is a vice-chair


@pytest.fixture
def wg3(compact):
    from workinggroups.models import WorkingGroup

    return WorkingGroup.objects.get(number=3)


@pytest.fixture
def editor_user(compact, secretariat_user, wg2):
    """A CTED focal point designated as an editor of WG 2."""
    from entities.models import User
    from workinggroups.actions import designate_group_editor

    user = make_focal_point("chair@test.example", {"acronym": "CTED"}, first_name="Cleo")
    designate_group_editor(wg2, user, actor=secretariat_user)
    return User.objects.get(pk=user.pk)


def at(zone: str, *args) -> dt.datetime:
    """An aware datetime in `zone`."""
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


def make_event(actor=None, **fields):
    """An event through the action (sanitising, series end), with sensible defaults."""
    from calendar_app.actions import create_event
    from entities.models import Organization

    values = {
        "title": "Event",
        "event_type": "workshop",
        "status": "confirmed",
        "organizer": Organization.objects.get(acronym="UNOCT"),
        "timezone": "UTC",
        "starts_at": dt.datetime(2027, 1, 12, 10, 0, tzinfo=dt.UTC),
        "ends_at": dt.datetime(2027, 1, 12, 12, 0, tzinfo=dt.UTC),
        "visibility": "all",
    }
    values.update(fields)
    if values.get("all_day"):
        tz = zoneinfo.ZoneInfo(values["timezone"])
        values["starts_at"] = dt.datetime.combine(values["start_date"], dt.time(), tzinfo=tz)
        values["ends_at"] = dt.datetime.combine(
            values["end_date"] + dt.timedelta(days=1), dt.time(), tzinfo=tz
        )
    return create_event(values, actor=actor)


@pytest.fixture
def event_factory():
    return make_event
