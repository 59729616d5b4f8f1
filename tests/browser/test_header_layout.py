"""The site header in the six UN languages at desktop, laptop, tablet and phone widths.

A focal point signs in, picks each language with the switcher and loads the home page at 1440,
1280, 1024 and 390 px. At every width the header (language bar, brand, search, navigation,
notifications, account links) stays inside the viewport, nothing in it overlaps or is clipped, the
navigation is visible or one "Menu" button away, the current page is marked, focus is visible,
and the header stays compact. In Arabic the brand sits at the right edge. Screenshots of
en/fr/ru/ar/zh at 1280 and 390 px are saved under tests/artifacts/ to be looked at.
"""

import functools

import pytest
from playwright.sync_api import expect

from notifications.models import Kind, Notification
from tests.conftest import ARTIFACTS, PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Interface code -> the `lang` of its switcher button.
LANGUAGES = {
    "en": "en",
    "fr": "fr",
    "es": "es",
    "ar": "ar",
    "ru": "ru",
    "zh-hans": "zh-Hans",
}
WIDTHS = (1440, 1280, 1024, 390)
SCREENSHOTS = {("en", 1280), ("en", 390), ("fr", 1280), ("fr", 390), ("ru", 1280), ("ru", 390)}
SCREENSHOTS |= {("ar", 1280), ("ar", 390), ("zh-hans", 1280), ("zh-hans", 390)}
SCREENSHOTS |= {("ru", 1024), ("ar", 1024)}
# The pieces of the header a person reads or clicks: none may overlap another or leave the screen.
PIECES = ", ".join(
    [
        ".language-switcher__option",
        ".brand__mark",
        ".brand__name",
        ".brand__tagline",
        ".nav-toggle",
        ".site-nav__link",
        ".site-search__input",
        ".site-search button",
        ".account-menu__name",
        ".account-menu__email",
        ".account-menu__link",
        ".account-menu__logout button",
        "[data-notification-badge] .badge",
        ".site-footer p",
    ]
)

MEASURE = """(selector) => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && !el.closest('.visually-hidden');
  };
  // The box an element's text really covers (text can spill out of a box that is too small);
  // text hidden for everyone but screen readers does not count.
  const inked = (el) => {
    const box = el.getBoundingClientRect();
    const edges = {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      if (getComputedStyle(node.parentElement).clipPath !== 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const ink = range.getBoundingClientRect();
      if (ink.width === 0) continue;
      edges.left = Math.min(edges.left, ink.left);
      edges.right = Math.max(edges.right, ink.right);
      edges.top = Math.min(edges.top, ink.top);
      edges.bottom = Math.max(edges.bottom, ink.bottom);
    }
    return edges;
  };
  const name = (el) =>
    `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${
      (el.innerText || el.value || el.placeholder || '').trim().slice(0, 40)}"`;
  const pieces = [...document.querySelectorAll(selector)].filter(shown);
  const problems = [];
  const boxes = pieces.map(inked);
  pieces.forEach((el, i) => {
    const b = boxes[i];
    if (b.left < -0.5 || b.right > width + 0.5) {
      problems.push(`${name(el)} leaves the viewport (${Math.round(b.left)}..${
        Math.round(b.right)} of ${width})`);
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
      problems.push(`${name(el)} is clipped (${el.scrollWidth} > ${el.clientWidth})`);
    }
  });
  for (let i = 0; i < pieces.length; i += 1) {
    for (let j = i + 1; j < pieces.length; j += 1) {
      if (pieces[i].contains(pieces[j]) || pieces[j].contains(pieces[i])) continue;
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) problems.push(`${name(pieces[i])} overlaps ${name(pieces[j])}`);
    }
  }
  // The search box's placeholder is its only visible label: it must show in full.
  for (const input of document.querySelectorAll('[data-site-header] input[placeholder]')) {
    if (!shown(input) || input.value) continue;
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const text = context.measureText(input.placeholder).width;
    const room =
      input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (text > room + 1) {
      problems.push(`the placeholder "${input.placeholder}" is cut (${Math.round(text)} > ${
        Math.round(room)})`);
    }
  }
  const header = document.querySelector('[data-site-header]').getBoundingClientRect();
  const bar = document.querySelector('.language-bar').getBoundingClientRect();
  const brand = document.querySelector('.brand').getBoundingClientRect();
  const inner = document.querySelector('.site-header__inner');
  const edges = inner.getBoundingClientRect();
  const padding = getComputedStyle(inner);
  const rtl = document.documentElement.dir === 'rtl';
  // How far the brand sits from the start edge of the header's content box.
  const brandGap = rtl
    ? edges.right - parseFloat(padding.paddingRight) - brand.right
    : brand.left - edges.left - parseFloat(padding.paddingLeft);
  const links = [...document.querySelectorAll('.site-nav__link')].filter(shown);
  const rows = new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size;
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    problems,
    headerHeight: Math.round(header.height + bar.height),
    navRows: rows,
    brand: {left: brand.left, right: brand.right, gap: brandGap},
  };
}"""


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{base_url}/")


def check_layout(page, where, failures):
    result = page.evaluate(MEASURE, PIECES)
    if result["scrollWidth"] > result["width"]:
        failures.append(f"{where}: the page scrolls sideways ({result['scrollWidth']}px)")
    failures.extend(f"{where}: {problem}" for problem in result["problems"])
    return result


def nav_links_reachable(page, where):
    """The navigation is on screen, or one Menu button away; returns True if the menu was used."""
    links = page.locator(".site-nav__link")
    assert links.count() >= 10, where
    toggle = page.locator("[data-nav-toggle]")
    used_menu = False
    if not links.first.is_visible():
        expect(toggle).to_be_visible()
        assert toggle.evaluate("el => el.tagName") == "BUTTON"
        expect(toggle).to_have_attribute("aria-expanded", "false")
        controls = toggle.get_attribute("aria-controls")
        assert page.locator(f"#{controls}").count() == 1, where
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        used_menu = True
    for index in range(links.count()):
        expect(links.nth(index)).to_be_visible()
    # The current page is marked, in words for assistive technology as well as in looks.
    current = page.locator('.site-nav__link[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "/")
    return used_menu


FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    className: el.className,
    focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""

PANEL = """() => {
  const width = document.documentElement.clientWidth;
  const box = document.querySelector('#account-panel').getBoundingClientRect();
  return box.left >= -0.5 && box.right <= width + 0.5 && box.width > 0;
}"""


def tab_until(page, class_name, where, failures):
    """Press Tab until an element with `class_name` has the focus; every stop shows it."""
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS)
        if not (state["focusVisible"] and state["outline"]):
            failures.append(f"{where}: no visible focus on {state['className']}")
        if class_name in state["className"].split():
            return
    raise AssertionError(f"{where}: Tab never reached .{class_name}")


def account_menu_by_keyboard(page, where, failures, snap=None):
    """From the top of the page: Tab to the account button, open it, Tab into it, Escape."""
    page.locator(".skip-link").focus()
    tab_until(page, "site-nav__link", where, failures)
    tab_until(page, "account-toggle", where, failures)
    toggle = page.locator("[data-account-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#account-panel")).to_be_hidden()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#account-panel .account-menu__logout button")).to_be_visible()
    if snap:
        snap()
    if not page.evaluate(PANEL):
        failures.append(f"{where}: the account panel leaves the viewport")
    tab_until(page, "account-menu__link", where, failures)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(page.locator("#account-panel")).to_be_hidden()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_header_fits_every_width(live_server, page, compact, screenshot, request, language):
    user = make_focal_point(
        "maximilienne@test.example",
        {"acronym": "UNODC"},
        first_name="Maximilienne-Alexandra",
        last_name="Vandenberghe-Kowalczyk",
    )
    for number in range(3):
        Notification.objects.create(
            recipient=user, kind=Kind.DOCUMENTS, key=f"doc-{number}", title=f"Document {number}"
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, user.email)
    if language != "en":
        page.locator(f'.language-switcher button[lang="{LANGUAGES[language]}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    rtl = language == "ar"

    failures = []
    for width in WIDTHS:
        where = f"{language} at {width}px"
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if rtl else "ltr")
        expect(page.locator("[data-notification-badge] .badge")).to_have_text("3")
        if (language, width) in SCREENSHOTS:
            screenshot(f"{language}-{width}")
            footer = ARTIFACTS / request.node.name / f"{language}-{width}-footer.png"
            page.locator(".site-footer").screenshot(path=str(footer))
        result = check_layout(page, where, failures)

        # Brand, search and account on top, the navigation below: at most two rows of links,
        # and the header (language bar included) no taller than a quarter of a laptop screen.
        if width >= 1024 and result["navRows"] > 2:
            failures.append(f"{where}: {result['navRows']} rows of navigation links")
        if result["headerHeight"] > 225:
            failures.append(f"{where}: the header is {result['headerHeight']}px tall")

        # The brand starts at the start edge: the left in English, the right in Arabic.
        brand = result["brand"]
        at_start = brand["right"] > width * 3 / 4 if rtl else brand["left"] < width / 4
        if not at_start or abs(brand["gap"]) > 1:
            failures.append(f"{where}: the brand is not at the start edge ({brand})")

        used_menu = nav_links_reachable(page, where)
        assert used_menu == (width < 768), where
        if not used_menu:
            snap = None
            if (language, width) in SCREENSHOTS:
                snap = functools.partial(screenshot, f"{language}-{width}-account-open")
            account_menu_by_keyboard(page, where, failures, snap)
        if used_menu:
            # The open menu fits too, and Escape closes it, back on the button.
            if (language, width) in SCREENSHOTS:
                screenshot(f"{language}-{width}-menu-open")
            check_layout(page, f"{where} (menu open)", failures)
            page.keyboard.press("Escape")
            toggle = page.locator("[data-nav-toggle]")
            expect(toggle).to_have_attribute("aria-expanded", "false")
            expect(toggle).to_be_focused()
            expect(page.locator(".site-nav__link").first).to_be_hidden()

    assert not failures, "\n".join(failures)


def test_staff_menu_in_russian_with_and_without_javascript(
    live_server, browser, compact, settings, request
):
    """The longest account menu (staff links too) fits; without JavaScript nothing is hidden."""
    settings.MFA_REQUIRED_FOR_STAFF = False
    user = make_focal_point(
        "konstantin@test.example",
        {"acronym": "UNOCT"},
        first_name="Konstantin",
        last_name="Konstantinopolsky-Rimsky",
        is_staff=True,
        language="ru",
    )
    failures = []
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, live_server.url, user.email)
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        staff_links = page.locator("#account-panel .account-menu__link")
        expect(staff_links).to_have_count(4)
        for width in (1280, 390):
            where = f"ru, staff, {'with' if javascript else 'without'} JavaScript, {width}px"
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/")
            check_layout(page, where, failures)
            if javascript and width >= 768:
                page.locator("[data-account-toggle]").click()
            elif javascript:
                page.locator("[data-nav-toggle]").click()
            else:
                # Without JavaScript there is no button to press: everything is on the page.
                expect(page.locator("[data-nav-toggle]")).to_be_hidden()
                expect(page.locator("[data-account-toggle]")).to_be_hidden()
                check_layout(page, where, failures)
            for index in range(4):
                expect(staff_links.nth(index)).to_be_visible()
            expect(page.locator(".account-menu__logout button")).to_be_visible()
            expect(page.locator(".site-nav__link").last).to_be_visible()
            if not page.evaluate(PANEL):
                failures.append(f"{where}: the account links leave the viewport")
            step = f"staff-ru-{width}-{'js' if javascript else 'no-js'}"
            page.screenshot(path=str(folder / f"{step}.png"), full_page=True)
        context.close()
    assert not failures, "\n".join(failures)
