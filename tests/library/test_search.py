"""Full-text search: matching, ranking, phrases and prefixes, snippets, facets and visibility."""

import pytest
from django.urls import reverse

from entities.models import Organization, Pillar, Theme
from library.indexing import update_search_vectors
from library.models import Document, DocumentFile
from library.search import display_count, parse_params, search, tsquery_sql
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def run(user, query_string=""):
    from django.http import QueryDict

    return search(user, parse_params(QueryDict(query_string)))


def titles(results):
    return [r.document.title for r in results.results]


def test_finds_words_in_title_summary_metadata_and_text(make_document, entity_user):
    kenya = Organization.objects.get(iso3="KEN")
    make_document("Annual report", text="The pangolin trade finances armed groups.")
    make_document("Guidance on borders", summary="Porous borders and screening")
    make_document("Country brief", countries=[kenya])
    assert titles(run(entity_user, "q=pangolin")) == ["Annual report"]
    assert titles(run(entity_user, "q=border")) == ["Guidance on borders"]  # stemmed
    assert titles(run(entity_user, "q=kenya")) == ["Country brief"]
    assert titles(run(entity_user, "q=KEN")) == ["Country brief"]


def test_title_match_ranks_above_body_match(make_document, entity_user):
    make_document("Misc", text="A note that mentions aviation once.", publication_date="2024-05-01")
    make_document("Aviation security guidance", publication_date="2020-01-01")
    assert titles(run(entity_user, "q=aviation")) == ["Aviation security guidance", "Misc"]


def test_phrase_search_needs_the_words_together(make_document, entity_user):
    make_document("A", text="border security is discussed here")
    make_document("B", text="security at the border is different")
    assert titles(run(entity_user, 'q="border security"')) == ["A"]


def test_last_word_matches_as_a_prefix(make_document, entity_user):
    make_document("Cybersecurity and terrorism", text="Radicalisation online")
    assert titles(run(entity_user, "q=radicali")) == ["Cybersecurity and terrorism"]
    assert titles(run(entity_user, "q=cyber")) == ["Cybersecurity and terrorism"]
    # but not in the middle of a query, nor inside a phrase
    assert titles(run(entity_user, "q=cyber online")) == []
    assert titles(run(entity_user, 'q="radicali"')) == []


def test_excluding_a_word(make_document, entity_user):
    make_document("Maritime piracy", text="ships")
    make_document("Maritime security", text="ports")
    assert titles(run(entity_user, "q=maritime -piracy")) == ["Maritime security"]


def test_snippet_highlights_the_word_and_escapes_everything_else(make_document, entity_user):
    make_document(
        "Report",
        text="Intro <script>alert(1)</script> then the okapi appears & 1 < 2 more <b>text</b>.",
    )
    result = run(entity_user, "q=okapi").results[0]
    assert "<mark>okapi</mark>" in result.snippet
    assert "<script>" not in result.snippet
    assert "&amp; 1 &lt; 2" in result.snippet
    assert "<b>" not in result.snippet


def test_document_text_in_a_mark_tag_cannot_inject_markup(make_document, entity_user):
    make_document("Report", text='okapi <mark onclick="x()">fake</mark> StartSel')
    snippet = run(entity_user, "q=okapi").results[0].snippet
    assert snippet.count("<mark>") == 1
    assert "onclick" not in snippet.replace("&quot;", "").split("&lt;mark")[0]
    assert "<mark onclick" not in snippet


def test_hostile_queries_do_not_break(make_document, entity_user):
    make_document("Report", text="words")
    for q in ["'", '"', "a & | ! (", ":*", "-", "or", '"unclosed phrase', "x" * 500, "\x00", "%_"]:
        results = run(entity_user, f"q={q}")
        assert results.total >= 0


def test_only_stop_words_find_nothing_without_error(make_document, entity_user):
    make_document("The report", text="the and of")
    assert run(entity_user, "q=the").total >= 0


def test_facets_count_the_matching_set(make_document, entity_user):
    cft = Theme.objects.order_by("pk")[0]
    other = Theme.objects.order_by("pk")[1]
    wg = WorkingGroup.objects.filter(number__isnull=False).order_by("number")[0]
    make_document("Alpha lemur", themes=[cft], groups=[wg], publication_date="2023-02-01")
    make_document(
        "Beta lemur",
        themes=[cft, other],
        doc_type=Document.Type.GUIDANCE,
        publication_date="2024-03-01",
        language="fr",
    )
    make_document("Gamma", themes=[other])
    results = run(entity_user, "q=lemur")
    assert results.total == 2
    facets = {f.name: {v.key: v.count for v in f.values} for f in results.facets}
    assert facets["theme"] == {cft.slug: 2, other.slug: 1}
    assert facets["type"] == {"report": 1, "guidance": 1}
    assert facets["group"] == {wg.slug: 1}
    assert facets["year"] == {"2023": 1, "2024": 1}
    assert facets["language"] == {"en": 1, "fr": 1}


def test_filters_narrow_and_facets_are_disjunctive(make_document, entity_user):
    make_document("One", doc_type=Document.Type.REPORT, publication_date="2023-01-01")
    make_document("Two", doc_type=Document.Type.GUIDANCE, publication_date="2023-01-01")
    make_document("Three", doc_type=Document.Type.GUIDANCE, publication_date="2021-01-01")
    results = run(entity_user, "type=guidance")
    assert sorted(titles(results)) == ["Three", "Two"]
    facets = {f.name: {v.key: (v.count, v.selected) for v in f.values} for f in results.facets}
    # the type facet ignores its own selection, so the other types still show their counts
    assert facets["type"] == {"report": (1, False), "guidance": (2, True)}
    assert facets["year"] == {"2023": (1, False), "2021": (1, False)}
    results = run(entity_user, "type=guidance&type=report&year=2023")
    assert sorted(titles(results)) == ["One", "Two"]


def test_m2m_filters(make_document, entity_user):
    pillar = Pillar.objects.get(number=2)
    theme = Theme.objects.order_by("pk")[0]
    unodc = Organization.objects.get(acronym="UNODC")
    kenya = Organization.objects.get(iso3="KEN")
    make_document("P", pillars=[pillar])
    make_document("T", themes=[theme])
    make_document("A", authors=[unodc])
    make_document("C", countries=[kenya])
    assert titles(run(entity_user, "pillar=2")) == ["P"]
    assert titles(run(entity_user, f"theme={theme.slug}")) == ["T"]
    assert titles(run(entity_user, f"organization={unodc.slug}")) == ["A"]
    assert titles(run(entity_user, f"country={kenya.slug}")) == ["C"]
    assert titles(run(entity_user, "language=fr")) == []


def test_invalid_parameters_are_ignored():
    params = parse_params(
        {
            "q": ["  a   b "],
            "type": ["nope", "report"],
            "year": ["abc", "2024"],
            "page": ["x"],
            "sort": ["evil"],
            "theme": ["<script>"],
            "language": ["en", "EN;drop"],
        }
    )
    assert params.q == "a b"
    assert params.filters == {"type": ["report"], "year": ["2024"], "language": ["en"]}
    assert params.page == 1
    assert params.sort == "relevance"


def test_prefix_query_shape():
    sql, values = tsquery_sql(parse_params({"q": ["border secur"]}))
    assert "to_tsquery('english', %s)" in sql
    assert values[:2] == ["border ", "secur:*"]
    sql, values = tsquery_sql(parse_params({"q": ['"border security"']}))
    assert "to_tsquery(" not in sql.replace("websearch_to_tsquery(", "")


def test_counts_above_ten_thousand_are_capped_for_display():
    assert display_count(10_000) == "10,000"
    assert display_count(10_001) == "10,000+"


def test_sort_by_date(make_document, entity_user):
    make_document("Old wombat", publication_date="2010-01-01")
    make_document("New wombat", publication_date="2024-01-01")
    make_document("Middle wombat", publication_date="2015-01-01")
    assert titles(run(entity_user, "q=wombat&sort=newest")) == [
        "New wombat",
        "Middle wombat",
        "Old wombat",
    ]
    assert titles(run(entity_user, "q=wombat&sort=oldest")) == [
        "Old wombat",
        "Middle wombat",
        "New wombat",
    ]


def test_only_current_files_are_indexed(make_document, entity_user):
    document = make_document("Versioned", text="Original capybara text")
    DocumentFile.objects.filter(document=document).update(is_current=False)
    update_search_vectors([document.pk])
    assert run(entity_user, "q=capybara").total == 0


def test_french_file_text_is_stemmed_in_french(make_document, entity_user):
    make_document("Rapport", text="Les frontières nationales", language="fr")
    assert titles(run(entity_user, "q=frontière&language=fr")) == ["Rapport"]


# --- visibility --------------------------------------------------------------------------------


def test_restricted_document_absent_from_results_and_facet_counts(
    make_document, entity_user, state_user, secretariat_user
):
    theme = Theme.objects.order_by("pk")[0]
    make_document("Open mongoose", themes=[theme], publication_date="2022-01-01")
    make_document(
        "Secret mongoose",
        themes=[theme],
        publication_date="2023-01-01",
        doc_type=Document.Type.LEGAL,
        visibility=Document.Visibility.SECRETARIAT,
    )
    make_document("Compact mongoose", themes=[theme], visibility=Document.Visibility.COMPACT)
    outsider = run(state_user, "q=mongoose")
    assert titles(outsider) == ["Open mongoose"]
    assert outsider.total == 1
    facets = {f.name: {v.key: v.count for v in f.values} for f in outsider.facets}
    assert facets["theme"] == {theme.slug: 1}
    assert "legal" not in facets["type"]
    assert "2023" not in facets.get("year", {})
    # also without a query: the browse view and its facets
    assert run(state_user, "").total == 1
    assert run(entity_user, "q=mongoose").total == 2
    assert run(secretariat_user, "q=mongoose").total == 3


def test_restricted_document_absent_from_the_page(client, make_document, state_user):
    make_document("Open mongoose")
    make_document(
        "Secret mongoose", visibility=Document.Visibility.SECRETARIAT, doc_type=Document.Type.LEGAL
    )
    client.force_login(state_user)
    response = client.get(reverse("library:index"), {"q": "mongoose"})
    body = response.content.decode()
    assert "Open mongoose" in body
    assert "Secret mongoose" not in body
    assert "Legal text" not in body


def test_draft_hidden_from_others(make_document, state_user):
    make_document("Draft dugong", status=Document.Status.DRAFT)
    assert run(state_user, "q=dugong").total == 0


# --- the page ------------------------------------------------------------------------------------


def test_page_requires_login(client):
    response = client.get(reverse("library:index"))
    assert response.status_code == 302


def test_page_renders_results_facets_and_state(
    client, make_document, entity_user, django_assert_max_num_queries
):
    theme = Theme.objects.order_by("pk")[0]
    for n in range(25):
        make_document(f"Ibex report {n}", themes=[theme], text="ibex herds in the alps")
    client.force_login(entity_user)
    client.get(reverse("library:index"))  # warm the session and the nav
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("library:index"), {"q": "ibex", "theme": theme.slug})
    assert response.status_code == 200, [q["sql"][:80] for q in captured.captured_queries]
    body = response.content.decode()
    assert "<mark>ibex</mark>" in body
    assert f'value="{theme.slug}"' in body and "checked" in body
    assert "(25)" in body
    assert 'rel="next"' in body
    assert 'value="ibex"' in body
    page2 = client.get(reverse("library:index"), {"q": "ibex", "theme": theme.slug, "page": 2})
    assert page2.content.decode().count('class="library-result"') == 5


def test_htmx_request_gets_the_partial(client, make_document, entity_user):
    make_document("Ibex report")
    client.force_login(entity_user)
    response = client.get(
        reverse("library:index"),
        {"q": "ibex"},
        headers={"HX-Request": "true", "HX-Target": "library-results"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("{") is False
    assert '<div id="library-results"' in body
    assert "<html" not in body


def test_empty_state_suggests_relaxing_filters(client, make_document, entity_user):
    make_document("Ibex report")
    client.force_login(entity_user)
    response = client.get(reverse("library:index"), {"q": "ibex", "type": "legal"})
    body = response.content.decode()
    assert "No documents match this search" in body
    assert "Clear all filters" in body


def test_bad_input_never_500s(client, entity_user):
    client.force_login(entity_user)
    for query in [
        {"page": "999999"},
        {"page": "-1"},
        {"q": "\x00"},
        {"year": "99999"},
        {"sort": "x"},
        {"q": "a" * 5000},
        {"type": ["a"] * 100},
    ]:
        assert client.get(reverse("library:index"), query).status_code == 200


def test_active_filter_remove_link(client, make_document, entity_user):
    make_document("Ibex", doc_type=Document.Type.GUIDANCE)
    client.force_login(entity_user)
    response = client.get(reverse("library:index"), {"q": "ibex", "type": "guidance"})
    assert 'href="/library/?q=ibex"' in response.content.decode()


# --- hyphenated words, short prefixes, facet keys, cached counts ---------------------------------


def test_hyphenated_word_is_matched_by_its_compound(make_document, entity_user):
    make_document("Hyphenated", text="national counter-terrorism strategies")
    make_document("Apart", text="a counter terrorism unit")
    make_document("Neither", text="terrorism is countered at the counter")
    # as before (a phrase of the compound and its parts), minus the position check
    assert titles(run(entity_user, "q=counter-terrorism")) == ["Hyphenated"]
    # inside a quoted phrase the hyphenated word keeps its phrase meaning
    assert titles(run(entity_user, 'q="counter-terrorism strategies"')) == ["Hyphenated"]
    assert titles(run(entity_user, "q=-counter-terrorism national")) == []
    words = sorted(titles(run(entity_user, "q=counter terrorism")))
    assert words == ["Apart", "Hyphenated", "Neither"]


def test_rewrite_hyphenated_keeps_longer_phrases():
    from library.search import rewrite_hyphenated

    assert rewrite_hyphenated("'counter-terror' <-> 'counter' <-> 'terror'") == "'counter-terror'"
    assert (
        rewrite_hyphenated("!( 'counter-terror' <-> 'counter' <-> 'terror' ) & 'nation'")
        == "! ( 'counter-terror' ) & 'nation'"
    )
    longer = "'counter-terror' <-> 'counter' <-> 'terror' <-> 'strategi'"
    assert rewrite_hyphenated("'x' <-> " + longer) == "'x' <-> " + longer
    assert rewrite_hyphenated(longer) == longer  # more words than the compound has parts
    assert rewrite_hyphenated("'secur' & 'border'") == "'secur' & 'border'"
    assert rewrite_hyphenated("") == ""


def test_prefix_needs_three_letters(make_document, entity_user):
    make_document("Cybersecurity")
    assert titles(run(entity_user, "q=cy")) == []
    assert titles(run(entity_user, "q=cyb")) == ["Cybersecurity"]


def test_facet_keys_follow_the_many_to_many_tables(make_document, entity_user):
    theme, other = Theme.objects.order_by("pk")[:2]
    document = make_document("Keyed", themes=[theme])
    document.refresh_from_db()
    assert document.theme_ids == [theme.pk]
    document.themes.set([other])
    update_search_vectors([document.pk])
    document.refresh_from_db()
    assert document.theme_ids == [other.pk]
    assert titles(run(entity_user, f"theme={other.slug}")) == ["Keyed"]
    assert titles(run(entity_user, f"theme={theme.slug}")) == []


@pytest.fixture
def cache_every_search(monkeypatch):
    from library import search as search_module

    monkeypatch.setattr(search_module, "CACHE_FACETS_FROM", 0)


def test_cached_counts_are_per_audience(
    cache_every_search, make_document, entity_user, state_user, secretariat_user
):
    theme = Theme.objects.order_by("pk")[0]
    make_document("Open okapi", themes=[theme])
    make_document("Compact okapi", themes=[theme], visibility=Document.Visibility.COMPACT)
    make_document("Secret okapi", themes=[theme], visibility=Document.Visibility.SECRETARIAT)
    for _ in range(2):  # the second round is answered from the cache
        for user, expected in ((secretariat_user, 3), (entity_user, 2), (state_user, 1)):
            for query in ("q=okapi", ""):
                results = run(user, query)
                facets = {f.name: {v.key: v.count for v in f.values} for f in results.facets}
                assert results.total == expected == len(results.results)
                assert facets["theme"] == {theme.slug: expected}


def test_cached_counts_follow_changes(cache_every_search, make_document, state_user):
    document = make_document("Open okapi")
    assert run(state_user, "q=okapi").total == 1
    make_document("Another okapi")
    assert run(state_user, "q=okapi").total == 2
    document.visibility = Document.Visibility.SECRETARIAT
    document.save(update_fields=["visibility"])
    assert titles(run(state_user, "q=okapi")) == ["Another okapi"]
    assert titles(run(state_user, "")) == ["Another okapi"]


def test_own_documents_are_not_shared_through_the_cache(
    cache_every_search, make_document, state_user
):
    from tests.conftest import make_focal_point

    colleague = make_focal_point("colleague@test.example", {"iso3": "KEN"})
    make_document("Own okapi", created_by=state_user, visibility=Document.Visibility.SECRETARIAT)
    assert run(state_user, "q=okapi").total == 1
    assert run(colleague, "q=okapi").total == 0
