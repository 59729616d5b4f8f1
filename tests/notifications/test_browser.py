"""In Chromium: the header badge, the centre (open one, mark all read with htmx) and the
preferences table used with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from notifications import services
from notifications.models import Kind, NotificationPreference
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_read_notifications_and_choose_how_to_be_told(live_server, page, screenshot, compact):
    user = make_focal_point("nadia@test.example", {"acronym": "UNODC"}, first_name="Nadia")
    for n, kind in enumerate([Kind.DOCUMENTS, Kind.EVENTS, Kind.DISCUSSIONS]):
        services.notify(
            [user],
            kind,
            key=f"browser:{n}",
            title=f"Something new number {n}",
            url="/library/" if n == 0 else "/calendar/",
            body="A short description of what happened.",
            restricted=n == 2,
        )
    sign_in(page, live_server, "nadia@test.example")
    badge = page.locator(".account-menu [data-notification-badge] .badge")
    expect(badge).to_have_text("3")  # loaded with htmx on a cold cache

    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    screenshot("1-centre")
    page.get_by_role("link", name=re.compile("Something new number 0")).click()
    expect(page).to_have_url(f"{live_server.url}/library/")
    page.goto(f"{live_server.url}/notifications/?unread=1")
    expect(page.locator(".notification")).to_have_count(2)
    expect(badge).to_have_text("2")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("2 notifications marked as read.")).to_be_visible()
    expect(page.locator(".account-menu [data-notification-badge] .badge")).to_have_count(0)
    screenshot("2-all-read")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("2b-centre-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/notifications/preferences/")
    screenshot("3-preferences")
    page.locator("#pref-documents-daily").focus()
    page.keyboard.press("ArrowRight")  # radio group: moves to "weekly" and selects it
    expect(page.locator("#pref-documents-weekly")).to_be_checked()
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    assert NotificationPreference.objects.get(user=user, kind="documents").delivery == "weekly"
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("4-preferences-phone")
