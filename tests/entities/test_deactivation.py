"""Deactivation: the person cannot sign in, their sessions end, they leave the directory, their
permissions go; their profile and content stay. Reactivation brings back what is derived."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from entities.accounts import deactivate_user, reactivate_user, user_deactivated
from entities.admin_actions import deactivate_focal_points, reactivate_focal_points
from entities.models import FocalPoint, User
from tests.conftest import PASSWORD
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup, WorkingGroupUserObjectPermission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def sign_in(client, user):
    """Through allauth's form, as a person would (so the session is tracked)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client.session.session_key


def test_a_signed_in_person_is_signed_out_on_their_next_request(
    client, state_user, secretariat_user
):
    session_key = sign_in(client, state_user)
    assert client.get(reverse("profile")).status_code == 200
    assert UserSession.objects.filter(user=state_user, session_key=session_key).exists()
    cache_key = f"django.contrib.sessions.cached_db{session_key}"
    assert cache.get(cache_key) is not None

    deactivate_user(state_user, actor=secretariat_user)

    assert not UserSession.objects.filter(user=state_user).exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert cache.get(cache_key) is None
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_session_of_the_person_ends(client_factory, state_user, secretariat_user):
    keys = [sign_in(client_factory(), state_user) for _ in range(3)]
    assert UserSession.objects.filter(user=state_user).count() == 3
    deactivate_user(state_user, actor=secretariat_user)
    assert not Session.objects.filter(session_key__in=keys).exists()


def test_a_deactivated_person_cannot_sign_in(client, state_user, secretariat_user):
    deactivate_user(state_user, actor=secretariat_user)
    response = client.post(
        reverse("account_login"), {"login": state_user.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    if response.status_code == 302:
        assert response["Location"] == reverse("account_inactive")
    assert client.get(reverse("profile")).status_code == 302


def test_profile_and_history_stay_but_the_directory_leaves_them_out(state_user, secretariat_user):
    deactivate_user(state_user, actor=secretariat_user)
    state_user.refresh_from_db()
    assert not state_user.is_active
    assert FocalPoint.objects.filter(user=state_user).exists()
    assert not FocalPoint.objects.active().filter(user=state_user).exists()
    entry = LogEntry.objects.get(object_id=str(state_user.pk), user=secretariat_user)
    assert entry.change_message.startswith("Deactivated")


def test_group_editor_permissions_go_and_come_back(compact, secretariat_user):
    from tests.conftest import make_focal_point

    editor = make_focal_point("cted@test.example", {"acronym": "CTED"})
    wg2 = WorkingGroup.objects.get(number=2)
    designate_group_editor(wg2, editor, actor=secretariat_user)

    deactivate_user(editor, actor=secretariat_user)
    assert not WorkingGroupUserObjectPermission.objects.filter(user=editor).exists()
    assert not User.objects.get(pk=editor.pk).has_perm("workinggroups.edit_space", wg2)

    reactivate_user(editor, actor=secretariat_user)
    assert User.objects.get(pk=editor.pk).has_perm("workinggroups.edit_space", wg2)


def test_reactivated_person_can_sign_in_again(client, state_user, secretariat_user):
    deactivate_user(state_user, actor=secretariat_user)
    reactivate_user(state_user, actor=secretariat_user)
    sign_in(client, state_user)


def test_other_apps_hear_of_the_deactivation(state_user, secretariat_user):
    heard = []

    def receiver(sender, user, actor, **kwargs):
        heard.append((user.pk, actor.pk))

    user_deactivated.connect(receiver)
    try:
        deactivate_user(state_user, actor=secretariat_user)
    finally:
        user_deactivated.disconnect(receiver)
    assert heard == [(state_user.pk, secretariat_user.pk)]


def test_nobody_deactivates_their_own_account(secretariat_user):
    with pytest.raises(ValueError, match="own account"):
        deactivate_user(secretariat_user, actor=secretariat_user)
    secretariat_user.refresh_from_db()
    assert secretariat_user.is_active


def admin_request(rf, user):
    request = rf.post("/admin/entities/user/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_admin_actions_deactivate_and_reactivate_the_selection(
    rf, secretariat_user, state_user, entity_user
):
    from django.contrib import admin

    model_admin = admin.site._registry[User]
    selection = User.objects.filter(pk__in=[state_user.pk, entity_user.pk, secretariat_user.pk])

    deactivate_focal_points(model_admin, admin_request(rf, secretariat_user), selection)
    assert set(User.objects.filter(is_active=False)) == {state_user, entity_user}
    assert User.objects.get(pk=secretariat_user.pk).is_active  # not their own account

    reactivate_focal_points(model_admin, admin_request(rf, secretariat_user), selection)
    assert not User.objects.filter(is_active=False).exists()


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_deactivation_is_recorded_in_the_authentication_event_log(compact, secretariat_user):
    from compact_portal.models import AuthEvent
    from entities.accounts import deactivate_user
    from tests.conftest import make_focal_point

    person = make_focal_point("leaving@test.example", {"acronym": "UNODC"})
    deactivate_user(person, actor=secretariat_user)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.DEACTIVATED, user=person).exists()
