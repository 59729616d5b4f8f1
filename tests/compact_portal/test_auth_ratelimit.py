"""Failed sign-in limits: per account and per client IP, with a clear message and a record."""

import pytest
from django.urls import reverse

from compact_portal.models import AuthEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKOUT = "Too many failed sign-in attempts"


def sign_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_sixth_failed_login_is_refused_even_with_the_right_password(client, entity_user):
    for _ in range(5):
        response = sign_in(client, entity_user.email, "wrong-password-123")
        assert response.status_code == 200
        assert LOCKOUT not in response.content.decode()

    response = sign_in(client, entity_user.email, PASSWORD)

    assert response.status_code == 200
    assert LOCKOUT in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(
        kind=AuthEvent.Kind.LOCKED_OUT, email=entity_user.email
    ).exists()


def test_a_successful_login_does_not_reset_the_failure_count(client, entity_user):
    for _ in range(4):
        sign_in(client, entity_user.email, "wrong-password-123")
    assert sign_in(client, entity_user.email, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, entity_user.email, "wrong-password-123")
    assert LOCKOUT in sign_in(client, entity_user.email, PASSWORD).content.decode()


def test_spoofed_forwarded_for_does_not_reset_the_ip_limit(client, settings, compact):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    # Ten failures from one address (different accounts, each announcing another "client IP").
    for number in range(10):
        response = sign_in(
            client,
            f"nobody{number}@test.example",
            "wrong-password-123",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
        assert LOCKOUT not in response.content.decode()

    response = sign_in(
        client, "nobody99@test.example", "wrong-password-123", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert LOCKOUT in response.content.decode()
    event = AuthEvent.objects.filter(kind=AuthEvent.Kind.LOCKED_OUT).get()
    assert event.ip_address == "127.0.0.1"
