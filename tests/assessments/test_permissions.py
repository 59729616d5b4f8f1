"""URL x role for the assessment and support-request pages (the rows proposed for the shared
permission matrix, checked here with the same cast)."""

import pytest

from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "secretariat", "group_editor", "entity", "state", "regional", "deactivated"]
OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

MATRIX = {
    "/assessments/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/?state=KEN&type=comprehensive&year=2023": [
        LOGIN,
        OK,
        OK,
        OK,
        OK,
        NOT_FOUND,
        LOGIN,
    ],
    "/assessments/export/?format=csv": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/export/?format=xlsx": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/new/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN],
    "/assessments/recommendations/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/recommendations/export/?format=csv": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/uptake/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/assessments/recommendations/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/support-requests/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/support-requests/new/": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, LOGIN],
    "/support-requests/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
}
# Kenya's assessment: everyone signed in but the regional organization.
KENYA = {
    "detail": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "edit": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN],
    "recommendation": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "take_up": [LOGIN, OK, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, LOGIN],  # UNOCT takes up; CTED not
}


@pytest.fixture
def users(compact, secretariat_user, entity_user, state_user, regional_user):
    editor = make_focal_point("editor@test.example", {"acronym": "CTED"})
    designate_group_editor(WorkingGroup.objects.get(number=2), editor, actor=secretariat_user)
    deactivated = make_focal_point("gone@test.example", {"acronym": "UNODC"})
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    return dict(
        zip(
            ROLES,
            [None, secretariat_user, editor, entity_user, state_user, regional_user, deactivated],
            strict=True,
        )
    )


CASES = [
    (url, role, status)
    for url, row in MATRIX.items()
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("url", "role", "expected"), CASES, ids=[f"{u}-{r}" for u, r, _ in CASES])
def test_permission_matrix(client, users, url, role, expected):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == expected, f"{role} on {url}: {response.status_code}"


@pytest.mark.parametrize("page", list(KENYA))
@pytest.mark.parametrize("role", ROLES)
def test_kenya_assessment_pages(client, users, kenya_assessment, page, role):
    recommendation = kenya_assessment.recommendations.get(number=1)
    url = {
        "detail": f"/assessments/{kenya_assessment.pk}/",
        "edit": f"/assessments/{kenya_assessment.pk}/edit/",
        "recommendation": f"/assessments/recommendations/{recommendation.pk}/",
        "take_up": f"/assessments/recommendations/{recommendation.pk}/take-up/",
    }[page]
    if users[role] is not None:
        client.force_login(users[role])
    expected = KENYA[page][ROLES.index(role)]
    assert client.get(url).status_code == expected
