"""Demo work plans (seed_planning) and the Secretariat's activity admin."""

import pytest
from django.urls import reverse

import workinggroups.admin_planning  # noqa: F401 - registers the admin (wired in admin.py)
from tests.workinggroups.test_planning_fixtures import (  # noqa: F401 - fixtures
    fixture_no_mfa_gate,
    fixture_wg2,
    make_activity,
)
from workinggroups.demo_planning import seed_planning
from workinggroups.models import Activity, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def test_seed_planning_covers_every_group_and_priority_with_member_leads(compact):
    created = seed_planning(1)

    assert 55 <= created <= 65
    activities = Activity.objects.select_related("group", "priority")
    assert {a.group.number for a in activities} == set(range(1, 9))
    assert {a.priority.number for a in activities if a.priority} == {1, 2, 3, 4, 5}
    members = set(WorkingGroupMembership.objects.values_list("group_id", "organization_id"))
    assert all((a.group_id, a.lead_organization_id) in members for a in activities)
    assert all(a.starts_on <= a.ends_on and 0 <= a.progress <= 100 for a in activities)
    assert all(a.progress == 100 for a in activities if a.status == "completed")
    assert len({a.status for a in activities}) >= 3


def test_seed_planning_is_idempotent_and_deterministic(compact):
    first = seed_planning(1)
    snapshot = sorted(
        Activity.objects.values_list("title", "lead_organization_id", "starts_on", "ends_on")
    )
    assert seed_planning(1) == 0
    assert Activity.objects.count() == first
    Activity.objects.all().delete()
    seed_planning(1)
    assert (
        sorted(
            Activity.objects.values_list("title", "lead_organization_id", "starts_on", "ends_on")
        )
        == snapshot
    )


def test_seed_planning_scales(compact):
    one = seed_planning(1)
    assert seed_planning(2) == one  # the second round only
    assert Activity.objects.count() == 2 * one


def test_secretariat_lists_filters_and_reads_the_history_of_activities_in_the_admin(
    client, secretariat_user, wg2
):
    activity = make_activity(wg2, title="Admin-visible activity")
    client.force_login(secretariat_user)

    listing = client.get(reverse("admin:workinggroups_activity_changelist"), {"status": "ongoing"})
    assert listing.status_code == 200
    assert "Admin-visible activity" in listing.content.decode()
    change = client.get(reverse("admin:workinggroups_activity_change", args=[activity.pk]))
    assert change.status_code == 200
    history = client.get(reverse("admin:workinggroups_activity_history", args=[activity.pk]))
    assert history.status_code == 200
