"""Names sort the way readers of each language expect: "Égypte" among the E's in French, people by
name through the same accent-insensitive key; organizations are found by their translated name."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from entities import names
from entities.directory import build_search, load_options
from entities.models import FocalPoint, Organization, User
from entities.organizations import entity_list, member_state_list, regional_list

pytestmark = pytest.mark.django_db


def state_names(language, **filters):
    with translation.override(language):
        return [state.name for state in member_state_list(**filters)]


def reading_in(user, code):
    user.language = code
    user.save(update_fields=["language"])
    return user


# --- Member States and organizations ------------------------------------------------------------


def test_french_member_states_sort_accented_names_among_their_letter():
    africa = state_names("fr", region="Africa")
    assert africa[0] == "Afrique du Sud"
    assert africa[-1] == "Zimbabwe"
    # Égypte, Érythrée, Éthiopie with the E's (the C collation would put them after Zimbabwe)
    for name in ("Égypte", "Érythrée", "Éthiopie"):
        assert africa.index("Djibouti") < africa.index(name) < africa.index("Gabon"), name
    assert africa.index("Égypte") < africa.index("Érythrée") < africa.index("Eswatini")
    assert africa.index("Eswatini") < africa.index("Éthiopie")


def test_member_states_sort_by_their_name_in_each_language():
    english = state_names("en", region="Europe")
    assert english.index("Germany") < english.index("Spain")
    spanish = state_names("es", region="Europe")
    assert spanish.index("Alemania") < spanish.index("Austria") < spanish.index("España")
    assert spanish.index("España") < spanish.index("Estonia")
    russian = state_names("ru", region="Europe")
    assert russian.index("Австрия") < russian.index("Германия") < russian.index("Эстония")


def test_the_member_state_page_lists_them_in_the_readers_order(client, entity_user):
    client.force_login(reading_in(entity_user, "fr"))
    page = client.get(reverse("member_state_index"), {"region": "Africa"}).content.decode()
    positions = [page.index(name) for name in ("Djibouti", "Égypte", "Érythrée", "Gabon")]
    assert positions == sorted(positions)
    assert page.index("Zimbabwe") > page.index("Égypte")


def test_member_state_search_finds_the_readers_name_and_the_english_one():
    with translation.override("fr"):
        assert [s.iso3 for s in member_state_list(text="Allemagne")] == ["DEU"]
        assert [s.iso3 for s in member_state_list(text="germany")] == ["DEU"]
        assert "EGY" in [s.iso3 for s in member_state_list(text="egypte")]  # accents ignored


def test_untranslated_organizations_sort_by_their_english_name_not_last():
    with translation.override("fr"):
        regional = [o.name for o in regional_list() if o.kind == Organization.Kind.REGIONAL]
    # CARICOM IMPACS has no French name: it sorts as "CARICOM…" among the C's
    caricom = next(name for name in regional if name.startswith("CARICOM"))
    assert regional.index("Centre africain d'études et de recherche sur le terrorisme") < (
        regional.index("Communauté d'États indépendants")
    )
    assert regional.index(caricom) < regional.index("Communauté d'États indépendants")
    assert regional[-1] != caricom
    assert regional == sorted(regional, key=lambda n: names_key(n))


def names_key(name):
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_entities_keep_their_acronym_order_in_every_language():
    with translation.override("en"):
        english = [e.acronym for e in entity_list()]
    with translation.override("zh-hans"):
        chinese = [e.acronym for e in entity_list()]
    assert english == chinese
    assert english.index("UNODC") < english.index("WCO")


def test_arabic_russian_and_chinese_sort_by_code_point_without_icu():
    """No ICU in the embedded PostgreSQL: the key is lower(unaccent(name)), compared by code point
    (documented in entities.names)."""
    for code in ("ar", "zh-hans"):
        listed = state_names(code, region="Asia")
        assert listed == sorted(listed, key=str.lower), code


# --- the directory ------------------------------------------------------------------------------


@pytest.fixture
def people(compact):
    created = []
    for first, last, country in (
        ("Zoe", "Zuma", "DEU"),
        ("Émile", "Évora", "EGY"),
        ("Anna", "Eastwood", "ESP"),
        ("Marc", "Ébert", "FRA"),
    ):
        user = User.objects.create_user(
            email=f"{last.lower()}@sorting.example", first_name=first, last_name=last
        )
        FocalPoint.objects.create(
            user=user,
            organization=Organization.objects.get(acronym="UNODC"),
            country=Organization.objects.get(iso3=country),
        )
        created.append(user)
    return created


def directory_order(language, **params):
    with translation.override(language):
        _form, search = build_search(params)
        return [fp.user.last_name for fp in search.queryset().select_related("user")]


def test_directory_sorts_people_by_name_ignoring_accents(people):
    assert directory_order("en") == ["Eastwood", "Ébert", "Évora", "Zuma"]


def test_directory_sorts_by_country_in_the_readers_language(people):
    # English: Egypt, France, Germany, Spain; French: Allemagne, Égypte, Espagne, France
    assert directory_order("en", sort="country") == ["Évora", "Ébert", "Zuma", "Eastwood"]
    assert directory_order("fr", sort="country") == ["Zuma", "Évora", "Eastwood", "Ébert"]


def test_directory_finds_people_by_their_countrys_name_in_the_readers_language(
    client, entity_user, people
):
    client.force_login(reading_in(entity_user, "fr"))
    page = client.get(reverse("directory"), {"q": "Allemagne"}).content.decode()
    assert "Zuma" in page and "Évora" not in page
    with translation.override("fr"):  # the typo-tolerant English match still works
        kenya = Organization.objects.get(iso3="KEN").pk
        assert kenya in load_options("kenia").matched_organization_ids
        assert (
            Organization.objects.get(iso3="DEU").pk
            in load_options("allemagne").matched_organization_ids
        )


def test_directory_filter_lists_follow_the_readers_language(client, entity_user):
    client.force_login(reading_in(entity_user, "fr"))
    page = client.get(reverse("directory")).content.decode()
    countries = re.findall(r'<option value="([A-Z]{3})"[^>]*>([^<]+)</option>', page)
    labels = [label for _iso3, label in countries]
    assert labels.index("Djibouti") < labels.index("Égypte") < labels.index("Fidji")
    assert labels == sorted(labels, key=names_key)


def test_directory_name_order_can_use_its_index(people):
    """The sort key is the indexed expression of migration 0010 (checked with seq scans off)."""
    with translation.override("en"):
        _form, search = build_search({})
        sql, params = search.queryset().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "entities_user_directory_name_key" in plan, plan


def test_directory_costs_the_same_queries_in_french(client, entity_user, people):
    client.force_login(entity_user)
    counts = {}
    for code in ("en", "fr"):
        reading_in(entity_user, code)
        client.get(reverse("directory"), {"sort": "country"})  # warm the filter-list cache
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("directory"), {"sort": "country"})
        assert page.status_code == 200
        counts[code] = len(queries)
    assert counts["fr"] == counts["en"], counts
    assert "Égypte" in page.content.decode()  # the rows' countries in French


def test_translated_expression_falls_back_to_english():
    hedayah = Organization.objects.filter(acronym="Hedayah")
    with translation.override("ar"):
        value = hedayah.annotate(shown=names.translated("name")).get().shown
    assert value == Organization.objects.get(acronym="Hedayah").name_en
