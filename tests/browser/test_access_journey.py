# ruff: noqa: F811 - the shared fixtures are imported from tests.entities.test_access_request
"""The whole journey in headless Chromium: request access → the Secretariat approves it in the
admin → the invitation arrives over SMTP → the link sets a password → home, signed in."""

import re

import pytest
from playwright.sync_api import expect

from entities.models import AccessRequest, Invitation, User
from tests.conftest import PASSWORD
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    eager_celery,
    link_in,
    mailbox,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_approve_invite_set_password_and_sign_in(
    live_server, page, screenshot, compact, secretariat_user, mailbox, eager_celery, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    settings.SITE_URL = live_server.url
    secretariat_user.set_password(PASSWORD)
    secretariat_user.save()

    # 1. A focal point asks for access.
    page.goto(f"{live_server.url}/access/request/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Request access")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    screenshot("1-request-errors")

    page.get_by_label("First name").fill("Aïssatou")
    page.get_by_label("Last name").fill("Ndiaye")
    page.get_by_label("Work email").fill("aissatou.ndiaye@gouv.example")
    page.get_by_label("Organization", exact=True).select_option(label="Senegal")
    page.get_by_label("Position").fill("Counsellor, counter-terrorism unit")
    page.get_by_label("Country").select_option(label="Senegal")
    page.locator('input[name="working_groups"]').nth(1).check()
    page.get_by_label("Reason for your request").fill(
        "I am the focal point nominated by the Ministry of Foreign Affairs."
    )
    screenshot("2-request-filled")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("we received your request")
    screenshot("3-request-received")
    assert [m["To"] for m in mailbox.messages] == ["aissatou.ndiaye@gouv.example"]

    # 2. The Secretariat approves it in the admin.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(secretariat_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/entities/accessrequest/?status__exact=pending")
    row = page.get_by_role("row").filter(has_text="aissatou.ndiaye@gouv.example")
    expect(row).to_be_visible()
    screenshot("4-admin-pending-requests")
    row.get_by_role("checkbox").check()
    page.locator('select[name="action"]').select_option("approve")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 request approved")
    screenshot("5-admin-approved")
    assert AccessRequest.objects.get().status == AccessRequest.Status.APPROVED

    # 3. The invitation arrives over SMTP.
    invitation_mail = mailbox.messages[-1]
    assert invitation_mail["To"] == "aissatou.ndiaye@gouv.example"
    assert "invitation" in invitation_mail["Subject"]
    link = link_in(mailbox.text(invitation_mail))
    assert link.startswith(live_server.url)
    assert Invitation.objects.get().state == Invitation.State.SENT

    # 4. She opens the link (in a fresh session), chooses a password, lands on the home page.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to the Compact Portal")
    screenshot("6-choose-password")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("short")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("too short")
    screenshot("7-password-too-short")
    password = "sahel-baobab-river-2026"
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aïssatou")
    screenshot("8-home-signed-in")
    assert User.objects.get(email="aissatou.ndiaye@gouv.example").check_password(password)
    assert "Welcome" in mailbox.messages[-1]["Subject"]

    # 5. The link was for one use.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("already used")
    screenshot("9-link-already-used")
