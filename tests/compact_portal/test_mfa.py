"""Two-factor authentication: optional for focal points, required for Secretariat staff."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def test_staff_without_mfa_are_sent_to_set_it_up_from_any_admin_page(
    client, secretariat_user, mfa_required
):
    client.force_login(secretariat_user)
    for url in [reverse("admin:index"), reverse("admin:entities_focalpoint_changelist"), "/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_fragments_fetched_by_htmx_are_not_swapped_for_the_setup_page(
    client, secretariat_user, mfa_required
):
    # e.g. the header's notification badge, fetched from the setup page itself
    client.force_login(secretariat_user)
    response = client.get(reverse("notifications:badge"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.content == b""


def test_staff_can_reach_the_setup_page_and_sign_out_without_mfa(
    client, secretariat_user, mfa_required
):
    client.force_login(secretariat_user)
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_staff_with_an_authenticator_app_reach_the_admin(client, secretariat_user, mfa_required):
    TOTP.activate(secretariat_user, generate_totp_secret())
    client.force_login(secretariat_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_rule_can_be_switched_off(client, secretariat_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(secretariat_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_focal_points_are_not_forced_to_use_mfa(client, entity_user, mfa_required):
    client.force_login(entity_user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_totp_secret_is_encrypted_at_rest_and_codes_still_verify(entity_user):
    secret = generate_totp_secret()
    totp = TOTP.activate(entity_user, secret)

    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert stored != secret
    assert secret not in stored
    assert stored.startswith("fernet:")

    fresh = TOTP(Authenticator.objects.get(pk=totp.instance.pk))
    assert fresh.validate_code(current_code(secret))
    assert not fresh.validate_code("000000" if current_code(secret) != "000000" else "111111")


def test_mfa_pages_render_in_the_portal_layout(client, entity_user):
    client.force_login(entity_user)
    for name in ["mfa_index", "usersessions_list", "account_email", "account_change_password"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        content = response.content.decode()
        assert "main--auth-manage" in content, name
        assert "<script>" not in content, name
