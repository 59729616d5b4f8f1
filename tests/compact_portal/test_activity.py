"""Activity streams: read from the features' own tables, filtered by each feature's visibility rule,
newest first, in a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment
from calendar_app.models import Event
from compact_portal.activity import stream_for_groups, stream_for_organization
from entities.models import Organization
from library.models import Document
from tests.conftest import make_focal_point
from workinggroups.models import (
    Activity,
    Meeting,
    Post,
    ProgressReport,
    Thread,
    WorkingGroup,
    WorkingGroupMembership,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now() + datetime.timedelta(hours=1)  # after the reference data was loaded


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)


def ago(minutes):
    return NOW - datetime.timedelta(minutes=minutes)


def document(title, group, *, minutes=1, visibility=Document.Visibility.ALL, **extra):
    doc = Document.objects.create(
        title=title, doc_type=Document.Type.REPORT, visibility=visibility, **extra
    )
    if group is not None:
        doc.working_groups.add(group)
    Document.objects.filter(pk=doc.pk).update(created_at=ago(minutes))
    return doc


def thread(title, group, *, minutes=1, hidden=False, replies=0):
    started = ago(minutes)
    t = Thread.objects.create(group=group, title=title, last_post_at=started, hidden=hidden)
    Thread.objects.filter(pk=t.pk).update(created_at=started)
    posts = [Post.objects.create(thread=t, body="<p>opening</p>")]
    for number in range(replies):
        posts.append(Post.objects.create(thread=t, body=f"<p>reply {number}</p>"))
    return t, posts


def titles(items):
    return [item.title for item in items]


def test_a_restricted_document_never_appears_for_a_viewer_who_may_not_see_it(
    wg2, entity_user, secretariat_user
):
    document("Shared with everyone", wg2, minutes=5)
    document("Secretariat eyes only", wg2, minutes=4, visibility=Document.Visibility.SECRETARIAT)
    document("Another group's paper", WorkingGroup.objects.get(number=3), minutes=3)
    document("A draft", wg2, minutes=2, status=Document.Status.DRAFT)

    seen_by_entity = titles(stream_for_groups(entity_user, [wg2]))
    assert "Shared with everyone" in seen_by_entity
    assert "Secretariat eyes only" not in seen_by_entity
    assert "Another group's paper" not in seen_by_entity
    assert "A draft" not in seen_by_entity

    seen_by_secretariat = titles(stream_for_groups(secretariat_user, [wg2]))
    assert "Secretariat eyes only" in seen_by_secretariat
    assert "A draft" not in seen_by_secretariat  # not shared yet


def test_a_group_discussion_is_absent_for_a_state_outside_the_group_and_hidden_ones_for_all(
    wg2, entity_user, state_user
):
    thread("Border data sharing", wg2, minutes=10, replies=2)
    thread("Removed by a moderator", wg2, minutes=5, hidden=True)

    entity_items = stream_for_groups(entity_user, [wg2])
    assert "Border data sharing" in titles(entity_items)
    assert "Removed by a moderator" not in titles(entity_items)
    kinds = [item.kind for item in entity_items if item.title == "Border data sharing"]
    assert sorted(kinds) == ["post", "post", "thread"]  # the opening post is the thread itself

    assert not WorkingGroupMembership.objects.filter(group=wg2, organization__iso3="KEN").exists()
    state_items = stream_for_groups(state_user, [wg2])
    assert "Border data sharing" not in titles(state_items)


def test_items_from_every_source_come_newest_first(wg2, entity_user, secretariat_user):
    document("Oldest document", wg2, minutes=60)
    thread("Middle discussion", wg2, minutes=30)
    meeting = Meeting.objects.create(group=wg2, title="Newest meeting", starts_on=NOW.date())
    Meeting.objects.filter(pk=meeting.pk).update(created_at=ago(1))
    event = Event.objects.create(
        title="A webinar",
        event_type=Event.Type.WEBINAR,
        organizer=Organization.objects.get(acronym="UNODC"),
        working_group=wg2,
        starts_at=NOW + datetime.timedelta(days=3),
        ends_at=NOW + datetime.timedelta(days=3, hours=2),
    )
    Event.objects.filter(pk=event.pk).update(created_at=ago(20))
    report = ProgressReport.objects.create(
        group=wg2,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        status=ProgressReport.Status.SUBMITTED,
        submitted_at=ago(10),
    )

    items = stream_for_groups(entity_user, WorkingGroup.objects.filter(pk=wg2.pk), limit=5)
    assert titles(items)[0] == "Newest meeting"
    assert [item.kind for item in items] == ["meeting", "report", "event", "thread", "document"]
    assert items == sorted(items, key=lambda item: item.when, reverse=True)
    assert items[1].url.endswith(f"/reports/{report.pk}/")
    assert items[2].who == "UNODC"
    assert len(stream_for_groups(entity_user, [wg2], limit=2)) == 2


def test_membership_changes_come_from_the_history_with_the_group_named_in_mixed_streams(
    wg2, entity_user, secretariat_user
):
    wg3 = WorkingGroup.objects.get(number=3)
    unicri = (
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY)
        .exclude(group_memberships__group__in=[wg2, wg3])
        .first()
    )
    membership = WorkingGroupMembership(
        group=wg2, organization=unicri, role=WorkingGroupMembership.Role.OBSERVER
    )
    membership._history_user = secretariat_user  # as the admin's request would record
    membership.save()
    membership.role = WorkingGroupMembership.Role.MEMBER
    membership.save(update_fields=["role"])
    WorkingGroupMembership.objects.create(group=wg3, organization=unicri)  # no user: not shown
    document("In group three", wg3, minutes=1)

    items = stream_for_groups(entity_user, [wg2, wg3], limit=20)
    changes = [item for item in items if item.kind == "membership" and unicri.label in item.title]
    assert [item.kind_label for item in changes][:2] == ["Role changed", "Joined"]
    assert len(changes) == 2
    assert all(item.where == str(wg2) for item in changes)
    assert next(item for item in items if item.title == "In group three").where == str(wg3)


def test_group_stream_costs_a_fixed_number_of_queries_whatever_the_data(
    wg2, entity_user, django_assert_max_num_queries
):
    for number in range(30):
        document(f"Doc {number}", wg2, minutes=100 + number)
        thread(f"Thread {number}", wg2, minutes=200 + number, replies=2)
        Meeting.objects.create(group=wg2, title=f"Meeting {number}", starts_on=NOW.date())
    entity_user.refresh_from_db()
    with django_assert_max_num_queries(14):
        items = stream_for_groups(entity_user, [wg2], limit=8)
    assert len(items) == 8


# --- organizations ----------------------------------------------------------------------------


def test_a_confidential_assessment_shows_only_to_those_who_may_see_it(
    compact, state_user, entity_user, regional_user
):
    kenya = Organization.objects.get(iso3="KEN")
    Assessment.objects.create(
        state=kenya,
        assessment_type=Assessment.Type.FOLLOW_UP,
        starts_on=datetime.date(2025, 3, 1),
    )
    other_state = make_focal_point("uganda@test.example", {"iso3": "UGA"})

    for viewer in (state_user, entity_user):
        kinds = [item.kind for item in stream_for_organization(viewer, kenya)]
        assert "assessment" in kinds
    for viewer in (regional_user, other_state):
        kinds = [item.kind for item in stream_for_organization(viewer, kenya)]
        assert "assessment" not in kinds


def test_organization_stream_has_its_documents_events_and_activities_and_is_bounded(
    compact, entity_user, django_assert_max_num_queries
):
    unodc = Organization.objects.get(acronym="UNODC")
    wg2 = WorkingGroup.objects.get(number=2)
    authored = document("UNODC guidance", None, minutes=3)
    authored.author_organizations.add(unodc)
    hidden = document("UNODC internal", None, minutes=2, visibility=Document.Visibility.SECRETARIAT)
    hidden.author_organizations.add(unodc)
    Activity.objects.create(
        group=wg2,
        title="Regional workshop",
        lead_organization=unodc,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 2, 1),
    )
    entity_user.refresh_from_db()
    with django_assert_max_num_queries(10):
        items = stream_for_organization(entity_user, unodc, limit=8)
    assert "UNODC guidance" in titles(items)
    assert "UNODC internal" not in titles(items)
    assert "Regional workshop" in titles(items)


def test_no_stream_for_anonymous_or_deactivated_viewers(wg2, entity_user):
    from django.contrib.auth.models import AnonymousUser

    document("Shared with everyone", wg2)
    assert stream_for_groups(AnonymousUser(), [wg2]) == []
    entity_user.is_active = False
    assert stream_for_groups(entity_user, [wg2]) == []
    assert stream_for_organization(entity_user, Organization.objects.get(acronym="UNODC")) == []


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def test_group_activity_page_paginates_and_the_panel_shows_eight(
    client, wg2, entity_user, django_assert_max_num_queries
):
    for number in range(30):
        document(f"Doc {number:02}", wg2, minutes=number + 1)
    client.force_login(entity_user)
    with django_assert_max_num_queries(20):
        response = client.get(f"/working-groups/{wg2.slug}/activity/")
    assert response.status_code == 200
    assert titles(response.context["items"])[:2] == ["Doc 00", "Doc 01"]
    assert len(response.context["items"]) == 25 and response.context["has_next"]
    second = client.get(f"/working-groups/{wg2.slug}/activity/", {"page": "2"})
    assert titles(second.context["items"])[:5] == [f"Doc {n}" for n in range(25, 30)]
    assert client.get(f"/working-groups/{wg2.slug}/activity/", {"page": "x"}).status_code == 200
    assert client.get(f"/working-groups/{wg2.slug}/activity/", {"page": "9"}).status_code == 404

    panel = client.get(f"/working-groups/{wg2.slug}/activity/", {"panel": "1"})
    assert panel.status_code == 200
    assert len(panel.context["items"]) == 8
    assert "Doc 00" in panel.content.decode()

    space = client.get(f"/working-groups/{wg2.slug}/")
    assert f"/working-groups/{wg2.slug}/activity/?panel=1" in space.content.decode()
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    page = client.get("/coordination-committee/")
    assert f"/working-groups/{committee.slug}/activity/?panel=1" in page.content.decode()
    assert client.get(f"/working-groups/{committee.slug}/activity/").status_code == 200


def test_organization_activity_pages_answer_for_each_kind_and_404_for_unknown(
    client, compact, entity_user, _no_mfa_gate
):
    client.force_login(entity_user)
    assert client.get("/entities/unodc/activity/").status_code == 200
    assert client.get("/member-states/KEN/activity/").status_code == 200
    assert client.get("/regional-organizations/au/activity/").status_code in (200, 404)
    regional = Organization.objects.filter(kind=Organization.Kind.REGIONAL).first()
    assert client.get(f"/regional-organizations/{regional.slug}/activity/").status_code == 200
    assert client.get("/entities/no-such-entity/activity/").status_code == 404
    assert client.get("/member-states/XXX/activity/").status_code == 404
    page = client.get("/member-states/KEN/")
    assert "/member-states/KEN/activity/?panel=1" in page.content.decode()
