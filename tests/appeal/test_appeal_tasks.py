"""Expressions of interest tell the appealing entity and the Secretariat (once, by their chosen
frequency); digests; the beat task that lapses old interests; and once with a real worker."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from appeal import appeal_actions as actions
from appeal import tasks
from appeal.models import Interest
from entities.models import FocalPoint, OutgoingEmail
from tests.conftest import make_focal_point
from tests.workers import celery_worker, wait_for

from .test_appeal_actions import make_cycle, make_entry, make_project

D = Decimal


def set_frequency(user, frequency):
    FocalPoint.objects.filter(user=user).update(notification_frequency=frequency)


@pytest.fixture
def entry(compact):
    cycle = make_cycle()
    return make_entry(cycle, make_project("T-I", "UNODC"), requirements={2025: D("1000")})


@pytest.mark.django_db
def test_interest_emails_the_entity_and_the_secretariat_once(
    entry, state_user, entity_user, secretariat_user, django_capture_on_commit_callbacks
):
    set_frequency(entity_user, "immediate")
    set_frequency(secretariat_user, "immediate")
    quiet = make_focal_point("quiet@test.example", {"acronym": "UNODC"})
    set_frequency(quiet, "never")
    daily = make_focal_point("daily@test.example", {"acronym": "UNODC"})  # default: daily
    other = make_focal_point("other@test.example", {"acronym": "CTED"})
    set_frequency(other, "immediate")
    with django_capture_on_commit_callbacks():
        interest = actions.express_interest(entry, actor=state_user, message="We are keen")
    assert tasks.notify_interest(interest.pk) == 2
    assert tasks.notify_interest(interest.pk) == 2  # a second delivery...
    emails = OutgoingEmail.objects.filter(dedupe_key__startswith=f"appeal-interest:{interest.pk}:")
    assert sorted(emails.values_list("to", flat=True)) == [  # ...records nothing new
        "entity@test.example",
        "secretariat@test.example",
    ]
    body = emails.first().body_text
    assert "Kenya" in body and "T-I" in body and "We are keen" in body
    assert tasks.notify_interest(999_999) == 0
    assert daily.email not in emails.values_list("to", flat=True)


@pytest.mark.django_db
def test_daily_people_get_one_digest_of_the_days_interests(
    entry, state_user, entity_user, secretariat_user
):
    set_frequency(entity_user, "daily")
    set_frequency(secretariat_user, "weekly")
    Interest.objects.create(entry=entry, donor=state_user.focal_point.organization)
    assert tasks.send_interest_digests("daily") == 1
    assert tasks.send_interest_digests("daily") == 1  # same day: the same (deduplicated) email
    digest = OutgoingEmail.objects.get(dedupe_key__startswith="appeal-interests:daily:")
    assert digest.to == "entity@test.example"
    assert "T-I" in digest.body_text
    assert tasks.send_interest_digests("weekly") == 1
    later = timezone.now() + timedelta(days=3)
    assert tasks.send_interest_digests("daily", now=later) == 0
    with pytest.raises(ValueError):
        tasks.send_interest_digests("hourly")


@pytest.mark.django_db
def test_beat_task_lapses_interests_after_the_period(entry, state_user, settings):
    settings.APPEAL_INTEREST_LAPSE_DAYS = 10
    interest = Interest.objects.create(entry=entry, donor=state_user.focal_point.organization)
    assert tasks.lapse_open_interests(now=timezone.now() + timedelta(days=9)) == 0
    assert tasks.lapse_open_interests(now=timezone.now() + timedelta(days=11)) == 1
    interest.refresh_from_db()
    assert interest.status == Interest.Status.LAPSED


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_interest_email(compact, state_user, entity_user):
    set_frequency(entity_user, "immediate")
    cycle = make_cycle()
    entry = make_entry(cycle, make_project("T-W", "UNODC"), requirements={2025: D("5")})
    with celery_worker("appeal-interest-worker.log") as log:
        interest = actions.express_interest(entry, actor=state_user, message="From the worker")
        sent = wait_for(
            lambda: OutgoingEmail.objects.filter(
                dedupe_key=f"appeal-interest:{interest.pk}:user:{entity_user.pk}",
                sent_at__isnull=False,
            ).exists(),
            timeout=60,
        )
        assert sent, log.read_text()[-3000:]
    assert mail.outbox == []  # sent by the worker process, not this one
