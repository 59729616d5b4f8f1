"""Global search in headless Chromium: the header box, live results as you type, on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{base}/")


@pytest.fixture
def content(compact, entity_user):
    from library.indexing import update_search_vectors
    from library.models import Document

    make_focal_point("mara@t.example", {"acronym": "UNODC"}, first_name="Mara", last_name="Kestrel")
    for title, visibility in [
        ("Kestrel border screening guide", "all"),
        ("Kestrel secretariat memo", "secretariat"),
    ]:
        document = Document.objects.create(
            title=title, doc_type="report", languages=["en"], visibility=visibility
        )
        update_search_vectors([document.pk])


def test_typing_in_the_header_box_then_live_results(
    live_server, page, screenshot, content, state_user
):
    base = live_server.url
    sign_in(page, base, state_user.email)

    box = page.get_by_role("search").get_by_label("Search the portal")
    box.fill("kestrel")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kestrel$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the portal")
    people = page.locator("#search-people")
    expect(people).to_contain_text("Mara Kestrel")
    documents = page.locator("#search-documents")
    expect(documents).to_contain_text("Kestrel border screening guide")
    expect(page.locator("#search-results")).not_to_contain_text("secretariat memo")
    screenshot("1-results")

    # Live update as you type in the page's box; the URL follows, so it can be bookmarked.
    live = page.locator("#global-search-q")
    live.fill("kenya")
    expect(page.locator("#search-organizations")).to_contain_text("Kenya")
    expect(page).to_have_url(re.compile(r"/search/\?q=kenya$"))
    expect(page.locator("#search-people")).to_contain_text("Stella State")  # a Kenyan focal point
    expect(page.locator("#search-people")).not_to_contain_text("Mara Kestrel")
    screenshot("2-live")

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=kestrel"))


def test_on_a_phone(live_server, browser, content, state_user, request):
    from tests.conftest import ARTIFACTS

    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, state_user.email)
    page.goto(f"{base}/search/?q=kestrel")
    expect(page.locator("#search-documents")).to_contain_text("Kestrel border screening guide")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "phone.png"), full_page=True)
    # The header box is reached through the menu on a phone.
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#site-search-q")).to_be_visible()
    page.screenshot(path=str(folder / "phone-menu.png"), full_page=True)
    context.close()
