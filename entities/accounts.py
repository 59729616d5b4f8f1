"""Account state changes: deactivation and reactivation, and who sees what (visibility tiers).

Other apps react to these changes through the signals defined here, so `entities` never imports
them: `workinggroups` re-syncs group editors' permissions, for example.

Handover: when an active focal point is deactivated, `handover_requested` asks every app to pass
what the person held (group-editor designations, and later owned content) to their alternate —
an active focal point they named (`FocalPoint.alternate`). Each receiver returns a list of
`Handover` items; whatever nobody took over is listed in one email to the Secretariat, so nothing
is orphaned silently.

Visibility tiers — what a signed-in person may see depends on who they are:

- ``"secretariat"``: Secretariat staff (``is_staff`` and in the "Secretariat" group) and
  superusers; they see everything.
- ``"un"``: focal points of a Compact entity (UN-only content is theirs too).
- ``"member_state"``: focal points of a Member State.
- ``"regional"``: focal points of a regional, international or other organization.

`visibility_tier(user)` answers ``None`` for anonymous or inactive users and for accounts without
a focal-point profile (they see only what is public). Lists filter by tier with
`FocalPoint.objects.in_tier(...)` and `visible_to(user)` managers built on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from guardian.models import UserObjectPermission, UserObjectPermissionBase
from guardian.utils import get_direct_obj_perms_models

from .emails import queue_email
from .models import ConfirmationRequest, FocalPoint, User, VisibilityTier

audit_log = logging.getLogger("portal.audit")

SECRETARIAT_GROUP = "Secretariat"

# Sent after a user was deactivated (arguments: user, actor).
user_deactivated = Signal()
# Sent after a user was reactivated (arguments: user, actor).
user_reactivated = Signal()
# Sent when an active user is deactivated (arguments: user, alternate — an active User or None —
# and actor). Receivers hand over what the user held and return a list of `Handover` items.
handover_requested = Signal()


@dataclass(frozen=True)
class Handover:
    """One thing a deactivated person held, and who took it over (None: the Secretariat is told)."""

    description: str
    handed_to: User | None = None


def is_secretariat(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=SECRETARIAT_GROUP).exists()


def visibility_tier(user) -> str | None:
    """The visibility tier of a user (see the module docstring), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_secretariat(user):
        return VisibilityTier.SECRETARIAT
    try:
        focal_point = user.focal_point
    except FocalPoint.DoesNotExist:
        return None
    return focal_point.tier


def _record(actor, user: User, message: str) -> None:
    audit_log.info("%s (user %s) by %s", message, user.pk, getattr(actor, "pk", None))
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(User),
            object_id=str(user.pk),
            object_repr=str(user)[:200],
            action_flag=CHANGE,
            change_message=message,
        )


def end_sessions(user: User) -> int:
    """End every tracked session of the user: the database row and its cached copy."""
    from allauth.usersessions.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user_id=user.pk))
    # `UserSession.end()` calls SessionStore().delete(key): with `cached_db` that removes both the
    # cache entry and the database row, then deletes the tracking row.
    get_adapter().end_sessions(sessions)
    return len(sessions)


def remove_object_permissions(user: User) -> int:
    """Delete every django-guardian object permission held by the user, in every table."""
    removed = 0
    direct = get_direct_obj_perms_models(UserObjectPermissionBase, UserObjectPermission)
    for model in [UserObjectPermission, *direct]:
        removed += model.objects.filter(user_id=user.pk).delete()[0]
    return removed


def eligible_alternate(user: User) -> User | None:
    """The user's named alternate, if they can take over: active, and not the user themself."""
    focal_point = (
        FocalPoint.objects.select_related("alternate__user", "alternate__organization")
        .filter(user_id=user.pk)
        .first()
    )
    if focal_point is None or focal_point.alternate is None:
        return None
    alternate = focal_point.alternate
    if alternate.user_id == user.pk or not alternate.user.is_active:
        return None
    if alternate.organization_id != focal_point.organization_id:
        return None
    return alternate.user


def secretariat_recipients():
    return User.objects.filter(
        is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP
    ).order_by("pk")


def hand_over(user: User, *, actor) -> list[Handover]:
    """Pass what `user` held to their alternate, or tell the Secretariat (module docstring)."""
    alternate = eligible_alternate(user)
    items: list[Handover] = []
    for _receiver, response in handover_requested.send(
        sender=User, user=user, alternate=alternate, actor=actor
    ):
        items.extend(response or [])
    handed = [item for item in items if item.handed_to is not None]
    orphaned = [item for item in items if item.handed_to is None]
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%f")
    if handed:
        for recipient in sorted({item.handed_to for item in handed}, key=lambda u: u.pk):
            queue_email(
                f"handover:{user.pk}:{stamp}:alternate:{recipient.pk}",
                recipient.email,
                "handover_alternate",
                {
                    "user": recipient,
                    "person": user,
                    "items": [i.description for i in handed if i.handed_to == recipient],
                },
            )
    if orphaned:
        for recipient in secretariat_recipients().exclude(pk=user.pk):
            queue_email(
                f"handover:{user.pk}:{stamp}:secretariat:{recipient.pk}",
                recipient.email,
                "handover_secretariat",
                {
                    "user": recipient,
                    "person": user,
                    "items": [item.description for item in orphaned],
                    "had_alternate": alternate is not None,
                },
            )
    for item in items:
        audit_log.info(
            "handover of user %s: %s -> %s",
            user.pk,
            item.description,
            item.handed_to.pk if item.handed_to else "secretariat",
        )
    return items


@transaction.atomic
def deactivate_user(user: User, *, actor) -> None:
    """They can no longer sign in, their sessions end, they leave the directory; content stays.

    Their focal-point profile stays (`FocalPoint.objects.active()` leaves them out) and so does
    everything they wrote. Their object permissions are deleted (group-editor grants come back on
    reactivation, being derived from designations; permissions given by hand do not). When the
    account was active, what they held is handed over (`hand_over`) and their open directory
    confirmations are closed.
    """
    if actor is not None and actor.pk == user.pk:
        raise ValueError("You cannot deactivate your own account.")
    # The lock makes the handover happen once, however many deactivations race.
    was_active = (
        User.objects.select_for_update().filter(pk=user.pk).values_list("is_active", flat=True)
    ).first()
    if user.is_active or was_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    sessions = end_sessions(user)
    permissions = remove_object_permissions(user)
    _record(
        actor,
        user,
        f"Deactivated; {sessions} session(s) ended, {permissions} object permission(s) removed.",
    )
    if was_active:
        ConfirmationRequest.objects.filter(
            focal_point__user_id=user.pk, confirmed_at=None, resolved_at=None
        ).update(resolved_at=timezone.now())
        hand_over(user, actor=actor)
    user_deactivated.send(sender=User, user=user, actor=actor)


@transaction.atomic
def reactivate_user(user: User, *, actor) -> None:
    """They can sign in again; derived permissions (e.g. group editors') come back."""
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    _record(actor, user, "Reactivated.")
    user_reactivated.send(sender=User, user=user, actor=actor)
