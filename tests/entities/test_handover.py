"""Nothing is orphaned silently: a deactivated focal point's group-editor designations pass to
their alternate (with the permissions), or the Secretariat is told what needs a new owner."""

import pytest
from django.urls import reverse
from django.utils import timezone

from entities import confirmations
from entities.accounts import deactivate_user, reactivate_user
from entities.models import ConfirmationRequest, FocalPoint, Organization, OutgoingEmail
from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import GroupEditor, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)  # chaired by CTED


@pytest.fixture
def editor(wg2, secretariat_user):
    user = make_focal_point(
        "editor@test.example", {"acronym": "CTED"}, first_name="Dmitri", last_name="Voronkov"
    )
    designate_group_editor(wg2, user, actor=secretariat_user)
    return user


@pytest.fixture
def alternate(compact):
    return make_focal_point(
        "alternate@test.example", {"acronym": "CTED"}, first_name="Zoë", last_name="Ångström"
    )


def fresh(user):
    from entities.models import User

    return User.objects.get(pk=user.pk)


def name_alternate(user, alternate):
    confirmations.set_alternate(user.focal_point, alternate.focal_point, actor=user)


def emails_to(user):
    return OutgoingEmail.objects.filter(to=user.email, dedupe_key__startswith="handover:")


def test_the_alternate_takes_over_the_designation_and_its_permissions(
    wg2, editor, alternate, secretariat_user
):
    assert not fresh(alternate).has_perm("workinggroups.edit_space", wg2)
    name_alternate(editor, alternate)

    deactivate_user(editor, actor=secretariat_user)

    assert fresh(alternate).has_perm("workinggroups.edit_space", wg2)
    assert fresh(alternate).has_perm("workinggroups.manage_work_plan", wg2)
    assert not fresh(editor).has_perm("workinggroups.edit_space", wg2)
    assert GroupEditor.objects.filter(group=wg2, user=alternate).exists()
    assert not GroupEditor.objects.filter(group=wg2, user=editor).exists()
    # the alternate is told; the Secretariat has nothing to do
    email = emails_to(alternate).get()
    assert "Dmitri Voronkov" in email.subject
    assert "WG 2" in email.body_text
    assert not emails_to(secretariat_user).exists()


def test_without_an_alternate_the_secretariat_is_told(wg2, editor, secretariat_user):
    other_secretariat = make_focal_point(
        "other.secretariat@test.example", {"acronym": "UNOCT"}, is_staff=True
    )
    other_secretariat.groups.add(*secretariat_user.groups.all())
    not_secretariat = make_focal_point("staff@test.example", {"acronym": "UNOCT"}, is_staff=True)

    deactivate_user(editor, actor=secretariat_user)

    email = emails_to(secretariat_user).get()
    assert "Dmitri Voronkov" in email.subject
    assert "WG 2" in email.body_text
    assert "named no alternate" in email.body_text
    assert emails_to(other_secretariat).count() == 1
    assert not emails_to(not_secretariat).exists()
    # the designation stays (it confers nothing while the account is inactive)
    assert GroupEditor.objects.filter(group=wg2, user=editor).exists()
    assert not fresh(editor).has_perm("workinggroups.edit_space", wg2)
    reactivate_user(editor, actor=secretariat_user)
    assert fresh(editor).has_perm("workinggroups.edit_space", wg2)


def test_a_deactivated_alternate_cannot_take_over(wg2, editor, alternate, secretariat_user):
    name_alternate(editor, alternate)
    alternate.is_active = False
    alternate.save(update_fields=["is_active"])

    deactivate_user(editor, actor=secretariat_user)

    assert not GroupEditor.objects.filter(group=wg2, user=alternate).exists()
    assert not emails_to(alternate).exists()
    assert "named no alternate" in emails_to(secretariat_user).get().body_text


def test_an_alternate_from_another_organization_cannot_take_over(
    wg2, editor, state_user, secretariat_user
):
    # set around the form's rule (e.g. the alternate moved organization since)
    FocalPoint.objects.filter(user=editor).update(alternate=state_user.focal_point)

    deactivate_user(editor, actor=secretariat_user)

    assert not GroupEditor.objects.filter(user=state_user).exists()
    assert emails_to(secretariat_user).count() == 1


def test_what_the_alternate_cannot_take_over_is_reported(wg2, editor, alternate, secretariat_user):
    name_alternate(editor, alternate)
    wg6 = WorkingGroup.objects.get(number=6)  # chaired by CTED too
    designate_group_editor(wg6, editor, actor=secretariat_user)
    # Both move to an organization that leads neither group; the designations remain.
    kenya = Organization.objects.get(iso3="KEN")
    FocalPoint.objects.filter(user__in=[editor, alternate]).update(organization=kenya)

    deactivate_user(editor, actor=secretariat_user)

    body = emails_to(secretariat_user).get().body_text
    assert "WG 2" in body and "WG 6" in body
    assert "could not take over" in body
    assert not GroupEditor.objects.filter(user=alternate).exists()


def test_deactivating_twice_hands_over_once(wg2, editor, secretariat_user):
    deactivate_user(editor, actor=secretariat_user)
    deactivate_user(fresh(editor), actor=secretariat_user)
    assert emails_to(secretariat_user).count() == 1


def test_a_person_with_no_roles_needs_no_handover(entity_user, secretariat_user):
    deactivate_user(entity_user, actor=secretariat_user)
    assert not OutgoingEmail.objects.filter(dedupe_key__startswith="handover:").exists()


def test_deactivation_closes_open_confirmation_requests(entity_user, secretariat_user):
    FocalPoint.objects.filter(user=entity_user).update(
        created_at=timezone.now() - timezone.timedelta(days=400)
    )
    sent = confirmations.request_confirmation(entity_user.focal_point.pk)
    deactivate_user(entity_user, actor=secretariat_user)
    sent.request.refresh_from_db()
    assert sent.request.resolved_at is not None
    assert not ConfirmationRequest.objects.filter(confirmed_at=None, resolved_at=None).exists()


def test_deactivating_from_the_unconfirmed_list_hands_over_too(
    client, wg2, editor, alternate, secretariat_user
):
    name_alternate(editor, alternate)
    FocalPoint.objects.filter(user=editor).update(
        created_at=timezone.now() - timezone.timedelta(days=400)
    )
    sent = confirmations.request_confirmation(editor.focal_point.pk)
    confirmations.flag_unconfirmed(now=timezone.now() + timezone.timedelta(days=31))

    client.force_login(secretariat_user)
    client.post(reverse("directory_unconfirmed_deactivate", args=[sent.request.pk]))

    assert not fresh(editor).is_active
    assert fresh(alternate).has_perm("workinggroups.edit_space", wg2)
