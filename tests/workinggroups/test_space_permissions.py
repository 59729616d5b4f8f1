"""Every edit endpoint of a group space, for every kind of user.

anonymous → sent to sign in; a plain focal point (even of a leading organization) → 403; the
editor of another group → 403; the group's editor and the Secretariat → allowed. A refused POST
changes nothing (the group's edit history does not grow).
"""

import datetime

import pytest

from library.models import Document
from tests.conftest import make_focal_point
from workinggroups import space_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup
from workinggroups.space_selectors import history_index

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def space(compact, secretariat_user):
    """WG 2 with one of everything, its editor, and the editor of WG 1."""
    wg2 = WorkingGroup.objects.get(number=2)
    wg1 = WorkingGroup.objects.get(number=1)
    editor = make_focal_point("wg2-editor@test.example", {"acronym": "CTED"})
    designate_group_editor(wg2, editor, actor=secretariat_user)
    other_editor = make_focal_point("wg1-editor@test.example", {"acronym": "UNOCT"})
    designate_group_editor(wg1, other_editor, actor=secretariat_user)
    doc_a = Document.objects.create(title="Doc A", doc_type="report")
    doc_b = Document.objects.create(title="Doc B", doc_type="report")
    doc_c = Document.objects.create(title="Doc C", doc_type="report")
    featured_a, _ = actions.feature_document(wg2, doc_a, actor=editor)
    actions.feature_document(wg2, doc_b, actor=editor)
    announcement = actions.create_announcement(
        wg2, title="Hello", body="", pinned=False, expires_at=None, actor=editor
    )
    section = actions.create_section(wg2, title="ToR", body="text", actor=editor)
    actions.create_section(wg2, title="Members", body="text", actor=editor)
    meeting = actions.create_meeting(
        wg2, number=1, title="First", starts_on=datetime.date(2024, 1, 10), ends_on=None,
        venue="", agenda="", summary="", actor=editor,
    )  # fmt: skip
    decision = actions.create_decision(meeting, number=1, text="Agreed.", actor=editor)
    follow_up = actions.create_follow_up_action(
        meeting, description="Circulate notes", owner=editor.focal_point.organization,
        due_on=None, status="open", decision=None, actor=editor,
    )  # fmt: skip
    return {
        "group": wg2,
        "editor": editor,
        "other_editor": other_editor,
        "ids": {
            "announcement": announcement.pk,
            "section": section.pk,
            "featured": featured_a.pk,
            "meeting": meeting.pk,
            "decision": decision.pk,
            "action": follow_up.pk,
            "new_document": doc_c.pk,
            "owner": editor.focal_point.organization_id,
        },
    }


MEETING_DATA = {"number": "2", "title": "Second", "starts_on": "2024-05-02", "ends_on": ""}

# (label, method, path under /working-groups/<slug>/, form data) — every edit endpoint.
ENDPOINTS = [
    ("edit texts form", "get", "edit/", None),
    ("edit texts", "post", "edit/", {"objectives": "New objectives", "description": ""}),
    ("announcement form", "get", "announcements/new/", None),
    ("post announcement", "post", "announcements/new/", {"title": "News", "body": "b"}),
    ("announcement edit form", "get", "announcements/{announcement}/edit/", None),
    ("edit announcement", "post", "announcements/{announcement}/edit/", {"title": "Hello!"}),
    ("announcement delete confirm", "get", "announcements/{announcement}/delete/", None),
    ("delete announcement", "post", "announcements/{announcement}/delete/", {}),
    ("section form", "get", "sections/new/", None),
    ("add section", "post", "sections/new/", {"title": "New", "body": "x", "is_visible": "on"}),
    ("section edit form", "get", "sections/{section}/edit/", None),
    ("edit section", "post", "sections/{section}/edit/", {"title": "ToR 2", "body": "y"}),
    ("section delete confirm", "get", "sections/{section}/delete/", None),
    ("delete section", "post", "sections/{section}/delete/", {}),
    ("move section", "post", "sections/{section}/move/", {"direction": "down"}),
    ("hide section", "post", "sections/{section}/visibility/", {"visible": "0"}),
    ("documents page", "get", "documents/", None),
    ("feature document", "post", "documents/feature/", {"document": "{new_document}"}),
    ("unfeature document", "post", "documents/{featured}/remove/", {}),
    ("move featured document", "post", "documents/{featured}/move/", {"direction": "down"}),
    ("meeting form", "get", "meetings/new/", None),
    ("record meeting", "post", "meetings/new/", MEETING_DATA),
    ("meeting edit form", "get", "meetings/{meeting}/edit/", None),
    ("edit meeting", "post", "meetings/{meeting}/edit/", {**MEETING_DATA, "number": "1"}),
    ("meeting delete confirm", "get", "meetings/{meeting}/delete/", None),
    ("delete meeting", "post", "meetings/{meeting}/delete/", {}),
    ("decision form", "get", "meetings/{meeting}/decisions/new/", None),
    ("record decision", "post", "meetings/{meeting}/decisions/new/", {"number": "2", "text": "t"}),
    ("decision edit form", "get", "decisions/{decision}/edit/", None),
    ("edit decision", "post", "decisions/{decision}/edit/", {"number": "1", "text": "Changed"}),
    ("decision delete confirm", "get", "decisions/{decision}/delete/", None),
    ("delete decision", "post", "decisions/{decision}/delete/", {}),
    ("action form", "get", "meetings/{meeting}/actions/new/", None),
    (
        "record action",
        "post",
        "meetings/{meeting}/actions/new/",
        {"description": "Do it", "owner": "{owner}", "status": "open"},
    ),
    ("action edit form", "get", "actions/{action}/edit/", None),
    (
        "edit action",
        "post",
        "actions/{action}/edit/",
        {"description": "Circulate notes", "owner": "{owner}", "status": "done"},
    ),
    ("action delete confirm", "get", "actions/{action}/delete/", None),
    ("delete action", "post", "actions/{action}/delete/", {}),
]

ROLES = ["anonymous", "focal_point", "other_group_editor", "editor", "secretariat"]
ALLOWED = {"editor", "secretariat"}


def _user(role, space, entity_user, secretariat_user):
    return {
        "anonymous": None,
        "focal_point": entity_user,  # UNODC is a vice-chair of WG 2, but not designated
        "other_group_editor": space["other_editor"],
        "editor": space["editor"],
        "secretariat": secretariat_user,
    }[role]


def _request(client, space, method, path, data):
    ids = space["ids"]
    url = f"/working-groups/{space['group'].slug}/" + path.format(**ids)
    if method == "get":
        return client.get(url)
    data = {key: value.format(**ids) for key, value in (data or {}).items()}
    return client.post(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("label", "method", "path", "data"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_edit_endpoint_permissions(
    client, space, entity_user, secretariat_user, role, label, method, path, data
):
    user = _user(role, space, entity_user, secretariat_user)
    if user is not None:
        client.force_login(user)
    before = history_index(space["group"]).count()

    response = _request(client, space, method, path, data)

    after = history_index(space["group"]).count()
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert after == before
    elif role in ALLOWED:
        expected = 200 if method == "get" else 302
        assert response.status_code == expected, (label, role, response.status_code)
        if method == "post":
            assert after > before, f"{label}: an allowed edit is recorded in the history"
    else:
        assert response.status_code == 403, (label, role, response.status_code)
        assert after == before


def test_an_editor_of_wg2_cannot_edit_wg3_even_by_direct_post(client, space):
    wg3 = WorkingGroup.objects.get(number=3)
    client.force_login(space["editor"])
    response = client.post(
        f"/working-groups/{wg3.slug}/announcements/new/", {"title": "Hijack", "body": ""}
    )
    assert response.status_code == 403
    assert not wg3.announcements.exists()


def test_objects_of_another_group_are_not_found_through_this_group(client, space):
    """An editor of WG 1 cannot reach WG 2's announcement through WG 1's URLs."""
    wg1 = WorkingGroup.objects.get(number=1)
    client.force_login(space["other_editor"])
    announcement = space["ids"]["announcement"]
    response = client.post(f"/working-groups/{wg1.slug}/announcements/{announcement}/delete/")
    assert response.status_code == 404
    assert space["group"].announcements.filter(pk=announcement).exists()


def test_edit_posts_need_a_csrf_token(space):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(space["editor"])
    response = client.post(
        f"/working-groups/{space['group'].slug}/announcements/new/", {"title": "x"}
    )
    assert response.status_code == 403
