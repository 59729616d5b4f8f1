# ruff: noqa: F811 - the shared fixtures are imported from tests.entities.test_access_request
"""In headless Chromium: a donor (Kenya's focal point) finds an unfunded project and expresses
interest → the appealing entity (UNODC) receives the email over SMTP → it records the pledge
from the interest → the dashboard shows the funding."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from appeal.models import Contribution, Interest
from entities.models import FocalPoint
from tests.appeal.test_appeal_actions import make_cycle, make_entry, make_project
from tests.conftest import PASSWORD
from tests.entities.test_access_request import eager_celery, mailbox  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{base}/")


def test_donor_expresses_interest_entity_is_emailed_and_records_the_pledge(
    live_server,
    page,
    screenshot,
    compact,
    state_user,
    entity_user,
    mailbox,
    eager_celery,
    settings,
):
    settings.SITE_URL = live_server.url
    FocalPoint.objects.filter(user=entity_user).update(notification_frequency="immediate")
    cycle = make_cycle(title="Multi-Year Appeal 2025–2026")
    entry = make_entry(
        cycle,
        make_project(
            "MYA-7001",
            "UNODC",
            title="Countering the financing of terrorism in East Africa",
            pillars=[2],
            groups=[2],
            regions=["Africa"],
        ),
        requirements={2025: Decimal("400000"), 2026: Decimal("350000")},
    )
    make_entry(
        cycle,
        make_project("MYA-7002", "CTED", title="Border management training", pillars=[1]),
        requirements={2025: Decimal("120000")},
    )
    base = live_server.url

    # 1. The donor browses the projects that need funding.
    sign_in(page, base, state_user.email)
    page.goto(f"{base}/appeal/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Projects seeking funding")
    expect(
        page.get_by_role("link", name="Countering the financing of terrorism in East Africa")
    ).to_be_visible()
    screenshot("1-opportunities")
    page.get_by_role("link", name="Express interest MYA-7001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Express interest in MYA-7001")
    page.get_by_label("Message to the appealing entity and the Secretariat").fill(
        "Kenya could co-fund the 2026 activities. Please contact our mission."
    )
    screenshot("2-interest-form")
    page.get_by_role("button", name="Send my expression of interest").click()
    expect(page.locator(".messages")).to_contain_text("told of your interest")
    screenshot("3-interest-recorded")
    interest = Interest.objects.get()
    assert interest.donor.iso3 == "KEN"

    # 2. The entity's focal point receives the email over SMTP.
    received = mailbox.to(entity_user.email)
    assert len(received) == 1
    text = mailbox.text(received[0])
    assert "Kenya" in received[0]["Subject"] and "MYA-7001" in received[0]["Subject"]
    assert "co-fund the 2026 activities" in text
    link = re.search(r"https?://\S+/appeal/projects/\d+/", text).group(0)
    assert link == f"{base}/appeal/projects/{entry.pk}/"

    # 3. The entity opens the project from the email and records the pledge from the interest.
    sign_in(page, base, entity_user.email)
    page.goto(link)
    expect(page.get_by_role("heading", name="Expressions of interest")).to_be_visible()
    screenshot("4-entity-sees-interest")
    page.get_by_role("link", name="Record the pledge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a pledge")
    page.get_by_label("Amount", exact=True).fill("25000000")
    page.get_by_label("Currency").fill("KES")
    page.get_by_label("Rate to USD").fill("0.00775")
    page.get_by_label("Date").fill("2025-09-15")
    page.get_by_label("Status").select_option("pledged")
    screenshot("5-pledge-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("recorded")
    contribution = Contribution.objects.get()
    assert contribution.amount_usd == Decimal("193750.00")
    interest.refresh_from_db()
    assert interest.status == Interest.Status.PLEDGED

    # 4. The donor's dashboard shows the funding.
    sign_in(page, base, state_user.email)
    page.goto(f"{base}/appeal/{cycle.pk}/dashboard/")
    expect(page.locator('[data-figure="funded"]')).to_contain_text("$193.8K")
    expect(page.locator('[data-figure="requirement"]')).to_contain_text("$870K")
    page.get_by_text("Data table").first.click()
    screenshot("6-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/appeal/{cycle.pk}/")
    screenshot("7-cycle-phone")
    page.goto(f"{base}/appeal/{cycle.pk}/dashboard/")
    screenshot("8-dashboard-phone")


def test_the_secretariat_reviews_the_demo_appeal(
    live_server, page, screenshot, compact, secretariat_user, settings
):
    from appeal.demo_appeal import seed_appeal
    from appeal.models import AppealCycle

    settings.MFA_REQUIRED_FOR_STAFF = False
    seed_appeal(1)
    current = AppealCycle.objects.get(start_year=2025)
    base = live_server.url
    sign_in(page, base, secretariat_user.email)
    page.goto(f"{base}/appeal/")
    expect(page.get_by_role("heading", name="Multi-Year Appeal 2021–2022")).to_be_visible()
    screenshot("1-cycles")
    page.goto(f"{base}/appeal/{current.pk}/?status=submitted")
    expect(page.locator("tbody tr").first).to_be_visible()
    screenshot("2-submitted-projects")
    page.locator("tbody tr th a").first.click()
    page.get_by_label("Include in the appeal").check()
    page.get_by_label("Note").fill("Fits priority 3 of the Joint Programme")
    screenshot("3-decision-form")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("included in the appeal")
    expect(page.get_by_text("Fits priority 3 of the Joint Programme")).to_be_visible()
    screenshot("4-included")
    page.goto(f"{base}/appeal/{current.pk}/contributions/")
    screenshot("5-contributions")
    page.goto(f"{base}/appeal/audit/?kind=requirements")
    screenshot("6-audit")
    first = AppealCycle.objects.get(start_year=2021)
    page.goto(f"{base}/appeal/{first.pk}/dashboard/")
    screenshot("7-dashboard-2021")
