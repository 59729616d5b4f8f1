"""Search across the UN's languages (issue 12, item 6): each document is indexed with its own
language's text search configuration, Chinese as character bigrams, and one query searches all
of them at once — without letting restricted documents through in any language."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from library.indexing import cjk_bigrams, update_search_vectors
from library.models import Document, DocumentFile
from library.search import cjk_query_text, compile_tsquery, parse_params, search

pytestmark = pytest.mark.django_db


def run(user, query_string=""):
    return search(user, parse_params(QueryDict(query_string)))


def titles(results):
    return sorted(r.document.title for r in results.results)


# --- per-language stemming ------------------------------------------------------------------------


def test_french_stemming_finds_the_plural(make_document, entity_user):
    make_document(
        "Rapport annuel",
        text="Les financements destinés aux groupes armés ont été gelés.",
        language="fr",
    )
    make_document("Annual report", text="Unrelated text about ports.")
    assert titles(run(entity_user, "q=financement")) == ["Rapport annuel"]
    assert titles(run(entity_user, "q=terrorisme")) == []  # not in any document


def test_french_title_and_summary_are_stemmed_in_french(make_document, entity_user):
    make_document(
        "Les financements illicites",
        summary="Les recommandations adoptées par le Comité",
        language="fr",
    )
    assert titles(run(entity_user, "q=financement")) == ["Les financements illicites"]
    assert titles(run(entity_user, "q=recommandation")) == ["Les financements illicites"]


def test_spanish_stemming(make_document, entity_user):
    make_document(
        "Informe sobre las fronteras",
        text="Las autoridades nacionales solicitaron asistencia técnica.",
        language="es",
    )
    assert titles(run(entity_user, "q=autoridad")) == ["Informe sobre las fronteras"]
    assert titles(run(entity_user, "q=frontera")) == ["Informe sobre las fronteras"]


def test_russian_inflection_finds_the_base_form(make_document, entity_user):
    make_document(
        "Доклад о борьбе",
        text="Национальная стратегия: терроризм и насильственный экстремизм.",
        language="ru",
    )
    assert titles(run(entity_user, "q=терроризма")) == ["Доклад о борьбе"]
    assert titles(run(entity_user, "q=экстремизма")) == ["Доклад о борьбе"]


def test_arabic_finds_arabic(make_document, entity_user):
    make_document(
        "تقرير عن مكافحة الإرهاب",
        text="الاستراتيجية الوطنية لمكافحة الإرهاب والتطرف العنيف",
        language="ar",
    )
    make_document("Report", text="Nothing Arabic here")
    assert titles(run(entity_user, "q=إرهاب")) == ["تقرير عن مكافحة الإرهاب"]
    assert titles(run(entity_user, "q=الاستراتيجية")) == ["تقرير عن مكافحة الإرهاب"]


def test_english_words_are_still_stemmed_in_english(make_document, entity_user):
    make_document("Financing of terrorism", text="Freezing terrorist assets")
    assert titles(run(entity_user, "q=financed")) == ["Financing of terrorism"]
    assert titles(run(entity_user, "q=freeze")) == ["Financing of terrorism"]


# --- Chinese --------------------------------------------------------------------------------------


def test_chinese_text_is_found_by_a_word_inside_a_sentence(make_document, entity_user):
    make_document(
        "联合国反恐怖主义中心年度报告",
        text="会员国请求在打击恐怖主义融资方面提供技术援助。",
        language="zh",
    )
    make_document("Rapport", text="Le terrorisme", language="fr")
    assert titles(run(entity_user, "q=恐怖主义")) == ["联合国反恐怖主义中心年度报告"]
    assert titles(run(entity_user, "q=技术援助")) == ["联合国反恐怖主义中心年度报告"]
    assert titles(run(entity_user, "q=年度报告")) == ["联合国反恐怖主义中心年度报告"]


def test_chinese_characters_out_of_order_do_not_match(make_document, entity_user):
    make_document("报告", text="恐怖主义融资", language="zh")
    assert titles(run(entity_user, "q=融资恐怖")) == []  # 资恐 is not in the text
    assert titles(run(entity_user, "q=主义融资")) == ["报告"]


def test_chinese_snippet_marks_the_words(make_document, entity_user):
    make_document("报告", text="会员国请求在打击恐怖主义融资方面提供技术援助。", language="zh")
    (result,) = run(entity_user, "q=恐怖主义").results
    assert "<mark>恐怖主义</mark>" in result.snippet
    assert result.snippet_language == "zh"


def test_bigram_rewriting():
    assert cjk_bigrams("反恐怖主义。UNODC") == " 反恐 恐怖 怖主 主义 。UNODC"
    assert cjk_query_text("恐怖主义") == '"恐怖 怖主 主义"'
    assert cjk_query_text("反恐 UNODC") == "反恐 UNODC"
    assert cjk_query_text("-恐怖主义") == '-"恐怖 怖主 主义"'


def test_chinese_query_with_a_latin_prefix(make_document, entity_user):
    make_document("报告", text="联合国毒品和犯罪问题办公室 UNODC 恐怖主义", language="zh")
    assert titles(run(entity_user, "q=恐怖主义 unod")) == ["报告"]


# --- one query, every language --------------------------------------------------------------------


def test_one_query_finds_documents_in_several_languages(make_document, entity_user):
    make_document("Counter-terrorism financing", text="terrorism financing", language="en")
    make_document("Financement du terrorisme", text="le terrorisme", language="fr")
    make_document("Financiación del terrorismo", text="el terrorismo", language="es")
    make_document("Unrelated", text="maritime ports", language="en")
    found = titles(run(entity_user, "q=terrorisme"))
    assert "Financement du terrorisme" in found
    assert "Unrelated" not in found
    assert titles(run(entity_user, "q=terrorism")) == [
        "Counter-terrorism financing",
        "Financement du terrorisme",  # the name in French: 'terror' through french, too
        "Financiación del terrorismo",  # 'terrorism' is the Spanish stem of 'terrorismo'
    ]


def test_a_document_with_two_language_files_is_found_in_both(make_document, entity_user):
    document = make_document("Border report", text="Border officials", language="en")
    DocumentFile.objects.create(
        document=document,
        language="fr",
        file=f"library/test/{document.pk}-fr",
        original_name="rapport.txt",
        content_type="text/plain",
        size=10,
        sha256="f" * 64,
        extraction=DocumentFile.Extraction.DONE,
        extracted_text="Les agents des frontières nationales",
    )
    Document.objects.filter(pk=document.pk).update(languages=["en", "fr"])
    update_search_vectors([document.pk])
    assert titles(run(entity_user, "q=frontière")) == ["Border report"]
    assert titles(run(entity_user, "q=official")) == ["Border report"]
    (result,) = run(entity_user, "q=frontière").results
    assert "<mark>" in result.snippet and result.snippet_language == "fr"


def test_the_tsquery_joins_the_languages_and_keeps_each_form_once(entity_user):
    tsquery = compile_tsquery(parse_params(QueryDict("q=financements")))
    assert "'financ'" in tsquery and "'financements'" in tsquery
    assert tsquery.count("'financ'") == 1
    chinese = compile_tsquery(parse_params(QueryDict("q=恐怖主义")))
    assert "'恐怖' <-> '怖主' <-> '主义'" in chinese


# --- visibility in every language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "text", "query"),
    [
        ("fr", "Note confidentielle", "Les financements secrets", "financement"),
        ("es", "Nota reservada", "Las autoridades fronterizas", "autoridad"),
        ("ru", "Секретная записка", "терроризм", "терроризма"),
        ("ar", "مذكرة سرية", "مكافحة الإرهاب", "الإرهاب"),
        ("zh", "机密说明", "恐怖主义融资", "恐怖主义"),
    ],
)
def test_restricted_documents_are_never_found_by_others(
    make_document, state_user, entity_user, secretariat_user, language, title, text, query
):
    make_document(
        title,
        text=text,
        summary=text,
        language=language,
        visibility=Document.Visibility.SECRETARIAT,
    )
    make_document(
        f"{title} (Compact)", text=text, language=language, visibility=Document.Visibility.COMPACT
    )
    outsider = run(state_user, f"q={query}")
    assert outsider.total == 0 and outsider.results == []
    assert all(v.count == 0 for f in outsider.facets for v in f.values)
    assert titles(run(entity_user, f"q={query}")) == [f"{title} (Compact)"]
    assert run(secretariat_user, f"q={query}").total == 2


def test_restricted_document_absent_from_the_page_in_any_language(
    client, make_document, state_user
):
    make_document("恐怖主义机密", text="恐怖主义", language="zh", visibility="secretariat")
    make_document("恐怖主义公开", text="恐怖主义", language="zh")
    client.force_login(state_user)
    body = client.get(reverse("library:index"), {"q": "恐怖主义"}).content.decode()
    assert "恐怖主义公开" in body
    assert "恐怖主义机密" not in body


# --- the page: labels and lang attributes -------------------------------------------------------


def test_results_label_each_documents_language(client, make_document, entity_user):
    make_document("Le financement du terrorisme", text="financement", language="fr")
    make_document("مكافحة تمويل الإرهاب", text="تمويل", language="ar")
    client.force_login(entity_user)
    body = client.get(reverse("library:index")).content.decode()
    assert 'lang="fr"' in body and 'lang="ar"' in body
    assert 'dir="rtl"' in body
    assert '<span aria-hidden="true">FR</span><span class="visually-hidden">French</span>' in body


def test_document_page_labels_its_language(client, make_document, entity_user):
    document = make_document("Доклад о терроризме", text="терроризм", language="ru")
    client.force_login(entity_user)
    body = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert '<h1 class="page-header__title"><span lang="ru" dir="ltr">' in body
    assert '<span class="visually-hidden">Russian</span>' in body


def test_english_title_of_a_document_with_an_arabic_version_is_labelled_english(compact):
    document = Document(title="Report on border security", languages=["ar", "en"])
    assert document.content_language == "en"
    assert Document(title="تقرير", languages=["ar", "en"]).content_language == "ar"
    assert Document(title="تقرير", languages=["ar", "en"]).content_direction == "rtl"
    assert Document(title="Untitled", languages=[]).content_language == ""


# --- query counts and re-indexing ---------------------------------------------------------------


def test_query_counts_are_bounded_in_every_language(
    client, make_document, entity_user, django_assert_max_num_queries
):
    for n in range(5):
        make_document(f"Rapport {n}", text="Les financements", language="fr")
        make_document(f"报告 {n}", text="恐怖主义融资", language="zh")
        make_document(f"Доклад {n}", text="терроризм", language="ru")
    client.force_login(entity_user)
    client.get(reverse("library:index"))
    for q in ("financement", "恐怖主义", "терроризма", "terr", "恐怖主义 fin"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse("library:index"), {"q": q}).status_code == 200


def _vectors():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_vector::text, rank_vector::text FROM library_document ORDER BY id"
        )
        return cursor.fetchall()


def test_reindexing_is_idempotent(make_document):
    from library.management.commands.reindex_library import Command

    make_document("Rapport", text="Les financements", language="fr", summary="Résumé")
    make_document("报告", text="恐怖主义融资", language="zh", summary="联合国报告")
    make_document("Доклад", text="терроризм", language="ru")
    first = _vectors()
    ids = [row[0] for row in first]
    update_search_vectors(ids)
    assert _vectors() == first
    Command().reindex(batch_size=2)
    assert _vectors() == first


def test_the_migration_reindexes_existing_rows(make_document, entity_user):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("library.migrations.0005_reindex_languages")
    document = make_document("报告", text="恐怖主义融资", language="zh", index=False)
    assert run(entity_user, "q=恐怖主义").total == 0  # not indexed yet
    migration.reindex(apps, None)
    assert [r.document.pk for r in run(entity_user, "q=恐怖主义").results] == [document.pk]
    before = _vectors()
    migration.reindex(apps, None)
    assert _vectors() == before


# --- demo data ------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_multilingual_demo_is_idempotent_and_searchable_in_each_language(
    compact, media, entity_user
):
    from library.demo import MULTILINGUAL_DOCUMENTS, seed_multilingual

    assert seed_multilingual(1) == len(MULTILINGUAL_DOCUMENTS)
    assert seed_multilingual(1) == 0
    codes = Document.objects.values_list("languages", flat=True)
    assert {"fr", "es", "ar", "ru", "zh"} <= {code for languages in codes for code in languages}
    expected = {
        "financements": "Financement du terrorisme : rapport d'évaluation régionale",
        "víctima": "Apoyo a las víctimas del terrorismo: buenas prácticas",
        "الاستخبارات": "تقرير عن مكافحة تمويل الإرهاب في المنطقة",
        "терроризма": "Доклад о борьбе с финансированием терроризма",
        "金融情报": "打击资助恐怖主义行为区域报告",
    }
    for query, title in expected.items():
        assert title in titles(run(entity_user, f"q={query}")), query
    assert len(titles(run(entity_user, "q=恐怖主义"))) == 2


# --- in a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_results_in_five_languages_in_a_browser(live_server, page, make_document, screenshot):
    import re

    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, make_focal_point

    make_document("Financement du terrorisme", text="Les financements illicites", language="fr")
    make_document("Financiación del terrorismo", text="El terrorismo", language="es")
    make_document("تقرير عن مكافحة تمويل الإرهاب", text="مكافحة الإرهاب", language="ar")
    make_document("Доклад о борьбе с терроризмом", text="терроризм", language="ru")
    make_document("打击资助恐怖主义行为区域报告", text="打击恐怖主义的合作", language="zh")
    make_document("Countering the financing of terrorism", text="terrorism financing")
    user = make_focal_point("reader@test.example", {"iso3": "KEN"})
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/library/?q=terrorisme")
    titles = page.locator(".library-result__title a")
    expect(titles.filter(has_text="Financement du terrorisme")).to_have_attribute("lang", "fr")
    screenshot("search-terrorisme")

    page.goto(f"{live_server.url}/library/")
    expect(titles).to_have_count(6)
    arabic = titles.filter(has_text="تقرير")
    expect(arabic).to_have_attribute("lang", "ar")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(page.locator(".library-result", has=arabic).get_by_text("Arabic")).to_be_attached()
    # read right to left, but aligned with the other titles (at the start of the list)
    assert abs(arabic.bounding_box()["x"] - titles.first.bounding_box()["x"]) < 2
    screenshot("browse-five-languages")

    arabic.click()
    heading = page.locator("h1.page-header__title span")
    expect(heading).to_have_attribute("lang", "ar")
    expect(heading).to_have_attribute("dir", "rtl")
    expect(page.locator(".page-header").get_by_text("Arabic")).to_be_attached()
    screenshot("arabic-document")

    page.goto(f"{live_server.url}/library/?q=恐怖主义")
    expect(titles).to_have_count(1)
    expect(titles.first).to_have_attribute("lang", "zh")
    expect(page.locator(".library-result__snippet mark").first).to_have_text("恐怖主义")
    screenshot("search-chinese")


def test_hostile_cjk_queries_do_not_break(make_document, entity_user):
    make_document("报告", text="恐怖主义融资", language="zh")
    for q in ['恐"', '"恐怖', "恐怖 or", "-恐怖", "恐怖:*", "恐 & | ! (", "'恐怖'", "恐" * 300]:
        assert run(entity_user, f"q={q}").total >= 0, q
    assert run(entity_user, "q=恐怖 -融资").total == 0
    assert run(entity_user, 'q="恐怖主义融资"').total == 1


def test_facet_labels_are_in_the_readers_language(make_document, entity_user):
    from django.utils import translation

    from entities.models import Theme
    from library import search as search_module

    theme = Theme.objects.order_by("pk")[0]
    make_document("Rapport", text="Les financements", language="fr", themes=[theme])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE entities_theme SET name_fr = 'Thème FR' WHERE id = %s", [theme.pk])
    search_module._label_cache.clear()

    def theme_labels():
        results = run(entity_user, "q=financement")
        return [v.label for f in results.facets if f.name == "theme" for v in f.values]

    with translation.override("fr"):
        assert theme_labels() == ["Thème FR"]
    with translation.override("en"):
        assert theme_labels() == [theme.name]
    search_module._label_cache.clear()
