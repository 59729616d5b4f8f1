"""A keyboard-only journey (Tab, Shift+Tab, Enter, Space, arrows; no mouse): the skip link, signing
in, the navigation, the directory search and a person, the library and a document, the calendar
and registering for an event. Every focused element shows a visible focus indicator."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from library.models import Document
from tests.calendar_app.conftest import make_event
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute('type') || '').toLowerCase(),
    inMain: !!el.closest('main'),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
    label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : '',
    href: el.getAttribute('href') || '',
    visible: outline || shadow,
    focusVisible: el.matches(':focus-visible'),
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_STATE)


def assert_focus_is_visible(page) -> dict:
    state = focused(page)
    assert state is not None, "focus was lost to the page body"
    assert state["focusVisible"], f"{state} does not match :focus-visible"
    assert state["visible"], f"no outline or box-shadow on the focused {state}"
    return state


def tab_to(page, matches, *, key="Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; check every stop is visible."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        state = focused(page)
        if state is None:
            continue
        assert_focus_is_visible(page)
        if matches(state):
            return state
    raise AssertionError(f"no focusable element matched after {MAX_TABS} presses of {key}")


def by_text(pattern):
    regex = re.compile(pattern, re.I)
    return lambda state: bool(regex.search(state["text"]))


def by_label(pattern):
    regex = re.compile(pattern, re.I)
    return lambda state: bool(regex.search(state["label"]))


def by_href(pattern):
    regex = re.compile(pattern)
    return lambda state: bool(regex.search(state["href"]))


def test_keyboard_only_journey(live_server, page, screenshot, compact):
    make_focal_point(
        "walker@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Keyboard"
    )
    make_focal_point(
        "zanele@test.example", {"acronym": "AU"}, first_name="Zanele", last_name="Dlamini"
    )
    document = Document.objects.create(
        title="Keyboard-friendly border guidelines", doc_type="report", summary="For everyone."
    )
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    event = make_event(
        title="Accessible border workshop",
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=2),
        in_person_places=10,
        venue="United Nations Office at Nairobi",
        online_url="https://meet.example.org/border",
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    # The skip link is the first stop, and takes the focus to the main content.
    page.goto(f"{live_server.url}/accounts/login/")
    first = tab_to(page, lambda state: True)
    assert re.search("skip to main content", first["text"], re.I), first
    screenshot("1-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Sign in with the keyboard.
    tab_to(page, by_label("email"))
    page.keyboard.type("walker@test.example")
    tab_to(page, by_label("password"))
    page.keyboard.type(PASSWORD)
    screenshot("2-sign-in")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")

    # The navigation: Tab back and forth, then open the directory.
    tab_to(page, by_href(r"^/directory/$"))
    tab_to(page, lambda state: state["href"] == "/", key="Shift+Tab")
    tab_to(page, by_href(r"^/directory/$"))
    screenshot("3-navigation")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/directory/$"))

    # Search the directory and open a person.
    tab_to(page, lambda state: state["tag"] == "input" and state["inMain"])  # not the site search
    page.keyboard.type("Zanele")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/directory/\?(.*&)?q=Zanele"))
    expect(page.get_by_role("link", name="Zanele Dlamini", exact=True)).to_be_visible()
    tab_to(page, by_text("^Zanele Dlamini$"))
    screenshot("4-directory-result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zanele Dlamini")

    # The library, and a document.
    tab_to(page, by_href(r"^/library/$"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/library/$"))
    tab_to(page, by_href(rf"^/library/{document.pk}/$"))
    screenshot("5-library")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Keyboard-friendly")

    # The calendar: open the event and register in person.
    tab_to(page, by_href(r"^/calendar/$"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/calendar/"))
    tab_to(page, by_href(rf"/calendar/events/{event.pk}/$"))
    screenshot("6-calendar")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessible border workshop")
    # A radio group is one Tab stop; the arrow keys choose within it.
    tab_to(page, lambda state: state["tag"] == "input" and state["type"] == "radio")
    for _ in range(4):
        if page.get_by_label("In person").is_checked():
            break
        page.keyboard.press("ArrowDown")
        assert_focus_is_visible(page)
    expect(page.get_by_label("In person")).to_be_checked()
    tab_to(page, by_text(r"^Register$"))
    screenshot("7-register")
    page.keyboard.press("Space")  # buttons take Space as well as Enter
    expect(page.get_by_text("You are registered (In person).")).to_be_visible()
    screenshot("8-registered")
