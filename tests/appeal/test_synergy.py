"""The synergy and duplication finder: ranking, the flag, verdicts, the form check, the overview."""

import datetime

import pytest
from django.urls import reverse

from appeal.models import OverlapVerdict, Project
from appeal.synergy import DUPLICATION_THRESHOLD, Draft, find_overlaps, strongest_overlaps
from entities.models import Organization, Theme
from tests.appeal.test_project_factories import entity, make_project
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def portfolio(compact):
    base = make_project(
        "BASE",
        "UNODC",
        countries=["KEN", "SOM"],
        themes=["pcve", "youth"],
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    twin = make_project(
        "TWIN",
        "UNOCT",
        countries=["KEN", "SOM"],
        themes=["pcve", "youth"],
        starts_on=D(2024, 3, 1),
        ends_on=D(2026, 6, 30),
    )
    partial = make_project(
        "PARTIAL",
        "UNDP",
        countries=["KEN", "UGA", "TZA"],
        themes=["pcve", "gender", "cft"],
        starts_on=D(2025, 1, 1),
        ends_on=D(2027, 12, 31),
    )
    regional = make_project(
        "REGIONAL",
        "IOM",
        countries=[],
        regions=["Africa"],
        themes=["youth"],
        starts_on=D(2023, 1, 1),
        ends_on=D(2024, 6, 30),
    )
    make_project(  # same entity: not "another entity's project"
        "SAME-LEAD",
        "UNODC",
        countries=["KEN"],
        themes=["pcve"],
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 1, 1),
    )
    make_project(  # no shared theme
        "OTHER-THEME",
        "UNDP",
        countries=["KEN"],
        themes=["cbrn"],
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 1, 1),
    )
    make_project(  # not at the same time
        "EARLIER",
        "UNDP",
        countries=["KEN"],
        themes=["pcve"],
        starts_on=D(2019, 1, 1),
        ends_on=D(2020, 1, 1),
    )
    make_project(  # elsewhere
        "ELSEWHERE",
        "UNDP",
        countries=["FRA"],
        themes=["pcve"],
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 1, 1),
    )
    return {"base": base, "twin": twin, "partial": partial, "regional": regional}


def test_overlaps_are_other_entities_projects_ranked_by_score(portfolio):
    overlaps = find_overlaps(Draft.of(portfolio["base"]))
    codes = [o.other.code for o in overlaps]
    # REGIONAL (all of Africa, half the themes) outranks PARTIAL (a quarter of places and themes)
    assert codes == ["TWIN", "REGIONAL", "PARTIAL"]
    scores = [o.score for o in overlaps]
    assert scores == sorted(scores, reverse=True)
    twin = overlaps[0]
    assert twin.possible_duplication and twin.score >= DUPLICATION_THRESHOLD
    assert not overlaps[1].possible_duplication and not overlaps[2].possible_duplication
    # PARTIAL: places 1/4, themes 1/4, time 365 days of the shorter 731
    assert overlaps[2].score == round(100 * (0.4 * 0.25 + 0.4 * 0.25 + 0.2 * 365 / 731))
    kenya = str(Organization.objects.get(iso3="KEN").pk)
    assert kenya in twin.shared_country_ids
    assert {str(Theme.objects.get(slug=s).pk) for s in ["pcve", "youth"]} == set(
        twin.shared_theme_ids
    )


def test_the_score_follows_the_documented_formula(portfolio):
    twin = find_overlaps(Draft.of(portfolio["base"]))[0]
    # places 2/2, themes 2/2, time: 2024-03-01..2025-12-31 = 671 days of the shorter 731
    expected = round(100 * (0.4 * 1 + 0.4 * 1 + 0.2 * (671 / 731)))
    assert twin.score == expected


def test_a_draft_that_is_not_saved_is_checked_too(portfolio):
    draft = Draft(
        pk=None,
        lead_organization_id=entity("UNICEF").pk,
        country_ids=[Organization.objects.get(iso3="UGA").pk],
        theme_ids=[Theme.objects.get(slug="gender").pk],
        regions=["Africa"],
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    assert [o.other.code for o in find_overlaps(draft)] == ["PARTIAL"]


def test_the_secretariat_overview_lists_the_strongest_pairs_once(portfolio):
    pairs = strongest_overlaps()
    keys = [tuple(sorted((p.a.code, p.b.code))) for p in pairs]
    assert keys[0] == ("BASE", "TWIN")
    assert len(keys) == len(set(keys))
    assert all(p.a.lead_organization_id != p.b.lead_organization_id for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    assert ("BASE", "SAME-LEAD") not in keys
    only = strongest_overlaps(min_score=DUPLICATION_THRESHOLD)
    assert [tuple(sorted((p.a.code, p.b.code))) for p in only] == [("BASE", "TWIN")]


def test_the_overview_is_for_the_secretariat(client, entity_user, secretariat_user, portfolio):
    client.force_login(entity_user)
    assert client.get(reverse("projects:overlaps")).status_code == 403
    client.force_login(secretariat_user)
    response = client.get(reverse("projects:overlaps"), {"duplicates": "1"})
    assert response.status_code == 200
    assert "TWIN" in response.content.decode()


def test_the_detail_page_lists_synergies_and_contacts(client, state_user, portfolio):
    make_focal_point("officer@unoct.test", {"acronym": "UNOCT"}, first_name="Oona", last_name="Ct")
    client.force_login(state_user)
    html = client.get(reverse("projects:detail", args=[portfolio["base"].pk])).content.decode()
    assert "TWIN" in html and "Possible duplication" in html
    assert "Oona Ct" in html and "officer@unoct.test" in html
    assert "ELSEWHERE" not in html and "SAME-LEAD" not in html


def test_an_editor_records_a_verdict_shown_on_both_projects(client, entity_user, portfolio):
    client.force_login(entity_user)
    base, twin = portfolio["base"], portfolio["twin"]
    response = client.post(
        reverse("projects:verdict", args=[base.pk]),
        {"other": twin.pk, "verdict": "joint", "note": "We will merge the youth component."},
    )
    assert response.status_code == 302
    verdict = OverlapVerdict.objects.get(project=base, other=twin)
    assert verdict.verdict == "joint" and verdict.recorded_by == entity_user
    # again: updated, not duplicated
    client.post(
        reverse("projects:verdict", args=[base.pk]), {"other": twin.pk, "verdict": "complementary"}
    )
    assert OverlapVerdict.objects.get(project=base, other=twin).verdict == "complementary"
    other_page = client.get(reverse("projects:detail", args=[twin.pk])).content.decode()
    assert "Complementary" in other_page and "BASE" in other_page


def test_verdict_posts_are_checked(client, entity_user, portfolio):
    client.force_login(entity_user)
    base = portfolio["base"]
    url = reverse("projects:verdict", args=[base.pk])
    assert client.post(url, {"other": base.pk, "verdict": "joint"}).status_code == 400
    assert client.post(url, {"other": portfolio["twin"].pk, "verdict": "bad"}).status_code == 400
    assert client.post(url, {"other": 999999, "verdict": "joint"}).status_code == 404
    assert not OverlapVerdict.objects.exists()


def test_the_form_check_lists_overlaps_before_saving(client, entity_user, portfolio):
    client.force_login(entity_user)
    data = {
        "countries": [Organization.objects.get(iso3=c).pk for c in ["KEN", "SOM"]],
        "themes": [Theme.objects.get(slug=s).pk for s in ["pcve", "youth"]],
        "starts_on": "2024-06-01",
        "ends_on": "2025-06-01",
        f"verdict_{portfolio['twin'].pk}": "duplicate",
    }
    response = client.post(reverse("projects:overlap_check"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "TWIN" in html and "PARTIAL" in html
    assert "BASE" not in html  # UNODC's own project
    assert 'value="duplicate" selected' in html  # the choice survives a re-check


def test_the_form_check_is_for_people_who_may_create(client, state_user, portfolio):
    client.force_login(state_user)
    assert client.post(reverse("projects:overlap_check"), {}).status_code == 403


def test_an_incomplete_form_gets_a_hint_not_an_error(client, entity_user, portfolio):
    client.force_login(entity_user)
    response = client.post(reverse("projects:overlap_check"), {"starts_on": "garbage"})
    assert response.status_code == 200


def test_verdicts_given_in_the_form_are_kept_on_saving(client, entity_user, portfolio):
    client.force_login(entity_user)
    twin = portfolio["twin"]
    data = {
        "code": "UNODC-NEW-9",
        "title": "Youth and prevention in Kenya and Somalia",
        "countries": [Organization.objects.get(iso3=c).pk for c in ["KEN", "SOM"]],
        "themes": [Theme.objects.get(slug=s).pk for s in ["pcve", "youth"]],
        "starts_on": "2024-06-01",
        "ends_on": "2025-06-01",
        "funding_status": "unfunded",
        "status": "pipeline",
        f"verdict_{twin.pk}": "complementary",
        f"verdict_note_{twin.pk}": "Different districts.",
    }
    response = client.post(reverse("projects:new"), data)
    assert response.status_code == 302
    project = Project.objects.get(code="UNODC-NEW-9")
    verdict = OverlapVerdict.objects.get(project=project, other=twin)
    assert verdict.verdict == "complementary" and verdict.note == "Different districts."
