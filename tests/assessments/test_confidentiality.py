"""Assessments and recommendations are seen only by Compact entities, the assessed State and the
Secretariat: every path is checked with another State's focal point and a regional one."""

import io

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import RequestFactory
from openpyxl import load_workbook

from assessments.models import Assessment, AssessmentFile, Recommendation, Uptake
from entities.models import Organization
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

SECRET_SUMMARY = "Zanzibarite"
SECRET_TEXT = "quokkafjord"


@pytest.fixture
def report(kenya_assessment, media_root):
    report = AssessmentFile(
        assessment=kenya_assessment,
        original_name="report.txt",
        content_type="text/plain; charset=utf-8",
        size=5,
        sha256="0" * 64,
    )
    report.file.save("report.txt", ContentFile(b"hello"), save=True)
    return report


@pytest.fixture
def uptake(kenya_assessment):
    return Uptake.objects.create(
        recommendation=kenya_assessment.recommendations.get(number=1),
        organization=Organization.objects.get(acronym="UNODC"),
        intention="UNODC will help.",
    )


@pytest.fixture(params=["other_state", "regional"])
def outsider(request, other_state_user, regional_user):
    return {"other_state": other_state_user, "regional": regional_user}[request.param]


def object_paths(assessment, report, uptake):
    recommendation = assessment.recommendations.get(number=1)
    return [
        ("get", f"/assessments/{assessment.pk}/"),
        ("get", f"/assessments/{assessment.pk}/edit/"),
        ("post", f"/assessments/{assessment.pk}/edit/"),
        ("get", f"/assessments/{assessment.pk}/recommendations/new/"),
        ("post", f"/assessments/{assessment.pk}/files/"),
        ("get", f"/assessments/files/{report.pk}/"),
        ("get", f"/assessments/recommendations/{recommendation.pk}/"),
        ("get", f"/assessments/recommendations/{recommendation.pk}/edit/"),
        ("post", f"/assessments/recommendations/{recommendation.pk}/status/"),
        ("get", f"/assessments/recommendations/{recommendation.pk}/take-up/"),
        ("post", f"/assessments/recommendations/{recommendation.pk}/take-up/"),
        ("post", f"/assessments/uptakes/{uptake.pk}/confirm/"),
    ]


def test_every_object_path_answers_404_to_outsiders(
    client, outsider, kenya_assessment, report, uptake
):
    client.force_login(outsider)
    for method, path in object_paths(kenya_assessment, report, uptake):
        response = getattr(client, method)(path)
        assert response.status_code == 404, (method, path, response.status_code)


def test_missing_objects_answer_404_like_forbidden_ones(client, entity_user):
    client.force_login(entity_user)
    for path in ["/assessments/999999/", "/assessments/recommendations/999999/"]:
        assert client.get(path).status_code == 404


def test_the_assessed_state_entities_and_secretariat_see_the_assessment(
    client, state_user, entity_user, secretariat_user, kenya_assessment, report
):
    recommendation = kenya_assessment.recommendations.get(number=1)
    for user in (state_user, entity_user, secretariat_user):
        client.force_login(user)
        response = client.get(f"/assessments/{kenya_assessment.pk}/")
        assert response.status_code == 200
        assert SECRET_SUMMARY in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert client.get(f"/assessments/recommendations/{recommendation.pk}/").status_code == 200
        download = client.get(f"/assessments/files/{report.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"hello"


def test_lists_and_search_leave_out_another_states_assessments(
    client, other_state_user, kenya_assessment, uganda_assessment
):
    client.force_login(other_state_user)
    page = client.get("/assessments/").content.decode()
    assert "Kenya" not in page
    assert "Uganda" in page
    assert 'data-result-count="1"' in page
    assert (
        'data-result-count="0"' in client.get(f"/assessments/?q={SECRET_SUMMARY}").content.decode()
    )
    recommendations = client.get("/assessments/recommendations/").content.decode()
    assert SECRET_TEXT not in recommendations and "KEN-2023" not in recommendations
    assert 'data-result-count="1"' in recommendations
    found = client.get(f"/assessments/recommendations/?q={SECRET_TEXT}").content.decode()
    assert 'data-result-count="0"' in found
    # Even a filter naming Kenya finds nothing (Kenya is not among the choices).
    filtered = client.get("/assessments/recommendations/?state=KEN").content.decode()
    assert SECRET_TEXT not in filtered


def test_the_regional_organization_has_no_assessment_pages(client, regional_user, kenya_assessment):
    client.force_login(regional_user)
    for path in [
        "/assessments/",
        "/assessments/recommendations/",
        "/assessments/uptake/",
        "/assessments/export/?format=csv",
        "/assessments/recommendations/export/?format=xlsx",
        "/assessments/new/",
    ]:
        assert client.get(path).status_code == 404, path


def test_the_uptake_table_counts_only_what_the_viewer_may_see(
    client, other_state_user, kenya_assessment, uganda_assessment
):
    client.force_login(other_state_user)
    response = client.get("/assessments/uptake/")
    table = response.context["table"]
    assert [row["iso3"] for row in table["rows"]] == ["UGA"]
    assert table["total"] == 1
    assert "Kenya" not in response.content.decode()


def test_exports_hold_only_visible_rows(
    client, other_state_user, entity_user, kenya_assessment, uganda_assessment
):
    client.force_login(other_state_user)
    csv_text = client.get("/assessments/export/?format=csv").content.decode()
    assert "Uganda" in csv_text and "Kenya" not in csv_text
    recommendations_csv = client.get(
        "/assessments/recommendations/export/?format=csv"
    ).content.decode()
    assert "Uganda should do more" in recommendations_csv and SECRET_TEXT not in recommendations_csv
    workbook = load_workbook(
        io.BytesIO(client.get("/assessments/export/?format=xlsx").content), read_only=True
    )
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "Uganda" in cells and "Kenya" not in cells

    client.force_login(entity_user)
    csv_text = client.get("/assessments/export/?format=csv").content.decode()
    assert "Uganda" in csv_text and "Kenya" in csv_text


def render_panels(user, organization):
    request = RequestFactory().get("/member-states/KEN/")
    request.user = user
    template = Template(
        "{% load assessment_tags %}[{% state_assessments organization %}]"
        "[{% state_support_requests organization %}]"
    )
    return template.render(Context({"request": request, "organization": organization}))


def test_member_state_page_panels_render_nothing_for_outsiders(outsider, kenya_assessment, kenya):
    from assessments.actions import post_support_request
    from entities.models import Theme, User

    kenyan = (
        User.objects.get(email="state@test.example")
        if User.objects.filter(email="state@test.example").exists()
        else make_focal_point("kenyan@test.example", {"iso3": "KEN"})
    )
    post_support_request(
        state=kenya,
        title="Help",
        themes=[Theme.objects.get(slug="cft")],
        description="Please.",
        urgency="routine",
        actor=kenyan,
    )
    assert render_panels(outsider, kenya) == "[][]"


def test_member_state_page_panels_show_the_state_its_assessments(
    state_user, entity_user, kenya_assessment, kenya
):
    own = render_panels(state_user, kenya)
    assert "CTED assessments and recommendations" in own
    assert f"/assessments/{kenya_assessment.pk}/" in own
    assert f"/assessments/{kenya_assessment.pk}/" in render_panels(entity_user, kenya)


@pytest.mark.parametrize("kind", ["anonymous", "inactive", "no_profile"])
def test_querysets_are_empty_for_people_without_a_focal_point_role(kind, kenya_assessment):
    from django.contrib.auth.models import AnonymousUser

    from entities.models import User

    if kind == "anonymous":
        user = AnonymousUser()
    elif kind == "inactive":
        user = make_focal_point("off@test.example", {"acronym": "UNODC"}, is_active=False)
    else:
        user = User.objects.create_user("bare@test.example", "x" * 20)
    assert not Assessment.objects.visible_to(user).exists()
    assert not Recommendation.objects.visible_to(user).exists()
    assert not Uptake.objects.visible_to(user).exists()


def test_report_files_are_served_as_attachments_with_strict_headers(client, entity_user, report):
    client.force_login(entity_user)
    response = client.get(f"/assessments/files/{report.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "no-store" in response["Cache-Control"]


def test_each_confidential_read_is_logged(client, entity_user, kenya_assessment, caplog):
    client.force_login(entity_user)
    with caplog.at_level("INFO", logger="portal.audit"):
        client.get(f"/assessments/{kenya_assessment.pk}/")
    assert f"assessment {kenya_assessment.pk} read by user {entity_user.pk}" in caplog.text
