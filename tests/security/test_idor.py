"""Object URLs refuse people who may not see (404) or change (403 or 404) the object.

Every URL pattern with an object id, slug or token in it is either a case below or in
`NOT_APPLICABLE` with the reason; a new object URL that is neither fails
`test_every_object_url_is_covered`. The permission matrix
(tests/compact_portal/test_permission_matrix.py) covers the pages without an object.
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.compact_portal.test_login_required import walk

pytestmark = pytest.mark.django_db

HIDDEN = (404,)  # the user may not know the object exists
DENIED = (403, 404)  # the user may see it but not change it (or not see it at all)

G2 = "/working-groups/{wg2}/"
G3 = "/working-groups/{wg3}/"

# url name: [(url template, intruder, method, allowed statuses)]
IDOR = {
    # library: a Secretariat-only document and its files
    "library:detail": [("/library/{secret_doc}/", "state", "get", HIDDEN)],
    "library:edit": [
        ("/library/{secret_doc}/edit/", "entity", "get", HIDDEN),
        ("/library/{doc}/edit/", "state", "post", DENIED),
    ],
    "library:add_version": [("/library/{secret_doc}/files/new/", "regional", "get", HIDDEN)],
    "library:download": [("/library/files/{secret_file}/download/", "state", "get", HIDDEN)],
    "library:inline": [("/library/files/{secret_file}/inline/", "state", "get", HIDDEN)],
    "newsletter_detail": [("/library/newsletters/{newsletter}/", "state", "get", HIDDEN)],
    "newsletter_edit": [("/library/newsletters/{newsletter}/edit/", "editor", "get", DENIED)],
    "newsletter_publish": [
        ("/library/newsletters/{newsletter}/publish/", "entity", "post", DENIED)
    ],
    # organizations: another State's, another organization's profile
    "entity_edit": [("/entities/unodc/edit/", "editor", "post", DENIED)],
    "member_state_edit": [("/member-states/UGA/edit/", "state", "post", DENIED)],
    "regional_edit": [("/regional-organizations/osce/edit/", "regional", "post", DENIED)],
    # directory upkeep is the Secretariat's
    "directory_unconfirmed_deactivate": [
        ("/directory/unconfirmed/{person}/deactivate/", "entity", "post", HIDDEN)
    ],
    "directory_unconfirmed_still_active": [
        ("/directory/unconfirmed/{person}/still-active/", "regional", "post", HIDDEN)
    ],
    "confirm_focal_point": [("/directory/confirm/forged-token/", "state", "get", HIDDEN)],
    # group spaces: another group's editor, directly and through their own group's URL
    "workinggroups:edit": [(G2 + "edit/", "other_editor", "post", DENIED)],
    "workinggroups:announcement_new": [(G2 + "announcements/new/", "other_editor", "post", DENIED)],
    "workinggroups:announcement_edit": [
        (G2 + "announcements/{announcement}/edit/", "other_editor", "post", DENIED),
        (G3 + "announcements/{announcement}/edit/", "other_editor", "get", HIDDEN),
    ],
    "workinggroups:announcement_delete": [
        (G3 + "announcements/{announcement}/delete/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:section_new": [(G2 + "sections/new/", "other_editor", "post", DENIED)],
    "workinggroups:section_edit": [
        (G2 + "sections/{section}/edit/", "other_editor", "get", DENIED),
        (G3 + "sections/{section}/edit/", "other_editor", "get", HIDDEN),
    ],
    "workinggroups:section_delete": [
        (G3 + "sections/{section}/delete/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:section_move": [
        (G3 + "sections/{section}/move/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:section_visibility": [
        (G3 + "sections/{section}/visibility/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:documents": [(G2 + "documents/", "state", "get", DENIED)],
    "workinggroups:document_feature": [(G2 + "documents/feature/", "entity", "post", DENIED)],
    "workinggroups:document_move": [
        (G3 + "documents/{featured}/move/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:document_unfeature": [
        (G3 + "documents/{featured}/remove/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:meeting_new": [(G2 + "meetings/new/", "other_editor", "get", DENIED)],
    "workinggroups:meeting_detail": [(G3 + "meetings/{meeting}/", "other_editor", "get", HIDDEN)],
    "workinggroups:meeting_edit": [
        (G2 + "meetings/{meeting}/edit/", "other_editor", "get", DENIED),
        (G3 + "meetings/{meeting}/edit/", "other_editor", "get", HIDDEN),
    ],
    "workinggroups:meeting_delete": [
        (G3 + "meetings/{meeting}/delete/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:decision_new": [
        (G3 + "meetings/{meeting}/decisions/new/", "other_editor", "get", HIDDEN)
    ],
    "workinggroups:decision_edit": [
        (G3 + "decisions/{decision}/edit/", "other_editor", "get", HIDDEN)
    ],
    "workinggroups:decision_delete": [
        (G3 + "decisions/{decision}/delete/", "other_editor", "post", HIDDEN)
    ],
    "workinggroups:action_new": [
        (G3 + "meetings/{meeting}/actions/new/", "other_editor", "get", HIDDEN)
    ],
    "workinggroups:action_edit": [(G3 + "actions/{action}/edit/", "other_editor", "get", HIDDEN)],
    "workinggroups:action_delete": [
        (G3 + "actions/{action}/delete/", "other_editor", "post", HIDDEN)
    ],
    # discussions of a group a Member State's focal point does not see
    "discussions:group_list": [(G2 + "discussions/", "state", "get", HIDDEN)],
    "discussions:group_new": [(G2 + "discussions/new/", "regional", "get", HIDDEN)],
    "discussions:group_thread": [
        (G2 + "discussions/{thread}/", "state", "get", HIDDEN),
        (G3 + "discussions/{thread}/", "entity", "get", HIDDEN),
    ],
    "discussions:collaboration_thread": [("/collaboration/{thread}/", "entity", "get", HIDDEN)],
    "discussions:follow": [("/discussions/{thread}/follow/", "state", "post", HIDDEN)],
    "discussions:moderate_thread": [
        ("/discussions/{thread}/moderate/", "state", "post", HIDDEN),
        ("/discussions/{thread}/moderate/", "entity", "post", DENIED),
    ],
    "discussions:edit_post": [
        ("/discussions/posts/{post}/edit/", "state", "get", HIDDEN),
        ("/discussions/posts/{post}/edit/", "entity", "get", DENIED),
    ],
    "discussions:moderate_post": [
        ("/discussions/posts/{post}/moderate/", "entity", "post", DENIED)
    ],
    # progress reports and the annual report
    "reports:group_reports": [(G3 + "reports/{report}/", "state", "get", HIDDEN)],
    "reports:detail": [
        (G2 + "reports/{draft_report}/", "state", "get", HIDDEN),
        (G3 + "reports/{report}/", "secretariat", "get", HIDDEN),
    ],
    "reports:new": [(G2 + "reports/new/", "other_editor", "post", DENIED)],
    "reports:edit": [(G2 + "reports/{draft_report}/edit/", "other_editor", "post", DENIED)],
    "reports:delete": [(G2 + "reports/{draft_report}/delete/", "other_editor", "post", DENIED)],
    "reports:submit": [(G2 + "reports/{draft_report}/submit/", "entity", "post", DENIED)],
    "reports:return": [(G2 + "reports/{report}/return/", "editor", "post", DENIED)],
    "reports:annual_edit": [("/annual-report/{year}/edit/", "editor", "post", DENIED)],
    "reports:annual_publish": [("/annual-report/{year}/publish/", "editor", "post", DENIED)],
    # joint planning: another group's editor
    "planning:activity_create": [
        ("/planning/groups/{wg2}/activities/new/", "other_editor", "post", DENIED)
    ],
    "planning:activity_edit": [
        ("/planning/activities/{activity}/edit/", "other_editor", "post", DENIED)
    ],
    "planning:activity_delete": [
        ("/planning/activities/{activity}/delete/", "other_editor", "post", DENIED)
    ],
    # calendar
    "calendar_app:edit": [("/calendar/events/{event}/edit/", "other_editor", "post", DENIED)],
    "calendar_app:cancel": [("/calendar/events/{event}/cancel/", "state", "post", DENIED)],
    "calendar_app:occurrence": [("/calendar/events/{event}/occurrence/", "state", "post", DENIED)],
    "calendar_app:attendees": [
        ("/calendar/events/{secret_event}/attendees/", "state", "get", HIDDEN)
    ],
    "calendar_app:detail": [("/calendar/events/{secret_event}/", "state", "get", HIDDEN)],
    "calendar_app:event_ics": [("/calendar/events/{secret_event}.ics", "regional", "get", HIDDEN)],
    "calendar_app:attendance": [
        ("/calendar/events/{secret_event}/attendance/", "state", "post", HIDDEN)
    ],
    "calendar_app:revoke_feed": [("/calendar/feeds/{feed}/revoke/", "regional", "post", HIDDEN)],
    "calendar_app:feed": [("/calendar/feed/forged-token.ics", "anonymous", "get", HIDDEN)],
    # projects
    "projects:edit": [("/projects/{project}/edit/", "state", "post", DENIED)],
    "projects:delete": [("/projects/{project}/delete/", "state", "post", DENIED)],
    "projects:verdict": [("/projects/{project}/verdicts/", "state", "post", DENIED)],
    # the appeal
    "appeal:cycle_edit": [("/appeal/{cycle}/edit/", "entity", "post", DENIED)],
    "appeal:contribution_new": [("/appeal/{cycle}/contributions/new/", "state", "post", DENIED)],
    "appeal:contribution_edit": [
        ("/appeal/contributions/{contribution}/edit/", "state", "post", DENIED)
    ],
    "appeal:propose": [("/appeal/{cycle}/propose/", "state", "post", DENIED)],
    "appeal:entry_decide": [("/appeal/projects/{entry}/decide/", "entity", "post", DENIED)],
    "appeal:entry_edit": [("/appeal/projects/{entry}/edit/", "state", "post", DENIED)],
    "appeal:entry_submit": [("/appeal/projects/{entry}/submit/", "state", "post", DENIED)],
    "appeal:interest_withdraw": [
        ("/appeal/interests/{interest}/withdraw/", "regional", "post", DENIED)
    ],
    # CTED assessments: Kenya's, seen by another State and a regional organization
    "assessments:detail": [
        ("/assessments/{assessment}/", "other_state", "get", HIDDEN),
        ("/assessments/{assessment}/", "regional", "get", HIDDEN),
    ],
    "assessments:edit": [
        ("/assessments/{assessment}/edit/", "other_state", "get", HIDDEN),
        ("/assessments/{assessment}/edit/", "state", "post", DENIED),
    ],
    "assessments:file_upload": [
        ("/assessments/{assessment}/files/", "other_state", "post", HIDDEN)
    ],
    "assessments:file_download": [
        ("/assessments/files/{assessment_file}/", "other_state", "get", HIDDEN),
        ("/assessments/files/{assessment_file}/", "regional", "get", HIDDEN),
    ],
    "assessments:recommendation_new": [
        ("/assessments/{assessment}/recommendations/new/", "other_state", "get", HIDDEN)
    ],
    "assessments:recommendation_detail": [
        ("/assessments/recommendations/{recommendation}/", "other_state", "get", HIDDEN)
    ],
    "assessments:recommendation_edit": [
        ("/assessments/recommendations/{recommendation}/edit/", "other_state", "post", HIDDEN)
    ],
    "assessments:recommendation_status": [
        ("/assessments/recommendations/{recommendation}/status/", "other_state", "post", HIDDEN)
    ],
    "assessments:take_up": [
        ("/assessments/recommendations/{recommendation}/take-up/", "other_state", "post", HIDDEN)
    ],
    "assessments:uptake_confirm": [
        ("/assessments/uptakes/{uptake}/confirm/", "other_state", "post", HIDDEN)
    ],
    "assessments:support_detail": [("/support-requests/{support}/", "other_state", "get", HIDDEN)],
    "assessments:support_close": [
        ("/support-requests/{support}/close/", "other_state", "post", HIDDEN)
    ],
    "assessments:support_respond": [
        ("/support-requests/{support}/respond/", "other_state", "post", HIDDEN)
    ],
    # notifications: someone else's
    "notifications:open": [("/notifications/{notification}/open/", "state", "get", HIDDEN)],
    "notifications:unsubscribe": [
        ("/notifications/unsubscribe/forged/", "anonymous", "get", (400, 404))
    ],
}

# Object URLs with nothing to hide from a signed-in focal point, and why.
NOT_APPLICABLE = {
    "accept_invitation": "a one-time token is the credential (tests/entities/test_onboarding.py)",
    "organization_detail": "organization pages are open to every focal point",
    "member_state_detail": "Member State pages are open to every focal point",
    "member_state_history": "profile history is open to every focal point",
    "regional_detail": "organization pages are open to every focal point",
    "regional_history": "profile history is open to every focal point",
    "workinggroups:detail": "group spaces are open to every focal point (sections filtered)",
    "workinggroups:history": "open to every focal point",
    "group_activity": "open to every focal point; items filtered by visible_to",
    "entity_activity": "open to every focal point; items filtered by visible_to",
    "member_state_activity": "open to every focal point; items filtered by visible_to",
    "regional_activity": "open to every focal point; items filtered by visible_to",
    "person_detail": "active people are listed in the directory (deactivated: permission matrix)",
    "person_contact": "any focal point may write to any other (rate-limited)",
    "person_vcard": "as the person page; hidden fields tested in tests/entities",
    "focal_point_photo": "photos are shown to every signed-in focal point",
    "reports:annual_detail": "published annual reports are open; an unknown year is a 404 (matrix)",
    "reports:annual_docx": "as the annual report page",
    "appeal:cycle_detail": "open to every focal point",
    "appeal:contribution_list": "open; amounts filtered (tests/appeal/…confidentiality.py)",
    "appeal:dashboard": "open to every focal point",
    "appeal:dashboard_export": "open to every focal point",
    "appeal:dashboard_by_period": "open to every focal point",
    "appeal:entry_detail": "open to every focal point",
    "appeal:express_interest": "any focal point may express interest",
    "planning:activity_detail": "open to every focal point",
    "projects:detail": "open to every focal point",
}


def object_routes():
    for name, route in set(walk(get_resolver().url_patterns)):
        if "<" in route and not route.startswith(("admin/", "accounts/", "static/")):
            yield name, route


def test_every_object_url_is_covered():
    names = {name for name, _ in object_routes()}
    missing = sorted(names - set(IDOR) - set(NOT_APPLICABLE))
    assert not missing, (
        f"object URLs without an IDOR case in tests/security/test_idor.py: {missing}"
    )
    assert not set(IDOR) & set(NOT_APPLICABLE)


CASES = [(name, *case) for name, cases in IDOR.items() for case in cases]


@pytest.mark.parametrize(
    ("name", "url", "role", "method", "allowed"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES],
)
def test_an_intruder_is_refused(world, name, url, role, method, allowed):
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
    path = url.format(**world["ids"])
    send = client.post if method == "post" else client.get
    response = send(path, {"title": "intruder", "action": "delete", "status": "done"})
    assert response.status_code in allowed, f"{role} {method} {path}: {response.status_code}"
