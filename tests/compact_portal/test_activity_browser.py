"""In headless Chromium: the group space loads its "Latest activity" panel with htmx, the full
activity page, and the Secretariat's audit log and exports pages."""

import re

import pytest
from playwright.sync_api import expect

from library.models import Document
from tests.conftest import PASSWORD
from workinggroups.models import Thread, WorkingGroup, WorkingGroupMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_panel_activity_page_audit_log_and_exports(
    live_server, page, screenshot, compact, secretariat_user, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    wg2 = WorkingGroup.objects.get(number=2)
    for number in range(3):
        document = Document.objects.create(
            title=f"Border guidance {number}", doc_type=Document.Type.GUIDANCE
        )
        document.working_groups.add(wg2)
    Thread.objects.create(
        group=wg2, title="Sharing passenger data", last_post_at=document.created_at
    )
    sign_in(page, live_server, secretariat_user)

    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/")
    panel = page.get_by_role("region", name="Latest activity")
    expect(panel.get_by_role("link", name="Border guidance 2")).to_be_visible()
    screenshot("1-space-panel")
    panel.get_by_role("link", name="All activity").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activity of")
    expect(page.get_by_role("link", name="Sharing passenger data")).to_be_visible()
    screenshot("2-activity-page")

    # A role change in the admin, then the audit log.
    membership = WorkingGroupMembership.objects.filter(
        group=wg2, role=WorkingGroupMembership.Role.MEMBER
    ).first()
    page.goto(
        f"{live_server.url}/admin/workinggroups/workinggroupmembership/{membership.pk}/change/"
    )
    page.get_by_label("Role").select_option("observer")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"{live_server.url}/audit/?area=memberships")
    row = page.get_by_role("row").filter(has_text=membership.organization.label).first
    expect(row).to_contain_text(secretariat_user.email)
    expect(row).to_contain_text("Observer")
    screenshot("3-audit-log")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/exports/")
    expect(page.get_by_role("heading", name="Library index")).to_be_visible()
    screenshot("4-exports-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV — Events").click()
    assert download.value.suggested_filename.startswith("compact-events-")
