"""Sessions: new id at sign-in, idle and absolute limits, and ending the other sessions."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from compact_portal.security import SESSION_LOGIN_AT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BROWSER_A = "Mozilla/5.0 BrowserA"
BROWSER_B = "Mozilla/5.0 BrowserB"


def signed_in_client(user, user_agent=BROWSER_A, password=PASSWORD):
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content
    return client


def is_signed_in(client):
    # The profile page needs a session ("/" is public: it shows visitors the landing page).
    return client.get(reverse("profile")).status_code == 200


def test_a_new_session_id_at_sign_in(client, entity_user):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": entity_user.email, "password": PASSWORD})
    assert client.session.session_key != before


def test_idle_timeout_is_the_cookie_age_renewed_on_each_request():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True


def test_no_session_outlives_twelve_hours(entity_user):
    client = signed_in_client(entity_user)
    assert is_signed_in(client)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - 12 * 3600 - 60
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Your session has expired" in page


def test_a_session_younger_than_twelve_hours_stays(entity_user):
    client = signed_in_client(entity_user)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - 11 * 3600
    session.save()
    assert is_signed_in(client)


def test_a_password_change_ends_the_other_sessions(entity_user):
    here = signed_in_client(entity_user, BROWSER_A)
    elsewhere = signed_in_client(entity_user, BROWSER_B)
    new_password = "a-changed-passphrase-99"

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_sign_out_other_sessions_from_the_sessions_page(entity_user):
    here = signed_in_client(entity_user, BROWSER_A)
    elsewhere = signed_in_client(entity_user, BROWSER_B)

    page = here.get(reverse("usersessions_list"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "BrowserB" in content
    assert 'class="data-table' in content  # rendered in the portal's look

    response = here.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_logout_ends_the_session(entity_user):
    client = signed_in_client(entity_user)
    client.post(reverse("account_logout"))
    assert not is_signed_in(client)


def test_production_cookies_are_secure_httponly_and_lax():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.MFA_REQUIRED_FOR_STAFF)"
    )
    env = {
        **os.environ,
        "PORTAL_PROFILE": "production",
        "SECRET_KEY": "a-test-only-secret-key-" + "z" * 40,
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
        "MFA_REQUIRED_FOR_STAFF": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "Lax", "True"]
