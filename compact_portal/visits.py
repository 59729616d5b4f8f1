"""Virtual visits, counted without tracking anyone.

A visit is one signed-in person using the portal on one day. Signing in, or the first request
of a later day in the same session, records a `VisitMark` (a keyed hash of day and user, and the
viewer's tier; no IP, no user id); the session remembers the day so later requests cost nothing.
A Celery beat task folds finished days into `VisitDay` rows and deletes their marks.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from entities.accounts import visibility_tier

from .models import VisitDay, VisitMark

SESSION_KEY = "visit_day"


def visitor_hash(user_id: int, day: date) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"visit:{day.isoformat()}:{user_id}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def record_visit(user, day: date | None = None) -> None:
    day = day or timezone.localdate()
    VisitMark.objects.bulk_create(
        [VisitMark(day=day, visitor=visitor_hash(user.pk, day), tier=visibility_tier(user) or "")],
        ignore_conflicts=True,
    )


def on_login(sender, request, user, **kwargs):
    """Signing in is the day's first visit; the session then knows it is counted."""
    record_visit(user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = timezone.localdate().isoformat()


class VisitMiddleware:
    """Record the day's visit on a signed-in person's first request of the day."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            today = timezone.localdate().isoformat()
            if request.session.get(SESSION_KEY) != today:
                record_visit(user)
                request.session[SESSION_KEY] = today
        return self.get_response(request)


def aggregate_visits(before: date | None = None) -> int:
    """Fold every finished day's marks into `VisitDay` and delete them. Idempotent: a day is
    counted and its marks deleted in one transaction; an interrupted run simply runs again."""
    before = before or timezone.localdate()
    days = (
        VisitMark.objects.filter(day__lt=before)
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")
    )
    folded = 0
    for day in list(days):
        with transaction.atomic():
            # Deleting the marks and counting what was deleted is one step: a concurrent run
            # waits on the same rows and then finds nothing left to add.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {VisitMark._meta.db_table} WHERE day = %s RETURNING tier",  # noqa: S608
                    [day],
                )
                tiers = [row[0] or "other" for row in cursor.fetchall()]
            by_tier = dict(Counter(tiers))
            if not by_tier:
                continue
            existing = VisitDay.objects.select_for_update().filter(day=day).first()
            if existing:  # a mark recorded late (e.g. a request across midnight): add it
                for tier, n in by_tier.items():
                    existing.by_tier[tier] = existing.by_tier.get(tier, 0) + n
                existing.visits += sum(by_tier.values())
                existing.save(update_fields=["visits", "by_tier"])
            else:
                VisitDay.objects.create(day=day, visits=sum(by_tier.values()), by_tier=by_tier)
            folded += 1
    return folded


def visits_by_day(days: int = 90) -> list[tuple[date, int]]:
    """(day, visits) for the last `days` days, today included (counted live), oldest first."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    figures = dict(VisitDay.objects.filter(day__gte=start).values_list("day", "visits"))
    for day, n in (
        VisitMark.objects.filter(day__gte=start)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    ):
        figures[day] = figures.get(day, 0) + n
    return [
        (start + timedelta(days=i), figures.get(start + timedelta(days=i), 0)) for i in range(days)
    ]
