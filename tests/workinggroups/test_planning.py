"""Joint planning pages: the JPOW overview, activity list, matrix, timeline and activity pages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from entities.models import Organization
from tests.workinggroups.test_planning_fixtures import (  # noqa: F401 - fixtures
    fixture_no_mfa_gate,
    fixture_priorities,
    fixture_wg2,
    fixture_wg2_editor,
    fixture_wg3,
    make_activity,
)
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def test_overview_shows_the_programme_its_adoption_and_the_five_priorities_with_counts(
    client, entity_user, wg2, wg3, priorities
):
    make_activity(wg2, priority=priorities[0], status="ongoing")
    make_activity(wg3, priority=priorities[0], status="delayed", lead="UNODC")
    make_activity(wg2, priority=priorities[1], status="completed", progress=100)
    client.force_login(entity_user)

    response = client.get(reverse("planning:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Joint Programme of Work 2024-2026" in html
    assert "Coordination Committee" in html and "24 January 2024" in html
    for priority in priorities:
        assert priority.title in html
    overview = {p.number: p for p in response.context["priorities"]}
    assert overview[1].activity_count == 2
    assert overview[1].status_counts == {"ongoing": 1, "delayed": 1}
    assert overview[2].status_counts == {"completed": 1}
    assert overview[3].activity_count == 0
    assert "1 ongoing" in html and "1 delayed" in html


# --- Activity list: filters, sorting, pagination --------------------------------------------


@pytest.fixture
def spread(wg2, wg3, priorities):
    """Five activities that differ in every filtered dimension."""
    kenya = Organization.objects.get(iso3="KEN")
    a = make_activity(
        wg2,
        priority=priorities[1],
        title="API/PNR training in East Africa",
        regions=["Africa"],
        status="ongoing",
        progress=30,
    )
    a.countries.add(kenya)
    b = make_activity(
        wg3,
        lead="INTERPOL",
        priority=priorities[0],
        title="Critical infrastructure tabletop exercise",
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 12, 31),
        status="planned",
        progress=0,
    )
    c = make_activity(
        wg2,
        lead="UNODC",
        priority=None,
        title="Border liaison offices review",
        regions=["Asia"],
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        status="completed",
        progress=100,
    )
    d = make_activity(
        wg3,
        lead="UNODC",
        priority=priorities[1],
        title="Drone threat assessment",
        status="delayed",
        progress=60,
        is_global=True,
    )
    return {"a": a, "b": b, "c": c, "d": d}


def _titles(response):
    return [activity.title for activity in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"a", "b", "c", "d"}),
        ({"group": "border-management"}, {"a", "c"}),
        ({"status": "delayed"}, {"d"}),
        ({"lead": "unodc"}, {"c", "d"}),
        ({"country": "kenya"}, {"a"}),
        ({"region": "Asia"}, {"c"}),
        ({"period_from": "2026-01-01"}, {"b"}),
        ({"period_to": "2024-02-01"}, {"c"}),
        ({"period_from": "2024-07-01", "period_to": "2025-01-01"}, {"a", "d"}),
        ({"q": "drone"}, {"d"}),
        ({"priority": "none"}, {"c"}),
        ({"group": "border-management", "status": "ongoing"}, {"a"}),
    ],
)
def test_activity_list_applies_each_filter(client, entity_user, spread, query, expected):
    group_slugs = dict(WorkingGroup.objects.values_list("number", "slug"))
    if query.get("group") == "border-management":
        query = {**query, "group": group_slugs[2]}
    if "lead" in query:
        query = {**query, "lead": Organization.objects.get(acronym="UNODC").slug}
    if "country" in query:
        query = {**query, "country": Organization.objects.get(iso3="KEN").slug}
    client.force_login(entity_user)

    response = client.get(reverse("planning:activities"), query)

    assert response.status_code == 200
    assert set(_titles(response)) == {spread[key].title for key in expected}


def test_activity_list_filters_by_priority(client, entity_user, spread, priorities):
    client.force_login(entity_user)
    response = client.get(reverse("planning:activities"), {"priority": priorities[1].pk})
    assert set(_titles(response)) == {spread["a"].title, spread["d"].title}


def test_activity_list_sorts_by_progress_both_ways(client, entity_user, spread):
    client.force_login(entity_user)
    up = client.get(reverse("planning:activities"), {"sort": "progress"})
    down = client.get(reverse("planning:activities"), {"sort": "-progress"})
    assert [a.progress for a in up.context["page_obj"]] == [0, 30, 60, 100]
    assert [a.progress for a in down.context["page_obj"]] == [100, 60, 30, 0]
    assert 'aria-sort="descending"' in down.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"period_from": "not-a-date"},
        {"period_from": "1900-01-01"},
        {"period_from": "2025-01-01", "period_to": "2024-01-01"},
        {"group": "no-such-group"},
        {"priority": "abc"},
        {"status": "<script>"},
        {"sort": "password"},
        {"page": "999"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_reported_not_a_server_error(client, entity_user, spread, query):
    client.force_login(entity_user)
    for name in ("activities", "matrix", "timeline"):
        response = client.get(reverse(f"planning:{name}"), query)
        assert response.status_code == 200, name


def test_htmx_request_gets_only_the_results(client, entity_user, spread):
    client.force_login(entity_user)
    response = client.get(
        reverse("planning:activities"), {"status": "planned"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert spread["b"].title in html and spread["a"].title not in html


def test_activity_list_paginates_with_a_bounded_number_of_queries(
    client, entity_user, wg2, priorities, django_assert_max_num_queries
):
    for index in range(60):
        make_activity(wg2, priority=priorities[index % 5], title=f"Activity {index:02}")
    client.force_login(entity_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("planning:activities"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.count == 60


# --- Exports ---------------------------------------------------------------------------------


def test_csv_export_has_every_filtered_activity_with_partners_and_countries(
    client, entity_user, spread, wg2
):
    spread["a"].partners.add(Organization.objects.get(acronym="INTERPOL"))
    client.force_login(entity_user)

    response = client.get(
        reverse("planning:activities"), {"group": wg2.slug, "sort": "title", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["ID", "Working Group", "JPOW priority", "Title"]
    assert [row[3] for row in rows[1:]] == [spread["a"].title, spread["c"].title]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Partners"] == "INTERPOL"
    assert first["Countries"] == "Kenya"
    assert first["Regions"] == "Africa"
    assert first["Status"] == "Ongoing"
    assert first["Progress (%)"] == "30"
    assert first["Lead entity"] == "CTED"


def test_xlsx_export_applies_the_same_filters(client, entity_user, spread):
    from openpyxl import load_workbook

    client.force_login(entity_user)
    response = client.get(reverse("planning:activities"), {"status": "delayed", "format": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Title"] == spread["d"].title
    assert record["Progress (%)"] == 60
    assert record["Global"] == "Yes"


def test_exports_neutralise_spreadsheet_formulas(client, entity_user, wg2):
    make_activity(wg2, title='=HYPERLINK("http://evil.example","x")')
    client.force_login(entity_user)
    response = client.get(reverse("planning:activities"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_unknown_export_format_is_404(client, entity_user):
    client.force_login(entity_user)
    assert client.get(reverse("planning:activities"), {"format": "pdf"}).status_code == 404


def test_export_query_count_does_not_grow_with_rows(
    client, entity_user, wg2, django_assert_max_num_queries
):
    kenya = Organization.objects.get(iso3="KEN")
    for index in range(30):
        make_activity(wg2, title=f"Activity {index}").countries.add(kenya)
    client.force_login(entity_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("planning:activities"), {"format": "xlsx"})
        assert response.status_code == 200


# --- Matrix ----------------------------------------------------------------------------------


def test_matrix_counts_each_priority_and_group_with_totals(client, entity_user, spread, wg2, wg3):
    client.force_login(entity_user)
    response = client.get(reverse("planning:matrix"))

    assert response.status_code == 200
    grid = response.context["matrix"]
    columns = [g.number for g in grid.groups]
    assert columns == list(range(1, 9))
    by_priority = {row.priority.number if row.priority else None: row for row in grid.rows}
    p2 = by_priority[2]
    assert p2.cells[columns.index(2)].counts == {"ongoing": 1}
    assert p2.cells[columns.index(3)].counts == {"delayed": 1}
    assert p2.total == 2
    assert by_priority[1].cells[columns.index(3)].counts == {"planned": 1}
    assert by_priority[None].total == 1  # the activity without a priority
    assert grid.column_totals[columns.index(2)].total == 2
    assert grid.column_totals[columns.index(3)].total == 2
    assert grid.total == 4
    # each cell links to the list filtered by its group and priority
    cell = p2.cells[columns.index(2)]
    assert f"group={wg2.slug}" in cell.url and f"priority={p2.priority.pk}" in cell.url
    assert cell.url in response.content.decode().replace("&amp;", "&")
    # the status is in words, not only in colour
    assert "1 delayed" in response.content.decode()


def test_matrix_links_keep_the_other_filters(client, entity_user, spread):
    client.force_login(entity_user)
    response = client.get(reverse("planning:matrix"), {"status": "ongoing"})
    grid = response.context["matrix"]
    assert grid.total == 1
    linked = [cell.url for row in grid.rows for cell in row.cells if cell.total]
    assert linked and all("status=ongoing" in url for url in linked)
    followed = client.get(linked[0])
    assert _titles(followed) == [spread["a"].title]


def test_matrix_is_one_aggregate_query_whatever_the_number_of_activities(
    client, entity_user, wg2, wg3, priorities, django_assert_max_num_queries
):
    for index in range(40):
        make_activity(
            wg2 if index % 2 else wg3,
            lead="UNODC",
            priority=priorities[index % 5],
            status=["planned", "ongoing", "delayed", "completed"][index % 4],
        )
    client.force_login(entity_user)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("planning:matrix"))
    assert response.context["matrix"].total == 40
    aggregates = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "workinggroups_activity"' in q["sql"] and "GROUP BY" in q["sql"]
    ]
    assert len(aggregates) == 1


# --- Timeline --------------------------------------------------------------------------------


def test_timeline_places_bars_on_a_scale_of_whole_years(client, entity_user, spread):
    client.force_login(entity_user)
    response = client.get(reverse("planning:timeline"))

    assert response.status_code == 200
    scale = response.context["scale"]
    assert scale.years == [2024, 2025, 2026]
    placed = {a.title: a for _heading, items in response.context["sections"] for a in items}
    c = placed[spread["c"].title]  # 1 Jan – 30 Jun 2024: the first sixth of three years
    assert c.bar_x == 0
    assert 160 < c.bar_width < 170
    assert c.progress_width == c.bar_width  # 100% done
    a = placed[spread["a"].title]
    assert a.progress_width == pytest.approx(a.bar_width * 0.3, abs=0.01)
    html = response.content.decode()
    assert f'x="{c.bar_x:.2f}"' in html and f'width="{c.bar_width:.2f}"' in html
    assert "style=" not in html.split("<main", 1)[1]  # no inline styles (CSP)
    assert "60%" in html  # the progress in words


def test_timeline_groups_by_group_or_by_priority(client, entity_user, spread, wg2, priorities):
    client.force_login(entity_user)
    by_group = client.get(reverse("planning:timeline"))
    headings = [heading for heading, _items in by_group.context["sections"]]
    assert [g.number for g in headings] == [2, 3]

    by_priority = client.get(reverse("planning:timeline"), {"by": "priority"})
    headings = [heading for heading, _items in by_priority.context["sections"]]
    assert headings == [priorities[0], priorities[1], None]


def test_timeline_filters_and_offers_a_table(client, entity_user, spread):
    client.force_login(entity_user)
    response = client.get(reverse("planning:timeline"), {"status": "planned", "view": "table"})
    html = response.content.decode()
    assert response.context["as_table"]
    assert "<table" in html and "timeline__track" not in html
    assert spread["b"].title in html and spread["a"].title not in html


def test_timeline_stretches_to_activities_beyond_the_programme(client, entity_user, wg2):
    make_activity(wg2, starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2027, 12, 31))
    client.force_login(entity_user)
    response = client.get(reverse("planning:timeline"))
    assert response.context["scale"].years == [2024, 2025, 2026, 2027]


def test_timeline_has_a_bounded_number_of_queries(
    client, entity_user, wg2, wg3, priorities, django_assert_max_num_queries
):
    for index in range(50):
        make_activity(wg2 if index % 2 else wg3, lead="UNODC", priority=priorities[index % 5])
    client.force_login(entity_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("planning:timeline"), {"by": "priority"})
    assert response.status_code == 200


# --- Activity page and history --------------------------------------------------------------


def test_activity_page_shows_details_and_history_of_changes(
    client, entity_user, wg2_editor, wg2, priorities
):
    from workinggroups.planning_actions import create_activity, update_activity

    data = {
        "title": "Joint training",
        "priority": priorities[0],
        "lead_organization": Organization.objects.get(acronym="CTED"),
        "starts_on": datetime.date(2024, 5, 1),
        "ends_on": datetime.date(2025, 5, 1),
        "status": "planned",
        "progress": 0,
        "partners": [],
        "countries": [Organization.objects.get(iso3="KEN")],
        "regions": ["Africa"],
        "is_global": False,
        "description": "",
    }
    activity = create_activity(wg2, data, actor=wg2_editor)
    update_activity(
        activity,
        {
            **data,
            "status": "ongoing",
            "progress": 20,
            "partners": [Organization.objects.get(acronym="UNODC")],
        },
        actor=wg2_editor,
    )
    client.force_login(entity_user)

    response = client.get(reverse("planning:activity_detail", args=[activity.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kenya" in html and "Africa" in html
    history = response.context["history"]
    assert [entry["record"].history_type for entry in history] == ["~", "+"]
    assert history[0]["record"].history_user == wg2_editor
    changes = {c["field"]: (c["old"], c["new"]) for c in history[0]["changes"]}
    assert changes["status"] == ("Planned", "Ongoing")
    assert changes["progress (%)"] == (0, 20)
    assert "Partners: +UNODC" in history[0]["reason"]
    assert "Cleo Chair" in html
    # a reader sees no edit links
    assert reverse("planning:activity_edit", args=[activity.pk]) not in html


def test_activity_page_of_a_missing_activity_is_404(client, entity_user):
    client.force_login(entity_user)
    assert client.get(reverse("planning:activity_detail", args=[999999])).status_code == 404


def test_activity_page_has_a_bounded_number_of_queries(
    client, entity_user, secretariat_user, wg2, django_assert_max_num_queries
):
    from workinggroups.planning_actions import update_activity

    activity = make_activity(wg2)
    for progress in range(5, 100, 5):
        update_activity(activity, {"progress": progress}, actor=secretariat_user)
    client.force_login(entity_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("planning:activity_detail", args=[activity.pk]))
    assert len(response.context["history"]) == 20


# --- The group space panel (template tag) --------------------------------------------------


def _render_panel(user, group):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load planning_tags %}{% group_work_plan group %}")
    return template.render(Context({"request": request, "group": group}))


def test_group_panel_summarises_the_work_plan_and_offers_add_to_its_managers(
    entity_user, wg2_editor, wg2, wg3, priorities
):
    make_activity(wg2, status="ongoing", progress=50, ends_on=datetime.date(2099, 1, 1))
    make_activity(wg2, status="completed", progress=100)
    make_activity(wg3, lead="UNODC")

    html = _render_panel(wg2_editor, wg2)
    assert "2 activities" in html
    assert "75% done on average" in html
    assert "1 ongoing" in html and "1 completed" in html
    assert reverse("planning:activity_create", args=[wg2.slug]) in html
    assert f"?group={wg2.slug}" in html

    assert reverse("planning:activity_create", args=[wg2.slug]) not in _render_panel(
        entity_user, wg2
    )
    assert reverse("planning:activity_create", args=[wg3.slug]) not in _render_panel(
        wg2_editor, wg3
    )


def test_group_panel_without_activities_says_what_comes(entity_user, wg2):
    assert "No activities yet" in _render_panel(entity_user, wg2)


def test_coordination_committee_panel_leads_to_the_programme(entity_user, secretariat_user):
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    html = _render_panel(secretariat_user, committee)
    assert reverse("planning:index") in html
    assert "?group=" not in html
    assert "Add an activity" not in html
