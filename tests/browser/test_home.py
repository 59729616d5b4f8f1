"""The public landing page, signing in from it, and the home panels, on a desktop and a phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calendar_app.models import Attendance
from entities.models import Theme
from library.models import Document, Subscription
from tests.calendar_app.conftest import make_event
from tests.conftest import PASSWORD, make_focal_point
from workinggroups.models import Post, Thread, ThreadSubscription, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    """axe-core: no serious or critical violation (as tests/browser/test_accessibility.py)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}) {v['help']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not blocking, blocking


def home_data(user):
    now = timezone.now()
    wg2 = WorkingGroup.objects.get(number=2)
    theme = Theme.objects.get(slug="border-management")
    Document.objects.create(
        title="Compact in Review, May–June 2026",
        doc_type="newsletter",
        summary="Border work, a new appeal and two workshops.",
        publication_date=dt.date(2026, 6, 30),
    )
    Document.objects.create(
        title="Restricted entities-only note", doc_type="report", visibility="compact"
    )
    Subscription.objects.create(user=user, kind="theme", theme=theme)
    guide = Document.objects.create(title="Border management good practices", doc_type="guidance")
    guide.themes.set([theme])
    guide.working_groups.set([wg2])
    event = make_event(
        title="WG 2 border workshop",
        working_group=wg2,
        starts_at=now + dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5, hours=2),
    )
    Attendance.objects.create(event=event, user=user, status="registered")
    colleague = make_focal_point("colleague@test.example", {"acronym": "CTED"}, first_name="Carla")
    thread = Thread.objects.create(group=wg2, title="Joint border assessment", last_post_at=now)
    post = Post.objects.create(thread=thread, author=colleague, body="<p>Your views?</p>")
    post.mentions.set([user])
    ThreadSubscription.objects.create(thread=thread, user=user)


def test_landing_sign_in_and_home_panels(live_server, page, screenshot, compact):
    user = make_focal_point(
        "eve@test.example", {"acronym": "UNODC"}, first_name="Eve", last_name="Entity"
    )
    home_data(user)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "UN Global Counter-Terrorism Coordination Compact"
    )
    expect(page.get_by_role("heading", name="The Compact in numbers")).to_be_visible()
    expect(page.get_by_text("Compact in Review, May–June 2026")).to_be_visible()
    expect(page.get_by_text("Restricted entities-only note")).to_have_count(0)
    expect(page.locator(".wg")).to_have_count(8)
    screenshot("1-landing")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("2-landing-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("main").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill("eve@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eve")
    groups = page.locator("section", has=page.get_by_role("heading", name="My Working Groups"))
    expect(groups.get_by_role("link", name=re.compile("Border management and law"))).to_be_visible()
    expect(groups.get_by_text("Border management good practices")).to_be_visible()  # activity
    discussions = page.locator(
        "section", has=page.get_by_role("heading", name="Discussions awaiting you")
    )
    expect(discussions.get_by_role("link", name="Joint border assessment")).to_be_visible()
    expect(discussions.get_by_text("You were mentioned")).to_be_visible()
    events = page.locator("section", has=page.get_by_role("heading", name="Coming up"))
    expect(events.get_by_role("link", name="WG 2 border workshop")).to_be_visible()
    documents = page.locator(
        "section", has=page.get_by_role("heading", name="New for you in the library")
    )
    expect(documents.get_by_role("link", name="Border management good practices")).to_be_visible()
    expect(page.locator('[data-figure="documents"] .figure__value')).to_have_text("3")
    screenshot("3-home")
    assert_accessible(page)

    # keyboard: the first panel's "see all" link is reachable and leads to the groups
    page.get_by_role("link", name=re.compile("See all groups")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/working-groups/$"))
    page.go_back()

    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("4-home-phone")


@pytest.mark.urls("tests.compact_portal.test_numbers")  # /numbers/ until the root URLconf has it
def test_numbers_page_with_trends_for_the_secretariat(
    live_server, page, screenshot, secretariat_user, settings
):
    from compact_portal.numbers import seed_numbers

    settings.MFA_REQUIRED_FOR_STAFF = False
    seed_numbers(1)
    page.goto(f"{live_server.url}/accounts/login/?next=/numbers/")
    page.get_by_label("Email").fill(secretariat_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/numbers/")
    expect(page.get_by_role("heading", name="Visits to the platform")).to_be_visible()
    expect(page.get_by_role("img", name="Visits per month")).to_be_visible()
    expect(page.get_by_role("heading", name="Trends")).to_be_visible()
    page.get_by_text("The figures, day by day").click()  # the data table behind the charts
    expect(page.get_by_role("table", name=re.compile("day by day"))).to_be_visible()
    screenshot("1-numbers")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("2-numbers-phone")
