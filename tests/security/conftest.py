"""Security fixtures: one demo world for the whole `tests/security` package, built once inside a
transaction that is rolled back when the package ends (each test runs in a savepoint inside it).
No test in this package may be transactional."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction

from tests.conftest import PASSWORD, make_focal_point

WORLD_DOCUMENTS = 40


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False  # MFA enforcement has tests of its own


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Demo content of every feature, and a cast of users: see `build_world`."""
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build_world()
            # The world is never committed, so autovacuum never sees it: without statistics the
            # planner takes its thousand rows for empty tables and picks plans that take seconds.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        media.disable()


def build_world() -> dict:
    from appeal.demo_appeal import seed_appeal
    from appeal.demo_projects import seed_projects
    from assessments.demo import seed_assessments
    from calendar_app.demo import seed_events
    from compact_portal.demo import ensure_demo_logins
    from entities.demo import seed_focal_points
    from entities.models import User
    from library.demo import seed_documents
    from workinggroups.actions import designate_group_editor
    from workinggroups.demo_discussions import seed_discussions
    from workinggroups.demo_planning import seed_planning
    from workinggroups.demo_reports import seed_reports
    from workinggroups.demo_spaces import seed_spaces
    from workinggroups.models import WorkingGroup

    seed_focal_points(1)
    logins = {u.email.split("@")[0]: u for u in ensure_demo_logins(PASSWORD)}
    seed_documents(1, count=WORLD_DOCUMENTS)
    for seed in (
        seed_planning,
        seed_reports,
        seed_spaces,
        seed_discussions,
        seed_events,
        seed_projects,
        seed_assessments,
        seed_appeal,
    ):
        seed(1)
    other_state = make_focal_point("uganda@test.example", {"iso3": "UGA"})
    wg3 = WorkingGroup.objects.get(number=3)
    wg3_chair = wg3.memberships.filter(role="chair").values_list("organization_id", flat=True)[0]
    other_editor = make_focal_point("wg3editor@test.example", {"pk": wg3_chair})
    designate_group_editor(wg3, other_editor, actor=None)
    users = {
        "secretariat": logins["secretariat"],
        "editor": logins["chair"],
        "entity": logins["entity"],
        "state": logins["state"],
        "regional": logins["regional"],
        "other_state": User.objects.get(pk=other_state.pk),
        "other_editor": User.objects.get(pk=other_editor.pk),
    }
    return {**users, "ids": world_ids(users)}


def _pk(queryset):
    pk = queryset.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, f"the demo world has no {queryset.model.__name__} for {queryset.query}"
    return pk


def world_ids(users) -> dict:
    """The objects the tests point at, by name (see the URL templates in `registry`)."""
    from appeal.models import AppealCycle, AppealProject, Contribution, Interest, Project
    from assessments.models import (
        Assessment,
        AssessmentFile,
        Recommendation,
        SupportRequest,
        Uptake,
    )
    from calendar_app.models import Event
    from entities.models import FocalPoint
    from library.models import Document, DocumentFile
    from workinggroups.models import (
        Activity,
        Announcement,
        AnnualReport,
        Decision,
        FeaturedDocument,
        FollowUpAction,
        Meeting,
        Post,
        ProgressReport,
        SpaceSection,
        Thread,
        WorkingGroup,
    )

    wg2 = WorkingGroup.objects.get(number=2)
    wg3 = WorkingGroup.objects.get(number=3)
    public_doc = Document.objects.filter(visibility="all", files__isnull=False)
    secret_doc = Document.objects.filter(visibility="secretariat")
    if not secret_doc.exists():
        doc = Document.objects.exclude(pk=_pk(public_doc)).filter(files__isnull=False).first()
        doc.visibility = "secretariat"
        doc.save(update_fields=["visibility"])
    if not ProgressReport.objects.filter(group=wg2, status="draft").exists():
        ProgressReport.objects.create(
            group=wg2,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            achievements="<p>Draft</p>",
            created_by=users["editor"],
        )
    kenya = Assessment.objects.filter(state__iso3="KEN").order_by("pk").first()
    if not AssessmentFile.objects.filter(assessment=kenya).exists():
        report = AssessmentFile(
            assessment=kenya,
            original_name="report.txt",
            content_type="text/plain; charset=utf-8",
            size=5,
            sha256="0" * 64,
        )
        report.file.save("report.txt", ContentFile(b"hello"), save=True)
    from library.newsletters import generate_newsletter_draft

    newsletter = generate_newsletter_draft(
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 2, 28),
        actor=users["secretariat"],
    )
    meeting = Meeting.objects.filter(group=wg2, decisions__isnull=False)
    thread = Thread.objects.filter(group=wg2, hidden=False)
    from calendar_app.models import FeedToken
    from notifications.models import Notification

    secret_event = Event.objects.filter(visibility="secretariat").first()
    if secret_event is None:
        secret_event = Event.objects.order_by("pk").last()
        secret_event.visibility = "secretariat"
        secret_event.save(update_fields=["visibility"])
    feed = FeedToken.objects.create(user=users["secretariat"], token_hash="f" * 64, label="x")
    notification = Notification.objects.create(
        recipient=users["secretariat"], kind="documents", key="k", title="t"
    )
    post = _pk(Post.objects.filter(thread_id=_pk(thread)))
    Post.objects.filter(pk=post).update(author=users["editor"])
    return {
        "wg2": wg2.slug,
        "wg3": wg3.slug,
        "doc": _pk(public_doc),
        "secret_doc": _pk(secret_doc),
        "file": _pk(DocumentFile.objects.filter(document_id=_pk(public_doc))),
        "secret_file": _pk(DocumentFile.objects.filter(document_id=_pk(secret_doc))),
        "announcement": _pk(Announcement.objects.filter(group=wg2)),
        "section": _pk(SpaceSection.objects.filter(group=wg2)),
        "featured": _pk(FeaturedDocument.objects.filter(group=wg2)),
        "meeting": _pk(meeting),
        "decision": _pk(Decision.objects.filter(meeting_id=_pk(meeting))),
        "action": _pk(FollowUpAction.objects.filter(meeting__group=wg2)),
        "report": _pk(ProgressReport.objects.filter(group=wg2)),
        "draft_report": _pk(ProgressReport.objects.filter(group=wg2, status="draft")),
        "thread": _pk(thread),
        "collab_thread": _pk(Thread.objects.filter(group=None)),
        "post": post,
        "secret_event": secret_event.pk,
        "feed": feed.pk,
        "notification": notification.pk,
        "activity": _pk(Activity.objects.filter(group=wg2)),
        "event": _pk(Event.objects.filter(working_group=wg2)),
        "project": _pk(Project.objects.all()),
        "cycle": _pk(AppealCycle.objects.all()),
        "entry": _pk(AppealProject.objects.all()),
        "contribution": _pk(Contribution.objects.all()),
        "interest": _pk(Interest.objects.all()),
        "assessment": _pk(Assessment.objects.filter(state__iso3="KEN")),
        "recommendation": _pk(Recommendation.objects.filter(assessment__state__iso3="KEN")),
        "assessment_file": _pk(AssessmentFile.objects.filter(assessment__state__iso3="KEN")),
        "uptake": _pk(Uptake.objects.all()),
        "support": _pk(SupportRequest.objects.filter(state__iso3="KEN")),
        "newsletter": newsletter.pk,
        "year": AnnualReport.objects.order_by("-year").values_list("year", flat=True).first()
        or 2024,
        "person": FocalPoint.objects.get(user=users["state"]).pk,
        "state_user": users["state"].pk,
    }
