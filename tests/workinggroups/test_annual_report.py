"""The annual report: compiled from the submitted progress reports whose period overlaps the year,
with the Secretariat's narrative, the year's figures and the groups that have not reported; a
printable page and a DOCX download with the same content; Secretariat-only until published."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from entities.models import Organization
from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.annual_report import compile_annual_report
from workinggroups.models import Activity, AnnualReport, Priority, WorkingGroup
from workinggroups.report_actions import (
    create_progress_report,
    save_annual_report,
    set_annual_report_published,
    submit_progress_report,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def groups(compact):
    return {g.number: g for g in WorkingGroup.objects.filter(kind="working_group")}


@pytest.fixture
def wg2_editor(groups):
    user = make_focal_point("cted@test.example", {"acronym": "CTED"}, first_name="Cleo")
    designate_group_editor(groups[2], user, actor=None)
    return user


def report(group, start, end, *, text, submit=True, actor=None):
    item = create_progress_report(
        group,
        period_start=start,
        period_end=end,
        achievements=f"<p>{text} achievements</p>",
        challenges=f"<p>{text} challenges</p>",
        next_steps=f"<ul><li>{text} next step</li></ul>",
        actor=actor,
    )
    if submit:
        submit_progress_report(item, actor=actor)
    return item


@pytest.fixture
def year_2024(groups, secretariat_user):
    """WG 1 and WG 2 reported in 2024; WG 3 only a draft; WG 4 only for 2023; WG 5 straddles."""
    report(groups[1], D(2024, 1, 1), D(2024, 6, 30), text="PCVE first half")
    report(groups[1], D(2024, 7, 1), D(2024, 12, 31), text="PCVE second half")
    report(groups[2], D(2024, 1, 1), D(2024, 12, 31), text="Borders")
    report(groups[3], D(2024, 1, 1), D(2024, 6, 30), text="Emerging draft", submit=False)
    report(groups[4], D(2023, 1, 1), D(2023, 12, 31), text="Justice 2023")
    report(groups[5], D(2023, 7, 1), D(2024, 6, 30), text="Resources straddling")
    programme_priorities = list(Priority.objects.order_by("programme", "number")[:2])
    cted = Organization.objects.get(acronym="CTED")

    def activity(group, status, priority, start, end):
        return Activity.objects.create(
            group=group,
            title=f"{group.number} {status}",
            lead_organization=cted,
            priority=priority,
            status=status,
            starts_on=start,
            ends_on=end,
        )

    activity(groups[1], "completed", programme_priorities[0], D(2024, 2, 1), D(2024, 5, 1))
    activity(groups[2], "ongoing", programme_priorities[0], D(2023, 6, 1), D(2025, 5, 1))
    activity(groups[2], "delayed", programme_priorities[1], D(2024, 9, 1), D(2025, 5, 1))
    activity(groups[3], "planned", None, D(2024, 12, 31), D(2025, 3, 1))
    activity(groups[4], "completed", programme_priorities[1], D(2022, 1, 1), D(2023, 12, 31))
    save_annual_report(
        2024,
        introduction="<p>The Compact <strong>consolidated</strong> its work.</p>",
        consolidation="<p>Two entities joined the Working Groups.</p>",
        strategic_leadership="<h3>Coordination Committee</h3><p>The 10th meeting met.</p>",
        capacity_building="<ul><li>Border training</li><li>CFT workshops</li></ul>",
        actor=secretariat_user,
    )
    return programme_priorities


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- compiling -----------------------------------------------------------------------------------


def test_only_submitted_reports_whose_period_overlaps_the_year_are_compiled(groups, year_2024):
    compiled = compile_annual_report(2024)
    by_group = {s.group.number: [r.achievements for r in s.reports] for s in compiled.sections}
    assert by_group == {
        1: ["<p>PCVE first half achievements</p>", "<p>PCVE second half achievements</p>"],
        2: ["<p>Borders achievements</p>"],
        5: ["<p>Resources straddling achievements</p>"],
    }
    assert [g.number for g in compiled.missing_groups] == [3, 4, 6, 7, 8]
    assert compiled.groups_reporting == 3
    assert compiled.groups_total == 8
    assert compiled.reports_total == 4


def test_the_years_figures_count_activities_running_in_the_year(year_2024):
    compiled = compile_annual_report(2024)
    statuses = {value: count for value, _label, count in compiled.statuses}
    assert statuses == {
        "planned": 1,
        "ongoing": 1,
        "delayed": 1,
        "completed": 1,
        "cancelled": 0,
    }
    assert compiled.activities_total == 4
    first, second = year_2024
    rows = {row.label: row.total for row in compiled.priority_rows}
    assert rows == {
        f"{first.number}. {first.title}": 2,
        f"{second.number}. {second.title}": 1,
        "No JPOW priority": 1,
    }
    assert compiled.priority_rows[-1].label == "No JPOW priority"


def test_a_year_without_reports_lists_every_group_as_missing(groups):
    compiled = compile_annual_report(2021)
    assert compiled.sections == []
    assert len(compiled.missing_groups) == 8
    assert compiled.annual is None


# --- the page ------------------------------------------------------------------------------------


def test_the_secretariat_reads_the_compiled_page(year_2024, secretariat_user):
    response = client_for(secretariat_user).get(reverse("reports:annual_detail", args=[2024]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "The Compact <strong>consolidated</strong> its work.",
        "PCVE second half achievements",
        "Borders next step",
        "Resources straddling challenges",
        "Working Groups that have not reported",
        "Write the narrative",
    ):
        assert text in page
    assert "Emerging draft" not in page
    assert "Justice 2023" not in page


@pytest.mark.parametrize("who", ["wg2_editor", "entity_user", "state_user", "regional_user"])
def test_an_unpublished_annual_report_is_the_secretariats_only(request, who, year_2024):
    client = client_for(request.getfixturevalue(who))
    for name in ("annual_detail", "annual_edit", "annual_docx"):
        assert client.get(reverse(f"reports:{name}", args=[2024])).status_code == 404
    response = client.post(reverse("reports:annual_publish", args=[2024]), {"published": "1"})
    assert response.status_code == 404
    response = client.post(reverse("reports:annual_edit", args=[2024]), {"introduction": "x"})
    assert response.status_code == 404
    assert not AnnualReport.objects.get(year=2024).published
    index = client.get(reverse("reports:annual_index")).content.decode()
    assert reverse("reports:annual_detail", args=[2024]) not in index


@pytest.mark.parametrize("who", ["wg2_editor", "entity_user", "state_user", "regional_user"])
def test_a_published_annual_report_is_read_by_all_focal_points_who_cannot_change_it(
    request, who, year_2024, secretariat_user
):
    set_annual_report_published(2024, True, actor=secretariat_user)
    client = client_for(request.getfixturevalue(who))
    page = client.get(reverse("reports:annual_detail", args=[2024]))
    assert page.status_code == 200
    assert "Write the narrative" not in page.content.decode()
    assert client.get(reverse("reports:annual_docx", args=[2024])).status_code == 200
    assert client.get(reverse("reports:annual_edit", args=[2024])).status_code == 403
    response = client.post(
        reverse("reports:annual_edit", args=[2024]), {"introduction": "<p>x</p>"}
    )
    assert response.status_code == 403
    response = client.post(reverse("reports:annual_publish", args=[2024]), {"published": "0"})
    assert response.status_code == 403
    annual = AnnualReport.objects.get(year=2024)
    assert annual.published
    assert "consolidated" in annual.introduction
    index = client.get(reverse("reports:annual_index")).content.decode()
    assert reverse("reports:annual_detail", args=[2024]) in index


def test_anonymous_visitors_are_sent_to_sign_in(year_2024):
    for name in ("annual_detail", "annual_docx"):
        response = Client().get(reverse(f"reports:{name}", args=[2024]))
        assert response.status_code == 302
    assert Client().get(reverse("reports:annual_index")).status_code == 302


def test_out_of_range_years_answer_404(secretariat_user):
    client = client_for(secretariat_user)
    for year in (1999, 2017, 9999):
        assert client.get(reverse("reports:annual_detail", args=[year])).status_code == 404
        assert client.get(reverse("reports:annual_docx", args=[year])).status_code == 404
    bad = client.get(reverse("reports:annual_index"), {"year": "abc"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert client.get(reverse("reports:annual_index"), {"year": "2024"})["Location"] == reverse(
        "reports:annual_detail", args=[2024]
    )


def test_the_secretariat_writes_the_narrative_sanitised(groups, secretariat_user):
    client = client_for(secretariat_user)
    url = reverse("reports:annual_edit", args=[2025])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "introduction": '<p onclick="x()">Hello</p><script>alert(1)</script>',
            "consolidation": "<p>More members</p>",
            "strategic_leadership": "",
            "capacity_building": '<a href="javascript:alert(1)">bad</a>',
        },
    )
    assert response.status_code == 302
    annual = AnnualReport.objects.get(year=2025)
    assert annual.introduction == "<p>Hello</p>"
    assert "javascript" not in annual.capacity_building
    assert annual.updated_by == secretariat_user
    assert annual.history.first().history_user == secretariat_user
    assert not annual.published


def test_publishing_and_withdrawing(year_2024, secretariat_user, entity_user):
    client = client_for(secretariat_user)
    url = reverse("reports:annual_publish", args=[2024])
    client.post(url, {"published": "1"})
    assert AnnualReport.objects.get(year=2024).published
    assert (
        client_for(entity_user).get(reverse("reports:annual_detail", args=[2024])).status_code
        == 200
    )
    client.post(url, {"published": "0"})
    assert not AnnualReport.objects.get(year=2024).published
    assert (
        client_for(entity_user).get(reverse("reports:annual_detail", args=[2024])).status_code
        == 404
    )


def test_the_index_shows_the_secretariat_years_with_reports(year_2024, secretariat_user):
    response = client_for(secretariat_user).get(reverse("reports:annual_index"))
    years = {row["year"]: row for row in response.context["years"]}
    assert set(years) == {2023, 2024}
    assert years[2024]["reports"] == 4  # three fully in 2024 and one straddling
    assert years[2024]["annual"] is not None
    assert years[2023]["annual"] is None


# --- DOCX ----------------------------------------------------------------------------------------


def test_the_docx_download_has_the_same_content(year_2024, secretariat_user):
    response = client_for(secretariat_user).get(reverse("reports:annual_docx", args=[2024]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    document = WordDocument(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0].endswith("annual report 2024")
    for heading in (
        "Introduction",
        "Consolidation of the framework",
        "Strategic leadership",
        "Capacity-building support",
        "Coordination Committee",  # the narrative's own sub-heading
        "The year in figures",
        "Progress of the Working Groups",
        "Working Groups that have not reported",
    ):
        assert heading in headings
    group_headings = [str(g) for g in WorkingGroup.objects.filter(number__in=[1, 2, 5])]
    for heading in group_headings:
        assert heading in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The Compact consolidated its work." in text
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "consolidated" in bold
    assert "Border training" in text
    assert "PCVE second half achievements" in text
    assert "Borders next step" in text
    assert "Emerging draft" not in text
    assert "Justice 2023" not in text
    missing = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert str(WorkingGroup.objects.get(number=3)) in missing
    figures = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert figures["Working Groups reporting"] == "3"
    assert figures["Working Groups not reporting"] == "5"
    assert figures["Progress reports submitted"] == "4"
    statuses = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert statuses["Ongoing"] == "1" and statuses["Cancelled"] == "0"
    priority_table = document.tables[2]
    assert priority_table.rows[-1].cells[0].text == "No JPOW priority"


def test_the_docx_of_an_empty_year_still_opens(groups, secretariat_user):
    response = client_for(secretariat_user).get(reverse("reports:annual_docx", args=[2020]))
    document = WordDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "No Working Group submitted a progress report for the year." in text
    assert "Not written yet." in text


# --- bounded queries -----------------------------------------------------------------------------


def test_annual_pages_run_a_bounded_number_of_queries(
    year_2024, groups, secretariat_user, django_assert_max_num_queries
):
    for number in (6, 7, 8):
        for half in (1, 7):
            report(groups[number], D(2024, half, 1), D(2024, half + 5, 28), text=f"G{number}")
    client = client_for(secretariat_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:annual_detail", args=[2024])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:annual_docx", args=[2024])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:annual_edit", args=[2024])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:annual_index")).status_code == 200
