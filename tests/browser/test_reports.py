"""A Working Group 2 editor writes and submits a progress report; the Secretariat opens the
annual report compiled from it, writes the narrative, publishes it, prints it and downloads the
Word version. Screenshots under tests/artifacts/<test name>/."""

import datetime
import io
import re

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from compact_portal.roles import ensure_secretariat_group
from entities.models import Organization, OutgoingEmail
from tests.conftest import ARTIFACTS, PASSWORD, make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import Activity, AnnualReport, ProgressReport, WorkingGroup

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


def test_an_editor_submits_a_report_and_the_secretariat_compiles_the_annual_report(
    live_server, page, browser, screenshot, compact, request
):
    folder = ARTIFACTS / request.node.name

    def staff_shot(step):
        folder.mkdir(parents=True, exist_ok=True)
        staff.screenshot(path=str(folder / f"{step}.png"), full_page=True)

    wg2 = WorkingGroup.objects.get(number=2)
    editor = make_focal_point(
        "cleo@test.example", {"acronym": "CTED"}, first_name="Cleo", last_name="Chair"
    )
    designate_group_editor(wg2, editor, actor=None)
    secretariat = make_focal_point(
        "sam@test.example",
        {"acronym": "UNOCT"},
        first_name="Sam",
        last_name="Secretariat",
        is_staff=True,
    )
    secretariat.groups.add(ensure_secretariat_group())
    Activity.objects.create(
        group=wg2,
        title="Advance passenger information capacity building",
        lead_organization=Organization.objects.get(acronym="CTED"),
        starts_on=datetime.date(2024, 1, 15),
        ends_on=datetime.date(2024, 11, 30),
        status=Activity.Status.ONGOING,
        progress=60,
    )

    # 1. The editor writes a draft from the group's reports page.
    _sign_in(page, live_server, "cleo@test.example")
    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/reports/")
    expect(page.get_by_text("No progress reports yet")).to_be_visible()
    screenshot("1-empty-list")
    page.get_by_role("link", name="Write a report").first.click()
    page.get_by_label("Period from").fill("2024-01-01")
    page.get_by_label("Period to").fill("2024-12-31")
    page.get_by_label("Achievements").fill(
        "<p>First workshop of the <strong>Border Security and Management</strong> Initiative.</p>"
        "<ul><li>API/PNR support to Kenya</li><li>Biometrics guidance updated</li></ul>"
        "<script>document.title='pwned'</script>"
    )
    page.get_by_label("Challenges").fill("<p>Uneven legal frameworks for passenger data.</p>")
    page.get_by_label("Next steps").fill("<p>Finalize the good-practices addendum.</p>")
    page.get_by_label(re.compile("Advance passenger information capacity building")).check()
    screenshot("2-form")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.locator(".message--success")).to_contain_text("The draft is saved")
    expect(page.locator(".badge").filter(has_text="Draft")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="API/PNR support to Kenya")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Advance passenger information capacity building")
    ).to_be_visible()
    assert "pwned" not in page.title()
    screenshot("3-draft")

    # 2. Submitting asks once, then freezes the report for the group.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit to the Secretariat").click()
    expect(page.locator(".message--success")).to_contain_text("The report is submitted")
    expect(page.get_by_text("Submitted on")).to_contain_text("by Cleo Chair")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    screenshot("4-submitted")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("4b-submitted-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.emulate_media(media="print")
    screenshot("4c-submitted-print")
    page.emulate_media(media="screen")
    report = ProgressReport.objects.get(group=wg2)
    assert report.status == "submitted" and report.submitted_by == editor
    assert OutgoingEmail.objects.filter(to="sam@test.example").count() == 1

    # The group's space lists it in its progress-reports panel.
    page.goto(f"{live_server.url}/working-groups/{wg2.slug}/")
    panel = page.locator(".report-panel")
    expect(panel.get_by_role("heading", name="Progress reports")).to_be_visible()
    expect(panel.get_by_role("link", name="1 Jan – 31 Dec 2024")).to_be_visible()
    expect(panel.get_by_role("link", name="Write a report")).to_be_visible()
    panel.scroll_into_view_if_needed()
    screenshot("4d-space-panel")

    # 3. The Secretariat opens the annual report for 2024.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    _sign_in(staff, live_server, "sam@test.example")
    staff.goto(f"{live_server.url}/annual-report/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Annual reports")
    staff.get_by_role("link", name="Annual report 2024").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Annual report 2024")
    expect(staff.get_by_role("heading", name=str(wg2))).to_be_visible()
    expect(staff.get_by_text("API/PNR support to Kenya")).to_be_visible()
    expect(staff.locator("#missing")).to_contain_text("WG 3")
    staff_shot("5-annual-draft")

    # 4. The narrative, written in the browser.
    staff.get_by_role("link", name="Write the narrative").click()
    staff.get_by_label("Introduction").fill(
        "<p>The Compact adopted its Joint Programme of Work 2024–2026.</p>"
    )
    staff.get_by_label("Capacity-building support").fill(
        "<ul><li>CT TECH support to Kenya</li></ul>"
    )
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".message--success")).to_contain_text("The annual report is saved")
    expect(staff.get_by_text("The Compact adopted its Joint Programme")).to_be_visible()
    staff.get_by_role("button", name="Publish to focal points").click()
    expect(staff.locator(".badge").filter(has_text="Published to focal points")).to_be_visible()
    staff_shot("6-annual-published")
    staff.emulate_media(media="print")
    staff_shot("7-annual-print")
    staff.emulate_media(media="screen")
    assert AnnualReport.objects.get(year=2024).published

    # 5. The Word version has the same content.
    with staff.expect_download() as download_info:
        staff.get_by_role("link", name="Download (Word)").click()
    download = download_info.value
    assert download.suggested_filename == "compact-annual-report-2024.docx"
    document = WordDocument(io.BytesIO(download.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The Compact adopted its Joint Programme of Work 2024–2026." in text
    assert "API/PNR support to Kenya" in text
    assert str(wg2) in text
    context.close()

    # 6. The published report is now on the editor's index too.
    page.goto(f"{live_server.url}/annual-report/")
    expect(page.get_by_role("link", name="Annual report 2024")).to_be_visible()
