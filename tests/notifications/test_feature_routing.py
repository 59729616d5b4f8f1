"""The features tell people through `notifications.notify`: in the centre for everyone concerned,
by email as each person chose, restricted content never described in an email."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from appeal import appeal_actions
from appeal import tasks as appeal_tasks
from calendar_app import actions as calendar_actions
from entities import actions as entity_actions
from entities.models import Invitation, Organization, Theme
from library import subscriptions
from library.models import Document
from notifications import services
from notifications.demo import seed_notifications
from notifications.models import Delivery, Kind, Notification
from tests.appeal.test_appeal_actions import make_cycle, make_entry, make_project
from tests.calendar_app.conftest import make_event
from tests.conftest import make_focal_point
from tests.notifications.conftest import set_frequency
from workinggroups import discussion_actions
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def rows_of(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_a_published_document_reaches_its_audience_and_a_restricted_one_is_not_described(
    entity_user, state_user, eager_celery, commit
):
    theme = Theme.objects.get(slug="aviation-security")
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    subscriptions.follow_theme(state_user, theme, actor=state_user)  # daily
    public = Document.objects.create(
        title="Open airport guide",
        summary="PUBLIC SUMMARY",
        status=Document.Status.PUBLISHED,
        visibility=Document.Visibility.ALL,
        doc_type=Document.Type.GUIDANCE,
    )
    public.themes.set([theme])
    compact_only = Document.objects.create(
        title="Compact-only threat note",
        summary="INTERNAL SUMMARY",
        status=Document.Status.PUBLISHED,
        visibility=Document.Visibility.COMPACT,
        doc_type=Document.Type.REPORT,
    )
    compact_only.themes.set([theme])
    with commit():
        subscriptions.notify_subscribers(public.pk)
        subscriptions.notify_subscribers(compact_only.pk)
    assert {row.title for row in rows_of(entity_user, Kind.DOCUMENTS)} == {
        "Open airport guide",
        "Compact-only threat note",
    }
    # Kenya may not see the Compact-only note: not told about it
    assert [row.title for row in rows_of(state_user, Kind.DOCUMENTS)] == ["Open airport guide"]
    emails = {m.subject: m.body for m in mail.outbox if m.to == [entity_user.email]}
    assert len(emails) == 2
    open_body = next(body for subject, body in emails.items() if "Open airport" in subject)
    secret_body = next(body for subject, body in emails.items() if "threat note" in subject)
    assert "PUBLIC SUMMARY" in open_body and "/notifications/unsubscribe/" in open_body
    assert "Compact-only threat note" in secret_body and f"/library/{compact_only.pk}/" in (
        secret_body
    )
    assert "INTERNAL SUMMARY" not in secret_body
    assert not [m for m in mail.outbox if m.to == [state_user.email]]  # daily: the digest


def test_an_event_change_tells_the_attendees_at_once(
    entity_user, state_user, secretariat_user, eager_celery, commit
):
    event = make_event(actor=secretariat_user, title="Border workshop")
    calendar_actions.answer_event(event, actor=entity_user, status="registered")
    calendar_actions.answer_event(event, actor=state_user, status="registered")
    set_frequency(state_user, "never")
    with commit():
        calendar_actions.update_event(
            event,
            {
                "starts_at": dt.datetime(2027, 1, 13, 10, 0, tzinfo=dt.UTC),
                "ends_at": dt.datetime(2027, 1, 13, 12, 0, tzinfo=dt.UTC),
            },
            actor=secretariat_user,
        )
    [row] = rows_of(entity_user, Kind.EVENTS)
    assert (
        row.title == "Changed: Border workshop"
        and row.url == f"/calendar/events/{event.pk}/"
        or (row.url.endswith(f"/{event.pk}/"))
    )
    assert rows_of(state_user, Kind.EVENTS)[0].delivery == Delivery.OFF
    assert [m.to for m in mail.outbox] == [[entity_user.email]]  # daily profile, still at once
    with commit():
        calendar_actions.cancel_event(event, actor=secretariat_user)
    assert any(row.title == "Cancelled: Border workshop" for row in rows_of(entity_user, "events"))


def test_appeal_interest_is_in_the_centre_of_the_entity_and_the_secretariat(
    compact, state_user, entity_user, secretariat_user
):
    cycle = make_cycle()
    entry = make_entry(cycle, make_project("T-N", "UNODC"), requirements={2025: Decimal("10")})
    interest = appeal_actions.express_interest(entry, actor=state_user, message="Keen")
    appeal_tasks.notify_interest(interest.pk)
    appeal_tasks.notify_interest(interest.pk)  # redelivered: nothing new
    for user in (entity_user, secretariat_user):
        [row] = rows_of(user, Kind.APPEAL)
        assert "T-N" in row.title and row.body == "Keen"
    assert not rows_of(state_user, Kind.APPEAL)


def test_an_access_request_tells_the_secretariat_without_personal_details_in_email(
    secretariat_user, entity_user, eager_celery, commit
):
    set_frequency(secretariat_user, "immediate")
    with commit():
        entity_actions.submit_access_request(
            first_name="Amina",
            last_name="Diallo",
            email="amina@ministry.example",
            organization=Organization.objects.get(iso3="SEN"),
            organization_other="",
            position="Counsellor",
            country=Organization.objects.get(iso3="SEN"),
            working_groups=[],
            justification="PRIVATE JUSTIFICATION",
            ip_address="203.0.113.9",
        )
    [row] = rows_of(secretariat_user, Kind.ONBOARDING)
    assert row.restricted and row.title == "Access request from Amina Diallo"
    assert "/admin/entities/accessrequest/" in row.url
    assert not rows_of(entity_user, Kind.ONBOARDING)
    [message] = [m for m in mail.outbox if m.to == [secretariat_user.email]]
    assert "PRIVATE JUSTIFICATION" not in message.body and "Counsellor" not in message.body


def test_a_new_colleague_is_announced_to_the_organization(
    entity_user, secretariat_user, state_user
):
    invitation = entity_actions.invite_focal_point(
        email="new@unodc.example",
        first_name="Nia",
        last_name="New",
        organization=Organization.objects.get(acronym="UNODC"),
        position="Officer",
        actor=secretariat_user,
    )
    Invitation.objects.filter(pk=invitation.pk).update(state=Invitation.State.SENT)
    invitation.refresh_from_db()
    entity_actions.accept_invitation(invitation, password="a long enough password 42")
    [row] = rows_of(entity_user, Kind.ONBOARDING)
    assert row.title == "Nia New of United Nations Office on Drugs and Crime joined the portal" or (
        row.title.startswith("Nia New of ")
    )
    assert row.url.startswith("/directory/people/")
    assert not rows_of(state_user, Kind.ONBOARDING)


def test_a_post_reaches_digest_subscribers_in_the_centre(
    compact, entity_user, eager_celery, commit
):
    wg2 = WorkingGroup.objects.get(number=2)
    reader = make_focal_point("reader@test.example", {"acronym": "UNODC"})  # daily
    with commit():
        thread = discussion_actions.start_thread(
            wg2, title="Passenger data", body="first", actor=entity_user
        )
    discussion_actions.subscribe(thread, actor=reader)
    with commit():
        post = discussion_actions.reply(thread, body="Fresh <em>news</em>", actor=entity_user)
    [row] = rows_of(reader, Kind.DISCUSSIONS)
    assert row.delivery == Delivery.DAILY and row.emailed_at is None
    assert row.url.endswith(f"#post-{post.pk}") and "Fresh news" in row.body
    assert not [m for m in mail.outbox if m.to == [reader.email]]
    with commit():
        assert services.send_digests("daily") == 1
    [digest] = [m for m in mail.outbox if m.to == [reader.email]]
    assert "Passenger data" in digest.body


def test_demo_notifications_are_idempotent(compact):
    for email in ("entity@example.org", "state@example.org"):
        make_focal_point(email, {"acronym": "UNODC"})
    created = seed_notifications(1)
    assert created >= 24
    assert seed_notifications(1) == 0
    assert (
        Notification.objects.filter(recipient__email="entity@example.org", read_at=None).count()
        == 6
    )


def test_uptake_and_status_changes_reach_cted_and_the_entity_as_titles_only(
    compact, entity_user, secretariat_user, eager_celery, commit
):
    from assessments import actions as assessment_actions
    from assessments.models import Assessment, Recommendation

    cted = make_focal_point("cted@test.example", {"acronym": "CTED"})
    set_frequency(cted, "immediate")
    set_frequency(entity_user, "immediate")
    assessment = Assessment.objects.create(
        state=Organization.objects.get(iso3="KEN"),
        assessment_type=Assessment._meta.get_field("assessment_type").choices[0][0],
        starts_on=dt.date(2024, 3, 1),
    )
    recommendation = Recommendation.objects.create(
        assessment=assessment,
        number=7,
        text="CONFIDENTIAL RECOMMENDATION TEXT",
        theme=Theme.objects.get(slug="cft"),
    )
    unodc = Organization.objects.get(acronym="UNODC")
    with commit():
        uptake = assessment_actions.take_up_recommendation(
            recommendation, organization=unodc, intention="Train the FIU", actor=entity_user
        )
    [row] = rows_of(cted, Kind.ASSESSMENTS)
    assert row.restricted and recommendation.reference in row.title
    with commit():
        assessment_actions.confirm_uptake(uptake, actor=cted)
        assessment_actions.confirm_uptake(uptake, actor=cted)  # once only
        assessment_actions.change_recommendation_status(
            recommendation, Recommendation.Status.values[-1], actor=cted
        )
    titles = sorted(row.title for row in rows_of(entity_user, Kind.ASSESSMENTS))
    assert len(titles) == 2 and any("confirmed" in title for title in titles)
    assert not rows_of(cted, Kind.ASSESSMENTS)[1:]  # not told of their own actions
    bodies = " ".join(m.body for m in mail.outbox)
    assert "CONFIDENTIAL RECOMMENDATION TEXT" not in bodies and "Train the FIU" not in bodies
    assert len([m for m in mail.outbox if m.to == [entity_user.email]]) == 2
