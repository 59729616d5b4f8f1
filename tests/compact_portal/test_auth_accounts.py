"""Accounts: invitation only, password rules, password reset and email change by email."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from entities.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_nobody_can_sign_up_on_their_own(client, compact):
    response = client.post(
        reverse("account_signup"),
        {"email": "newcomer@test.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code in (200, 302)
    assert not User.objects.filter(email="newcomer@test.example").exists()


def test_passwords_need_12_characters_and_at_most_128():
    with pytest.raises(ValidationError):
        validate_password("short-pass1")
    validate_password("x7#" + "a-long-passphrase-that-is-fine" * 4)  # 123 characters
    with pytest.raises(ValidationError, match="too long"):
        validate_password("y8$" + "b" * 126)  # 129 characters


def test_password_reset_email_arrives_and_its_link_sets_a_new_password(client, entity_user):
    response = client.post(reverse("account_reset_password"), {"email": entity_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [entity_user.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key out of the URL
    form_url = response["Location"]
    new_password = "a-brand-new-passphrase-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    entity_user.refresh_from_db()
    assert entity_user.check_password(new_password)
    response = sign_in(client, entity_user.email, new_password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_changing_email_asks_to_reauthenticate_after_a_while(client, entity_user):
    client.force_login(entity_user)  # no recent password entry recorded in this session
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "eve.new@test.example"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_changed_email_is_used_only_once_confirmed(client, entity_user):
    sign_in(client, entity_user.email)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    mail.outbox.clear()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "eve.new@test.example"}
    )
    assert response.status_code == 302
    entity_user.refresh_from_db()
    assert entity_user.email == "entity@test.example"  # not yet

    confirmation = next(m for m in mail.outbox if "eve.new@test.example" in m.to)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", confirmation.body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    entity_user.refresh_from_db()
    assert entity_user.email == "eve.new@test.example"


def test_login_page_says_access_is_by_invitation(client, compact):
    response = client.get(reverse("account_login"))
    assert "Access is by invitation" in response.content.decode()


def test_reauthentication_asks_for_the_password_not_an_emailed_code(client, entity_user):
    sign_in(client, entity_user.email)
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert "sign-in code" not in response.content.decode()
    assert response.context["form"].fields.keys() == {"password"}
