"""Roles: the Secretariat manages membership and content in the admin without being superuser;
every signed-in person has a visibility tier given by their organization."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from compact_portal.roles import SECRETARIAT_GROUP, ensure_secretariat_group
from entities.accounts import deactivate_user, visibility_tier
from entities.models import FocalPoint, User, VisibilityTier
from tests.conftest import make_focal_point
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


# --- the Secretariat group ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/entities/organization/",
        "/admin/entities/user/",
        "/admin/entities/focalpoint/",
        "/admin/entities/accessrequest/",
        "/admin/workinggroups/workinggroup/",
        "/admin/workinggroups/workinggroupmembership/",
        "/admin/workinggroups/groupeditor/",
        "/admin/workinggroups/groupeditor/add/",
    ],
)
def test_secretariat_opens_the_admin_pages_it_works_in(secretariat_client, url):
    response = secretariat_client.get(url)
    assert response.status_code == 200, url


def test_secretariat_edits_a_working_group(secretariat_client):
    wg2 = WorkingGroup.objects.get(number=2)
    response = secretariat_client.get(f"/admin/workinggroups/workinggroup/{wg2.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' in response.content.decode()


def test_secretariat_is_not_superuser_and_cannot_touch_permissions(secretariat_user, client):
    assert secretariat_user.is_staff and not secretariat_user.is_superuser
    user = User.objects.get(pk=secretariat_user.pk)
    for permission in [
        "auth.change_permission",
        "auth.add_group",
        "auth.change_group",
        "guardian.add_userobjectpermission",
        "guardian.change_userobjectpermission",
        "mfa.change_authenticator",
        "mfa.delete_authenticator",
    ]:
        assert not user.has_perm(permission), permission
    client.force_login(secretariat_user)
    assert client.get("/admin/auth/permission/").status_code in {403, 404}
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {
            "name": SECRETARIAT_GROUP,
            "permissions": list(Permission.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 403
    assert group.permissions.count() == ensure_secretariat_group().permissions.count()


def test_authentication_events_are_read_only_for_the_secretariat(secretariat_user):
    user = User.objects.get(pk=secretariat_user.pk)
    assert user.has_perm("compact_portal.view_authevent")
    for action in ("add", "change", "delete"):
        assert not user.has_perm(f"compact_portal.{action}_authevent")


def test_secretariat_manages_every_model_of_the_portals_apps(secretariat_user):
    user = User.objects.get(pk=secretariat_user.pk)
    assert user.has_perm("entities.change_organization")
    assert user.has_perm("entities.change_accessrequest")
    assert user.has_perm("workinggroups.add_groupeditor")
    assert user.has_perm("workinggroups.change_workinggroupmembership")
    assert user.has_perm("admin.view_logentry")  # the audit history


def test_secretariat_cannot_make_anyone_superuser(secretariat_client, state_user):
    response = secretariat_client.get(f"/admin/entities/user/{state_user.pk}/change/")
    html = response.content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_sync_roles_is_idempotent(compact):
    call_command("sync_roles")
    first = set(Group.objects.get(name=SECRETARIAT_GROUP).permissions.values_list("pk", flat=True))
    call_command("sync_roles")
    second = set(Group.objects.get(name=SECRETARIAT_GROUP).permissions.values_list("pk", flat=True))
    assert first == second and first


# --- visibility tiers ---------------------------------------------------------------------------


def test_each_kind_of_organization_gives_its_tier(entity_user, state_user, regional_user):
    assert visibility_tier(entity_user) == VisibilityTier.UN == "un"
    assert visibility_tier(state_user) == "member_state"
    assert visibility_tier(regional_user) == "regional"
    assert entity_user.focal_point.tier == "un"


def test_other_organizations_share_the_regional_tier(compact):
    from entities.models import Organization

    other = Organization.objects.create(
        kind=Organization.Kind.OTHER, name="A research institute", slug="test-institute"
    )
    user = make_focal_point("institute@test.example", {"pk": other.pk})
    assert visibility_tier(user) == "regional"


def test_secretariat_staff_are_the_secretariat_tier(secretariat_user, compact):
    assert visibility_tier(secretariat_user) == "secretariat"
    # staff alone is not enough: the Secretariat group makes the tier
    staff = make_focal_point("staff@test.example", {"acronym": "UNOCT"}, is_staff=True)
    assert visibility_tier(staff) == "un"


def test_nobody_outside_has_a_tier(compact, state_user, secretariat_user):
    from django.contrib.auth.models import AnonymousUser

    assert visibility_tier(AnonymousUser()) is None
    assert visibility_tier(User.objects.create_user("nofp@test.example")) is None
    deactivate_user(state_user, actor=secretariat_user)
    assert visibility_tier(User.objects.get(pk=state_user.pk)) is None


def test_focal_points_can_be_listed_by_tier(entity_user, state_user, regional_user):
    assert set(FocalPoint.objects.in_tier("un").values_list("user", flat=True)) >= {entity_user.pk}
    member_states = FocalPoint.objects.in_tier("member_state")
    assert set(member_states.values_list("user", flat=True)) == {state_user.pk}
    assert set(FocalPoint.objects.in_tier("regional").values_list("user", flat=True)) == {
        regional_user.pk
    }
