"""Sign in through the real login page in headless Chromium and look at the home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_see_the_home_page(live_server, page, screenshot, compact):
    make_focal_point(
        "wanjiru@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )

    # Visitors see the public landing page; its "Sign in" leads to the login form.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("^Sign in$", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot("1-login")

    page.get_by_label("Email").fill("wanjiru@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wanjiru")
    expect(page.get_by_text("Strengthen engagement with Member States")).to_be_visible()
    screenshot("2-home")

    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("3-home-phone")


def test_wrong_password_shows_a_clear_message(live_server, page, screenshot, compact):
    make_focal_point("someone@test.example", {"acronym": "UNODC"})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("someone@test.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_text(re.compile("not correct", re.I))).to_be_visible()
    screenshot("login-error")
