"""The search's query shape: what keeps it within budget at library scale (issue 6, `make bench`).

The figures themselves come from `make bench SCALE=10`; these tests pin the shape that makes them:
no join on the many-to-many tables, the text test on the GIN index, hyphenated words decided by
the index, a bounded number of queries, and exact counts served from the cache when they are big.
"""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entities.models import Organization, Theme
from library import search as search_module
from library.search import compile_tsquery, parse_params, search
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

LINK_TABLES = (
    "library_document_themes",
    "library_document_pillars",
    "library_document_working_groups",
    "library_document_author_organizations",
    "library_document_countries",
)


def run(user, query_string=""):
    return search(user, parse_params(QueryDict(query_string)))


@pytest.fixture
def documents(make_document):
    theme = Theme.objects.order_by("pk")[0]
    group = WorkingGroup.objects.order_by("pk")[0]
    unodc = Organization.objects.get(acronym="UNODC")
    kenya = Organization.objects.get(iso3="KEN")
    for n in range(30):
        make_document(
            f"Border security note {n}",
            text="counter-terrorism cooperation at the border",
            themes=[theme],
            groups=[group],
            authors=[unodc],
            countries=[kenya],
            publication_date=f"20{10 + n % 10}-01-01",
        )
    return theme, group, unodc, kenya


def test_search_and_facets_never_join_the_link_tables(documents, state_user):
    theme, group, unodc, kenya = documents
    query = (
        f"q=border&theme={theme.slug}&group={group.slug}&organization={unodc.slug}"
        f"&country={kenya.slug}&pillar=1&year=2012&language=en"
    )
    with CaptureQueriesContext(connection) as captured:
        results = run(state_user, query)
    assert results.total == 0  # pillar 1 is on none of them: every filter applied
    with CaptureQueriesContext(connection) as captured:
        results = run(state_user, query.replace("&pillar=1", ""))
    assert results.total == 3
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    for table in LINK_TABLES:
        assert table not in sql
    facets = {f.name: {v.key: v.count for v in f.values} for f in results.facets}
    assert facets["theme"] == {theme.slug: 3}
    assert facets["year"]["2012"] == 3 and facets["year"]["2013"] == 3  # disjunctive


def test_text_match_is_on_the_gin_index(documents, state_user):
    params = parse_params(QueryDict("q=border"))
    tsquery = compile_tsquery(params)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT count(*) FROM library_document WHERE search_vector @@ %s::tsquery",
            [tsquery],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "document_search_gin" in plan


def test_hyphenated_word_needs_no_position_check_for_the_compound(documents, state_user):
    tsquery = compile_tsquery(parse_params(QueryDict("q=counter-terrorism")))
    assert "<->" not in tsquery and "'counter-terror'" in tsquery
    assert run(state_user, "q=counter-terrorism").total == 30


def test_search_page_query_count_is_bounded(
    client, documents, state_user, django_assert_max_num_queries
):
    client.force_login(state_user)
    client.get(reverse("library:index"))
    for query in ({}, {"q": "border"}, {"q": "bord"}, {"q": "counter-terrorism", "type": "report"}):
        with django_assert_max_num_queries(12):
            assert client.get(reverse("library:index"), query).status_code == 200


def test_big_counts_come_from_the_cache_until_a_document_changes(
    monkeypatch, documents, make_document, state_user
):
    monkeypatch.setattr(search_module, "CACHE_FACETS_FROM", 10)
    first = run(state_user, "q=border")
    with CaptureQueriesContext(connection) as captured:
        again = run(state_user, "q=border")
    assert again.total == first.total == 30
    assert not any("GROUPING SETS" in q["sql"] for q in captured.captured_queries)
    make_document("Border security annex", text="border")
    with CaptureQueriesContext(connection) as captured:
        changed = run(state_user, "q=border")
    assert changed.total == 31
    assert any("GROUPING SETS" in q["sql"] for q in captured.captured_queries)


def test_small_counts_are_not_cached(documents, state_user):
    run(state_user, "q=border")  # 30 < CACHE_FACETS_FROM
    with CaptureQueriesContext(connection) as captured:
        run(state_user, "q=border")
    assert any("GROUPING SETS" in q["sql"] for q in captured.captured_queries)
