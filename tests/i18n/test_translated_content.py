"""Reference content in the reader's language (django-modeltranslation), English marked where it
falls back, loaded idempotently, edited per language in the admin, kept in the history."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from compact_portal.templatetags.content_language import content_lang, fallback_label
from entities.models import Organization, Pillar, Theme
from workinggroups.models import JointProgramme, Priority, WorkingGroup
from workinggroups.reference_data import load_compact
from workinggroups.reference_translations import WORKING_GROUPS

pytestmark = pytest.mark.django_db


LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")


def reading_in(user, code):
    user.language = code
    user.save(update_fields=["language"])
    return user


def wg(number):
    return WorkingGroup.objects.get(number=number)


def english_label(code):
    with translation.override(code):
        return str(translation.get_language_info("en")["name_translated"])


def element_with(page, text):
    """The opening tag of the element whose content starts with `text`."""
    match = re.search(r"<(\w+)([^>]*)>\s*(?:<p>)?" + re.escape(text[:40]), page)
    assert match, f"{text[:40]!r} not on the page"
    return match.group(0)


# --- a French reader ----------------------------------------------------------------------------


def test_french_reader_sees_the_group_name_objectives_and_pillar_in_french(client, entity_user):
    client.force_login(reading_in(entity_user, "fr"))
    group = wg(2)
    page = client.get(reverse("workinggroups:detail", args=[group.slug])).content.decode()

    assert "Groupe de travail sur la gestion des frontières et l&#x27;application de la loi" in page
    objectives = WORKING_GROUPS[2]["objectives"]["fr"]
    assert "Promouvoir la coordination et la cohérence afin d&#x27;aider" in page
    assert objectives.startswith("Promouvoir la coordination")
    assert "Mesures visant à prévenir et combattre le terrorisme" in page  # pillar II
    assert group.objectives_en[:40] not in page
    # nothing falls back: no English marking on the group's own texts
    assert 'lang="en"' not in element_with(page, "Promouvoir la coordination")
    assert "content-language" not in page


def test_french_reader_sees_the_jpow_and_its_priorities_in_french(client, entity_user):
    client.force_login(reading_in(entity_user, "fr"))
    page = client.get(reverse("planning:index")).content.decode()
    assert "Programme de travail conjoint 2024-2026" in page
    assert "Renforcer la collaboration avec les États Membres" in page
    assert "Strengthen engagement with Member States" not in page


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("es", "Grupo de Trabajo sobre Movilización de Recursos, Seguimiento y Evaluación"),
        ("ar", "الفريق العامل المعني بتعبئة الموارد والرصد والتقييم"),
        ("ru", "Рабочая группа по мобилизации ресурсов, мониторингу и оценке"),
        ("zh-hans", "资源调动、监测和评价工作组"),
    ],
)
def test_each_un_language_has_the_group_names(code, name):
    with translation.override(code):
        assert wg(5).name == name
        assert Pillar.objects.get(number=4).name != Pillar.objects.get(number=4).name_en
        assert Organization.objects.get(acronym="UNODC").name != "United Nations Office on Drugs"


# --- English, marked, where a language has no text ----------------------------------------------


def test_arabic_reader_of_a_group_without_arabic_objectives_sees_english_marked(
    client, entity_user
):
    group = wg(8)
    WorkingGroup.objects.filter(pk=group.pk).update(objectives_ar=None)
    client.force_login(reading_in(entity_user, "ar"))
    page = client.get(reverse("workinggroups:detail", args=[group.slug])).content.decode()

    english = group.objectives_en
    assert english[:60] in page
    assert 'lang="en"' in element_with(page, english)
    label = english_label("ar")
    assert label and label != "English"
    assert re.search(r'<span class="badge[^"]*content-language"[^>]*>' + re.escape(label), page)
    # the group's name is translated: not marked
    assert "الفريق العامل المعني باعتماد نهج" in page
    assert 'lang="en"' not in element_with(page, "الفريق العامل المعني باعتماد نهج")


def test_a_priority_without_a_translation_is_marked_english_on_the_planning_page(
    client, entity_user
):
    Priority.objects.filter(number=3).update(title_ru="")
    client.force_login(reading_in(entity_user, "ru"))
    page = client.get(reverse("planning:index")).content.decode()
    english = Priority.objects.get(number=3).title_en
    assert 'lang="en"' in element_with(page, english)
    assert english_label("ru") in page
    assert 'lang="en"' not in element_with(page, "Укрепление взаимодействия с государствами")


def test_the_tags_mark_nothing_in_english_or_for_untranslated_models():
    group = wg(1)
    with translation.override("en"):
        assert content_lang(group, "objectives") == ""
        assert fallback_label(group, "objectives") == ""
    with translation.override("fr"):
        assert content_lang(group, "objectives") == ""
        assert content_lang(group, "slug") == ""
        assert content_lang(object(), "name") == ""
    group.objectives_fr = ""
    with translation.override("fr"):
        assert content_lang(group, "objectives") == ' lang="en"'
        label = fallback_label(group, "objectives")
    assert ">Anglais</span>" in label and "affiché en anglais" in label  # the French catalogue


def test_a_plain_queryset_that_loaded_the_original_column_costs_no_query_per_row(
    django_assert_num_queries,
):
    """`.only("group__name")` through a model that is not translated loads the original column
    (English): reading `group.name` on a French page shows it rather than fetching `name_fr`."""
    from workinggroups.models import WorkingGroupMembership

    with translation.override("fr"):
        rows = list(
            WorkingGroupMembership.objects.select_related("group").only("pk", "group__name")[:20]
        )
        with django_assert_num_queries(0):
            names = {row.group.name for row in rows}
            marks = {content_lang(row.group, "name") for row in rows}
    assert names <= set(WorkingGroup.objects.values_list("name_en", flat=True))
    assert marks == {' lang="en"'}


# --- the reference-data loader ------------------------------------------------------------------


def test_the_loader_is_idempotent_in_every_language():
    def snapshot():
        return {
            "organizations": list(
                Organization.objects.order_by("pk").values_list(
                    "pk", *(f"name_{c.replace('-', '_')}" for c in LANGUAGES)
                )
            ),
            "groups": list(
                WorkingGroup.objects.order_by("pk").values_list(
                    "pk", "objectives_fr", "objectives_zh_hans", "short_name_ar"
                )
            ),
            "priorities": list(Priority.objects.order_by("pk").values_list("pk", "title_es")),
            "themes": Theme.objects.count(),
        }

    before = snapshot()
    report = load_compact()
    assert not report.changed, report.lines()
    assert snapshot() == before
    assert JointProgramme.objects.get().title_ru == "Совместная программа работы на 2024–2026 годы"


def test_the_loader_restores_a_changed_translation_and_keeps_one_it_has_none_for():
    unodc = Organization.objects.get(acronym="UNODC")
    hedayah = Organization.objects.get(acronym="Hedayah")
    Organization.objects.filter(pk=unodc.pk).update(name_fr="Mauvais nom")
    Organization.objects.filter(pk=hedayah.pk).update(name_ar="هداية")

    report = load_compact()
    assert report.changed
    unodc.refresh_from_db()
    hedayah.refresh_from_db()
    assert unodc.name_fr == "Office des Nations Unies contre la drogue et le crime"
    assert hedayah.name_ar == "هداية"  # the Secretariat's, no reference data to re-assert


def test_the_original_column_keeps_english_for_raw_sql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM entities_organization WHERE iso3 = 'DEU' "
            "UNION ALL SELECT name FROM workinggroups_workinggroup WHERE number = 6"
        )
        rows = [row[0] for row in cursor.fetchall()]
    assert rows == [
        "Germany",
        "Working Group on National and Regional Counter-Terrorism Strategies",
    ]


# --- Member States (CLDR) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "names"),
    [
        ("DEU", ("Germany", "Allemagne", "Alemania", "ألمانيا", "Германия", "德国")),
        ("EGY", ("Egypt", "Égypte", "Egipto", "مصر", "Египет", "埃及")),
        ("KEN", ("Kenya", "Kenya", "Kenia", "كينيا", "Кения", "肯尼亚")),
    ],
)
def test_member_state_names_in_all_six_languages(iso3, names):
    state = Organization.objects.get(iso3=iso3)
    for code, expected in zip(LANGUAGES, names, strict=True):
        with translation.override(code):
            assert state.name == expected


def test_every_member_state_has_a_name_in_every_language():
    states = Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
    for code in LANGUAGES:
        column = f"name_{code.replace('-', '_')}"
        assert not states.filter(**{f"{column}__in": ["", None]}).exists(), code


# --- the admin ----------------------------------------------------------------------------------


def test_admin_change_forms_show_a_field_per_language(client, secretariat_user):
    client.force_login(secretariat_user)
    group = wg(3)
    page = client.get(f"/admin/workinggroups/workinggroup/{group.pk}/change/").content.decode()
    for field in ("name", "short_name", "objectives", "description"):
        for code in LANGUAGES:
            assert f'name="{field}_{code.replace("-", "_")}"' in page
    assert "Menaces émergentes et protection des infrastructures critiques" in page

    programme = JointProgramme.objects.get()
    page = client.get(
        f"/admin/workinggroups/jointprogramme/{programme.pk}/change/"
    ).content.decode()
    assert 'name="title_fr"' in page and 'name="priorities-0-title_zh_hans"' in page

    for url in (
        f"/admin/entities/organization/{Organization.objects.get(iso3='FRA').pk}/change/",
        f"/admin/entities/pillar/{Pillar.objects.get(number=1).pk}/change/",
        f"/admin/entities/theme/{Theme.objects.get(slug='gender').pk}/change/",
    ):
        page = client.get(url).content.decode()
        assert 'name="name_ar"' in page and 'name="name_zh_hans"' in page, url


def test_admin_search_finds_an_organization_by_a_translated_name(client, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get("/admin/entities/organization/", {"q": "Allemagne"}).content.decode()
    assert "Germany" in page and "1 result" in page


def test_an_admin_save_on_a_french_page_keeps_english_in_the_original_column(secretariat_user):
    from django.contrib import admin

    group = wg(4)
    model_admin = admin.site._registry[WorkingGroup]
    request = RequestFactory().post("/")
    request.user = secretariat_user
    with translation.override("fr"):
        group.name_fr = "Groupe de travail n° 4"
        model_admin.save_model(request, group, form=None, change=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, name_fr FROM workinggroups_workinggroup WHERE id = %s", [group.pk]
        )
        assert cursor.fetchone() == (group.name_en, "Groupe de travail n° 4")


# --- the history --------------------------------------------------------------------------------


def test_the_history_records_an_edit_in_any_language(secretariat_user):
    group = wg(7)
    before = group.history.count()
    group.objectives_es = "Nuevo texto de los objetivos."
    with translation.override("en"):
        group.save(update_fields=["objectives_es"])
    assert group.history.count() == before + 1
    latest = group.history.first()
    assert latest.objectives_es == "Nuevo texto de los objetivos."
    assert latest.objectives_en == group.objectives_en
    assert latest.prev_record.objectives_es != latest.objectives_es


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["workinggroups:detail", "planning:index"])
def test_pages_cost_the_same_queries_in_french_as_in_english(client, entity_user, name):
    from django.test.utils import CaptureQueriesContext

    args = [wg(1).slug] if name == "workinggroups:detail" else []
    client.force_login(entity_user)
    counts = {}
    for code in ("en", "fr", "ar"):
        reading_in(entity_user, code)
        client.get(reverse(name, args=args))  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        counts[code] = len(queries)
    assert counts["fr"] == counts["en"] == counts["ar"], counts


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_arabic_group_space_marks_the_english_objectives(live_server, page, screenshot, compact):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, make_focal_point

    group = wg(8)
    WorkingGroup.objects.filter(pk=group.pk).update(objectives_ar="")
    reader = make_focal_point("reader@test.example", {"iso3": "EGY"}, language="ar")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(reader.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{live_server.url}{reverse('workinggroups:detail', args=[group.slug])}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    objectives = page.locator('.space-prose[lang="en"][dir="ltr"]').first
    expect(objectives).to_contain_text(group.objectives_en[:40])
    expect(page.locator(".content-language").first).to_have_text(english_label("ar"))
    expect(page.locator("h1")).to_contain_text("الفريق العامل المعني باعتماد نهج")
    screenshot("arabic-group-space")


def test_a_bulk_update_in_english_keeps_the_original_column_english():
    theme = Theme.objects.get(slug="youth")
    Theme.objects.filter(pk=theme.pk).update(name="Youth")
    with translation.override("fr"):
        Theme.objects.filter(pk=theme.pk).update(name="Jeunesse")
    row = Theme.objects.filter(pk=theme.pk).values_list("name_en", "name_fr").get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM entities_theme WHERE id = %s", [theme.pk])
        assert cursor.fetchone()[0] == "Youth"
    assert row == ("Youth", "Jeunesse")
