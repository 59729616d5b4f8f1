# ruff: noqa: F811 - the shared fixtures are imported from tests.entities.test_access_request
"""In headless Chromium: a focal point opens a group's discussions, starts a thread with an
@mention (picked with the person picker) and a library document attached; the mentioned person is
emailed, opens the thread and replies; a Member State focal point uses the Collaboration area."""

import re

import pytest
from playwright.sync_api import expect

from entities.models import FocalPoint
from library.models import Document
from tests.conftest import PASSWORD, make_focal_point
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    eager_celery,
    mailbox,
)
from workinggroups.actions import designate_group_editor
from workinggroups.models import Thread, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_start_a_thread_with_mention_and_attachment_then_reply(
    live_server, page, screenshot, compact, mailbox, eager_celery, settings
):
    settings.SITE_URL = live_server.url
    settings.MFA_REQUIRED_FOR_STAFF = False
    wg2 = WorkingGroup.objects.get(number=2)
    secretariat = make_focal_point("sec@test.example", {"acronym": "UNOCT"}, is_staff=True)
    from compact_portal.roles import ensure_secretariat_group

    secretariat.groups.add(ensure_secretariat_group())
    make_focal_point("eve@test.example", {"acronym": "UNODC"}, first_name="Eve", last_name="Entity")
    chair = make_focal_point(
        "cleo@test.example", {"acronym": "CTED"}, first_name="Cleo", last_name="Chairwoman"
    )
    FocalPoint.objects.filter(user=chair).update(notification_frequency="immediate")
    designate_group_editor(wg2, chair, actor=secretariat)
    make_focal_point("stella@test.example", {"iso3": "KEN"}, first_name="Stella", last_name="K")
    Document.objects.create(
        title="Border security handbook",
        doc_type=Document.Type.REPORT,
        visibility=Document.Visibility.ALL,
        status=Document.Status.PUBLISHED,
        created_by=secretariat,
    )

    # 1. Eve opens the group's discussions: none yet.
    sign_in(page, live_server, "eve@test.example")
    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/discussions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Discussions")
    expect(page.get_by_text("No discussions yet")).to_be_visible()
    screenshot("1-empty-list")

    # 2. She starts one: title, text with an @mention chosen in the picker, a document.
    page.get_by_role("link", name="Start a discussion").first.click()
    page.get_by_label("Title").fill("Battlefield evidence: comments on the draft")
    message = page.get_by_label("Message")
    message.fill("Dear colleagues, please comment by Friday. ")
    message.press_sequentially("@Cleo", delay=30)
    choice = page.get_by_role("checkbox", name=re.compile("Cleo Chairwoman"))
    expect(choice).to_be_visible()
    screenshot("2-mention-picker")
    choice.check()
    expect(message).to_have_value(re.compile("@Cleo Chairwoman"))
    page.get_by_placeholder("Find a document by title").press_sequentially("border", delay=30)
    page.get_by_role("checkbox", name=re.compile("Border security handbook")).check()
    expect(page.locator("[data-picker='documents'] [data-picker-chosen]")).to_contain_text(
        "Border security handbook"
    )
    screenshot("3-new-thread-filled")
    page.get_by_role("button", name="Start the discussion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Battlefield evidence: comments on the draft"
    )
    expect(page.get_by_text("Your discussion has been started.")).to_be_visible()
    expect(page.locator(".post__mentions")).to_contain_text("@Cleo Chairwoman")
    expect(page.get_by_role("link", name="Border security handbook")).to_be_visible()
    screenshot("4-thread-started")

    thread = Thread.objects.get()
    post = thread.posts.get()
    assert list(post.mentions.values_list("email", flat=True)) == ["cleo@test.example"]
    [email] = mailbox.messages  # Cleo, told as it happens that she was mentioned
    assert email["To"] == "cleo@test.example"
    assert "mentioned you" in email["Subject"]
    assert f"/working-groups/{wg2.slug}/discussions/{thread.pk}/#post-{post.pk}" in mailbox.text(
        email
    )

    # 3. Cleo (group editor) opens it from the list, replies and pins it.
    sign_in(page, live_server, "cleo@test.example")
    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/discussions/")
    page.get_by_role("link", name="Battlefield evidence: comments on the draft").click()
    expect(page.get_by_role("region", name="Moderation")).to_be_visible()
    page.get_by_label("Message").fill("Thank you Eve — CTED's comments will follow on Thursday.")
    page.get_by_role("button", name="Post the reply").click()
    expect(page.get_by_text("Your reply has been posted.")).to_be_visible()
    expect(page.locator(".post")).to_have_count(2)
    page.get_by_role("button", name="Pin to the top").click()
    expect(page.get_by_text("The discussion is pinned")).to_be_visible()
    screenshot("5-reply-and-pinned")
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.pinned
    assert len(mailbox.messages) == 1  # Eve asked for a daily digest: no immediate email

    # 4. A Member State focal point cannot open the group's discussions, but uses Collaboration.
    sign_in(page, live_server, "stella@test.example")
    response = page.goto(f"{live_server.url}/working-groups/{wg2.slug}/discussions/")
    assert response.status == 404
    page.goto(f"{live_server.url}/collaboration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Collaboration")
    page.get_by_role("link", name="Start a discussion").first.click()
    page.get_by_label("Title").fill("Rehabilitation programmes: exchange of experience")
    page.get_by_label("Message").fill("Kenya would welcome exchanges on this.")
    page.get_by_role("button", name="Start the discussion").click()
    expect(page.get_by_text("Your discussion has been started.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("6-collaboration-phone")
    page.goto(f"{live_server.url}/collaboration/")
    expect(page.get_by_role("link", name="Rehabilitation programmes")).to_be_visible()
    screenshot("7-collaboration-list-phone")
