"""CTED opens an assessment, an entity takes up a recommendation with a project, CTED confirms;
another State's focal point gets a 404."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Recommendation, Uptake
from entities.models import Organization, Theme
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.fixture
def setting(compact, settings):
    from appeal.models import Project

    settings.MFA_REQUIRED_FOR_STAFF = False
    kenya = Organization.objects.get(iso3="KEN")
    border = Theme.objects.get(slug="border-management")
    unodc = Organization.objects.get(acronym="UNODC")
    assessment = Assessment.objects.create(
        state=kenya,
        assessment_type="comprehensive",
        starts_on=datetime.date(2024, 9, 2),
        ends_on=datetime.date(2024, 9, 6),
        status="transmitted",
        summary="The visit assessed border security, criminal justice and the financing of "
        "terrorism.",
    )
    texts = [
        (border, "high", "Kenya should connect all border crossing points to INTERPOL databases."),
        (
            Theme.objects.get(slug="cft"),
            "medium",
            "Kenya should conduct a terrorism financing "
            "risk assessment covering the non-profit sector.",
        ),
        (
            Theme.objects.get(slug="criminal-justice"),
            "low",
            "Kenya should strengthen the capacity of prosecutors to use digital evidence.",
        ),
    ]
    for number, (theme, priority, text) in enumerate(texts, start=1):
        Recommendation.objects.create(
            assessment=assessment, number=number, theme=theme, priority=priority, text=text
        )
    project = Project.objects.create(
        code="UNODC-KEN-BM-01",
        title="Strengthening border management in East Africa",
        lead_organization=unodc,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        country_ids=[kenya.pk],
        theme_ids=[border.pk],
        entity_ids=[unodc.pk],
    )
    project.countries.set([kenya])
    project.themes.set([border])
    make_focal_point(
        "carla@test.example", {"acronym": "CTED"}, first_name="Carla", last_name="Cted"
    )
    make_focal_point(
        "amina@test.example", {"acronym": "UNODC"}, first_name="Amina", last_name="Osei"
    )
    make_focal_point("uma@test.example", {"iso3": "UGA"}, first_name="Uma")
    return assessment


def test_cted_opens_an_entity_takes_up_and_another_state_is_refused(
    live_server, page, screenshot, setting
):
    assessment = setting
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "carla@test.example")
    page.goto(f"{live_server.url}/assessments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CTED country assessments")
    screenshot("1-assessment-list")
    page.get_by_role("link", name="Kenya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya, 2024")
    expect(page.get_by_role("link", name="Add a recommendation")).to_be_visible()
    screenshot("2-assessment-detail-cted")

    sign_in(page, live_server, "amina@test.example")
    recommendation = assessment.recommendations.get(number=1)
    page.goto(f"{live_server.url}/assessments/recommendations/{recommendation.pk}/")
    expect(page.get_by_role("heading", name="Who could take it up")).to_be_visible()
    expect(page.get_by_text("UNODC-KEN-BM-01")).to_be_visible()
    screenshot("3-recommendation-synergies")
    page.get_by_role("link", name="Take it up").click()
    page.get_by_label("One of your entity's projects").select_option(
        label="UNODC-KEN-BM-01 — Strengthening border management in East Africa"
    )
    screenshot("4-take-up-form")
    page.get_by_role("button", name="Take it up").click()
    expect(page.get_by_text("Awaiting CTED confirmation")).to_be_visible()
    uptake = Uptake.objects.get()
    assert uptake.project.code == "UNODC-KEN-BM-01" and uptake.organization.acronym == "UNODC"

    sign_in(page, live_server, "carla@test.example")
    page.goto(f"{live_server.url}/assessments/recommendations/{recommendation.pk}/")
    page.get_by_role("button", name="Confirm this uptake").click()
    expect(page.get_by_text("Confirmed by CTED")).to_be_visible()
    screenshot("5-uptake-confirmed")
    page.goto(f"{live_server.url}/assessments/uptake/")
    expect(page.get_by_role("link", name="1/1")).to_be_visible()
    screenshot("6-uptake-table")

    sign_in(page, live_server, "uma@test.example")
    response = page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/assessments/recommendations/{recommendation.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/assessments/")
    expect(page.get_by_text("No assessment yet")).to_be_visible()
    screenshot("7-other-state-list")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "amina@test.example")
    page.goto(f"{live_server.url}/assessments/recommendations/")
    screenshot("8-recommendations-phone")


def test_a_state_asks_for_support_and_an_entity_answers(live_server, page, screenshot, setting):
    from entities.models import FocalPoint

    kenyan = make_focal_point("kofi@test.example", {"iso3": "KEN"}, first_name="Kofi")
    FocalPoint.objects.filter(user=kenyan).update(notification_frequency="immediate")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "kofi@test.example")
    page.goto(f"{live_server.url}/support-requests/")
    page.get_by_role("link", name="Ask for support").first.click()
    page.get_by_label("Title").fill("Border crossing points and INTERPOL databases")
    page.get_by_label("Border security and management").check()
    page.get_by_label("Description").fill("We ask for help connecting our land borders.")
    page.get_by_label("Urgent").check()
    screenshot("1-support-form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Border crossing points and INTERPOL databases"
    )
    expect(page.get_by_text("UNODC", exact=True)).to_be_visible()
    screenshot("2-support-request-posted")

    sign_in(page, live_server, "amina@test.example")
    page.goto(f"{live_server.url}/support-requests/")
    page.get_by_role("link", name="Border crossing points and INTERPOL databases").click()
    page.get_by_label("Your answer").fill("Our border programme can include your land borders.")
    page.get_by_label("Related project").select_option(
        label="UNODC-KEN-BM-01 — Strengthening border management in East Africa"
    )
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Our border programme can include your land borders.")).to_be_visible()

    sign_in(page, live_server, "kofi@test.example")
    page.goto(f"{live_server.url}/support-requests/")
    screenshot("3-support-list-answered")
    page.get_by_role("link", name="Border crossing points and INTERPOL databases").click()
    expect(page.get_by_text("Our border programme can include your land borders.")).to_be_visible()
    screenshot("4-support-request-answered")
