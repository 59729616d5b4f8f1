# ruff: noqa: F811 - the shared fixtures are imported from tests.entities.test_access_request
"""In headless Chromium: open Global Networking, open a person from it, send them a message that
arrives by email (real SMTP, eager Celery) without showing their hidden address."""

import re

import pytest
from playwright.sync_api import expect

from entities.models import FocalPoint, Organization, Theme
from tests.conftest import PASSWORD, make_focal_point
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    eager_celery,
    mailbox,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_person_page_and_message(
    live_server, page, screenshot, compact, mailbox, eager_celery, settings
):
    settings.SITE_URL = live_server.url
    themes = list(Theme.objects.order_by("slug")[:2])
    kenya = Organization.objects.get(iso3="KEN")
    recipient = make_focal_point(
        "wanjiru.hidden@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    FocalPoint.objects.filter(user=recipient).update(
        show_email=False, country=kenya, position="Counsellor", bio="Prevention work."
    )
    recipient.focal_point.themes.set(themes)
    sender = make_focal_point(
        "eve@test.example", {"acronym": "UNODC"}, first_name="Eve", last_name="Entity"
    )
    FocalPoint.objects.filter(user=sender).update(country=kenya)
    sender.focal_point.themes.set(themes[:1])
    make_focal_point("ama@test.example", {"iso3": "GHA"}, first_name="Ama", last_name="Owusu")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("eve@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")

    # 1. Global Networking: counts with their tables, the region grid, the newest members.
    page.goto(f"{live_server.url}/directory/network/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Global Networking")
    by_kind = page.get_by_role("table", name="Active focal points by kind of organization")
    expect(by_kind.get_by_role("row", name=re.compile("Member State"))).to_contain_text("2")
    africa = page.locator(".region").filter(has_text="Africa")
    expect(africa).to_contain_text("Kenya")
    expect(africa).to_contain_text("Ghana")
    screenshot("1-network")

    # 2. A person, from the newest members.
    newest = page.get_by_role("table", name="The latest focal points to join")
    newest.get_by_role("link", name="Wanjiru Kamau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wanjiru Kamau")
    expect(page.get_by_text("Counsellor, ")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("wanjiru.hidden@test.example")
    expect(page.get_by_role("region", name="People with similar work")).to_contain_text(
        "Eve Entity"
    )
    screenshot("2-person")

    # 3. A message with an error first, then sent.
    page.get_by_role("link", name="Send a message").click()
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    screenshot("3-message-errors")
    page.get_by_label("Subject").fill("Joint workshop in Nairobi")
    page.get_by_label("Message").fill("Dear Wanjiru,\nCould we meet in March?\nEve")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Your message to Wanjiru Kamau has been sent.")).to_be_visible()
    screenshot("4-message-sent")

    [email] = mailbox.messages
    assert email["To"] == "wanjiru.hidden@test.example"
    text = mailbox.text(email)
    assert "Could we meet in March?" in text
    assert f"{live_server.url}/directory/people/{sender.focal_point.pk}/" in text

    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("5-person-phone")
