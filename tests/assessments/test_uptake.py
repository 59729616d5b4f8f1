"""Entities take up recommendations (a project or an intention); CTED confirms; the uptake table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import actions, selectors
from assessments.models import Uptake
from entities.models import Organization

pytestmark = pytest.mark.django_db


def test_an_entity_takes_up_a_recommendation_with_its_project(
    client, entity_user, kenya_assessment, kenya, theme, make_project
):
    project = make_project("UNODC", countries=[kenya], themes=[theme])
    foreign = make_project("INTERPOL", countries=[kenya], themes=[theme])
    recommendation = kenya_assessment.recommendations.get(number=1)
    client.force_login(entity_user)
    form_page = client.get(f"/assessments/recommendations/{recommendation.pk}/take-up/")
    choices = list(form_page.context["form"].fields["project"].queryset)
    assert project in choices and foreign not in choices
    # Another entity's project is refused by the form.
    response = client.post(
        f"/assessments/recommendations/{recommendation.pk}/take-up/", {"project": foreign.pk}
    )
    assert response.status_code == 200 and not Uptake.objects.exists()
    response = client.post(
        f"/assessments/recommendations/{recommendation.pk}/take-up/", {"project": project.pk}
    )
    assert response.status_code == 302
    uptake = Uptake.objects.get()
    assert uptake.organization.acronym == "UNODC" and uptake.project == project
    assert uptake.confirmed_at is None
    # Covered now, in the list filter and the table.
    client.force_login(entity_user)
    covered = client.get("/assessments/recommendations/?coverage=covered")
    assert [r.pk for r in covered.context["page_obj"]] == [recommendation.pk]


def test_an_intention_needs_words_and_a_partner_project_counts(
    client, entity_user, kenya_assessment, kenya, theme, make_project
):
    partnered = make_project("INTERPOL", partners=["UNODC"], countries=[kenya], themes=[theme])
    recommendation = kenya_assessment.recommendations.get(number=2)
    client.force_login(entity_user)
    url = f"/assessments/recommendations/{recommendation.pk}/take-up/"
    response = client.post(url, {"intention": "   "})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert client.post(url, {"intention": "We will train FIU staff."}).status_code == 302
    assert client.post(url, {"project": partnered.pk}).status_code == 302
    assert Uptake.objects.filter(recommendation=recommendation).count() == 2


def test_states_and_cted_do_not_take_up(client, state_user, cted_user, kenya_assessment):
    recommendation = kenya_assessment.recommendations.get(number=1)
    url = f"/assessments/recommendations/{recommendation.pk}/take-up/"
    for user in (state_user, cted_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"intention": "x"}).status_code == 403
    assert not Uptake.objects.exists()


def test_cted_confirms_an_uptake_once(client, cted_user, entity_user, kenya_assessment):
    recommendation = kenya_assessment.recommendations.get(number=1)
    uptake = actions.take_up_recommendation(
        recommendation,
        organization=Organization.objects.get(acronym="UNODC"),
        intention="Soon.",
        actor=entity_user,
    )
    client.force_login(entity_user)
    assert client.post(f"/assessments/uptakes/{uptake.pk}/confirm/").status_code == 403
    client.force_login(cted_user)
    assert client.post(f"/assessments/uptakes/{uptake.pk}/confirm/").status_code == 302
    uptake.refresh_from_db()
    first = uptake.confirmed_at
    assert uptake.confirmed_by == cted_user and first is not None
    assert not actions.confirm_uptake(uptake, actor=cted_user)
    uptake.refresh_from_db()
    assert uptake.confirmed_at == first
    page = client.get(f"/assessments/recommendations/{recommendation.pk}/").content.decode()
    assert "Confirmed by CTED" in page


def test_uptake_table_counts_covered_and_uncovered_in_one_query(
    entity_user, kenya_assessment, uganda_assessment, kenya, theme, make_project
):
    project = make_project("UNODC", countries=[kenya], themes=[theme])
    recommendation = kenya_assessment.recommendations.get(number=1)
    actions.take_up_recommendation(
        recommendation, organization=project.lead_organization, project=project, actor=entity_user
    )
    # An intention alone does not cover a recommendation.
    actions.take_up_recommendation(
        kenya_assessment.recommendations.get(number=2),
        organization=project.lead_organization,
        intention="Later.",
        actor=entity_user,
    )
    selectors.uptake_table(entity_user)  # the viewer's organization, cached on the user
    with CaptureQueriesContext(connection) as queries:
        table = selectors.uptake_table(entity_user)
    assert len(queries) == 1
    rows = {row["iso3"]: row for row in table["rows"]}
    assert rows["KEN"]["total"] == 2 and rows["KEN"]["covered"] == 1
    assert rows["KEN"]["uncovered"] == 1
    assert rows["UGA"]["total"] == 1 and rows["UGA"]["covered"] == 0
    assert (table["total"], table["covered"], table["uncovered"]) == (3, 1, 2)
    border = [c for c in table["columns"] if c["slug"] == "border-management"][0]
    index = table["columns"].index(border)
    assert table["column_totals"][index] == {"total": 2, "covered": 1}


def test_the_uptake_page_links_cells_to_uncovered_recommendations(
    client, entity_user, kenya_assessment
):
    client.force_login(entity_user)
    body = client.get("/assessments/uptake/").content.decode()
    assert "?state=KEN&amp;theme=border-management&amp;coverage=uncovered" in body


def test_the_project_page_names_the_recommendations_it_addresses_to_those_who_may_see_them(
    client,
    entity_user,
    state_user,
    other_state_user,
    regional_user,
    kenya_assessment,
    kenya,
    theme,
    make_project,
):
    project = make_project("UNODC", countries=[kenya], themes=[theme])
    recommendation = kenya_assessment.recommendations.get(number=1)
    Uptake.objects.create(
        recommendation=recommendation,
        organization=Organization.objects.get(acronym="UNODC"),
        project=project,
    )
    for user, sees in (
        (entity_user, True),
        (state_user, True),  # Kenya, the assessed State
        (other_state_user, False),
        (regional_user, False),
    ):
        client.force_login(user)
        page = client.get(f"/projects/{project.pk}/").content.decode()
        assert ("quokkafjord" in page) is sees, user.email
        assert ("CTED recommendations it addresses" in page) is sees, user.email
