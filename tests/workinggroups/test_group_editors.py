"""Group editors: designated focal points of a group's leading organizations get django-guardian
object permissions on that group, and lose them as soon as the rule no longer holds."""

import pytest
from django.contrib.auth.models import Permission
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user

from entities.accounts import deactivate_user, reactivate_user
from entities.models import FocalPoint, Organization, User
from tests.conftest import make_focal_point
from workinggroups.actions import (
    DesignationError,
    add_group_member,
    change_membership_role,
    designate_group_editor,
    remove_group_editor,
    remove_group_member,
)
from workinggroups.models import (
    GroupEditor,
    WorkingGroup,
    WorkingGroupMembership,
    WorkingGroupUserObjectPermission,
)
from workinggroups.permissions import EDITOR_PERMISSIONS, sync_group_editor_permissions

pytestmark = pytest.mark.django_db

Role = WorkingGroupMembership.Role


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)  # chaired by CTED; UNODC is a vice-chair


@pytest.fixture
def wg3(compact):
    return WorkingGroup.objects.get(number=3)  # CTED and UNODC are only members


@pytest.fixture
def cted_user(compact):
    return make_focal_point("cted@test.example", {"acronym": "CTED"}, first_name="Cleo")


def fresh(user):
    """The user as a new request would load it (no permission caches)."""
    return User.objects.get(pk=user.pk)


def cted_membership(group):
    return WorkingGroupMembership.objects.get(group=group, organization__acronym="CTED")


def test_designating_a_chair_focal_point_grants_the_editor_permissions_on_that_group_only(
    cted_user, wg2, wg3, secretariat_user
):
    designate_group_editor(wg2, cted_user, actor=secretariat_user)

    user = fresh(cted_user)
    for codename in EDITOR_PERMISSIONS:
        assert user.has_perm(f"workinggroups.{codename}", wg2)
        assert not user.has_perm(f"workinggroups.{codename}", wg3)
    assert not user.has_perm("workinggroups.edit_space")  # no global permission
    assert GroupEditor.objects.get(group=wg2, user=cted_user).designated_by == secretariat_user


def test_grants_are_stored_in_the_direct_foreign_key_table(cted_user, wg2, wg3):
    designate_group_editor(wg2, cted_user, actor=None)
    assert WorkingGroupUserObjectPermission.objects.filter(user=cted_user).count() == 4
    assert not UserObjectPermission.objects.filter(user=cted_user).exists()
    # guardian's own shortcut writes there too (and the sync removes what the rule does not allow)
    assign_perm("workinggroups.edit_space", cted_user, wg3)
    assert WorkingGroupUserObjectPermission.objects.filter(
        user=cted_user, content_object=wg3
    ).exists()
    assert not UserObjectPermission.objects.filter(user=cted_user).exists()


def test_permissions_follow_the_organizations_role(cted_user, wg2, secretariat_user):
    designate_group_editor(wg2, cted_user, actor=secretariat_user)

    change_membership_role(cted_membership(wg2), Role.MEMBER, actor=secretariat_user)
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    assert GroupEditor.objects.filter(group=wg2, user=cted_user).exists()  # designation kept

    change_membership_role(cted_membership(wg2), Role.CO_CHAIR, actor=secretariat_user)
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_a_role_changed_outside_the_actions_is_followed_too(cted_user, wg2):
    """The admin's membership inline saves the model directly; the receivers re-sync."""
    designate_group_editor(wg2, cted_user, actor=None)
    membership = cted_membership(wg2)
    membership.role = Role.OBSERVER
    membership.save()
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    membership.role = Role.VICE_CHAIR
    membership.save(update_fields=["role"])
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    membership.delete()
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_removing_the_organization_from_the_group_removes_the_permissions(cted_user, wg2):
    designate_group_editor(wg2, cted_user, actor=None)
    remove_group_member(cted_membership(wg2), actor=None)
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    add_group_member(wg2, Organization.objects.get(acronym="CTED"), role=Role.CHAIR, actor=None)
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_a_member_only_organizations_focal_point_cannot_be_designated(entity_user, wg3):
    with pytest.raises(DesignationError, match="not chair, co-chair or vice-chair"):
        designate_group_editor(wg3, entity_user, actor=None)  # UNODC is a member of WG 3
    assert not GroupEditor.objects.filter(user=entity_user).exists()
    assert not WorkingGroupUserObjectPermission.objects.filter(user=entity_user).exists()


def test_a_designation_made_around_the_rules_confers_nothing(entity_user, wg3):
    GroupEditor.objects.create(group=wg3, user=entity_user)
    assert not fresh(entity_user).has_perm("workinggroups.edit_space", wg3)


def test_ending_the_designation_removes_the_permissions(cted_user, wg2, secretariat_user):
    designate_group_editor(wg2, cted_user, actor=secretariat_user)
    assert remove_group_editor(wg2, cted_user, actor=secretariat_user)
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    assert not WorkingGroupUserObjectPermission.objects.filter(user=cted_user).exists()


def test_moving_to_another_organization_removes_the_permissions(cted_user, wg2):
    designate_group_editor(wg2, cted_user, actor=None)
    focal_point = cted_user.focal_point
    focal_point.organization = Organization.objects.get(acronym="UNODC")  # vice-chair of WG 2
    focal_point.save(update_fields=["organization"])
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    focal_point.organization = Organization.objects.get(iso3="KEN")
    focal_point.save(update_fields=["organization"])
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_deactivation_removes_every_object_permission_and_reactivation_restores_the_derived(
    cted_user, wg2, secretariat_user
):
    designate_group_editor(wg2, cted_user, actor=secretariat_user)
    kenya = Organization.objects.get(iso3="KEN")
    assign_perm("entities.change_organization", cted_user, kenya)  # a hand-given permission

    deactivate_user(cted_user, actor=secretariat_user)
    assert not WorkingGroupUserObjectPermission.objects.filter(user=cted_user).exists()
    assert not UserObjectPermission.objects.filter(user=cted_user).exists()

    reactivate_user(cted_user, actor=secretariat_user)
    user = fresh(cted_user)
    assert user.has_perm("workinggroups.edit_space", wg2)
    assert not user.has_perm("entities.change_organization", kenya)  # not derived: stays gone


def test_unticking_active_in_the_admin_also_removes_the_permissions(cted_user, wg2):
    designate_group_editor(wg2, cted_user, actor=None)
    cted_user.is_active = False
    cted_user.save()
    assert not WorkingGroupUserObjectPermission.objects.filter(user=cted_user).exists()
    cted_user.is_active = True
    cted_user.save()
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_listing_the_groups_a_person_edits(cted_user):
    groups = {n: WorkingGroup.objects.get(number=n) for n in (2, 3, 4, 6)}
    for number in (2, 4, 6):  # CTED chairs 2 and 6 and is vice-chair of 4
        designate_group_editor(groups[number], cted_user, actor=None)
    GroupEditor.objects.create(group=groups[3], user=cted_user)  # CTED is only a member of 3

    editable = get_objects_for_user(
        fresh(cted_user),
        "workinggroups.edit_space",
        klass=WorkingGroup,
        accept_global_perms=False,
    )
    assert sorted(editable.values_list("number", flat=True)) == [2, 4, 6]


def test_sync_repairs_grants_the_rule_does_not_allow(cted_user, entity_user, wg2, wg3):
    designate_group_editor(wg2, cted_user, actor=None)
    assign_perm("workinggroups.edit_space", entity_user, wg2)  # never designated
    assign_perm("workinggroups.edit_space", cted_user, wg3)  # CTED does not lead WG 3
    WorkingGroupUserObjectPermission.objects.filter(
        user=cted_user, content_object=wg2, permission__codename="manage_work_plan"
    ).delete()

    assert sync_group_editor_permissions() == (1, 2)
    assert sync_group_editor_permissions() == (0, 0)
    assert fresh(cted_user).has_perm("workinggroups.manage_work_plan", wg2)
    assert not fresh(entity_user).has_perm("workinggroups.edit_space", wg2)
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg3)


def test_other_object_permissions_are_left_alone(cted_user, wg3):
    assign_perm("workinggroups.change_workinggroup", cted_user, wg3)
    sync_group_editor_permissions()
    assert fresh(cted_user).has_perm("workinggroups.change_workinggroup", wg3)


def test_sync_query_count_does_not_grow_with_the_number_of_editors(
    compact, django_assert_max_num_queries
):
    leaders = WorkingGroupMembership.objects.filter(
        role__in=WorkingGroupMembership.LEADERSHIP_ROLES, group__kind="working_group"
    ).select_related("organization")
    users = User.objects.bulk_create(
        [User(email=f"editor{i}@test.example") for i in range(3 * len(leaders))]
    )
    FocalPoint.objects.bulk_create(
        [
            FocalPoint(user=user, organization=leaders[i % len(leaders)].organization)
            for i, user in enumerate(users)
        ]
    )
    GroupEditor.objects.bulk_create(
        [
            GroupEditor(user=user, group=leaders[i % len(leaders)].group)
            for i, user in enumerate(users)
        ]
    )
    stale = Permission.objects.get(codename="edit_space")
    WorkingGroupUserObjectPermission.objects.bulk_create(
        [
            WorkingGroupUserObjectPermission(user=user, content_object_id=wg, permission=stale)
            for user in users[:5]
            for wg in WorkingGroup.objects.filter(number__in=[1, 7]).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    expected_grants = 4 * GroupEditor.objects.count()

    # 7 for the sync itself, 4 more to write the audit history of the grants and removals
    # (bulk statements: the count stays flat however many editors there are).
    with django_assert_max_num_queries(11):
        added, removed = sync_group_editor_permissions()
    assert WorkingGroupUserObjectPermission.objects.count() == expected_grants
    assert added >= expected_grants - 10 and removed <= 10
    with django_assert_max_num_queries(2):
        assert sync_group_editor_permissions() == (0, 0)


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_refuses_a_member_only_organizations_focal_point(
    client, secretariat_user, entity_user, wg3
):
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/workinggroups/groupeditor/add/", {"group": wg3.pk, "user": entity_user.pk}
    )
    assert response.status_code == 200
    assert "UNODC is not chair, co-chair or vice-chair" in response.content.decode()
    assert not GroupEditor.objects.exists()


def test_the_admin_designates_through_the_action(client, secretariat_user, cted_user, wg2):
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/workinggroups/groupeditor/add/", {"group": wg2.pk, "user": cted_user.pk}
    )
    assert response.status_code == 302
    designation = GroupEditor.objects.get(group=wg2, user=cted_user)
    assert designation.designated_by == secretariat_user
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)

    response = client.post(
        f"/admin/workinggroups/groupeditor/{designation.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)


def test_the_editor_list_shows_whether_permissions_are_in_force(
    client, secretariat_user, wg2, django_assert_max_num_queries
):
    for i in range(10):
        user = make_focal_point(f"cted{i}@test.example", {"acronym": "CTED"})
        designate_group_editor(wg2, user, actor=None)
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(20):
        response = client.get("/admin/workinggroups/groupeditor/")
    assert response.status_code == 200
    assert response.content.decode().count('alt="True"') == 10


def test_the_group_page_lists_its_editors(client, secretariat_user, cted_user, wg2):
    designate_group_editor(wg2, cted_user, actor=secretariat_user)
    client.force_login(secretariat_user)
    response = client.get(f"/admin/workinggroups/workinggroup/{wg2.pk}/change/")
    assert response.status_code == 200
    assert "editors-TOTAL_FORMS" in response.content.decode()
    history = client.get(f"/admin/workinggroups/workinggroup/{wg2.pk}/history/")
    assert "Designated cted@test.example as group editor." in history.content.decode()


def _change_form_data(response):
    """The data the group's change form would post back unchanged (main form and inlines)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for form in formset.initial_forms:
            add(form)
    return data


def test_the_group_page_inline_designates_and_refuses(
    client, secretariat_user, cted_user, entity_user, wg2, wg3
):
    client.force_login(secretariat_user)

    def post_with_new_editor(group, user):
        url = f"/admin/workinggroups/workinggroup/{group.pk}/change/"
        data = _change_form_data(client.get(url))
        data["editors-TOTAL_FORMS"] = str(int(data["editors-TOTAL_FORMS"]) + 1)
        index = int(data["editors-TOTAL_FORMS"]) - 1
        data[f"editors-{index}-user"] = str(user.pk)
        data[f"editors-{index}-group"] = str(group.pk)
        return client.post(url, data)

    refused = post_with_new_editor(wg3, entity_user)
    assert refused.status_code == 200
    assert "UNODC is not chair, co-chair or vice-chair" in refused.content.decode()
    assert not GroupEditor.objects.exists()

    accepted = post_with_new_editor(wg2, cted_user)
    assert accepted.status_code == 302, accepted.context["errors"]
    assert fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
    assert GroupEditor.objects.get(group=wg2, user=cted_user).designated_by == secretariat_user

    url = f"/admin/workinggroups/workinggroup/{wg2.pk}/change/"
    data = _change_form_data(client.get(url))
    data["editors-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not fresh(cted_user).has_perm("workinggroups.edit_space", wg2)
