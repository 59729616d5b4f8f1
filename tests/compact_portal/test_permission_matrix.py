"""URL x role -> expected status. A new page without a check, or a check too loose, fails here.

Extend ROLES' expectations as pages land (one row per URL).
"""

import pytest

from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "secretariat",
    "group_editor",
    "entity",
    "state",
    "regional",
    "deactivated",
]

OK, LOGIN, NOT_FOUND = 200, 302, 404

# url: expected status per role, in the order of ROLES
MATRIX = {
    "/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/accounts/profile/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/accounts/sessions/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/admin/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/organization/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/accessrequest/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/invitation/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/workinggroups/groupeditor/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/compact_portal/authevent/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    # Privileges are not the Secretariat's to hand out.
    "/admin/auth/permission/": [LOGIN, NOT_FOUND, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
}


@pytest.fixture
def users(compact, settings, secretariat_user, entity_user, state_user, regional_user):
    settings.MFA_REQUIRED_FOR_STAFF = False  # MFA enforcement has tests of its own
    editor = make_focal_point("editor@test.example", {"acronym": "CTED"})
    designate_group_editor(WorkingGroup.objects.get(number=2), editor, actor=secretariat_user)
    deactivated = make_focal_point("gone@test.example", {"acronym": "UNODC"})
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    return {
        "anonymous": None,
        "secretariat": secretariat_user,
        "group_editor": editor,
        "entity": entity_user,
        "state": state_user,
        "regional": regional_user,
        "deactivated": deactivated,
    }


CASES = [
    (url, role, expected)
    for url, statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("url", "role", "expected"), CASES, ids=[f"{u}-{r}" for u, r, _ in CASES])
def test_permission_matrix(client, users, url, role, expected):
    user = users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected, f"{role} on {url}: {response.status_code}"
    if expected == LOGIN:
        assert "/login/" in response["Location"]
