"""Every authentication event is recorded for the Secretariat, without secrets."""

import logging

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from compact_portal.models import AuthEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"


def kinds():
    return list(AuthEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_login_and_logout_are_recorded_with_ip_and_browser(client, entity_user):
    client.post(
        reverse("account_login"),
        {"login": entity_user.email, "password": PASSWORD},
        HTTP_USER_AGENT=BROWSER,
    )
    client.post(reverse("account_logout"), HTTP_USER_AGENT=BROWSER)

    assert kinds() == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.LOGOUT]
    login = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN)
    assert login.user == entity_user
    assert login.email == entity_user.email
    assert login.ip_address == "127.0.0.1"
    assert login.user_agent == BROWSER


def test_failed_login_is_recorded_without_the_password(client, entity_user, caplog):
    caplog.set_level(logging.INFO)
    client.post(
        reverse("account_login"), {"login": entity_user.email, "password": "secret-Guess-987"}
    )
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN_FAILED)
    assert event.email == entity_user.email
    assert event.user is None
    assert "secret-Guess-987" not in caplog.text
    assert "auth event=login_failed" in caplog.text
    for value in AuthEvent.objects.values_list("email", "user_agent", "path", named=False).get():
        assert "secret-Guess-987" not in value


def test_password_change_and_mfa_changes_are_recorded(client, entity_user):
    client.force_login(entity_user)
    new_password = "another-long-passphrase-7"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert AuthEvent.Kind.PASSWORD_CHANGED in kinds()

    from allauth.mfa import signals

    totp = TOTP.activate(entity_user, generate_totp_secret())
    signals.authenticator_added.send(
        sender=totp.instance.__class__, request=None, user=entity_user, authenticator=totp.instance
    )
    signals.authenticator_removed.send(
        sender=totp.instance.__class__, request=None, user=entity_user, authenticator=totp.instance
    )
    assert kinds()[-2:] == [AuthEvent.Kind.MFA_ENABLED, AuthEvent.Kind.MFA_DISABLED]


def test_secretariat_reads_auth_events_in_a_read_only_admin(client, secretariat_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN_FAILED, email="who@test.example")
    secretariat_user.is_superuser = True
    secretariat_user.save(update_fields=["is_superuser"])
    client.force_login(secretariat_user)

    url = reverse("admin:compact_portal_authevent_changelist")
    response = client.get(url, {"q": "who@test.example", "kind": "login_failed"})
    assert response.status_code == 200
    assert "who@test.example" in response.content.decode()
    assert client.get(reverse("admin:compact_portal_authevent_add")).status_code == 403
