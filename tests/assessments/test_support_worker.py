"""With a real Celery worker: a posted request reaches the routed focal points' inboxes once."""

import pytest
from django.core import mail

from assessments.actions import post_support_request, respond_to_support_request
from entities.models import FocalPoint, Organization, OutgoingEmail, Theme
from tests.conftest import make_focal_point
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_emails_the_routed_entity_and_the_requester(compact, state_user, make_project):
    kenya = Organization.objects.get(iso3="KEN")
    cft = Theme.objects.get(slug="cft")
    make_project("UNODC", countries=[kenya], themes=[cft])
    expert = make_focal_point("expert@test.example", {"acronym": "UNODC"})
    FocalPoint.objects.filter(user__in=[expert, state_user]).update(
        notification_frequency="immediate"
    )
    with celery_worker("support-requests-worker.log") as log:
        support_request = post_support_request(
            state=kenya,
            title="FIU training",
            themes=[cft],
            description="Help, please.",
            urgency="urgent",
            actor=state_user,
        )
        routed = OutgoingEmail.objects.filter(
            dedupe_key=f"support_request:{support_request.pk}:{expert.pk}"
        )
        assert wait_for(lambda: routed.filter(sent_at__isnull=False).exists(), timeout=60), (
            log.read_text()[-3000:]
        )
        response = respond_to_support_request(
            support_request,
            organization=Organization.objects.get(acronym="UNODC"),
            text="We can help.",
            actor=expert,
        )
        answered = OutgoingEmail.objects.filter(
            dedupe_key=f"support_response:{response.pk}:{state_user.pk}"
        )
        assert wait_for(lambda: answered.filter(sent_at__isnull=False).exists(), timeout=60), (
            log.read_text()[-3000:]
        )
    assert OutgoingEmail.objects.filter(to=expert.email).count() == 1
    assert mail.outbox == []  # sent by the worker process, not in this one
