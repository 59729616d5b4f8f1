"""A Working Group's editor edits the objectives, posts a pinned announcement, adds a section and
features a document, then finds it all in the edit history; a reader sees the space on a phone.
Screenshots under tests/artifacts/<test name>/."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from library.models import Document
from tests.conftest import PASSWORD, make_focal_point
from workinggroups import space_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.demo_spaces import seed_spaces
from workinggroups.models import Announcement, FollowUpAction, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_editor_edits_objectives_posts_announcement_and_sees_the_history(
    live_server, page, screenshot, compact
):
    wg2 = WorkingGroup.objects.get(number=2)
    chair = make_focal_point(
        "chair@test.example", {"acronym": "CTED"}, first_name="Carla", last_name="Chair"
    )
    designate_group_editor(wg2, chair, actor=None)
    make_focal_point("reader@test.example", {"iso3": "KEN"}, first_name="Rita", last_name="Reader")
    Document.objects.create(title="Border security good practices", doc_type="good_practice")
    seed_spaces(1)  # the Committee's meetings of record, with decisions and follow-up actions
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    tenth = committee.meetings.get(number=10)
    actions.create_follow_up_action(
        tenth,
        description="Align the work plan with the JPOW",
        owner=chair.focal_point.organization,
        due_on=datetime.date(2024, 6, 30),
        status="open",
        decision=None,
        actor=None,
    )
    FollowUpAction.objects.exclude(
        pk__in=tenth.actions.filter(description="Align the work plan with the JPOW").values("pk")
    ).filter(status__in=["open", "in_progress"]).update(status="done")
    # the demo seeding featured documents and posted news: start WG 2's space clean
    wg2.featured_documents.all().delete()
    wg2.announcements.all().delete()
    wg2.sections.all().delete()

    # 1. The index, by pillar; into WG 2's space.
    _sign_in(page, live_server, "chair@test.example")
    page.get_by_role("navigation").get_by_role("link", name="Working Groups").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working Groups")
    screenshot("1-index")
    page.get_by_role("link", name=re.compile("^Border management and law enforcement")).click()
    expect(page).to_have_url(f"{live_server.url}/working-groups/{wg2.slug}/")
    expect(page.get_by_role("heading", name="Edit this space")).to_be_visible()

    # 2. Objectives.
    page.get_by_role("link", name="Objectives", exact=True).click()
    page.get_by_label("Objectives").fill(
        "Coordinate border management and law enforcement support to Member States.\n\n"
        "Share good practices on advance passenger information."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("objectives")
    expect(
        page.get_by_text("Share good practices on advance passenger information.")
    ).to_be_visible()

    # 3. A pinned announcement, with an attempt at script.
    page.get_by_role("link", name="Post an announcement").first.click()
    page.get_by_label("Title").fill("Plenary on 12 March")
    page.get_by_label("Text").fill(
        "<p>The group meets <strong>online</strong>.</p><script>document.title='pwned'</script>"
    )
    page.get_by_label("Pin to the top of the announcements").check()
    screenshot("2-announcement-form")
    page.get_by_role("button", name="Post the announcement").click()
    announcement = page.locator(".space-announcement--pinned")
    expect(announcement).to_contain_text("Plenary on 12 March")
    expect(announcement.locator("strong")).to_have_text("online")
    assert "pwned" not in page.title()
    assert "<script" not in Announcement.objects.get(group=wg2).body

    # 4. A section and a featured document (search with htmx, then feature).
    page.get_by_role("link", name="Add a section").click()
    page.get_by_label("Title").fill("Terms of reference")
    page.get_by_label("Text").fill("The group meets twice a year.")
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_role("heading", name="Terms of reference")).to_be_visible()
    page.get_by_role("link", name="Featured documents").first.click()
    page.get_by_label("Search the library").fill("border security")
    expect(page).to_have_url(re.compile(r"q=border"))
    page.get_by_role("button", name="Feature Border security good practices").click()
    expect(page.locator(".message--success")).to_contain_text("is featured")
    screenshot("3-featured-documents")
    page.get_by_role("link", name="Back to the space").first.click()
    expect(page.get_by_role("link", name="Border security good practices")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("4-space-desktop")

    # 5. The history: who, what, old → new.
    page.get_by_role("link", name="Edit history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit history")
    items = page.locator(".space-history__item")
    expect(items.first).to_contain_text("Carla Chair")
    expect(
        page.locator(".space-history__item").filter(has_text="Plenary on 12 March")
    ).to_be_visible()
    objectives = page.locator(".space-history__item").filter(has_text="Share good practices")
    expect(objectives).to_contain_text("To promote coordination and coherence")  # the old text
    screenshot("5-history")

    # 6. A reader on a phone: the same space, no editing tools.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, "reader@test.example")
    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/")
    expect(page.get_by_text("Plenary on 12 March")).to_be_visible()
    expect(page.get_by_role("heading", name="Edit this space")).to_have_count(0)
    expect(page.locator(".space-header-leaders")).to_contain_text("Chair: CTED")
    screenshot("6-space-phone")

    # 7. The Coordination Committee: chair, meetings, follow-up actions filtered to overdue.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/coordination-committee/")
    expect(
        page.get_by_text("Under-Secretary-General for Counter-Terrorism", exact=True)
    ).to_be_visible()
    # the meeting of record (its decisions also appear in the "Latest activity" panel)
    expect(
        page.get_by_role("link", name=re.compile("adoption of the Joint Programme")).first
    ).to_be_visible()
    page.get_by_label("Show").select_option("overdue")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#actions tbody tr")).to_have_count(1)
    expect(page.locator("#actions")).to_contain_text("Align the work plan")
    screenshot("7-committee")
