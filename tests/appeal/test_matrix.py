"""The matrix and the charts: every count equals an independent ORM count; one aggregate query."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from django.urls import reverse

from appeal.matrix import build_matrix, distribution_counts, matrix_counts
from appeal.models import Project
from appeal.projects import AXES, filter_projects, reference
from entities.models import Organization, Pillar, Theme
from tests.appeal.test_project_factories import make_project
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

PLACES = [["KEN"], ["KEN", "SOM"], ["FRA"], ["SOM", "ETH", "KEN"], ["IND"], []]
THEMES = [["pcve"], ["pcve", "cft"], ["criminal-justice"], ["gender", "youth", "pcve"], ["cbrn"]]
LEADS = ["UNODC", "UNOCT", "UNDP", "INTERPOL"]


@pytest.fixture
def portfolio(compact):
    projects = []
    for i in range(24):
        projects.append(
            make_project(
                f"M-{i:02d}",
                LEADS[i % len(LEADS)],
                countries=PLACES[i % len(PLACES)],
                regions=["Asia"] if not PLACES[i % len(PLACES)] else [],
                themes=THEMES[i % len(THEMES)],
                partners=["UNESCO"] if i % 3 == 0 else [],
                groups=[1 + i % 8],
                starts_on=datetime.date(2018 + i % 8, 1, 1),
                ends_on=datetime.date(2019 + i % 8, 12, 31),
                budget=None if i % 7 == 0 else str(10000 * (i + 1)),
                status=["ongoing", "completed", "pipeline"][i % 3],
            )
        )
    return projects


LINKS = {
    "country": ("countries", Organization, "pk"),
    "theme": ("themes", Theme, "pk"),
    "pillar": ("pillars", Pillar, "pk"),
    "wg": ("working_groups", WorkingGroup, "pk"),
}


def orm_projects(axis, member_id):
    """The projects of one axis member, counted from the link tables (not the arrays)."""
    if axis == "region":
        return Project.objects.filter(regions__contains=[member_id])
    if axis == "entity":
        pk = int(member_id)
        return Project.objects.filter(lead_organization_id=pk) | Project.objects.filter(partners=pk)
    relation, _model, _field = LINKS[axis]
    return Project.objects.filter(**{relation: int(member_id)})


@pytest.mark.parametrize(
    ("rows", "columns"),
    [("country", "theme"), ("region", "pillar"), ("entity", "wg"), ("theme", "entity")],
)
def test_every_cell_equals_an_independent_orm_count(portfolio, rows, columns):
    counts = matrix_counts(Project.objects.all(), rows, columns)
    ref = reference()
    checked = 0
    for row_id in ref[rows]:
        row_projects = orm_projects(rows, row_id)
        row_pks = set(row_projects.values_list("pk", flat=True))
        expected_row = (len(row_pks), _budget(row_pks))
        assert counts.get(("r", row_id, None), (0, Decimal(0))) == expected_row
        for column_id in ref[columns]:
            pks = row_pks & set(orm_projects(columns, column_id).values_list("pk", flat=True))
            expected = (len(pks), _budget(pks)) if pks else None
            assert counts.get(("c", row_id, column_id)) == expected, (row_id, column_id)
            checked += bool(pks)
    assert checked > 5
    assert counts[("t", None, None)] == (
        24,
        _budget(set(Project.objects.values_list("pk", flat=True))),
    )


def _budget(pks):
    return Project.objects.filter(pk__in=pks).aggregate(s=Sum("budget_usd"))["s"] or Decimal(0)


def test_the_matrix_is_one_query(portfolio, django_assert_num_queries):
    reference()
    with django_assert_num_queries(1):
        matrix_counts(Project.objects.filter(status="ongoing"), "country", "theme")
    with django_assert_num_queries(1):
        distribution_counts(Project.objects.all())
    with django_assert_num_queries(0):  # cached until a project changes
        matrix_counts(Project.objects.filter(status="ongoing"), "country", "theme")


def test_a_change_of_a_project_renews_the_cached_counts(portfolio):
    before = matrix_counts(Project.objects.all(), "entity", "theme")
    make_project("M-NEW", "UNODC", countries=["KEN"], themes=["pcve"])
    after = matrix_counts(Project.objects.all(), "entity", "theme")
    assert after[("t", None, None)][0] == before[("t", None, None)][0] + 1


def test_filters_apply_to_the_matrix(portfolio):
    values = {"status": "completed", "year_from": 2022}
    queryset = filter_projects(Project.objects.all(), values)
    grid = build_matrix(queryset, "entity", "pillar", "/projects/", values)
    expected = Project.objects.filter(status="completed", ends_on__gte=datetime.date(2022, 1, 1))
    assert grid.total.count == expected.count()


def test_chart_counts_equal_orm_counts(portfolio):
    counts = distribution_counts(Project.objects.all())
    for axis, rows in counts.items():
        assert rows, axis
        for member_id, n, budget in rows:
            pks = set(orm_projects(axis, member_id).values_list("pk", flat=True))
            assert (n, budget) == (len(pks), _budget(pks)), (axis, member_id)


def test_a_cell_drills_down_to_exactly_its_projects(client, state_user, portfolio):
    client.force_login(state_user)
    response = client.get(reverse("projects:matrix"), {"rows": "country", "columns": "theme"})
    assert response.status_code == 200
    html = response.content.decode()
    cells = re.findall(r'<a href="([^"]+)" data-cell-count="(\d+)"', html)
    assert cells
    for href, count in cells:
        href = href.replace("&amp;", "&")
        listing = client.get(href)
        assert listing.context["page_obj"].paginator.count == int(count), href
        query = parse_qs(urlsplit(href).query)
        assert set(query) == {"country", "theme"}


def test_matrix_filters_are_kept_in_the_drill_down(client, state_user, portfolio):
    client.force_login(state_user)
    response = client.get(
        reverse("projects:matrix"), {"rows": "entity", "columns": "region", "status": "ongoing"}
    )
    html = response.content.decode().replace("&amp;", "&")
    hrefs = re.findall(r'<a href="([^"]+)" data-cell-count="(\d+)"', html)
    assert hrefs and all("status=ongoing" in href for href, _n in hrefs)


@pytest.mark.parametrize(
    "params",
    [
        {"rows": "country", "columns": "country"},
        {"rows": "nonsense", "columns": "theme"},
        {"rows": "theme", "columns": "wg", "year_from": "abc"},
        {"entity": "nobody"},
    ],
)
def test_bad_axes_or_filters_answer_a_page_not_an_error(client, state_user, portfolio, params):
    client.force_login(state_user)
    assert client.get(reverse("projects:matrix"), params).status_code == 200


def test_the_charts_page_draws_svg_with_data_tables(client, regional_user, portfolio):
    client.force_login(regional_user)
    response = client.get(reverse("projects:charts"), {"status": "ongoing"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 4
    assert html.count("<table") == 4
    assert 'style="' not in html.split("<main", 1)[1]  # CSP: no inline styles


def test_axis_keys_are_the_list_filters():
    assert {key for key, (_l, _a, flt) in AXES.items() if key == flt} == set(AXES)
