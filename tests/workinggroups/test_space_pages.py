"""Reading the group spaces: the index by pillar, a group's space, its history; bounded queries."""

import datetime

import pytest
from django.utils import timezone

from library.models import Document
from tests.conftest import make_focal_point
from workinggroups import space_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.models import Announcement, FeaturedDocument, Meeting, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)


@pytest.fixture
def editor(wg2, secretariat_user):
    user = make_focal_point("chair@test.example", {"acronym": "CTED"}, first_name="Cleo")
    designate_group_editor(wg2, user, actor=secretariat_user)
    return user


def document(title, *, visibility=Document.Visibility.ALL, status=Document.Status.PUBLISHED):
    return Document.objects.create(
        title=title, doc_type=Document.Type.REPORT, visibility=visibility, status=status
    )


def test_index_lists_the_eight_groups_under_their_pillars_with_chairs_and_counts(
    client, entity_user, django_assert_max_num_queries
):
    client.force_login(entity_user)
    with django_assert_max_num_queries(12):
        response = client.get("/working-groups/")
    assert response.status_code == 200
    pillars = response.context["pillars"]
    assert [p.number for p in pillars] == [1, 2, 3, 4]
    groups = [g for p in pillars for g in p.groups]
    assert sorted(g.number for g in groups) == list(range(1, 9))
    wg2 = next(g for g in groups if g.number == 2)
    assert wg2.pillar.number == 2 if hasattr(wg2, "pillar") else True
    assert [m.organization.acronym for m in wg2.leaders][0] == "CTED"  # the chair comes first
    assert wg2.observer_count == 4
    body = response.content.decode()
    assert "/working-groups/border-management-law-enforcement/" in body
    assert "/coordination-committee/" in body


def test_space_shows_pillar_objectives_leaders_members_and_observers_linked(
    client, state_user, wg2, django_assert_max_num_queries
):
    client.force_login(state_user)
    with django_assert_max_num_queries(40):
        response = client.get(f"/working-groups/{wg2.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "border management and law enforcement" in body  # the objectives
    assert 'href="/entities/cted/"' in body
    assert 'href="/entities/unhcr/"' in body  # an observer
    assert "Edit this space" not in body  # a reader sees no editing tools
    memberships = response.context["memberships"]
    assert [m.organization.acronym for m in memberships["leaders"]][0] == "CTED"
    assert {m.organization.acronym for m in memberships["observers"]} == {
        "DESA",
        "IOM",
        "UNHCR",
        "UNICEF",
    }


def test_ad_hoc_members_are_marked(client, entity_user, compact):
    wg3 = WorkingGroup.objects.get(number=3)
    ad_hoc = wg3.memberships.filter(ad_hoc=True).select_related("organization").first()
    assert ad_hoc is not None, "the reference data has an ad hoc member in WG 3 (IAEA)"
    client.force_login(entity_user)
    body = client.get(f"/working-groups/{wg3.slug}/").content.decode()
    assert "ad hoc" in body


def test_focal_points_are_capped_with_a_link_to_the_directory_filtered_by_group(
    client, entity_user, wg2
):
    for index in range(14):
        make_focal_point(f"fp{index}@test.example", {"acronym": "INTERPOL"}, last_name=f"P{index}")
    client.force_login(entity_user)
    response = client.get(f"/working-groups/{wg2.slug}/")
    assert len(response.context["focal_points"]) == 12
    assert response.context["focal_point_count"] == 15  # and the UNODC viewer
    assert f"/directory/?wg={wg2.slug}" in response.content.decode()


def test_announcements_pinned_first_and_expired_hidden(client, entity_user, wg2, editor):
    now = timezone.now()
    actions.create_announcement(
        wg2, title="Older news", body="", pinned=False, expires_at=None, actor=editor
    )
    actions.create_announcement(
        wg2, title="Pinned notice", body="", pinned=True, expires_at=None, actor=editor
    )
    gone = actions.create_announcement(
        wg2, title="Old call", body="", pinned=True, expires_at=now + datetime.timedelta(hours=1),
        actor=editor,
    )  # fmt: skip
    Announcement.objects.filter(pk=gone.pk).update(expires_at=now - datetime.timedelta(days=1))
    client.force_login(entity_user)
    response = client.get(f"/working-groups/{wg2.slug}/")
    titles = [a.title for a in response.context["announcements"]]
    assert titles == ["Pinned notice", "Older news"]
    assert "Old call" not in response.content.decode()


def test_hidden_sections_are_shown_only_to_editors(client, entity_user, wg2, editor):
    actions.create_section(wg2, title="Terms of reference", body="ToR text", actor=editor)
    hidden = actions.create_section(wg2, title="Draft ideas", body="wip", actor=editor)
    actions.set_section_visibility(hidden, visible=False, actor=editor)

    client.force_login(entity_user)
    body = client.get(f"/working-groups/{wg2.slug}/").content.decode()
    assert "Terms of reference" in body and "Draft ideas" not in body

    client.force_login(editor)
    body = client.get(f"/working-groups/{wg2.slug}/").content.decode()
    assert "Draft ideas" in body and "Hidden from readers" in body


def test_featured_documents_only_those_the_reader_may_see(
    client, state_user, entity_user, wg2, secretariat_user
):
    open_doc = document("Open guidance")
    un_only = document("UN-only note", visibility=Document.Visibility.COMPACT)
    actions.feature_document(wg2, open_doc, actor=secretariat_user)
    actions.feature_document(wg2, un_only, actor=secretariat_user)

    client.force_login(state_user)  # a Member State focal point: not a Compact entity
    body = client.get(f"/working-groups/{wg2.slug}/").content.decode()
    assert "Open guidance" in body and "UN-only note" not in body

    client.force_login(entity_user)
    body = client.get(f"/working-groups/{wg2.slug}/").content.decode()
    assert "Open guidance" in body and "UN-only note" in body


def test_recent_meetings_of_record_are_listed(client, entity_user, wg2, editor):
    actions.create_meeting(
        wg2, number=3, title="Third meeting of the group", starts_on=datetime.date(2024, 3, 1),
        ends_on=None, venue="Vienna", agenda="", summary="", actor=editor,
    )  # fmt: skip
    client.force_login(entity_user)
    body = client.get(f"/working-groups/{wg2.slug}/").content.decode()
    assert "Third meeting of the group" in body
    meeting = Meeting.objects.get(group=wg2, number=3)
    assert f"/working-groups/{wg2.slug}/meetings/{meeting.pk}/" in body


def test_space_queries_stay_bounded_with_much_content(
    client, entity_user, wg2, editor, django_assert_max_num_queries
):
    for index in range(15):
        actions.create_announcement(
            wg2, title=f"News {index}", body="<p>x</p>", pinned=index % 3 == 0, expires_at=None,
            actor=editor,
        )  # fmt: skip
        actions.create_section(wg2, title=f"Section {index}", body="text", actor=editor)
        actions.feature_document(wg2, document(f"Doc {index}"), actor=editor)
        make_focal_point(f"many{index}@test.example", {"acronym": "UNODC"})
    client.force_login(editor)
    with django_assert_max_num_queries(40):
        response = client.get(f"/working-groups/{wg2.slug}/")
    assert response.status_code == 200
    assert len(response.context["featured"]) == 15


def test_unknown_group_is_404(client, entity_user):
    client.force_login(entity_user)
    assert client.get("/working-groups/no-such-group/").status_code == 404


def test_the_committee_slug_leads_to_the_committee_space(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/working-groups/coordination-committee/")
    assert response.status_code == 302
    assert response["Location"] == "/coordination-committee/"


def test_feature_records_are_removed_with_the_document(wg2, editor):
    doc = document("Short-lived")
    actions.feature_document(wg2, doc, actor=editor)
    doc.delete()
    assert not FeaturedDocument.objects.filter(group=wg2).exists()


def test_document_picker_searches_visible_documents_and_answers_htmx_with_the_results_only(
    client, wg2, editor, django_assert_max_num_queries
):
    document("Border control handbook")
    document("Border secrets", visibility=Document.Visibility.SECRETARIAT)
    document("Maritime guidance")
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        response = client.get(f"/working-groups/{wg2.slug}/documents/?q=border")
    assert [d.title for d in response.context["results"]] == ["Border control handbook"]
    partial = client.get(f"/working-groups/{wg2.slug}/documents/?q=border", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "Border control handbook" in body and "<html" not in body
    assert partial["Vary"].count("HX-Request") == 1


def test_an_editor_cannot_feature_a_document_they_may_not_see(client, wg2, editor):
    hidden = document("Secretariat memo", visibility=Document.Visibility.SECRETARIAT)
    client.force_login(editor)
    response = client.post(
        f"/working-groups/{wg2.slug}/documents/feature/", {"document": hidden.pk}
    )
    assert response.status_code == 404
    assert not FeaturedDocument.objects.filter(group=wg2).exists()
    response = client.post(f"/working-groups/{wg2.slug}/documents/feature/", {"document": "abc"})
    assert response.status_code == 302  # a malformed request changes nothing, says so
    assert not FeaturedDocument.objects.filter(group=wg2).exists()


def test_sections_and_featured_documents_reorder(client, wg2, editor):
    first = actions.create_section(wg2, title="First", body="", actor=editor)
    second = actions.create_section(wg2, title="Second", body="", actor=editor)
    client.force_login(editor)
    client.post(f"/working-groups/{wg2.slug}/sections/{second.pk}/move/", {"direction": "up"})
    order = list(wg2.sections.order_by("position").values_list("title", flat=True))
    assert order == ["Second", "First"]
    # moving past the end does nothing; a bad direction changes nothing
    client.post(f"/working-groups/{wg2.slug}/sections/{second.pk}/move/", {"direction": "up"})
    client.post(f"/working-groups/{wg2.slug}/sections/{first.pk}/move/", {"direction": "sideways"})
    assert list(wg2.sections.order_by("position").values_list("title", flat=True)) == order

    a, _ = actions.feature_document(wg2, document("A"), actor=editor)
    b, _ = actions.feature_document(wg2, document("B"), actor=editor)
    client.post(f"/working-groups/{wg2.slug}/documents/{a.pk}/move/", {"direction": "down"})
    titles = [f.document.title for f in wg2.featured_documents.order_by("position")]
    assert titles == ["B", "A"]
