"""The project pages: who sees and changes what, filters and sorting, exports, queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from appeal.models import Project
from appeal.projects import refresh_project_arrays
from entities.models import Organization, Theme
from tests.appeal.test_project_factories import entity, make_project
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(compact):
    return [
        make_project("UNODC-KEN-1", "UNODC", countries=["KEN"], themes=["criminal-justice"]),
        make_project(
            "UNOCT-SOM-1",
            "UNOCT",
            countries=["SOM", "KEN"],
            themes=["pcve", "youth"],
            budget="2500000",
            groups=[1],
        ),
        make_project(
            "UNDP-FRA-1",
            "UNDP",
            countries=["FRA"],
            themes=["gender"],
            status="completed",
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2020, 6, 30),
            budget=None,
            funding="unfunded",
        ),
    ]


def _codes(response):
    return [p.code for p in response.context["rows"]]


# --- visibility and permissions -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat_user", "entity_user", "state_user", "regional_user"])
def test_every_focal_point_sees_the_list_and_a_project(client, request, projects, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("projects:index")).status_code == 200
    assert client.get(reverse("projects:detail", args=[projects[0].pk])).status_code == 200


def test_an_account_without_a_focal_point_profile_sees_nothing(client, projects):
    from entities.models import User

    user = User.objects.create_user(email="nobody@test.example", password="x" * 16)
    client.force_login(user)
    assert client.get(reverse("projects:index")).status_code == 404
    assert client.get(reverse("projects:detail", args=[projects[0].pk])).status_code == 404
    assert client.get(reverse("projects:matrix")).status_code == 404


def test_a_missing_project_answers_404(client, entity_user, projects):
    client.force_login(entity_user)
    assert client.get(reverse("projects:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("secretariat_user", 200, 200),
        ("entity_user", 200, 403),  # UNODC edits UNODC's projects only
        ("state_user", 403, 403),
        ("regional_user", 403, 403),
    ],
)
def test_who_may_open_the_edit_page(client, request, projects, who, own, other):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("projects:edit", args=[projects[0].pk])).status_code == own
    assert client.get(reverse("projects:edit", args=[projects[1].pk])).status_code == other


def test_direct_posts_of_others_are_refused_and_change_nothing(client, entity_user, projects):
    client.force_login(entity_user)
    unoct = projects[1]
    assert client.post(reverse("projects:delete", args=[unoct.pk])).status_code == 403
    response = client.post(
        reverse("projects:verdict", args=[unoct.pk]),
        {"other": projects[0].pk, "verdict": "duplicate"},
    )
    assert response.status_code == 403
    response = client.post(reverse("projects:edit", args=[unoct.pk]), {"title": "Taken over"})
    assert response.status_code == 403
    assert Project.objects.filter(pk=unoct.pk, title="Project UNOCT-SOM-1").exists()


def test_member_states_may_not_create_or_import(client, state_user, compact):
    client.force_login(state_user)
    assert client.get(reverse("projects:new")).status_code == 403
    assert client.post(reverse("projects:new"), {"code": "X"}).status_code == 403
    assert client.get(reverse("projects:import")).status_code == 403
    assert client.post(reverse("projects:import_confirm"), {"token": "x"}).status_code == 403


def _form_data(**overrides):
    kenya = Organization.objects.get(iso3="KEN")
    theme = Theme.objects.get(slug="criminal-justice")
    data = {
        "code": "UNODC-NEW-1",
        "title": "Supporting terrorism prosecutions in Kenya",
        "countries": [kenya.pk],
        "themes": [theme.pk],
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "budget_usd": "750000",
        "funding_status": "partial",
        "status": "ongoing",
        "description": "Training of prosecutors.",
        "beneficiaries": "",
    }
    data.update(overrides)
    return data


def test_an_entity_creates_a_project_led_by_its_own_entity_whatever_it_posts(
    client, entity_user, compact
):
    client.force_login(entity_user)
    response = client.post(
        reverse("projects:new"), _form_data(lead_organization=entity("UNOCT").pk)
    )
    project = Project.objects.get(code="UNODC-NEW-1")
    assert response.status_code == 302
    assert project.lead_organization == entity("UNODC")
    assert project.country_ids == [Organization.objects.get(iso3="KEN").pk]
    assert project.regions == ["Africa"]  # from Kenya
    assert project.entity_ids == [entity("UNODC").pk]
    assert project.created_by == entity_user
    record = project.history.get()
    assert record.history_type == "+" and record.history_user == entity_user


def test_the_form_reports_bad_input_without_saving(client, entity_user, compact):
    client.force_login(entity_user)
    response = client.post(
        reverse("projects:new"),
        _form_data(ends_on="2020-01-01", budget_usd="lots", starts_on="not a date"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Project.objects.filter(code="UNODC-NEW-1").exists()


def test_editing_keeps_the_arrays_in_step_and_records_history(client, entity_user, projects):
    client.force_login(entity_user)
    project = projects[0]
    somalia = Organization.objects.get(iso3="SOM")
    data = _form_data(
        code=project.code,
        title="A new title",
        countries=[somalia.pk],
        themes=[Theme.objects.get(slug="cft").pk],
        partners=[entity("INTERPOL").pk],
    )
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "A new title"
    assert project.country_ids == [somalia.pk]
    assert project.theme_ids == [Theme.objects.get(slug="cft").pk]
    assert project.entity_ids == sorted([entity("UNODC").pk, entity("INTERPOL").pk])
    latest = project.history.order_by("-history_date").first()
    assert latest.history_user == entity_user and latest.title == "A new title"
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert "A new title" in page.content.decode()


def test_the_secretariat_deletes_a_project(client, secretariat_user, projects):
    client.force_login(secretariat_user)
    response = client.post(reverse("projects:delete", args=[projects[2].pk]))
    assert response.status_code == 302
    assert not Project.objects.filter(pk=projects[2].pk).exists()


def test_refresh_project_arrays_mirrors_the_links(compact, projects):
    project = projects[1]
    project.countries.set(Organization.objects.filter(iso3__in=["FRA"]))
    project.partners.set([entity("UNDP")])
    refresh_project_arrays(project)
    project.refresh_from_db()
    assert project.country_ids == [Organization.objects.get(iso3="FRA").pk]
    assert project.entity_ids == sorted([entity("UNOCT").pk, entity("UNDP").pk])
    assert "Europe" in project.regions


# --- the list -----------------------------------------------------------------------------------


def test_filters_narrow_the_list(client, state_user, projects):
    client.force_login(state_user)
    url = reverse("projects:index")
    assert _codes(client.get(url)) == ["UNDP-FRA-1", "UNOCT-SOM-1", "UNODC-KEN-1"]
    assert _codes(client.get(url, {"country": "KEN"})) == ["UNOCT-SOM-1", "UNODC-KEN-1"]
    assert _codes(client.get(url, {"region": "Europe"})) == ["UNDP-FRA-1"]
    assert _codes(client.get(url, {"theme": "youth"})) == ["UNOCT-SOM-1"]
    assert _codes(client.get(url, {"entity": "unoct"})) == ["UNOCT-SOM-1"]
    assert _codes(client.get(url, {"status": "completed"})) == ["UNDP-FRA-1"]
    assert _codes(client.get(url, {"funding": "unfunded"})) == ["UNDP-FRA-1"]
    assert _codes(client.get(url, {"year_from": 2023})) == ["UNOCT-SOM-1", "UNODC-KEN-1"]
    assert _codes(client.get(url, {"year_to": 2021})) == ["UNDP-FRA-1"]
    assert _codes(client.get(url, {"q": "som"})) == ["UNOCT-SOM-1"]
    wg1 = client.get(url, {"wg": Project.objects.get(code="UNOCT-SOM-1").working_groups.get().slug})
    assert _codes(wg1) == ["UNOCT-SOM-1"]


def test_sorting_by_budget_puts_the_largest_first(client, state_user, projects):
    client.force_login(state_user)
    codes = _codes(client.get(reverse("projects:index"), {"sort": "budget"}))
    assert codes[0] == "UNOCT-SOM-1"


@pytest.mark.parametrize(
    "params",
    [
        {"country": "XXX"},
        {"year_from": "abc"},
        {"year_from": "2026", "year_to": "2020"},
        {"sort": "evil"},
        {"page": "999"},
        {"q": "x" * 500},
        {"pillar": "<script>"},
    ],
)
def test_bad_filter_values_never_break_the_list(client, state_user, projects, params):
    client.force_login(state_user)
    assert client.get(reverse("projects:index"), params).status_code == 200


def test_the_list_answers_htmx_with_the_results_only(client, state_user, projects):
    client.force_login(state_user)
    response = client.get(reverse("projects:index"), {"country": "KEN"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"UNODC-KEN-1" in response.content


def test_list_detail_and_matrix_use_a_bounded_number_of_queries(
    client, secretariat_user, projects, django_assert_max_num_queries
):
    for i in range(30):
        make_project(f"BULK-{i}", "UNDP", countries=["KEN", "UGA"], themes=["pcve"])
    client.force_login(secretariat_user)
    client.get(reverse("projects:index"))  # warm the reference cache
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:index"), {"country": "KEN"}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("projects:detail", args=[projects[0].pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:matrix")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:charts")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:overlaps")).status_code == 200


# --- exports ------------------------------------------------------------------------------------


def test_csv_export_holds_exactly_the_filtered_projects(client, regional_user, projects):
    client.force_login(regional_user)
    response = client.get(reverse("projects:export"), {"country": "KEN", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["code"] for row in rows) == ["UNOCT-SOM-1", "UNODC-KEN-1"]
    unoct = next(row for row in rows if row["code"] == "UNOCT-SOM-1")
    assert unoct["lead_entity"] == "UNOCT"
    assert set(unoct["countries"].split("; ")) == {"KEN", "SOM"}
    assert unoct["budget_usd"] == "2500000.00"


def test_xlsx_export_holds_exactly_the_filtered_projects(client, entity_user, projects):
    client.force_login(entity_user)
    response = client.get(reverse("projects:export"), {"status": "completed", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "code"
    assert [row[0] for row in values[1:]] == ["UNDP-FRA-1"]


def test_export_neutralises_formulas(client, secretariat_user, compact):
    make_project("F-1", title='=HYPERLINK("http://evil")')
    client.force_login(secretariat_user)
    response = client.get(reverse("projects:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_unknown_export_format_is_a_400(client, entity_user, projects):
    client.force_login(entity_user)
    assert client.get(reverse("projects:export"), {"format": "pdf"}).status_code == 400


def test_an_export_of_the_other_organizations_focal_point_has_the_same_rows(
    client, projects, compact
):
    user = make_focal_point("other-state@test.example", {"iso3": "UGA"})
    client.force_login(user)
    response = client.get(reverse("projects:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 3


# --- the detail page ----------------------------------------------------------------------------


def test_the_detail_page_shows_only_documents_the_viewer_may_see(client, state_user, projects):
    from library.models import Document

    public = Document.objects.create(
        title="Public report", status="published", visibility="all", doc_type="report"
    )
    secret = Document.objects.create(
        title="Secretariat note", status="published", visibility="secretariat", doc_type="report"
    )
    projects[0].documents.set([public, secret])
    client.force_login(state_user)
    page = client.get(reverse("projects:detail", args=[projects[0].pk])).content.decode()
    assert "Public report" in page
    assert "Secretariat note" not in page
