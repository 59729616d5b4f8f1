"""The browse page's counts: stored slices + a live remainder, always equal to a full count."""

import pytest
from django.db import connection

from entities.models import Organization, Theme
from library import search as search_module
from library.models import Document, FacetSummary
from library.search import SearchParams, _count, _facet_base, browse_counts, parse_params, search
from tests.conftest import make_focal_point
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def full_count(user):
    """Counting every visible document in one query: what the stored slices must add up to."""
    queryset, selected = _facet_base(user, SearchParams())
    total, facets, _scanned, _number, _ids = _count(queryset, selected)
    return total, {name: sorted(values) for name, values in facets.items() if values}


def stored_count(user):
    total, facets, _scanned = browse_counts(user)
    return total, {name: sorted(values) for name, values in facets.items() if values}


def change_number():
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM library_change_counter WHERE id = 1")
        return cursor.fetchone()[0]


@pytest.fixture
def mixed_library(make_document, state_user):
    """Documents of every audience, a draft, and one the State focal point added for the
    Secretariat only."""
    first, second = Theme.objects.order_by("pk")[:2]
    wg = WorkingGroup.objects.get(number=2)
    kenya = Organization.objects.get(iso3="KEN")
    make_document("Open one", themes=[first], publication_date="2023-05-01")
    make_document("Open two", themes=[first, second], doc_type=Document.Type.GUIDANCE)
    make_document("Compact one", themes=[second], visibility=Document.Visibility.COMPACT)
    group_document = make_document("Group one", themes=[first], visibility="groups")
    group_document.audience_groups.add(wg)
    kenya_document = make_document("For Kenya", themes=[second], visibility="organizations")
    kenya_document.audience_organizations.add(kenya)
    make_document("Secret", visibility=Document.Visibility.SECRETARIAT)
    make_document("Draft", status=Document.Status.DRAFT)
    make_document("Own secret", created_by=state_user, visibility="secretariat")


def test_stored_slices_plus_remainder_equal_a_full_count_for_every_kind_of_viewer(
    mixed_library, state_user, entity_user, regional_user, secretariat_user
):
    cted = make_focal_point("cted@test.example", {"acronym": "CTED"})  # CTED is in WG 2
    for user in (state_user, entity_user, regional_user, secretariat_user, cted):
        assert stored_count(user) == full_count(user), user.email
    assert stored_count(secretariat_user)[0] == 8
    assert stored_count(state_user)[0] == 4  # two open, the one for Kenya, their own
    unodc_in_wg2 = WorkingGroup.objects.filter(number=2, organizations__acronym="UNODC").exists()
    assert stored_count(entity_user)[0] == 3 + unodc_in_wg2  # two open, compact (, WG 2's)
    assert stored_count(cted)[0] == 4  # two open, the compact one, WG 2's


def test_a_summary_is_reused_until_something_changes(mixed_library, make_document, state_user):
    browse_counts(state_user)
    summary = FacetSummary.objects.get(audience="all")
    assert summary.change_number == change_number()
    assert summary.total == 2
    browse_counts(state_user)  # nothing changed: the stored counts are used as they are
    assert FacetSummary.objects.get(audience="all").computed_at == summary.computed_at

    make_document("Open three")
    assert change_number() > summary.change_number  # the trigger moved the counter
    assert stored_count(state_user)[0] == 5
    assert FacetSummary.objects.get(audience="all").total == 3


def test_updates_through_any_path_are_seen(mixed_library, state_user):
    browse_counts(state_user)
    # A bulk update (no signals, no save()) still moves the counter through the trigger.
    Document.objects.filter(title="Open two").update(visibility=Document.Visibility.SECRETARIAT)
    assert stored_count(state_user) == full_count(state_user)
    assert stored_count(state_user)[0] == 3


def test_renamed_labels_are_seen(mixed_library, state_user):
    browse_counts(state_user)
    theme = Theme.objects.order_by("pk")[0]
    Theme.objects.filter(pk=theme.pk).update(name="Renamed theme")
    total, facets = stored_count(state_user)
    assert any(label == "Renamed theme" for _key, label, _n, _c in facets["theme"])


def test_an_older_count_never_replaces_a_newer_one(mixed_library, state_user):
    search_module.refresh_facet_summary("all")
    newest = FacetSummary.objects.get(audience="all").change_number
    FacetSummary.objects.filter(audience="all").update(change_number=newest + 100)
    search_module.refresh_facet_summary("all")  # computed at `newest`: must not overwrite
    assert FacetSummary.objects.get(audience="all").change_number == newest + 100


def test_the_browse_page_uses_the_summaries(client, mixed_library, state_user):
    client.force_login(state_user)
    response = client.get("/library/")
    assert response.status_code == 200
    results = response.context["results"]
    assert results.total == 4
    assert {r.document.title for r in results.results} == {
        "Open one",
        "Open two",
        "For Kenya",
        "Own secret",
    }
    assert FacetSummary.objects.filter(audience="all").exists()
    assert not FacetSummary.objects.filter(audience="compact").exists()  # not a Compact entity


@pytest.mark.parametrize(
    "query",
    [
        {"q": ["lemur"]},
        {"q": ["lemur"], "sort": ["oldest"]},
        {"q": ["lemur"], "sort": ["newest"], "page": ["2"]},
        {"q": ["lemur"], "type": ["guidance"]},
        {"type": ["report"], "page": ["2"]},
    ],
)
def test_the_page_found_with_the_counts_is_the_page_the_ordering_gives(
    make_document, entity_user, query
):
    for number in range(45):
        make_document(
            f"Lemur {number}" if number % 3 else f"Lemur lemur {number}",
            summary="lemur" * (number % 4),
            doc_type=Document.Type.GUIDANCE if number % 2 else Document.Type.REPORT,
            publication_date=f"20{10 + number % 14}-0{1 + number % 9}-01",
        )
    params = parse_params(query)
    results = search(entity_user, params)
    # The ORM's own ordering of the same set: what `_page_documents` would have shown.
    ordered = search_module.matching_documents(entity_user, params)
    if params.q and params.sort == "relevance":
        from django.db.models import F, FloatField
        from django.db.models.expressions import RawSQL

        ordered = ordered.annotate(
            rank=RawSQL(
                'ts_rank("library_document"."rank_vector", %s::tsquery)',
                [search_module.compile_tsquery(params)],
                FloatField(),
            )
        ).order_by("-rank", F("publication_date").desc(nulls_last=True), "-id")
    elif params.sort == "oldest":
        from django.db.models import F

        ordered = ordered.order_by(F("publication_date").asc(nulls_last=True), "id")
    else:
        from django.db.models import F

        ordered = ordered.order_by(F("publication_date").desc(nulls_last=True), "-id")
    start = (results.page_obj.number - 1) * search_module.PAGE_SIZE
    expected = list(ordered.values_list("pk", flat=True)[start : start + search_module.PAGE_SIZE])
    assert [r.document.pk for r in results.results] == expected
    assert expected
