"""Secretariat staff are sent to set up two-factor authentication; account pages in our look."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(secret):
    # A code generated in the last seconds of its 30 s window may be stale when it arrives.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_staff_sets_up_mfa_then_reaches_the_admin(
    live_server, page, screenshot, secretariat_user, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill(secretariat_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    # Sent to set up an authenticator app; allauth first asks to confirm the password
    # (ACCOUNT_REAUTHENTICATION_REQUIRED: a sign-in alone does not count as confirmation).
    expect(page.get_by_text(re.compile("must use two-factor authentication"))).to_be_visible()
    if "reauthenticate" in page.url:
        screenshot("0-reauthenticate")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate"))
    qr = page.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_be_visible()
    screenshot("1-mfa-setup")

    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Authenticator code", re.I)).fill(current_code(secret))
    page.get_by_role("button", name=re.compile("Activate", re.I)).click()
    # The activate page's own URL also starts with /accounts/2fa/: wait until we left it.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/(recovery-codes/)?$"))
    screenshot("2-mfa-activated")

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    screenshot("3-admin")

    page.goto(f"{live_server.url}/accounts/sessions/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Where you are signed in")
    screenshot("4-sessions")

    page.goto(f"{live_server.url}/accounts/2fa/recovery-codes/")
    screenshot("5-recovery-codes")
    assert not csp_violations, csp_violations


def test_account_pages_in_the_portal_look(live_server, page, screenshot, entity_user):
    page.goto(f"{live_server.url}/accounts/password/reset/")
    screenshot("1-password-reset")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(entity_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")

    for step, path in [
        ("2-profile", "/accounts/profile/"),
        ("3-mfa-index", "/accounts/2fa/"),
        ("4-password-change", "/accounts/password/change/"),
        ("5-email", "/accounts/email/"),
        ("6-logout-confirm", "/accounts/logout/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        screenshot(step)
