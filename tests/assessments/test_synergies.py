"""Candidate entities and absorbing projects for an open recommendation, ranked."""

import pytest

from assessments.synergies import absorbing_projects, candidate_entities
from entities.models import FocalPoint, Organization, Theme
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


def test_entities_are_ranked_by_theme_work_in_the_country_then_elsewhere(
    kenya, theme, make_project
):
    uganda = Organization.objects.get(iso3="UGA")
    other_theme = Theme.objects.get(slug="cft")
    make_project("UNODC", countries=[kenya], themes=[theme])  # 3
    make_project("INTERPOL", countries=[uganda], themes=[theme])  # 2
    make_project("IOM", countries=[kenya], themes=[other_theme])  # 1
    make_project("CTED", countries=[kenya], themes=[theme])  # CTED assesses: never a candidate
    candidates = candidate_entities(kenya.pk, [theme.pk])
    labels = [c.organization.acronym for c in candidates]
    assert labels == ["UNODC", "INTERPOL", "IOM"]
    assert [c.score for c in candidates] == [3, 2, 1]


def test_expertise_counts_a_little_and_is_capped(kenya, theme, make_project):
    make_project("INTERPOL", countries=[kenya], themes=[theme])
    for n in range(5):
        user = make_focal_point(f"expert{n}@test.example", {"acronym": "UNHCR"})
        FocalPoint.objects.get(user=user).themes.add(theme)
    candidates = {c.organization.acronym: c for c in candidate_entities(kenya.pk, [theme.pk])}
    assert candidates["UNHCR"].experts == 5
    assert candidates["UNHCR"].score == 3
    assert candidates["INTERPOL"].score == 3


def test_projects_that_could_absorb_it_in_the_country_first(kenya, theme, make_project):
    in_country = make_project("UNODC", countries=[kenya], themes=[theme], code="A-KEN")
    regional = make_project("IOM", themes=[theme], regions=["Africa"], code="B-AFR")
    worldwide = make_project("INTERPOL", themes=[theme], is_global=True, code="C-GLOBAL")
    make_project("UNODC", countries=[kenya], themes=[theme], status="completed", code="D-DONE")
    make_project("UNODC", countries=[kenya], code="E-OFF-THEME")
    make_project("UNODC", themes=[theme], regions=["Asia"], code="F-ASIA")
    projects = absorbing_projects(kenya, theme.pk)
    assert [p.code for p in projects] == [in_country.code, regional.code, worldwide.code]
    assert [p.reach for p in projects] == [3, 2, 1]
    assert absorbing_projects(kenya, theme.pk, exclude_ids=[in_country.pk])[0] == regional


def test_recommendation_page_shows_synergies_for_open_ones_only(
    client, entity_user, state_user, kenya_assessment, kenya, theme, make_project
):
    make_project("UNODC", countries=[kenya], themes=[theme], code="KEN-BORDER")
    recommendation = kenya_assessment.recommendations.get(number=1)
    client.force_login(entity_user)
    response = client.get(f"/assessments/recommendations/{recommendation.pk}/")
    assert [c.organization.acronym for c in response.context["candidates"]][0] == "UNODC"
    assert "KEN-BORDER" in response.content.decode()
    recommendation.status = "verified"
    recommendation.save(update_fields=["status"])
    response = client.get(f"/assessments/recommendations/{recommendation.pk}/")
    assert "candidates" not in response.context
