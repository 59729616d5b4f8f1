"""Emails about support requests, through the outbox (`entities.emails.queue_email`).

- A new request: the active focal points of the routed entities and the group editors of the
  routed Working Groups are told — as it happens for those who chose "as it happens", in the
  daily or weekly digest for the others, never for "never". One email per person per request
  (the dedupe key), however often the task runs.
- An answer: the person who posted the request (and the other focal points of that State who
  want immediate emails) is told once per response.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from entities.emails import queue_email
from entities.models import FocalPoint, User

from .models import SupportRequest, SupportResponse

DIGEST_PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def recipients(support_request: SupportRequest) -> list[User]:
    """Active users to tell about a routed request (focal points of routed entities, editors)."""
    from workinggroups.models import GroupEditor

    entity_ids = list(support_request.routed_entities.values_list("pk", flat=True))
    group_ids = list(support_request.routed_groups.values_list("pk", flat=True))
    user_ids = set(
        FocalPoint.objects.active()
        .filter(organization_id__in=entity_ids)
        .values_list("user_id", flat=True)
    )
    user_ids.update(
        GroupEditor.objects.filter(group_id__in=group_ids, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .select_related("focal_point")
        .order_by("pk")
    )


def _frequency(user: User) -> str:
    try:
        return user.focal_point.notification_frequency
    except FocalPoint.DoesNotExist:
        return "immediate"


def notify_routed(support_request_id: int) -> int:
    """Email the people the request was routed to who want it as it happens (idempotent)."""
    support_request = (
        SupportRequest.objects.select_related("state").filter(pk=support_request_id).first()
    )
    if support_request is None:
        return 0
    themes = list(support_request.themes.order_by("name"))
    url = _absolute(reverse("assessments:support_detail", args=[support_request.pk]))
    sent = 0
    for user in recipients(support_request):
        if _frequency(user) != "immediate":
            continue
        queue_email(
            f"support_request:{support_request.pk}:{user.pk}",
            user.email,
            "support_request_routed",
            {"user": user, "request": support_request, "themes": themes, "request_url": url},
        )
        sent += 1
    return sent


def send_digests(frequency: str, *, now=None) -> int:
    """One email per person listing the requests routed to them in the period (idempotent)."""
    if frequency not in DIGEST_PERIODS:
        raise ValueError(f"unknown digest frequency {frequency!r}")
    now = now or timezone.now()
    since = now - DIGEST_PERIODS[frequency]
    by_user: dict[int, list] = defaultdict(list)
    users: dict[int, User] = {}
    requests = (
        SupportRequest.objects.filter(created_at__gte=since, created_at__lt=now)
        .select_related("state")
        .order_by("created_at")
    )
    for support_request in requests:
        for user in recipients(support_request):
            if _frequency(user) == frequency:
                users[user.pk] = user
                by_user[user.pk].append(
                    {
                        "request": support_request,
                        "url": _absolute(
                            reverse("assessments:support_detail", args=[support_request.pk])
                        ),
                    }
                )
    stamp = now.date().isoformat()
    for user_id, items in by_user.items():
        user = users[user_id]
        queue_email(
            f"support_request_digest:{frequency}:{stamp}:{user.pk}",
            user.email,
            "support_request_digest",
            {"user": user, "items": items, "frequency": frequency},
        )
    return len(by_user)


def notify_response(response_id: int) -> int:
    """Tell the requesting State's focal points (who want emails as it happens) of an answer."""
    response = (
        SupportResponse.objects.select_related("request__state", "organization", "request")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return 0
    support_request = response.request
    url = _absolute(reverse("assessments:support_detail", args=[support_request.pk]))
    people = (
        User.objects.filter(
            is_active=True,
            focal_point__organization_id=support_request.state_id,
        )
        .select_related("focal_point")
        .order_by("pk")
    )
    sent = 0
    for user in people:
        if user.pk != support_request.created_by_id and _frequency(user) != "immediate":
            continue
        queue_email(
            f"support_response:{response.pk}:{user.pk}",
            user.email,
            "support_request_answered",
            {"user": user, "request": support_request, "response": response, "request_url": url},
        )
        sent += 1
    return sent
