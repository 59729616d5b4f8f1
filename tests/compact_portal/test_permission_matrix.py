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

OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

WG2 = "/working-groups/border-management-law-enforcement/"
WG3 = "/working-groups/emerging-threats-critical-infrastructure/"

# url: expected status per role, in the order of ROLES
MATRIX = {
    # the public landing page for visitors (and deactivated accounts); the home page once signed in
    "/": [OK] * 7,
    "/numbers/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/activity/my-groups/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/search/?q=kenya": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/search/?q=%27%20OR%201%3D1%20--": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/notifications/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/notifications/preferences/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/notifications/999999/open/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/notifications/unsubscribe/bad/": [400] * 7,
    "/i18n/setlang/": [405] * 7,
    "/audit/": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
    "/audit/export/?format=csv": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
    "/exports/": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
    "/exports/library/?format=csv": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
    "/exports/events/?format=xlsx": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
    WG2 + "activity/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/entities/unodc/activity/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/member-states/KEN/activity/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/regional-organizations/au/activity/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/accounts/profile/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/accounts/sessions/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/admin/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/organization/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/accessrequest/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/entities/invitation/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/workinggroups/groupeditor/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/admin/compact_portal/authevent/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    "/directory/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/directory/?q=kenia&country=KEN": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/directory/export/?format=csv": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/directory/export/?format=xlsx": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/directory/network/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/library/new/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/library/subscriptions/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/library/newsletters/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/library/newsletters/new/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/directory/unconfirmed/": [LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN],
    "/accounts/profile/alternate/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/entities/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/entities/unodc/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/entities/unodc/edit/": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "/entities/no-such-entity/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/member-states/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/member-states/KEN/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/member-states/KEN/history/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/member-states/KEN/edit/": [LOGIN, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, LOGIN],
    "/member-states/UGA/edit/": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    "/member-states/XXX/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/regional-organizations/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/regional-organizations/au/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/regional-organizations/au/history/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/regional-organizations/au/edit/": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, LOGIN],
    "/regional-organizations/osce/edit/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    # Working Group spaces and the Coordination Committee
    "/working-groups/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/coordination-committee/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    WG2: [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    WG2 + "history/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    WG2 + "edit/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    WG2 + "announcements/new/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    WG2 + "documents/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    WG2 + "meetings/new/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    WG3 + "edit/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/working-groups/coordination-committee/meetings/new/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/working-groups/no-such-group/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/admin/workinggroups/announcement/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    # Discussions
    "/collaboration/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/collaboration/new/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    WG2 + "discussions/": [LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND, LOGIN],
    WG2 + "discussions/new/": [LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND, LOGIN],
    "/working-groups/no-such-group/discussions/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/discussions/people/?q=ke": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/discussions/documents/?q=report": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/admin/workinggroups/thread/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    # Joint planning
    "/planning/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/planning/activities/?format=xlsx": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/planning/matrix/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/planning/timeline/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/planning/groups/border-management-law-enforcement/activities/new/": [LOGIN, OK, OK]
    + [FORBIDDEN] * 3
    + [LOGIN],
    "/planning/groups/emerging-threats-critical-infrastructure/activities/new/": [LOGIN, OK]
    + [FORBIDDEN] * 4
    + [LOGIN],
    "/admin/workinggroups/activity/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    # Progress reports and the annual report
    WG2 + "reports/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    WG2 + "reports/new/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN],
    WG3 + "reports/new/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    WG2 + "reports/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/annual-report/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/annual-report/2010/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/admin/workinggroups/progressreport/": [LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN],
    # Calendar
    "/calendar/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/calendar/events/new/": [LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN, LOGIN],
    "/calendar/feed/not-a-token.ics": [NOT_FOUND] * 7,
    # Projects
    "/projects/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/projects/matrix/?rows=entity&columns=pillar": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/projects/charts/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/projects/export/?format=csv": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/projects/new/": [LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN, LOGIN],
    "/projects/import/": [LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN, LOGIN],
    "/projects/overlaps/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/projects/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    # CTED assessments (confidential) and support requests
    "/assessments/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/export/?format=csv": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/recommendations/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/uptake/": [LOGIN, OK, OK, OK, OK, NOT_FOUND, LOGIN],
    "/assessments/new/": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN],
    "/assessments/999999/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/support-requests/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/support-requests/new/": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, LOGIN],
    # The Multi-Year Appeal
    "/appeal/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/appeal/opportunities/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/appeal/interests/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/appeal/cycles/new/": [LOGIN, OK] + [FORBIDDEN] * 4 + [LOGIN],
    "/appeal/audit/": [LOGIN, OK] + [NOT_FOUND] * 4 + [LOGIN],
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


@pytest.mark.parametrize("role", ROLES)
def test_person_pages_show_active_people_only(client, users, role):
    from entities.models import FocalPoint

    active = FocalPoint.objects.get(user__email="entity@test.example").pk
    gone = FocalPoint.objects.get(user__email="gone@test.example").pk
    user = users[role]
    if user is not None:
        client.force_login(user)
    signed_in = role not in ("anonymous", "deactivated")
    assert client.get(f"/directory/people/{active}/").status_code == (OK if signed_in else LOGIN)
    assert client.get(f"/directory/people/{gone}/").status_code == (
        NOT_FOUND if signed_in else LOGIN
    )
