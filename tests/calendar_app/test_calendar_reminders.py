"""Reminders 24 h and 1 h before, once each; change and cancellation notices after the commit."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from calendar_app.actions import (
    answer_event,
    save_preferences,
    set_occurrence_exception,
    update_event,
)
from calendar_app.models import SentReminder
from calendar_app.reminders import send_due_reminders
from calendar_app.tasks import send_event_reminders
from entities.models import OutgoingEmail
from tests.calendar_app.conftest import make_event
from tests.workers import celery_worker, wait_for

NOW = dt.datetime(2027, 6, 1, 8, 0, tzinfo=dt.UTC)


def reminders_to(email):
    return list(
        OutgoingEmail.objects.filter(to=email, dedupe_key__startswith="calendar:reminder:")
        .order_by("pk")
        .values_list("subject", flat=True)
    )


@pytest.mark.django_db
def test_day_and_hour_reminders_are_sent_once_each(entity_user, state_user, secretariat_user):
    event = make_event(
        secretariat_user,
        title="Donor briefing",
        starts_at=NOW + dt.timedelta(hours=20),
        ends_at=NOW + dt.timedelta(hours=22),
    )
    answer_event(event, actor=entity_user, status="registered")
    answer_event(event, actor=state_user, status="declined")

    assert send_due_reminders(NOW) == 1
    assert send_due_reminders(NOW) == 0  # a second run (or a duplicated task) sends nothing
    assert send_due_reminders(NOW + dt.timedelta(hours=2)) == 0
    assert reminders_to("entity@test.example") == ["[Compact Portal] Tomorrow: Donor briefing"]
    assert reminders_to("state@test.example") == []

    assert send_due_reminders(NOW + dt.timedelta(hours=19, minutes=5)) == 1
    assert send_due_reminders(NOW + dt.timedelta(hours=19, minutes=10)) == 0
    assert reminders_to("entity@test.example")[-1] == "[Compact Portal] In one hour: Donor briefing"
    assert send_due_reminders(NOW + dt.timedelta(hours=21)) == 0  # it has started
    assert SentReminder.objects.count() == 2


@pytest.mark.django_db
def test_reminders_follow_preferences_and_skip_cancelled_events(
    entity_user, state_user, secretariat_user
):
    event = make_event(
        secretariat_user,
        starts_at=NOW + dt.timedelta(minutes=30),
        ends_at=NOW + dt.timedelta(hours=1),
    )
    answer_event(event, actor=entity_user, status="registered")
    answer_event(event, actor=state_user, status="registered")
    save_preferences(
        actor=state_user,
        timezone_name="Africa/Nairobi",
        remind_day_before=True,
        remind_hour_before=False,
    )
    assert send_due_reminders(NOW) == 1
    assert reminders_to("state@test.example") == []
    body = OutgoingEmail.objects.get(to="entity@test.example").body_text
    assert f"/calendar/events/{event.pk}/" in body

    cancelled = make_event(
        secretariat_user,
        status="cancelled",
        starts_at=NOW + dt.timedelta(hours=3),
        ends_at=NOW + dt.timedelta(hours=4),
    )
    Attendance = cancelled.attendances.model
    Attendance.objects.create(event=cancelled, user=entity_user, status="registered")
    assert send_due_reminders(NOW) == 0


@pytest.mark.django_db
def test_each_occurrence_of_a_series_gets_its_reminders(entity_user, secretariat_user):
    event = make_event(
        secretariat_user,
        rrule="FREQ=WEEKLY;COUNT=3",
        starts_at=NOW + dt.timedelta(hours=10),
        ends_at=NOW + dt.timedelta(hours=11),
    )
    answer_event(event, actor=entity_user, status="registered")
    assert send_due_reminders(NOW) == 1
    assert send_due_reminders(NOW + dt.timedelta(days=7)) == 1
    assert SentReminder.objects.filter(event=event).count() == 2
    assert len({r.occurrence_start for r in SentReminder.objects.all()}) == 2


@pytest.mark.django_db
def test_changes_and_cancellations_notify_registered_attendees(
    entity_user, state_user, regional_user, secretariat_user, django_capture_on_commit_callbacks
):
    event = make_event(secretariat_user, title="Workshop", rrule="FREQ=WEEKLY;COUNT=3")
    answer_event(event, actor=entity_user, status="registered")
    answer_event(event, actor=state_user, status="declined")
    answer_event(event, actor=regional_user, status="registered")
    regional_user.focal_point.notification_frequency = "never"
    regional_user.focal_point.save(update_fields=["notification_frequency"])

    with django_capture_on_commit_callbacks() as callbacks:
        update_event(event, {"description": "<p>typo fixed</p>"}, actor=secretariat_user)
    assert callbacks == []  # not a change that matters to attendees
    with django_capture_on_commit_callbacks() as callbacks:
        update_event(event, {"venue": "Nairobi"}, actor=secretariat_user)
    # queued in the outbox and sent after the commit; the unread badge is refreshed then too
    assert len(callbacks) == 2
    set_occurrence_exception(
        event, event.starts_at + dt.timedelta(days=7), cancelled=True, actor=secretariat_user
    )
    update_event(event, {"status": "cancelled"}, actor=secretariat_user)
    subjects = list(OutgoingEmail.objects.order_by("pk").values_list("to", "subject"))
    assert subjects == [
        ("entity@test.example", "[Compact Portal] Changed: Workshop"),
        ("entity@test.example", "[Compact Portal] Changed: Workshop"),
        ("entity@test.example", "[Compact Portal] Cancelled: Workshop"),
    ]
    assert (
        "is cancelled"
        in OutgoingEmail.objects.filter(subject__contains="Changed").order_by("pk").last().body_text
    )


@pytest.mark.django_db
def test_nothing_is_queued_when_the_change_rolls_back(entity_user, secretariat_user):
    event = make_event(secretariat_user, title="Rolled back")
    answer_event(event, actor=entity_user, status="registered")
    with pytest.raises(RuntimeError), transaction.atomic():
        update_event(event, {"venue": "Elsewhere"}, actor=secretariat_user)
        raise RuntimeError
    assert not OutgoingEmail.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_reminder_once(compact, entity_user, secretariat_user):
    from django.core import mail

    now = dt.datetime.now(dt.UTC)
    event = make_event(
        secretariat_user,
        title="Worker briefing",
        starts_at=now + dt.timedelta(hours=5),
        ends_at=now + dt.timedelta(hours=6),
    )
    answer_event(event, actor=entity_user, status="registered")
    with (
        override_settings(CELERY_TASK_ALWAYS_EAGER=False),
        celery_worker("calendar-reminders-worker.log"),
    ):
        send_event_reminders.delay()
        send_event_reminders.delay()  # delivered twice: still one reminder
        assert wait_for(
            lambda: OutgoingEmail.objects.filter(sent_at__isnull=False).exists(), timeout=60
        )
        send_event_reminders.delay()
        assert wait_for(lambda: SentReminder.objects.exists(), timeout=30)
    assert SentReminder.objects.count() == 1
    assert OutgoingEmail.objects.filter(to="entity@test.example").count() == 1
    assert OutgoingEmail.objects.get().sent_at is not None
    assert mail.outbox == []  # sent by the worker process, not here
