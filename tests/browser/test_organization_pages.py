"""A Member State's focal point finds their State, edits its profile, and reads the history;
the entity and regional pages in passing. Screenshots under tests/artifacts/<test name>/."""

import re

import pytest
from playwright.sync_api import expect

from entities.models import OrganizationProfile
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_state_focal_point_edits_the_member_state_profile(live_server, page, screenshot, compact):
    make_focal_point(
        "wanjiru@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    make_focal_point("otieno@test.example", {"iso3": "KEN"}, first_name="Otieno", last_name="Ouma")
    make_focal_point("amina@test.example", {"iso3": "NGA"}, first_name="Amina", last_name="Bello")
    _sign_in(page, live_server, "wanjiru@test.example")

    # 1. The index: 193 States by region, live filter to those with focal points in Africa.
    page.goto(f"{live_server.url}/member-states/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member States")
    expect(page.locator(".results-summary")).to_contain_text("193 Member States, 2 with focal")
    screenshot("1-member-state-index")
    page.get_by_label("Region").select_option("Africa")
    page.get_by_label("With focal points only").check()
    expect(page.locator(".results-summary")).to_contain_text("2 Member States")
    expect(page).to_have_url(re.compile(r"region=Africa"))
    screenshot("2-filtered")

    # 2. Kenya's page: its focal points, no profile yet, an invitation to write it.
    page.get_by_role("link", name="Kenya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    expect(page.get_by_role("rowheader", name="Otieno Ouma")).to_be_visible()
    expect(page.get_by_text("No profile yet")).to_be_visible()
    screenshot("3-kenya-empty")

    # 3. Edit: plain text, a little HTML and an attempt at script.
    page.get_by_role("link", name="Edit the profile").click()
    page.get_by_label("Counter-terrorism priorities").fill(
        "Preventing violent extremism in border counties.\n\n"
        "Strengthening the National Counter Terrorism Centre."
    )
    page.get_by_label("Challenges").fill(
        "<ul><li>Cross-border movement</li><li>Online recruitment</li></ul>"
        "<img src=x onerror=\"document.title='pwned'\">"
    )
    page.get_by_label("Good practices").fill(
        '<p>County engagement forums, see <a href="https://example.org/cef">the report</a>.</p>'
        "<script>document.title='pwned'</script>"
    )
    screenshot("4-edit-form")
    page.get_by_role("button", name="Save the profile").click()

    # 4. Back on the page: saved, sanitised, attributed.
    expect(page).to_have_url(f"{live_server.url}/member-states/KEN/")
    expect(page.locator(".message--success")).to_contain_text("The profile was saved")
    expect(page.get_by_text("Strengthening the National Counter Terrorism Centre.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Online recruitment")).to_be_visible()
    expect(page.get_by_role("link", name="the report")).to_have_attribute(
        "rel", "noopener noreferrer"
    )
    expect(page.get_by_text("Last updated by Wanjiru Kamau")).to_be_visible()
    assert "pwned" not in page.title()
    assert page.locator(".org-profile img, .org-profile script").count() == 0
    screenshot("5-kenya-profile")
    profile = OrganizationProfile.objects.get(organization__iso3="KEN")
    assert "onerror" not in profile.challenges and "<script" not in profile.good_practices

    # 5. A second edit, then the history with both versions; open the first one.
    page.get_by_role("link", name="Edit the profile").click()
    page.get_by_label("Counter-terrorism priorities").fill("Updated priorities.")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Updated priorities.")).to_be_visible()
    page.get_by_role("link", name="History").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    screenshot("6-history")
    rows.nth(1).get_by_role("link", name="View this version").click()
    expect(page.get_by_text("Preventing violent extremism in border counties.")).to_be_visible()
    screenshot("7-old-version")

    # 6. Nigeria's profile is not hers to edit.
    page.goto(f"{live_server.url}/member-states/NGA/")
    expect(page.get_by_role("link", name="Edit the profile")).to_have_count(0)
    response = page.goto(f"{live_server.url}/member-states/NGA/edit/")
    assert response.status == 403
    screenshot("8-other-state-forbidden")

    # 7. The entity index and an entity page; a phone-sized Member State page.
    page.goto(f"{live_server.url}/entities/")
    expect(page.get_by_role("heading", name=re.compile("Observers"))).to_be_visible()
    screenshot("9-entity-index")
    page.get_by_role("link", name="UNODC", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Drugs and Crime")
    screenshot("10-entity-page")
    page.goto(f"{live_server.url}/regional-organizations/")
    screenshot("11-regional-index")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/member-states/KEN/")
    screenshot("12-kenya-phone")
