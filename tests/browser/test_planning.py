"""A WG 2 editor adds a work plan activity and finds it in the matrix and the timeline; a phone
reads the timeline. Screenshots under tests/artifacts/<test name>/."""

import re

import pytest
from playwright.sync_api import expect

from entities.models import Organization
from tests.conftest import PASSWORD, make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.demo_planning import seed_planning
from workinggroups.models import Activity, Priority, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_editor_adds_an_activity_and_sees_it_in_the_matrix_and_timeline(
    live_server, page, screenshot, compact
):
    seed_planning(1)
    wg2 = WorkingGroup.objects.get(number=2)
    editor = make_focal_point(
        "lucia@test.example", {"acronym": "CTED"}, first_name="Lucía", last_name="Fernández"
    )
    designate_group_editor(wg2, editor, actor=None)
    before = Activity.objects.filter(group=wg2, priority__number=3).count()
    priority3 = Priority.objects.get(programme__start_year=2024, number=3)

    def label(acronym):
        return str(Organization.objects.get(acronym=acronym))

    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server, "lucia@test.example")

    # 1. The programme and its priorities.
    page.goto(f"{live_server.url}/planning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Joint Programme of Work 2024-2026")
    expect(page.get_by_text("Strengthen engagement with Member States")).to_be_visible()
    screenshot("1-overview")

    # 2. Add an activity (the editor manages one group: straight to its form).
    page.get_by_role("link", name="Add an activity").first.click()
    expect(page).to_have_url(re.compile(rf"/planning/groups/{wg2.slug}/activities/new/"))
    page.get_by_label("Title").fill("Regional dialogue on border security with civil society")
    page.get_by_label("JPOW priority").select_option(label=str(priority3))
    page.get_by_label("Lead entity").select_option(label=label("INTERPOL"))
    page.get_by_label("Partner entities and organizations").select_option(
        label=[label("UNODC"), label("AU")]
    )
    page.get_by_label("Countries").select_option(label=["Kenya", "Somalia"])
    expect(page.locator("#id_partners_chosen")).to_contain_text("(UNODC)")  # planning.js
    expect(page.locator("#id_countries_chosen")).to_have_text("Chosen: Kenya; Somalia")
    page.get_by_label("Africa").check()
    page.get_by_label("Start").fill("2025-03-01")
    page.get_by_label("End").fill("2024-03-01")  # before the start: refused
    page.get_by_label("Status", exact=True).select_option("ongoing")
    page.get_by_label("Progress (%)").fill("35")
    page.get_by_role("button", name="Add the activity").click()
    expect(page.locator(".error-summary")).to_contain_text("The end is before the start.")
    screenshot("2-form-error")
    page.get_by_label("End").fill("2026-09-30")
    page.get_by_role("button", name="Add the activity").click()

    # 3. Its page, with the history.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Regional dialogue on border security with civil society"
    )
    expect(page.get_by_text("The activity was added to the work plan.")).to_be_visible()
    expect(page.locator(".planning-history")).to_contain_text("Lucía Fernández")
    screenshot("3-activity")
    activity = Activity.objects.get(title__startswith="Regional dialogue on border security")
    assert activity.group == wg2 and activity.lead_organization.acronym == "INTERPOL"

    # 4. The matrix: one more in WG 2 × priority 3; the cell leads to the filtered list.
    page.get_by_role("link", name="Joint planning").first.click()
    page.get_by_role("link", name="Matrix", exact=True).first.click()
    cell = page.get_by_role("link", name=re.compile(r"^Priority 3, WG 2:"))
    expect(cell).to_contain_text(str(before + 1))
    screenshot("4-matrix")
    cell.click()
    expect(page.get_by_role("link", name=activity.title)).to_be_visible()
    screenshot("5-list-from-cell")

    # 5. The timeline of WG 2: the bar, the status and the progress in words.
    page.goto(f"{live_server.url}/planning/timeline/?group={wg2.slug}")
    row = page.locator(".timeline__row", has_text=activity.title)
    expect(row).to_contain_text("Ongoing")
    expect(row).to_contain_text("35%")
    expect(row.locator("svg.timeline__track rect.timeline__bar")).to_have_count(1)
    screenshot("6-timeline")

    # 6. On a phone: the timeline scrolls sideways; the table alternative reads well.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("7-timeline-phone")
    page.get_by_role("link", name="Table").click()
    expect(page.get_by_role("rowheader", name=activity.title)).to_be_visible()
    screenshot("8-timeline-table-phone")
    page.goto(f"{live_server.url}/planning/matrix/")
    expect(page.get_by_role("link", name=re.compile(r"^Priority 3, WG 2:"))).to_be_visible()
    screenshot("9-matrix-phone")
