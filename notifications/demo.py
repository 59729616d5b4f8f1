"""Demo notifications: a deterministic, idempotent mix for the five demo logins and more."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from entities.models import FocalPoint, User

from .models import Delivery, Kind, Notification

DEMO_LOGINS = (
    "secretariat@example.org",
    "chair@example.org",
    "entity@example.org",
    "state@example.org",
    "regional@example.org",
)
SAMPLES = (
    (Kind.DOCUMENTS, "New in the library: Guidance on border security", "/library/"),
    (Kind.DISCUSSIONS, "New post in “Coordinating the 2025 work plan”", "/working-groups/"),
    (Kind.EVENTS, "Changed: Working Group quarterly meeting", "/calendar/"),
    (Kind.APPEAL, "A Member State is interested in an appeal project", "/appeal/"),
    (Kind.ASSESSMENTS, "A support request was routed to your organization", "/support-requests/"),
    (Kind.ONBOARDING, "A new colleague of your organization joined the portal", "/directory/"),
)


def seed_notifications(scale: int = 1) -> int:
    """Create the demo notifications that are missing; returns how many were created.

    Every demo login gets two rounds of the six kinds (the older round read); `scale` more
    focal points (20 per unit, in a fixed order) get one round each.
    """
    logins = list(User.objects.filter(email__in=DEMO_LOGINS).order_by("email"))
    others = list(
        FocalPoint.objects.filter(user__is_active=True)
        .exclude(user__email__in=DEMO_LOGINS)
        .order_by("pk")
        .values_list("user_id", flat=True)[: 20 * max(1, scale)]
    )
    base = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for user in logins:
        for round_number in (1, 2):
            for n, (kind, title, url) in enumerate(SAMPLES):
                created = base - datetime.timedelta(days=2 * round_number, hours=n)
                rows.append(
                    Notification(
                        recipient=user,
                        kind=kind,
                        key=f"demo:{kind}:{round_number}",
                        title=title,
                        url=url,
                        body="",
                        restricted=kind in (Kind.ASSESSMENTS, Kind.ONBOARDING),
                        delivery=Delivery.DAILY,
                        emailed_at=created,  # demo rows are never mailed
                        read_at=created if round_number == 2 else None,
                    )
                )
    for index, user_id in enumerate(others):
        kind, title, url = SAMPLES[index % len(SAMPLES)]
        rows.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                key=f"demo:{kind}:1",
                title=title,
                url=url,
                delivery=Delivery.DAILY,
                emailed_at=base,
            )
        )
    with transaction.atomic():
        before = Notification.objects.filter(key__startswith="demo:").count()
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        after = Notification.objects.filter(key__startswith="demo:").count()
        # created_at is set on insert: spread the demo rows over the last days.
        for round_number in (1, 2):
            for n, (kind, _title, _url) in enumerate(SAMPLES):
                Notification.objects.filter(key=f"demo:{kind}:{round_number}").update(
                    created_at=base - datetime.timedelta(days=2 * round_number, hours=n)
                )
    return after - before
