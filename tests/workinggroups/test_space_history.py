"""The edit history of a space: who, when, which fields old → new, across every kind of record."""

import datetime

import pytest

from library.models import Document
from tests.conftest import make_focal_point
from workinggroups import space_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.models import Announcement, WorkingGroup
from workinggroups.space_selectors import history_index, history_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)


@pytest.fixture
def editor(wg2, secretariat_user):
    user = make_focal_point(
        "chair@test.example", {"acronym": "CTED"}, first_name="Cleo", last_name="Chair"
    )
    designate_group_editor(wg2, user, actor=secretariat_user)
    return user


def test_editing_the_objectives_in_the_browser_is_recorded_with_old_and_new_text(
    client, wg2, editor
):
    old = wg2.objectives
    client.force_login(editor)
    response = client.post(
        f"/working-groups/{wg2.slug}/edit/",
        {"objectives": "Sharper objectives for 2025.", "description": ""},
    )
    assert response.status_code == 302
    wg2.refresh_from_db()
    assert wg2.objectives == "Sharper objectives for 2025."

    response = client.get(f"/working-groups/{wg2.slug}/history/")
    assert response.status_code == 200
    first = response.context["changes"][0]
    assert first.kind == "group" and first.action == "changed"
    assert first.user == editor
    labels = {str(label): (before, after) for label, before, after in first.changes}
    # Edited on an English page: the English column, once (not also its untranslated mirror).
    assert labels["objectives [en]"] == (old, "Sharper objectives for 2025.")
    assert "objectives" not in labels
    body = response.content.decode()
    assert "Cleo Chair" in body and "Sharper objectives for 2025." in body


def test_every_kind_of_record_appears_in_the_history(wg2, editor):
    actions.update_group_texts(wg2, objectives="O", description="D", actor=editor)
    announcement = actions.create_announcement(
        wg2, title="A1", body="", pinned=False, expires_at=None, actor=editor
    )
    actions.update_announcement(
        announcement, title="A1", body="", pinned=True, expires_at=None, actor=editor
    )
    section = actions.create_section(wg2, title="S1", body="s", actor=editor)
    doc = Document.objects.create(title="Featured paper", doc_type="report")
    featured, _ = actions.feature_document(wg2, doc, actor=editor)
    meeting = actions.create_meeting(
        wg2, number=4, title="M4", starts_on=datetime.date(2024, 2, 1), ends_on=None,
        venue="", agenda="", summary="", actor=editor,
    )  # fmt: skip
    decision = actions.create_decision(meeting, number=1, text="Decided", actor=editor)
    follow_up = actions.create_follow_up_action(
        meeting, description="Follow", owner=editor.focal_point.organization, due_on=None,
        status="open", decision=decision, actor=editor,
    )  # fmt: skip
    actions.update_follow_up_action(follow_up, status="done", actor=editor)
    actions.unfeature_document(featured, actor=editor)
    actions.delete_section(section, actor=editor)

    rows = list(history_index(wg2))
    changes = history_page(rows)
    kinds = {change.kind for change in changes}
    assert kinds == {
        "group",
        "announcement",
        "section",
        "featured",
        "meeting",
        "decision",
        "action",
    }
    made_here = [c for c in changes if not (c.kind == "group" and c.action == "created")]
    assert {change.user for change in made_here} == {editor}  # (the reference data has none)

    pinned = next(c for c in changes if c.kind == "announcement" and c.action == "changed")
    assert [(str(label), old, new) for label, old, new in pinned.changes] == [
        ("pinned", False, True)
    ]
    done = next(c for c in changes if c.kind == "action" and c.action == "changed")
    assert [(str(label), old, new) for label, old, new in done.changes] == [
        ("status", "Open", "Done")
    ]
    deleted = {(c.kind, c.action) for c in changes if c.action == "deleted"}
    assert deleted == {("featured", "deleted"), ("section", "deleted")}
    unfeatured = next(c for c in changes if c.kind == "featured" and c.action == "deleted")
    assert unfeatured.label == "Featured paper"
    # newest first
    dates = [change.date for change in changes]
    assert dates == sorted(dates, reverse=True)


def test_history_of_one_group_does_not_show_another_groups_edits(wg2, editor, secretariat_user):
    wg3 = WorkingGroup.objects.get(number=3)
    actions.create_announcement(
        wg3, title="Elsewhere", body="", pinned=False, expires_at=None, actor=secretariat_user
    )
    actions.create_announcement(
        wg2, title="Here", body="", pinned=False, expires_at=None, actor=editor
    )
    labels = [change.label for change in history_page(list(history_index(wg2)))]
    assert "Here" in labels and "Elsewhere" not in labels


def test_history_page_is_paginated_with_bounded_queries(
    client, wg2, editor, entity_user, django_assert_max_num_queries
):
    for index in range(40):
        announcement = actions.create_announcement(
            wg2, title=f"N{index}", body="", pinned=False, expires_at=None, actor=editor
        )
        actions.update_announcement(
            announcement, title=f"N{index}!", body="x", pinned=False, expires_at=None, actor=editor
        )
        actions.create_section(wg2, title=f"S{index}", body="s", actor=editor)
    client.force_login(entity_user)  # every signed-in reader may see the history
    with django_assert_max_num_queries(20):
        response = client.get(f"/working-groups/{wg2.slug}/history/")
    assert response.status_code == 200
    assert len(response.context["changes"]) == 25
    # 40 x (added, changed, section added) + the group's record from the reference data
    assert response.context["page_obj"].paginator.count == 121
    with django_assert_max_num_queries(20):
        response = client.get(f"/working-groups/{wg2.slug}/history/?page=5")
    assert len(response.context["changes"]) == 21
    assert client.get(f"/working-groups/{wg2.slug}/history/?page=zzz").status_code == 200


def test_rich_text_is_sanitised_and_inert_in_the_space_and_history(client, wg2, editor):
    client.force_login(editor)
    payload = '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    client.post(
        f"/working-groups/{wg2.slug}/announcements/new/",
        {"title": "<b>Title</b>", "body": payload},
    )
    announcement = Announcement.objects.get(group=wg2)
    assert "<script" not in announcement.body and "onerror" not in announcement.body
    for url in (f"/working-groups/{wg2.slug}/", f"/working-groups/{wg2.slug}/history/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and 'onerror="' not in body
        assert "<b>Title</b>" not in body  # titles are escaped
