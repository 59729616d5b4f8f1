"""CTED focal points and the Secretariat create and edit; others read (403 on change pages)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, AssessmentFile, Recommendation
from entities.models import Organization, Theme

pytestmark = pytest.mark.django_db


def test_cted_creates_an_assessment_and_adds_numbered_recommendations(client, cted_user, kenya):
    client.force_login(cted_user)
    assert client.get("/assessments/new/").status_code == 200
    response = client.post(
        "/assessments/new/",
        {
            "state": kenya.pk,
            "assessment_type": "focused",
            "starts_on": "2025-03-03",
            "ends_on": "2025-03-06",
            "status": "conducted",
            "summary": "Focused on border security.",
        },
    )
    assessment = Assessment.objects.get(state=kenya, assessment_type="focused")
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/"
    theme = Theme.objects.get(slug="cft")
    for text in ["First recommendation.", "Second recommendation."]:
        response = client.post(
            f"/assessments/{assessment.pk}/recommendations/new/",
            {"theme": theme.pk, "priority": "high", "text": text, "status": "unaddressed"},
        )
        assert response.status_code == 302
    numbers = list(assessment.recommendations.order_by("number").values_list("number", "text"))
    assert numbers == [(1, "First recommendation."), (2, "Second recommendation.")]
    assert assessment.recommendations.get(number=2).reference == "KEN-2025-02"


def test_assessment_form_errors_are_shown_not_500(client, cted_user, kenya):
    client.force_login(cted_user)
    response = client.post(
        "/assessments/new/",
        {
            "state": kenya.pk,
            "assessment_type": "nope",
            "starts_on": "2025-03-03",
            "ends_on": "2025-03-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"assessment_type", "ends_on"}
    assert not Assessment.objects.exists()


def test_entities_and_the_state_read_but_may_not_change(
    client, entity_user, state_user, kenya_assessment
):
    recommendation = kenya_assessment.recommendations.get(number=1)
    for user in (entity_user, state_user):
        client.force_login(user)
        assert client.get("/assessments/new/").status_code == 403
        assert client.get(f"/assessments/{kenya_assessment.pk}/edit/").status_code == 403
        assert (
            client.get(f"/assessments/{kenya_assessment.pk}/recommendations/new/").status_code
            == 403
        )
        assert (
            client.post(
                f"/assessments/recommendations/{recommendation.pk}/status/", {"status": "funded"}
            ).status_code
            == 403
        )
    recommendation.refresh_from_db()
    assert recommendation.status == "unaddressed"


def test_status_changes_are_kept_in_the_history_with_who(client, cted_user, kenya_assessment):
    recommendation = kenya_assessment.recommendations.get(number=1)
    client.force_login(cted_user)
    for status in ["planned", "funded", "in_implementation"]:
        response = client.post(
            f"/assessments/recommendations/{recommendation.pk}/status/", {"status": status}
        )
        assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "in_implementation"
    records = list(recommendation.history.order_by("history_date"))
    assert [r.status for r in records][-3:] == ["planned", "funded", "in_implementation"]
    assert records[-1].history_user == cted_user
    page = client.get(f"/assessments/recommendations/{recommendation.pk}/").content.decode()
    assert "In implementation" in page and "changed: status" in page


def test_unknown_status_is_a_400(client, cted_user, kenya_assessment):
    recommendation = kenya_assessment.recommendations.get(number=1)
    client.force_login(cted_user)
    response = client.post(
        f"/assessments/recommendations/{recommendation.pk}/status/", {"status": "done!"}
    )
    assert response.status_code == 400


def test_secretariat_edits_an_assessment(client, secretariat_user, kenya_assessment):
    client.force_login(secretariat_user)
    response = client.post(
        f"/assessments/{kenya_assessment.pk}/edit/",
        {
            "state": kenya_assessment.state_id,
            "assessment_type": "comprehensive",
            "starts_on": "2023-05-08",
            "ends_on": "2023-05-12",
            "status": "followed_up",
            "summary": "Updated.",
        },
    )
    assert response.status_code == 302
    kenya_assessment.refresh_from_db()
    assert kenya_assessment.status == "followed_up"
    assert kenya_assessment.history.first().history_user == secretariat_user


def test_report_upload_refuses_programs_and_accepts_a_pdf(
    client, cted_user, kenya_assessment, media_root
):
    client.force_login(cted_user)
    bad = SimpleUploadedFile("report.pdf", b"MZ" + b"\0" * 300)
    client.post(f"/assessments/{kenya_assessment.pk}/files/", {"file": bad})
    assert not AssessmentFile.objects.exists()
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(
        f"/assessments/{kenya_assessment.pk}/files/", {"file": pdf, "title": "Final report"}
    )
    assert response.status_code == 302
    report = AssessmentFile.objects.get()
    assert report.content_type == "application/pdf"
    assert not report.file.name.endswith("report.pdf")  # a random name on disk
    assert report.file.name.startswith("assessments/")


def test_filters_by_state_type_year_status(
    client, entity_user, kenya_assessment, uganda_assessment
):
    client.force_login(entity_user)

    def count(query):
        return client.get(f"/assessments/?{query}").context["page_obj"].paginator.count

    assert count("") == 2
    assert count("state=KEN") == 1
    assert count("type=follow_up") == 1
    assert count("year=2023") == 1
    assert count("status=conducted") == 1
    assert count("year=abc") == 2  # a bad value is an error on the form, not a 500


def test_recommendation_filters(client, entity_user, kenya_assessment, uganda_assessment):
    client.force_login(entity_user)

    def count(query):
        response = client.get(f"/assessments/recommendations/?{query}")
        assert response.status_code == 200
        return response.context["page_obj"].paginator.count

    assert count("") == 3
    assert count("state=KEN") == 2
    assert count("theme=cft") == 1
    assert count("priority=high") == 1
    assert count("status=planned") == 1
    assert count("coverage=uncovered") == 3
    assert count("coverage=covered") == 0
    assert count("sort=priority") == 3
    assert count("theme=no-such-theme&sort=bogus") == 3


def test_htmx_requests_get_only_the_results(client, entity_user, kenya_assessment):
    client.force_login(entity_user)
    response = client.get("/assessments/recommendations/?state=KEN", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "data-result-count" in body


def make_many(count):
    theme = Theme.objects.get(slug="cft")
    states = list(Organization.objects.filter(kind="member_state").order_by("iso3")[:count])
    for index, state in enumerate(states):
        assessment = Assessment.objects.create(
            state=state, assessment_type="focused", starts_on=datetime.date(2020 + index % 5, 1, 1)
        )
        Recommendation.objects.bulk_create(
            [
                Recommendation(assessment=assessment, number=n, theme=theme, text="x")
                for n in range(1, 6)
            ]
        )


@pytest.mark.parametrize(
    "path",
    [
        "/assessments/",
        "/assessments/?type=focused&year=2021",
        "/assessments/recommendations/",
        "/assessments/recommendations/?coverage=uncovered&sort=priority",
        "/assessments/uptake/",
    ],
)
def test_list_pages_have_a_bounded_number_of_queries(
    client, entity_user, path, django_assert_max_num_queries
):
    make_many(12)
    client.force_login(entity_user)
    client.get(path)  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(path)
    assert response.status_code == 200


def test_detail_pages_have_a_bounded_number_of_queries(
    client, cted_user, kenya_assessment, django_assert_max_num_queries
):
    client.force_login(cted_user)
    recommendation = kenya_assessment.recommendations.get(number=1)
    client.get("/assessments/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/assessments/{kenya_assessment.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/assessments/recommendations/{recommendation.pk}/").status_code == 200


PARAMS = ["q", "state", "type", "year", "status", "theme", "priority", "coverage", "sort", "page"]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.sampled_from(PARAMS),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
        max_size=5,
    ),
    path=st.sampled_from(
        [
            "/assessments/",
            "/assessments/recommendations/",
            "/assessments/export/",
            "/assessments/recommendations/export/",
            "/support-requests/",
        ]
    ),
)
def test_malformed_filters_never_answer_500(client, entity_user, kenya_assessment, query, path):
    client.force_login(entity_user)
    response = client.get(path, query)
    assert response.status_code in (200, 400)
