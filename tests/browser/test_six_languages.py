"""A Member State focal point reads the portal in each of the six UN languages.

For each language: the focal point signs in (the browser says English), reads the home page, the
directory, the library and the calendar in English, picks the language with the switcher, and
signs in again from a fresh browser with no cookie: the portal remembers the choice on the profile.
Each page then has the right `<html lang>` and `dir`, and nothing of the English page is left but
proper names, codes and content (see tests/browser/visible_text.py for how "left in English" is
decided); a failure lists every string left, page by page. Screenshots of every page in every
language are saved under tests/artifacts/ to be looked at. In Arabic the pages also pass axe.

The catalogues are the project's own `locale/` (compiled `.mo` files), as the portal ships them.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from calendar_app.models import Attendance
from entities.models import Theme, User
from library.models import Document, Subscription
from tests.browser.visible_text import page_texts, untranslated
from tests.calendar_app.conftest import make_event
from tests.conftest import ARTIFACTS, PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {"home": "/", "directory": "/directory/", "library": "/library/", "calendar": "/calendar/"}
# Interface code -> what <html lang> says, and the switcher button's `lang`.
LANGUAGES = {
    "fr": ("fr", "fr"),
    "es": ("es", "es"),
    "ar": ("ar", "ar"),
    "ru": ("ru", "ru"),
    "zh-hans": ("zh-hans", "zh-Hans"),
}
BLOCKING = {"serious", "critical"}


def sign_in(page, base_url, email):
    """Sign in with the form, whatever language its labels are in."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{base_url}/")


def reading_data():
    """A Kenyan focal point with colleagues, documents they follow and events they attend."""
    user = make_focal_point(
        "wanjiru@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    make_focal_point(
        "jonas@test.example", {"acronym": "UNODC"}, first_name="Jonas", last_name="Lindqvist"
    )
    make_focal_point(
        "amina@test.example", {"acronym": "AU"}, first_name="Amina", last_name="Diallo"
    )
    theme = Theme.objects.get(slug="border-management")
    Subscription.objects.create(user=user, kind="theme", theme=theme)
    guide = Document.objects.create(
        title="Border management good practices",
        summary="Practices for border security at land crossings.",
        doc_type=Document.Type.GOOD_PRACTICE,
        languages=["en"],
        publication_date=dt.date(2026, 6, 30),
    )
    guide.themes.set([theme])
    Document.objects.create(
        title="Rapport sur la gestion des frontières",
        summary="Bonnes pratiques aux frontières terrestres.",
        doc_type=Document.Type.REPORT,
        languages=["fr"],
        publication_date=dt.date(2026, 3, 12),
    )
    now = timezone.now()
    soon = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    workshop = make_event(
        title="Regional workshop on border security",
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=3),
    )
    Attendance.objects.create(event=workshop, user=user, status="registered")
    mid_month = now.replace(day=15, hour=9, minute=0, second=0, microsecond=0)
    make_event(  # always in this month's view, whatever today is
        title="Expert group meeting on countering the financing of terrorism",
        starts_at=mid_month,
        ends_at=mid_month + dt.timedelta(hours=2),
    )
    return user


def serious_violations(page, name):
    results = Axe().run(page)
    return [
        f"{name}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_focal_point_reads_the_main_pages_in_each_language(
    language, live_server, browser, page, compact, screenshot, request
):
    html_lang, button_lang = LANGUAGES[language]
    user = reading_data()
    base = live_server.url

    # In English first, in a browser of their own; then the switcher.
    english_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    english_page = english_context.new_page()
    sign_in(english_page, base, user.email)
    english = {}
    problems = []
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        response = english_page.goto(base + path)
        english_page.screenshot(path=str(folder / f"six-languages-en-{name}.png"), full_page=True)
        if not response.ok:
            problems.append(f"{name} ({path}) in English: HTTP {response.status}")
            continue
        problems += page_language_problems(english_page, name, "en", "ltr", "en")
        english[name] = page_texts(english_page)
    english_page.locator(f'.language-switcher button[lang="{button_lang}"]').click()
    expect(english_page.locator("html")).to_have_attribute("lang", html_lang)
    assert User.objects.get(pk=user.pk).language == language
    english_context.close()

    # A fresh browser (no language cookie, English Accept-Language): the profile remembers.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, user.email)
    expected_dir = "rtl" if language == "ar" else "ltr"
    for name, path in PAGES.items():
        response = page.goto(base + path)
        screenshot(f"six-languages-{language}-{name}")
        if not response.ok:
            problems.append(f"{name} ({path}): HTTP {response.status}")
            continue
        problems += page_language_problems(page, name, html_lang, expected_dir, button_lang)
        if name in english:
            leftovers = untranslated(english[name], page_texts(page), language)
            if leftovers:
                problems.append(
                    f"{name} ({path}), English left: " + " | ".join(map(repr, leftovers))
                )
        if language == "ar":
            problems += serious_violations(page, name)
        if name == "calendar":
            problems += chip_title_problems(page)

    assert not problems, f"The {language} pages:\n" + "\n".join(problems)


def chip_title_problems(page):
    """The English event title in a month cell runs left to right and clips at its own end."""
    title = page.locator(".calendar-chip__title").first
    if not title.count():
        return ["calendar: the workshop is missing from the month view"]
    style = title.evaluate(
        "element => { const s = getComputedStyle(element);"
        " return [s.direction, s.overflowX, s.textOverflow]; }"
    )
    if style != ["ltr", "hidden", "ellipsis"]:
        return [f"calendar: the event title's direction, overflow, text-overflow are {style}"]
    return []


def page_language_problems(page, name, html_lang, direction, button_lang):
    """What is wrong with the page's declared language and direction, and the switcher."""
    html = page.locator("html")
    found = (html.get_attribute("lang"), html.get_attribute("dir"))
    problems = []
    if found != (html_lang, direction):
        problems.append(f"{name}: <html lang dir> is {found}, expected {(html_lang, direction)}")
    current = page.locator(f'.language-switcher button[lang="{button_lang}"]')
    if current.get_attribute("aria-current") != "true":
        problems.append(f"{name}: the switcher does not mark {button_lang} as current")
    return problems


def test_old_to_new_arrows_point_the_reading_way_in_arabic(
    live_server, page, compact, settings, secretariat_user, entity_user, screenshot
):
    """The appeal audit trail reads "old → new" in English and "new ← old" from the right in
    Arabic: the old value stays first in reading order and the arrow points from it to the new."""
    from decimal import Decimal

    from appeal import appeal_actions
    from compact_portal.i18n import set_user_language
    from tests.appeal.test_appeal_actions import make_cycle, make_project

    settings.MFA_REQUIRED_FOR_STAFF = False
    entry = appeal_actions.propose_entry(
        make_cycle(accepts_proposals=True),
        make_project("T-RTL", "UNODC"),
        actor=entity_user,
        requirements={2025: Decimal("100")},
    )
    appeal_actions.update_entry(entry, actor=entity_user, requirements={2025: Decimal("175.25")})

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, secretariat_user.email)

    def change_layout():
        page.goto(f"{live_server.url}/appeal/audit/?kind=requirements")
        change = page.locator(".appeal-changes li", has=page.locator("del", has_text="100.00"))
        expect(change).to_have_count(1)
        old = change.locator("del").bounding_box()
        new = change.locator("ins").bounding_box()
        arrow = change.locator(".flip-rtl")
        expect(arrow).to_have_text("→")
        return old, new, arrow.evaluate("element => getComputedStyle(element).transform")

    old, new, transform = change_layout()
    assert old["x"] < new["x"]  # old, then new, left to right
    assert transform in ("none", "matrix(1, 0, 0, 1, 0, 0)")  # → as written
    screenshot("audit-en")

    set_user_language(secretariat_user, "ar", actor=secretariat_user)
    old, new, transform = change_layout()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert old["x"] > new["x"]  # old first from the right, then new
    assert transform == "matrix(-1, 0, 0, 1, 0, 0)"  # the arrow is drawn ←
    screenshot("audit-ar")
