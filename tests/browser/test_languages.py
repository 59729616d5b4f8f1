"""The portal in Arabic: switch with the keyboard, pages mirror right to left, weeks start on
Saturday, no serious accessibility violations; and back to English."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from entities.models import User
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.i18n.urls"),
]

PAGES = {"home": "/", "directory": "/directory/", "library": "/library/", "calendar": "/calendar/"}
BLOCKING = {"serious", "critical"}


def box(page, selector):
    handle = page.locator(selector).first
    expect(handle).to_be_visible()
    return handle.bounding_box()


def layout(page):
    """Where the brand and the first menu link sit, and the page width."""
    width = page.evaluate("document.documentElement.clientWidth")
    return width, box(page, ".brand"), box(page, ".site-nav__link")


def sidebar(page):
    """Where the filters sidebar and the results sit, on the pages that have one."""
    if not page.locator(".layout-with-filters").count():
        return None
    return box(page, ".layout-with-filters .filters"), box(page, ".layout-with-filters__main")


def arrows(page):
    """How each directional arrow (← →, `.flip-rtl`) is drawn: its CSS transform."""
    return page.locator(".flip-rtl").evaluate_all(
        "elements => elements.map(element => getComputedStyle(element).transform)"
    )


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_arabic_mirrors_the_main_pages(live_server, page, compact, screenshot):
    user = make_focal_point(
        "wanjiru@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")

    english = {}
    english_sidebars = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        english[name] = layout(page)
        english_sidebars[name] = sidebar(page)
        assert set(arrows(page)) <= {"none", "matrix(1, 0, 0, 1, 0, 0)"}, name
        screenshot(f"en-{name}")

    # Switch with the keyboard: focus the Arabic button, press Enter; the URL stays the same.
    page.goto(f"{live_server.url}/directory/?q=kenya")
    arabic_button = page.locator('.language-switcher button[lang="ar"]')
    expect(arabic_button).to_have_text("العربية")
    arabic_button.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/directory/?q=kenya")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator('.language-switcher button[lang="ar"]')).to_have_attribute(
        "aria-current", "true"
    )
    assert User.objects.get(pk=user.pk).language == "ar"

    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        screenshot(f"ar-{name}")
        width, brand, first_link = layout(page)
        en_width, en_brand, en_first_link = english[name]
        assert width == en_width
        # The brand starts at the left edge in English and at the right edge in Arabic ...
        assert en_brand["x"] < en_width / 4
        assert brand["x"] + brand["width"] > width * 3 / 4, name
        # ... the same distance from its edge (the layout mirrors, it does not just move).
        en_gap = en_brand["x"]
        ar_gap = width - (brand["x"] + brand["width"])
        assert abs(en_gap - ar_gap) <= 2, (name, en_gap, ar_gap)
        # The menu reads from the right: its first link is right of where English puts it.
        assert first_link["x"] + first_link["width"] > width / 2 > en_first_link["x"], name
        # The filters sidebar is at the start: left of the results in English, right in Arabic.
        if english_sidebars[name]:
            (en_filters, en_main), (filters, main) = english_sidebars[name], sidebar(page)
            assert en_filters["x"] < en_main["x"], name
            assert filters["x"] > main["x"], name
            assert abs(en_filters["x"] - (width - filters["x"] - filters["width"])) <= 2, name
        # Arrows (previous/next, "see more" tiles) are drawn mirrored: → reads ← .
        assert set(arrows(page)) <= {"matrix(-1, 0, 0, 1, 0, 0)"}, name
        if name == "calendar":
            assert arrows(page), "the month view has previous/next arrows"

    # Weeks start on Saturday in Arabic; the weekday names come from Django's Arabic catalogue.
    page.goto(f"{live_server.url}/calendar/?month=2026-11")
    first_column = page.locator(".calendar-month thead th abbr").first
    expect(first_column).to_have_attribute("title", "السبت")

    problems = []
    for path in ("/", "/library/"):
        page.goto(live_server.url + path)
        problems += serious_violations(page)
    assert not problems, "\n".join(problems)

    # Back to English with a click; it is remembered on the profile too.
    page.locator('.language-switcher button[lang="en"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert User.objects.get(pk=user.pk).language == "en"
    screenshot("en-library-after-switching-back")


def test_switcher_on_a_phone(live_server, page, compact, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    buttons = page.locator(".language-switcher button")
    expect(buttons).to_have_count(6)
    page.locator('.language-switcher button[lang="zh-Hans"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    # Nothing overflows sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("phone-login-zh")
