"""The Coordination Committee's space and the meetings of record (decisions, follow-up actions)."""

import datetime

import pytest
from django.utils import timezone

from entities.models import Organization
from tests.conftest import make_focal_point
from workinggroups import space_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.models import FollowUpAction, Meeting, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def committee(compact):
    return WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)


@pytest.fixture
def tenth(committee, secretariat_user):
    return actions.create_meeting(
        committee, number=10, title="Tenth meeting", starts_on=datetime.date(2024, 1, 24),
        ends_on=datetime.date(2024, 1, 25), venue="New York",
        agenda="<ol><li>Africa</li><li>JPOW</li></ol>", summary="", actor=secretariat_user,
    )  # fmt: skip


def org(acronym):
    return Organization.objects.get(acronym=acronym)


def test_committee_page_shows_chair_secretariat_and_composition(
    client, entity_user, committee, django_assert_max_num_queries
):
    client.force_login(entity_user)
    with django_assert_max_num_queries(25):
        response = client.get("/coordination-committee/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Under-Secretary-General for Counter-Terrorism" in body
    assert "PKMCB" in body
    composition = response.context["composition"]
    assert len(composition["all"]) == 45  # every Compact entity
    leaders = {(m.group.number, m.organization.acronym) for m in composition["group_leaders"]}
    assert (2, "CTED") in leaders and (1, "UNOCT") in leaders
    assert "Record a meeting" not in body  # a focal point only reads


def test_secretariat_records_a_meeting_decision_and_action_in_the_browser(
    client, secretariat_user, committee
):
    client.force_login(secretariat_user)
    response = client.post(
        f"/working-groups/{committee.slug}/meetings/new/",
        {
            "number": "10",
            "title": "Tenth meeting",
            "starts_on": "2024-01-24",
            "ends_on": "2024-01-25",
            "venue": "New York",
            "agenda": "1. Africa\n2. Joint Programme of Work",
            "summary": "",
        },
    )
    meeting = Meeting.objects.get(group=committee, number=10)
    assert response.status_code == 302
    assert response["Location"] == f"/working-groups/{committee.slug}/meetings/{meeting.pk}/"
    assert meeting.agenda.startswith("<p>1. Africa")

    client.post(
        f"/working-groups/{committee.slug}/meetings/{meeting.pk}/decisions/new/",
        {"number": "1", "text": "The Committee adopted the JPOW 2024-2026."},
    )
    decision = meeting.decisions.get()
    client.post(
        f"/working-groups/{committee.slug}/meetings/{meeting.pk}/actions/new/",
        {
            "description": "Circulate the JPOW to all entities",
            "owner": org("UNOCT").pk,
            "decision": decision.pk,
            "due_on": "2024-02-29",
            "status": "open",
        },
    )
    action = FollowUpAction.objects.get(meeting=meeting)
    assert action.owner.acronym == "UNOCT" and action.decision == decision

    body = client.get(f"/working-groups/{committee.slug}/meetings/{meeting.pk}/").content.decode()
    assert "The Committee adopted the JPOW 2024-2026." in body
    assert "Circulate the JPOW to all entities" in body


def test_duplicate_meeting_number_and_reversed_days_are_form_errors(
    client, secretariat_user, committee, tenth
):
    client.force_login(secretariat_user)
    response = client.post(
        f"/working-groups/{committee.slug}/meetings/new/",
        {"number": "10", "title": "Again", "starts_on": "2024-03-02", "ends_on": "2024-03-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "number" in errors and "ends_on" in errors
    assert Meeting.objects.filter(group=committee).count() == 1


def test_bad_input_is_never_a_server_error(client, secretariat_user, committee, tenth):
    client.force_login(secretariat_user)
    base = f"/working-groups/{committee.slug}/meetings/{tenth.pk}"
    for url, data in [
        (f"{base}/decisions/new/", {"number": "x", "text": ""}),
        (f"{base}/actions/new/", {"owner": "999999", "status": "nope", "due_on": "31/31"}),
        (f"{base}/edit/", {"number": "-1", "starts_on": "yesterday"}),
        (f"/working-groups/{committee.slug}/announcements/new/", {"expires_at": "soon"}),
    ]:
        assert client.post(url, data).status_code == 200
    assert client.get("/coordination-committee/?state=whatever&page=-3").status_code == 200


def test_follow_up_actions_filter_open_overdue_and_mine(
    client, committee, tenth, secretariat_user, entity_user
):
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)
    for description, owner, due_on, status in [
        ("Overdue UNODC", "UNODC", past, "open"),
        ("Upcoming UNODC", "UNODC", future, "in_progress"),
        ("Late but done", "UNOCT", past, "done"),
        ("Overdue CTED", "CTED", past, "open"),
    ]:
        actions.create_follow_up_action(
            tenth, description=description, owner=org(owner), due_on=due_on, status=status,
            decision=None, actor=secretariat_user,
        )  # fmt: skip
    client.force_login(entity_user)  # a UNODC focal point: owner of two actions

    def shown(query):
        response = client.get(f"/coordination-committee/{query}")
        return {action.description for action in response.context["actions_page"]}

    assert shown("") == {"Overdue UNODC", "Upcoming UNODC", "Late but done", "Overdue CTED"}
    assert shown("?state=open") == {"Overdue UNODC", "Upcoming UNODC", "Overdue CTED"}
    assert shown("?state=overdue") == {"Overdue UNODC", "Overdue CTED"}
    assert shown("?state=overdue&mine=on") == {"Overdue UNODC"}
    body = client.get("/coordination-committee/").content.decode()
    assert "overdue" in body and "yours" in body


def test_group_editors_record_their_own_meetings_in_their_space(client, compact, secretariat_user):
    wg2 = WorkingGroup.objects.get(number=2)
    editor = make_focal_point("chair@test.example", {"acronym": "CTED"})
    designate_group_editor(wg2, editor, actor=secretariat_user)
    client.force_login(editor)
    response = client.post(
        f"/working-groups/{wg2.slug}/meetings/new/",
        {"title": "WG 2 plenary", "starts_on": "2024-06-03"},
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(group=wg2, title="WG 2 plenary").exists()
    # ...but not the Coordination Committee's
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    response = client.post(
        f"/working-groups/{committee.slug}/meetings/new/",
        {"title": "Not mine", "starts_on": "2024-06-03"},
    )
    assert response.status_code == 403


def test_deleting_a_meeting_takes_its_decisions_and_actions_and_records_them(
    client, committee, tenth, secretariat_user
):
    decision = actions.create_decision(tenth, number=1, text="D", actor=secretariat_user)
    actions.create_follow_up_action(
        tenth, description="A", owner=org("UNOCT"), due_on=None, status="open",
        decision=decision, actor=secretariat_user,
    )  # fmt: skip
    client.force_login(secretariat_user)
    response = client.post(f"/working-groups/{committee.slug}/meetings/{tenth.pk}/delete/")
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=tenth.pk).exists()
    history = client.get(f"/working-groups/{committee.slug}/history/").context["changes"]
    deleted = {change.kind for change in history if change.action == "deleted"}
    assert deleted == {"meeting", "decision", "action"}


def test_meeting_page_queries_are_bounded(
    client, committee, tenth, secretariat_user, entity_user, django_assert_max_num_queries
):
    for number in range(1, 21):
        decision = actions.create_decision(tenth, number=number, text="D", actor=secretariat_user)
        actions.create_follow_up_action(
            tenth, description=f"A{number}", owner=org("UNODC"), due_on=None, status="open",
            decision=decision, actor=secretariat_user,
        )  # fmt: skip
    client.force_login(entity_user)
    with django_assert_max_num_queries(15):
        response = client.get(f"/working-groups/{committee.slug}/meetings/{tenth.pk}/")
    assert response.status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/coordination-committee/").status_code == 200
