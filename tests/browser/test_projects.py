"""The Matrix of UN projects in headless Chromium: pick matrix axes, drill into a cell, open a
project, see its synergies; and the live overlap check while adding a project."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.appeal.test_project_factories import make_project
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{base}/")


@pytest.fixture
def portfolio(compact):
    make_focal_point(
        "officer@unoct.example", {"acronym": "UNOCT"}, first_name="Omar", last_name="Tahir"
    )
    make_project(
        "UNODC-KEN-01",
        "UNODC",
        countries=["KEN", "SOM"],
        themes=["pcve", "youth"],
        title="Preventing violent extremism among youth in Kenya and Somalia",
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 12, 31),
        budget="1800000",
        groups=[1],
    )
    make_project(
        "UNOCT-KEN-07",
        "UNOCT",
        countries=["KEN", "SOM"],
        themes=["pcve", "youth"],
        title="Youth resilience against violent extremism in East Africa",
        starts_on=D(2024, 4, 1),
        ends_on=D(2026, 3, 31),
        budget="2400000",
        groups=[1],
    )
    make_project(
        "UNDP-UGA-02",
        "UNDP",
        countries=["UGA", "KEN"],
        themes=["pcve", "gender"],
        title="Women and prevention of violent extremism in Uganda",
        starts_on=D(2025, 1, 1),
        ends_on=D(2026, 12, 31),
        budget="900000",
    )
    make_project(
        "INTERPOL-FRA-01",
        "INTERPOL",
        countries=["FRA"],
        themes=["border-management"],
        title="Border security information sharing",
        budget="400000",
    )


def test_pick_axes_drill_into_a_cell_open_a_project_and_see_its_synergies(
    live_server, page, screenshot, settings, portfolio, state_user
):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, state_user.email)

    page.goto(f"{base}/projects/")
    expect(page.locator(".projects__count")).to_contain_text("4 projects")
    screenshot("1-list")

    page.get_by_role("link", name="Matrix", exact=True).first.click()
    page.get_by_label("Rows").select_option("country")
    page.get_by_label("Columns").select_option("theme")
    page.get_by_role("button", name="Show").click()
    table = page.locator("table.projects-matrix")
    expect(table).to_have_attribute("data-rows", "country")
    expect(table).to_have_attribute("data-columns", "theme")
    kenya_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Kenya"))
    expect(kenya_row).to_have_count(1)
    screenshot("2-matrix")

    # Kenya × "Preventing and countering violent extremism": three projects.
    pcve_index = [text.strip() for text in table.locator("thead th").all_inner_texts()].index(
        "Preventing and countering violent extremism"
    )
    cell = kenya_row.locator("td, th").nth(pcve_index).locator("a")
    expect(cell).to_have_attribute("data-cell-count", "3")
    cell.click()
    expect(page).to_have_url(re.compile(r"/projects/\?.*country=KEN.*theme=pcve"))
    expect(page.locator(".projects__count")).to_contain_text("3 projects")
    screenshot("3-drill-down")

    page.get_by_role(
        "link", name="Preventing violent extremism among youth in Kenya and Somalia"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Preventing violent extremism among youth in Kenya and Somalia"
    )
    synergies = page.locator("#synergies")
    expect(synergies).to_contain_text("UNOCT-KEN-07")
    expect(synergies).to_contain_text("Possible duplication")
    expect(synergies).to_contain_text("Omar Tahir")
    expect(synergies).not_to_contain_text("INTERPOL-FRA-01")
    synergies.scroll_into_view_if_needed()
    screenshot("4-project-synergies")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/projects/matrix/?rows=entity&columns=pillar")
    screenshot("5-matrix-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/projects/charts/")
    expect(page.locator("svg.projects-chart__svg")).to_have_count(4)
    page.get_by_text("Data table").first.click()
    bars = page.locator("svg.projects-chart__svg").first.locator("g").count()
    assert bars >= 2
    expect(page.locator(".projects-chart__data").first.locator("tbody tr")).to_have_count(bars)
    screenshot("6-charts")


def test_adding_a_project_shows_likely_overlaps_and_keeps_the_verdict(
    live_server, page, screenshot, portfolio, entity_user
):
    from appeal.models import OverlapVerdict, Project

    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, entity_user.email)
    page.goto(f"{base}/projects/new/")
    page.get_by_label("Code").fill("UNODC-SOM-09")
    page.get_by_label("Title").fill("Community resilience in Somalia")
    page.get_by_label("Countries").select_option(label="Somalia")
    page.get_by_label("Youth engagement and empowerment").check()
    page.get_by_label("Start", exact=True).fill("2025-01-01")
    page.get_by_label("End", exact=True).fill("2025-12-31")
    page.get_by_label("Budget (USD)").click()
    check = page.locator("#overlap-check")
    expect(check).to_contain_text("UNOCT-KEN-07")
    expect(check).not_to_contain_text("UNODC-KEN-01")  # UNODC's own project
    other = Project.objects.get(code="UNOCT-KEN-07")
    page.locator(f"#verdict_{other.pk}").select_option("complementary")
    page.locator(f"#verdict_note_{other.pk}").fill("Different districts")
    page.get_by_label("Budget (USD)").fill("300000")
    screenshot("1-form-with-overlaps")
    page.get_by_role("button", name="Add the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community resilience in Somalia")
    verdict = OverlapVerdict.objects.get(project__code="UNODC-SOM-09", other=other)
    assert verdict.verdict == "complementary" and verdict.note == "Different districts"
    expect(page.locator("#synergies")).to_contain_text("Complementary")
    screenshot("2-saved-with-verdict")
