"""Demo content of the spaces: deterministic, idempotent, shown in the spaces; admin is sound."""

import datetime

import pytest
from django.contrib.admin.sites import AdminSite

from library.models import Document
from tests.conftest import make_focal_point
from workinggroups.demo_spaces import seed_spaces
from workinggroups.models import (
    Announcement,
    Decision,
    FeaturedDocument,
    FollowUpAction,
    Meeting,
    SpaceSection,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (
            Announcement, SpaceSection, FeaturedDocument, Meeting, Decision, FollowUpAction,
        )
    ]  # fmt: skip


def test_seed_spaces_is_idempotent_and_follows_the_sources(compact):
    make_focal_point("secretariat@example.org", {"acronym": "UNOCT"})
    for index in range(6):
        Document.objects.create(title=f"Public paper {index}", doc_type="report")
    Document.objects.create(title="Secret", doc_type="report", visibility="secretariat")

    added = seed_spaces(1)
    assert added > 0
    first = counts()
    assert seed_spaces(1) == 0
    assert counts() == first

    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    tenth = Meeting.objects.get(group=committee, number=10)
    assert (tenth.starts_on, tenth.ends_on) == (
        datetime.date(2024, 1, 24),
        datetime.date(2024, 1, 25),
    )
    assert tenth.decisions.count() == 3 and tenth.actions.count() == 4
    assert set(Meeting.objects.filter(group=committee).values_list("number", flat=True)) == {
        1, 8, 10, None,
    }  # fmt: skip
    for group in WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP):
        assert group.sections.count() == 2
        assert group.announcements.filter(pinned=True).count() == 1
        assert group.featured_documents.count() == 4
    assert not FeaturedDocument.objects.filter(document__title="Secret").exists()
    # made through the actions: the history names the Secretariat's demo login
    record = Announcement.history.order_by("history_id").first()
    assert record.history_user.email == "secretariat@example.org"


def test_space_admins_pass_the_admin_checks(compact):
    from django.contrib import admin as django_admin

    from workinggroups import admin_spaces

    site = AdminSite()
    # autocomplete_fields need the related admins (organizations) on the same site
    for related, related_admin in django_admin.site._registry.items():
        site.register(related, type(related_admin))
    for model, admin_class in [
        (SpaceSection, admin_spaces.SpaceSectionAdmin),
        (Announcement, admin_spaces.AnnouncementAdmin),
        (FeaturedDocument, admin_spaces.FeaturedDocumentAdmin),
        (Meeting, admin_spaces.MeetingAdmin),
        (Decision, admin_spaces.DecisionAdmin),
        (FollowUpAction, admin_spaces.FollowUpActionAdmin),
    ]:
        errors = admin_class(model, site).check()
        assert errors == [], (model, errors)


def test_admin_saves_sanitise_rich_text(rf, compact, secretariat_user):
    from workinggroups.admin_spaces import AnnouncementAdmin

    group = WorkingGroup.objects.get(number=2)
    announcement = Announcement(
        group=group, title="T", body='<p onclick="x()">Hi<script>1</script></p>'
    )
    request = rf.post("/")
    request.user = secretariat_user
    AnnouncementAdmin(Announcement, AdminSite()).save_model(request, announcement, None, False)
    announcement.refresh_from_db()
    assert announcement.body == "<p>Hi</p>"
