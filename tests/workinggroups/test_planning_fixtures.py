"""Shared fixtures of the joint planning tests (imported by the test_planning* modules)."""

import datetime

import pytest

from entities.models import Organization
from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import Activity, Priority, WorkingGroup


@pytest.fixture(autouse=True, name="_no_mfa_gate")
def fixture_no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture(name="wg2")
def fixture_wg2(compact):
    return WorkingGroup.objects.get(number=2)  # chaired by CTED; UNODC is a vice-chair


@pytest.fixture(name="wg3")
def fixture_wg3(compact):
    return WorkingGroup.objects.get(number=3)  # CTED and UNODC are only members


@pytest.fixture(name="priorities")
def fixture_priorities(compact):
    return list(Priority.objects.filter(programme__start_year=2024).order_by("number"))


@pytest.fixture(name="wg2_editor")
def fixture_wg2_editor(wg2):
    """A CTED focal point designated editor of WG 2 (CTED chairs it)."""
    user = make_focal_point(
        "cted-editor@test.example", {"acronym": "CTED"}, first_name="Cleo", last_name="Chair"
    )
    designate_group_editor(wg2, user, actor=None)
    return user


def make_activity(group, *, lead="CTED", priority=None, **fields):
    values = {
        "title": "Regional workshop on border security",
        "starts_on": datetime.date(2024, 3, 1),
        "ends_on": datetime.date(2025, 6, 30),
        "status": Activity.Status.ONGOING,
        "progress": 40,
    }
    values.update(fields)
    return Activity.objects.create(
        group=group,
        priority=priority,
        lead_organization=Organization.objects.get(acronym=lead),
        **values,
    )


def form_data(**overrides):
    """A valid POST for the activity form (lead CTED, priority 2 of the JPOW)."""
    data = {
        "title": "Joint training on API/PNR for border officials",
        "priority": str(Priority.objects.get(programme__start_year=2024, number=2).pk),
        "description": "Three regional sessions.",
        "lead_organization": str(Organization.objects.get(acronym="CTED").pk),
        "partners": [str(Organization.objects.get(acronym="INTERPOL").pk)],
        "countries": [str(Organization.objects.get(iso3="KEN").pk)],
        "regions": ["Africa"],
        "starts_on": "2024-05-01",
        "ends_on": "2025-04-30",
        "status": "ongoing",
        "progress": "25",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
