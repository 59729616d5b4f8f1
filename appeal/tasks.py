"""Appeal tasks: tell the appealing entity and the Secretariat about an expression of interest,
send the daily and weekly digests of interests, and lapse interests nobody turned into a pledge.

Thin and idempotent: they receive primary keys; emails go through the outbox under dedupe keys
(`appeal-interest:<interest>:user:<user>`, `appeal-interests:<frequency>:<user>:<date>`), so a
task run twice sends each email once.

Recipients follow their `FocalPoint.notification_frequency`: "immediate" people are emailed at
once, "daily" and "weekly" people get the interests of the period in one digest, "never" people
get nothing (the interests list in the portal still shows everything). Accounts without a focal
point profile (a superuser) count as "immediate".
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from entities.accounts import SECRETARIAT_GROUP
from entities.emails import queue_email
from entities.models import User
from notifications.models import Delivery, Kind
from notifications.services import deliveries_for, notify

from . import appeal_actions
from .models import Interest

logger = logging.getLogger(__name__)

IMMEDIATE, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
DIGEST_PERIODS = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}


def _frequency(user) -> str:
    focal_point = getattr(user, "focal_point", None)
    return getattr(focal_point, "notification_frequency", None) or IMMEDIATE


def recipients_for(entity_ids) -> list[User]:
    """Active focal points of the given entities, and the Secretariat (one query)."""
    in_secretariat = Exists(
        User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=SECRETARIAT_GROUP)
    )
    users = (
        User.objects.filter(is_active=True)
        .annotate(in_secretariat=in_secretariat)
        .filter(
            Q(focal_point__organization_id__in=list(entity_ids))
            | Q(is_staff=True, in_secretariat=True)
        )
        .select_related("focal_point")
        .order_by("pk")
    )
    return list(users)


def _is_secretariat_row(user) -> bool:
    return user.is_staff and user.in_secretariat


@shared_task(name="appeal.tasks.notify_interest", ignore_result=True)
def notify_interest(interest_pk: int) -> int:
    """Email the entity's and the Secretariat's "immediate" people about one interest."""
    interest = (
        Interest.objects.select_related(
            "entry__cycle", "entry__project__lead_organization", "donor", "expressed_by"
        )
        .filter(pk=interest_pk)
        .first()
    )
    if interest is None:
        return 0
    entity_id = interest.entry.project.lead_organization_id
    path = reverse("appeal:entry_detail", args=[interest.entry_id])
    people = recipients_for([entity_id])
    # In-app for everyone; email now, in the digest or never as each person chose.
    notify(
        people,
        Kind.APPEAL,
        key=f"appeal-interest:{interest.pk}:user",
        title=lambda: (
            gettext("%(donor)s is interested in %(code)s — %(title)s")
            % {
                "donor": interest.donor.name,
                "code": interest.entry.project.code,
                "title": interest.entry.project.title,
            }
        ),
        url=path,
        body=interest.message,
        email_template="appeal_interest",
        email_context={"interest": interest, "entry": interest.entry},
    )
    deliveries = deliveries_for([user.pk for user in people], Kind.APPEAL)
    sent = sum(1 for user in people if deliveries[user.pk] == Delivery.IMMEDIATE)
    logger.info("appeal: interest %s notified to %s people", interest.pk, sent)
    return sent


@shared_task(name="appeal.tasks.send_interest_digests", ignore_result=True)
def send_interest_digests(frequency: str, now=None) -> int:
    """One email per daily/weekly person listing the interests of the period in their scope."""
    if frequency not in DIGEST_PERIODS:
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    now = now or timezone.now()
    interests = list(
        Interest.objects.filter(created_at__gt=now - DIGEST_PERIODS[frequency], created_at__lte=now)
        .select_related("entry__cycle", "entry__project__lead_organization", "donor")
        .order_by("created_at")
    )
    if not interests:
        return 0
    by_entity: dict[int, list[Interest]] = {}
    for interest in interests:
        by_entity.setdefault(interest.entry.project.lead_organization_id, []).append(interest)
    sent = 0
    for user in recipients_for(by_entity):
        if _frequency(user) != frequency:
            continue
        entity_id = getattr(getattr(user, "focal_point", None), "organization_id", None)
        mine = interests if _is_secretariat_row(user) else by_entity.get(entity_id, [])
        if not mine:
            continue
        queue_email(
            f"appeal-interests:{frequency}:{user.pk}:{now.date().isoformat()}",
            user.email,
            "appeal_interest_digest",
            {
                "user": user,
                "interests": mine,
                "frequency": frequency,
                "url": settings.SITE_URL + reverse("appeal:interest_list"),
            },
        )
        sent += 1
    return sent


@shared_task(name="appeal.tasks.lapse_open_interests", ignore_result=True)
def lapse_open_interests(now=None) -> int:
    """Beat task: interests open longer than APPEAL_INTEREST_LAPSE_DAYS lapse."""
    lapsed = appeal_actions.lapse_open_interests(now)
    if lapsed:
        logger.info("appeal: %s expressions of interest lapsed", lapsed)
    return lapsed
