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
from django.utils.translation import gettext

from entities.emails import queue_email
from entities.models import FocalPoint, User
from notifications.models import Delivery, Kind
from notifications.services import deliveries_for, notify

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
    """Tell the people the request was routed to (in the portal; by email as each chose).

    Idempotent. Returns how many are emailed as it happens.
    """
    support_request = (
        SupportRequest.objects.select_related("state").filter(pk=support_request_id).first()
    )
    if support_request is None:
        return 0
    themes = list(support_request.themes.order_by("name"))
    path = reverse("assessments:support_detail", args=[support_request.pk])
    people = recipients(support_request)
    notify(
        people,
        Kind.ASSESSMENTS,
        key=f"support_request:{support_request.pk}",
        title=lambda: (
            gettext("Support request from %(state)s: %(title)s")
            % {"state": support_request.state.name, "title": support_request.title}
        ),
        url=path,
        body=support_request.description,
        email_template="support_request_routed",
        email_context={
            "request": support_request,
            "themes": themes,
            "request_url": _absolute(path),
        },
    )
    deliveries = deliveries_for([user.pk for user in people], Kind.ASSESSMENTS)
    return sum(1 for user in people if deliveries[user.pk] == Delivery.IMMEDIATE)


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
    """Tell the requesting State's focal points of an answer; the requester at once."""
    response = (
        SupportResponse.objects.select_related("request__state", "organization", "request")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return 0
    support_request = response.request
    path = reverse("assessments:support_detail", args=[support_request.pk])
    people = list(
        User.objects.filter(
            is_active=True,
            focal_point__organization_id=support_request.state_id,
        ).order_by("pk")
    )
    at_once = [support_request.created_by_id] if support_request.created_by_id else []
    notify(
        people,
        Kind.ASSESSMENTS,
        key=f"support_response:{response.pk}",
        title=lambda: (
            gettext("%(organization)s answered your support request: %(title)s")
            % {"organization": response.organization.name, "title": support_request.title}
        ),
        url=path,
        body=response.text,
        email_template="support_request_answered",
        email_context={
            "request": support_request,
            "response": response,
            "request_url": _absolute(path),
        },
        at_once_for=at_once,
    )
    deliveries = deliveries_for([user.pk for user in people], Kind.ASSESSMENTS)
    return sum(
        1
        for user in people
        if deliveries[user.pk] == Delivery.IMMEDIATE
        or (user.pk in at_once and deliveries[user.pk] != Delivery.OFF)
    )


# --- TA recommendations: uptake and status (CTED's confidential work: title and link only) ------


def _people_of(organization_ids, *, exclude=None) -> list[int]:
    users = User.objects.filter(is_active=True, focal_point__organization_id__in=organization_ids)
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return list(users.values_list("pk", flat=True))


def _recommendation_path(recommendation) -> str:
    return reverse("assessments:recommendation_detail", args=[recommendation.pk])


def tell_uptake_recorded(uptake) -> int:
    """CTED's focal points are told that an entity took up one of their recommendations."""
    from entities.models import Organization

    cted = list(Organization.objects.filter(acronym="CTED").values_list("pk", flat=True))
    recommendation = uptake.recommendation
    rows = notify(
        _people_of(cted, exclude=uptake.created_by_id),
        Kind.ASSESSMENTS,
        key=f"uptake:{uptake.pk}:recorded",
        title=lambda: (
            gettext("%(organization)s took up recommendation %(reference)s")
            % {"organization": uptake.organization.label, "reference": recommendation.reference}
        ),
        url=_recommendation_path(recommendation),
        restricted=True,
    )
    return len(rows)


def tell_uptake_confirmed(uptake) -> int:
    """The entity that took a recommendation up is told that CTED confirmed it."""
    recommendation = uptake.recommendation
    rows = notify(
        _people_of([uptake.organization_id], exclude=uptake.confirmed_by_id),
        Kind.ASSESSMENTS,
        key=f"uptake:{uptake.pk}:confirmed",
        title=lambda: (
            gettext("CTED confirmed your uptake of recommendation %(reference)s")
            % {"reference": recommendation.reference}
        ),
        url=_recommendation_path(recommendation),
        restricted=True,
    )
    return len(rows)


def tell_status_changed(recommendation, *, actor) -> int:
    """The entities that took a recommendation up are told of its new status."""
    from .models import Uptake

    organizations = set(
        Uptake.objects.filter(recommendation=recommendation).values_list(
            "organization_id", flat=True
        )
    )
    if not organizations:
        return 0
    stamp = int(recommendation.updated_at.timestamp())
    rows = notify(
        _people_of(organizations, exclude=getattr(actor, "pk", None)),
        Kind.ASSESSMENTS,
        key=f"recommendation:{recommendation.pk}:status:{recommendation.status}:{stamp}",
        title=lambda: (
            gettext("Recommendation %(reference)s is now “%(status)s”")
            % {
                "reference": recommendation.reference,
                "status": recommendation.get_status_display(),
            }
        ),
        url=_recommendation_path(recommendation),
        restricted=True,
    )
    return len(rows)
