"""Changing a group's chair organization in the admin moves the space's edit rights with it."""

import pytest

from entities.models import User
from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import GroupEditor, WorkingGroup, WorkingGroupMembership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def fresh(user):
    return User.objects.get(pk=user.pk)


def post_role(client, membership, role):
    return client.post(
        f"/admin/workinggroups/workinggroupmembership/{membership.pk}/change/",
        {
            "group": membership.group_id,
            "organization": membership.organization_id,
            "role": role,
            "ad_hoc": "",
            "_save": "Save",
        },
    )


def test_changing_the_chair_in_the_admin_moves_edit_space(client, compact, secretariat_user):
    wg2 = WorkingGroup.objects.get(number=2)
    cted_editor = make_focal_point("cted-editor@test.example", {"acronym": "CTED"})
    designate_group_editor(wg2, cted_editor, actor=secretariat_user)
    # UNICRI's focal point was designated when UNICRI led the group; today it is only a member,
    # so the designation confers nothing.
    unicri_editor = make_focal_point("unicri-editor@test.example", {"acronym": "UNICRI"})
    GroupEditor.objects.create(group=wg2, user=unicri_editor, designated_by=secretariat_user)
    assert fresh(cted_editor).has_perm("workinggroups.edit_space", wg2)
    assert not fresh(unicri_editor).has_perm("workinggroups.edit_space", wg2)

    client.force_login(secretariat_user)
    cted = WorkingGroupMembership.objects.get(group=wg2, organization__acronym="CTED")
    unicri = WorkingGroupMembership.objects.get(group=wg2, organization__acronym="UNICRI")
    assert post_role(client, cted, "member").status_code == 302
    assert post_role(client, unicri, "chair").status_code == 302

    cted.refresh_from_db()
    unicri.refresh_from_db()
    assert (cted.role, unicri.role) == ("member", "chair")
    assert not fresh(cted_editor).has_perm("workinggroups.edit_space", wg2)
    assert fresh(unicri_editor).has_perm("workinggroups.edit_space", wg2)

    # ... and the space's edit pages follow: the former chair's editor is refused, the new one not
    client.force_login(cted_editor)
    assert client.get(f"/working-groups/{wg2.slug}/edit/").status_code == 403
    client.force_login(unicri_editor)
    assert client.get(f"/working-groups/{wg2.slug}/edit/").status_code == 200
    response = client.get(f"/working-groups/{wg2.slug}/")
    assert [m.organization.acronym for m in response.context["memberships"]["leaders"]][0] == (
        "UNICRI"
    )
