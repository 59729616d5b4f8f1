"""A directory that stays true: periodic "are you still the focal point for ...?" requests.

The cycle:

1. `send_confirmation_requests` (a daily beat task) asks every active focal point whose
   ``last_confirmed_at`` (or, never confirmed, ``created_at``) is older than
   ``CONFIRMATION_INTERVAL_DAYS`` (182) and who has no *open* request. One request per person per
   cycle: the focal point's row is locked while we check for an open request, so a second run, or
   two workers at once, send nothing new. The email carries a one-click link; only the token's
   SHA-256 is stored.
2. `confirm_request`: the person follows the link (signed in as themself) and the request and
   ``FocalPoint.last_confirmed_at`` are stamped.
3. `flag_unconfirmed` (a daily beat task) flags requests still open after
   ``CONFIRMATION_GRACE_DAYS`` (30); the Secretariat lists them (`flagged_requests`) and either
   vouches for the person (`mark_still_active`) or deactivates them (`deactivate_unconfirmed`).

Alternates: `set_alternate` lets a focal point name another active focal point of the same
organization, who takes over their roles when they are deactivated (see
`entities.accounts.deactivate_user`).

An *open* request is one neither confirmed nor resolved by the Secretariat.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .accounts import deactivate_user
from .actions import hash_token
from .emails import queue_email
from .models import ConfirmationRequest, FocalPoint

audit_log = logging.getLogger("portal.audit")

OPEN = Q(confirmed_at=None, resolved_at=None)


def interval() -> timedelta:
    return timedelta(days=getattr(settings, "CONFIRMATION_INTERVAL_DAYS", 182))


def grace_period() -> timedelta:
    return timedelta(days=getattr(settings, "CONFIRMATION_GRACE_DAYS", 30))


def batch_size() -> int:
    """How many requests one run sends at most; the rest follow on the next run."""
    return getattr(settings, "CONFIRMATION_BATCH_SIZE", 1000)


def confirmation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("confirm_focal_point", args=[token])


def _record(actor, focal_point: FocalPoint, message: str) -> None:
    audit_log.info(
        "focal point %s: %s (by user %s)", focal_point.pk, message, getattr(actor, "pk", None)
    )
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(FocalPoint),
            object_id=str(focal_point.pk),
            object_repr=str(focal_point)[:200],
            action_flag=CHANGE,
            change_message=message,
        )


# --- selectors ----------------------------------------------------------------------------------


def open_requests() -> QuerySet[ConfirmationRequest]:
    return ConfirmationRequest.objects.filter(OPEN)


def due_focal_points(now: datetime | None = None) -> QuerySet[FocalPoint]:
    """Active focal points not confirmed within the interval and with no open request."""
    now = now or timezone.now()
    has_open = open_requests().filter(focal_point_id=OuterRef("pk"))
    return (
        FocalPoint.objects.active()
        .annotate(confirmed_or_created=Coalesce("last_confirmed_at", "created_at"))
        .filter(confirmed_or_created__lt=now - interval())
        .exclude(Exists(has_open))
    )


def flagged_requests() -> QuerySet[ConfirmationRequest]:
    """Flagged, still open requests of active focal points: the Secretariat's work list."""
    return (
        open_requests()
        .filter(flagged_at__isnull=False, focal_point__user__is_active=True)
        .select_related("focal_point__user", "focal_point__organization")
        .order_by("flagged_at", "pk")
    )


def get_flagged_request(pk: int) -> ConfirmationRequest | None:
    return flagged_requests().filter(pk=pk).first()


def get_request_for_token(token: str, user) -> ConfirmationRequest | None:
    """The request behind a link, if it belongs to `user`; None otherwise (answer 404)."""
    if not token or len(token) > 128:
        return None
    return (
        ConfirmationRequest.objects.select_related("focal_point__organization")
        .filter(token_hash=hash_token(token), focal_point__user_id=user.pk)
        .first()
    )


def alternate_choices(focal_point: FocalPoint) -> QuerySet[FocalPoint]:
    """Whom a focal point may name as alternate: active colleagues of the same organization."""
    return (
        FocalPoint.objects.active()
        .filter(organization_id=focal_point.organization_id)
        .exclude(pk=focal_point.pk)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


# --- actions ------------------------------------------------------------------------------------


@dataclass
class SentRequest:
    request: ConfirmationRequest
    token: str


def request_confirmation(focal_point_id: int, *, now: datetime | None = None) -> SentRequest | None:
    """Ask one focal point to confirm; None if not due (e.g. a request is open already)."""
    now = now or timezone.now()
    with transaction.atomic():
        # The lock serialises concurrent runs for this person: the second one sees the first's row.
        focal_point = (
            FocalPoint.objects.select_for_update(of=("self",))
            .select_related("user", "organization")
            .filter(pk=focal_point_id)
            .first()
        )
        if focal_point is None or not due_focal_points(now).filter(pk=focal_point.pk).exists():
            return None
        token = secrets.token_urlsafe(32)
        request = ConfirmationRequest.objects.create(
            focal_point=focal_point, token_hash=hash_token(token)
        )
        queue_email(
            f"confirmation:{request.pk}:request",
            focal_point.user.email,
            "confirmation_request",
            {
                "user": focal_point.user,
                "organization": focal_point.organization,
                "link": confirmation_link(token),
                "grace_days": grace_period().days,
                "interval_days": interval().days,
            },
        )
    audit_log.info("focal point %s: confirmation requested", focal_point.pk)
    return SentRequest(request, token)


def send_confirmation_requests(now: datetime | None = None, limit: int | None = None) -> int:
    """Ask every due focal point (up to `limit` per run); returns how many were asked."""
    now = now or timezone.now()
    limit = batch_size() if limit is None else limit
    pks = list(
        due_focal_points(now)
        .order_by("confirmed_or_created", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in pks if request_confirmation(pk, now=now) is not None)


def flag_unconfirmed(now: datetime | None = None) -> int:
    """Flag open requests older than the grace period; returns how many were flagged."""
    now = now or timezone.now()
    return (
        open_requests()
        .filter(flagged_at=None, requested_at__lt=now - grace_period())
        .update(flagged_at=now)
    )


def confirm_request(request: ConfirmationRequest, *, actor, now=None) -> bool:
    """The person confirms they are still the focal point; False if the link was used already."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ConfirmationRequest.objects.filter(
            pk=request.pk, confirmed_at=None, resolved_at=None
        ).update(confirmed_at=now)
        if not claimed:
            return False
        FocalPoint.objects.filter(pk=request.focal_point_id).update(last_confirmed_at=now)
    request.confirmed_at = now
    audit_log.info(
        "focal point %s: confirmed still in the role (by user %s)",
        request.focal_point_id,
        getattr(actor, "pk", None),
    )
    return True


def mark_still_active(request: ConfirmationRequest, *, actor, now=None) -> bool:
    """The Secretariat vouches for the person: the request is resolved, the cycle restarts."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = open_requests().filter(pk=request.pk).update(resolved_at=now)
        if not claimed:
            return False
        FocalPoint.objects.filter(pk=request.focal_point_id).update(last_confirmed_at=now)
        _record(actor, request.focal_point, "Marked as still active (directory confirmation).")
    return True


def deactivate_unconfirmed(request: ConfirmationRequest, *, actor, now=None) -> bool:
    """The Secretariat deactivates an unconfirmed focal point (their roles are handed over)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = open_requests().filter(pk=request.pk).update(resolved_at=now)
        if not claimed:
            return False
        _record(actor, request.focal_point, "Deactivated after an unconfirmed directory check.")
        deactivate_user(request.focal_point.user, actor=actor)
    return True


class AlternateRefused(ValueError):
    """The chosen alternate is not allowed (the message says why)."""


def check_alternate(focal_point: FocalPoint, alternate: FocalPoint | None) -> None:
    if alternate is None:
        return
    if alternate.pk == focal_point.pk:
        raise AlternateRefused(_("You cannot be your own alternate."))
    if not alternate.user.is_active:
        raise AlternateRefused(_("%(name)s's account is deactivated.") % {"name": alternate.user})
    if alternate.organization_id != focal_point.organization_id:
        raise AlternateRefused(
            _("Your alternate must be a focal point of %(organization)s.")
            % {"organization": focal_point.organization.label}
        )


@transaction.atomic
def set_alternate(focal_point: FocalPoint, alternate: FocalPoint | None, *, actor) -> FocalPoint:
    """Name (or clear, with None) the person who takes over this focal point's roles."""
    check_alternate(focal_point, alternate)
    if focal_point.alternate_id == (alternate.pk if alternate else None):
        return focal_point
    focal_point.alternate = alternate
    focal_point.save(update_fields=["alternate"])
    audit_log.info(
        "focal point %s: alternate set to %s (by user %s)",
        focal_point.pk,
        alternate.pk if alternate else None,
        getattr(actor, "pk", None),
    )
    return focal_point
