"""The contact directory in headless Chromium: search as you type, filter, vCard, export."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from entities.models import Organization
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
def cast(compact):
    kenya = Organization.objects.get(iso3="KEN")
    zoe = make_focal_point(
        "zoe.hidden@unodc.example", {"acronym": "UNODC"}, first_name="Zoë", last_name="Ångström"
    ).focal_point
    zoe.show_email = False
    zoe.position = "Crime Prevention Officer"
    zoe.save()
    for i, (first, last, org) in enumerate(
        [
            ("Vladimir", "Voronkov", {"acronym": "UNOCT"}),
            ("Sophie", "Voronkov", {"acronym": "OHCHR"}),
            ("Wanjiru", "Kamau", {"iso3": "KEN"}),
            ("Amani", "Otieno", {"acronym": "UNDP"}),
            ("María", "García", {"iso3": "ESP"}),
        ]
    ):
        fp = make_focal_point(f"p{i}@t.example", org, first_name=first, last_name=last).focal_point
        if last in ("Kamau", "Otieno"):
            fp.country = kenya
            fp.save()
    return zoe


def test_search_filter_vcard_and_export(
    live_server, page, screenshot, settings, cast, state_user, secretariat_user
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    base = live_server.url
    sign_in(page, base, state_user.email)

    page.goto(f"{base}/directory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact directory")
    expect(page.locator(".directory__count")).to_contain_text("8 focal points")
    screenshot("1-directory")

    # Live search as you type, accent- and case-free; the state goes into the address bar.
    page.get_by_label("Search the directory").fill("zoe angstrom")
    expect(page).to_have_url(re.compile(r"/directory/\?q=zoe\+angstrom$"))
    expect(page.locator(".directory__count")).to_contain_text("1 focal point")
    results = page.locator("#directory-results")
    expect(results).to_contain_text("Zoë Ångström")
    assert "zoe.hidden@unodc.example" not in page.content()
    screenshot("2-search-accent-free")

    # A typo.
    page.get_by_label("Search the directory").fill("voronkof")
    expect(page.locator(".directory__count")).to_contain_text("2 focal points")
    expect(results).to_contain_text("Vladimir Voronkov")
    expect(results).to_contain_text("Sophie Voronkov")

    # Filter by country: Kenya's people (the State's focal points and those based there).
    page.get_by_label("Search the directory").fill("")
    expect(page.locator(".directory__count")).to_contain_text("8 focal points")
    page.get_by_label("Country").select_option(label="Kenya")
    expect(page).to_have_url(re.compile(r"country=KEN"))
    expect(page.locator(".directory__count")).to_contain_text("3 focal points")
    expect(results).to_contain_text("Wanjiru Kamau")
    expect(results).to_contain_text("Amani Otieno")
    screenshot("3-filter-country")

    # Nothing matches: the page says what to relax.
    page.get_by_label("Search the directory").fill("qqxxzz")
    expect(results).to_contain_text("No focal point matches")
    expect(results.get_by_role("link", name=re.compile("Remove “Country: Kenya”"))).to_be_visible()
    screenshot("4-empty-suggests")
    results.get_by_role("link", name=re.compile("Remove “Country: Kenya”")).click()
    expect(page).to_have_url(re.compile(r"/directory/\?q=qqxxzz$"))

    # The URL is the state: a bookmark reopens the same search.
    page.goto(f"{base}/directory/?q=kenia")
    expect(page.get_by_label("Search the directory")).to_have_value("kenia")
    expect(page.locator(".directory__count")).to_contain_text("3 focal points")

    # vCard: only what this viewer may see.
    page.goto(f"{base}/directory/?q=zoe")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("vCard Zoë Ångström")).click()
    card = Path(info.value.path()).read_text(encoding="utf-8")
    assert "FN:Zoë Ångström" in card
    assert "zoe.hidden@unodc.example" not in card
    assert page.get_by_role("link", name="CSV").count() == 0  # no export for focal points

    # The Secretariat exports the current results.
    sign_in(page, base, secretariat_user.email)
    page.goto(f"{base}/directory/")
    page.get_by_label("Search the directory").fill("voronkov")
    expect(page.locator(".directory__count")).to_contain_text("2 focal points")
    screenshot("5-secretariat-search")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    body = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("First name,Last name")
    assert len(lines) == 3 and all("Voronkov" in line for line in lines[1:])
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")

    # The Secretariat sees hidden details, marked as such.
    page.goto(f"{base}/directory/?q=zoe")
    expect(page.locator("#directory-results")).to_contain_text("zoe.hidden@unodc.example")
    expect(page.locator("#directory-results")).to_contain_text("hidden from others")
    screenshot("6-secretariat-hidden-marked")
