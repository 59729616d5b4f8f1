"""State changes of access requests and onboarding. Views, admin and tasks call these."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .emails import queue_email
from .models import AccessRequest, FocalPoint, Invitation, Organization, OutgoingEmail, User

REMINDER_AFTER = timedelta(days=7)
OPEN_STATES = [
    Invitation.State.PENDING,
    Invitation.State.SENT,
    Invitation.State.REMINDED,
    Invitation.State.FAILED,
]


class ActionRefused(Exception):
    """The change is not allowed in the current state; the message is shown to the user."""


def invitation_expiry_days() -> int:
    return getattr(settings, "INVITATION_EXPIRY_DAYS", 14)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[token])


# --- access requests ----------------------------------------------------------------------------


def find_duplicate(email: str) -> str | None:
    """'account' if a user has this email, 'pending' if a request waits, else None."""
    if User.objects.filter(email__iexact=email).exists():
        return "account"
    if AccessRequest.objects.filter(
        email__iexact=email, status=AccessRequest.Status.PENDING
    ).exists():
        return "pending"
    return None


def submit_access_request(
    *,
    first_name: str,
    last_name: str,
    email: str,
    organization: Organization | None,
    organization_other: str,
    position: str,
    country: Organization | None,
    working_groups,
    justification: str,
    ip_address: str | None,
) -> AccessRequest | None:
    """Record a request and acknowledge it; None if the same email has a pending one already."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            access_request = AccessRequest.objects.create(
                first_name=first_name,
                last_name=last_name,
                email=email,
                organization=organization,
                organization_other="" if organization else organization_other,
                position=position,
                country=country,
                justification=justification,
                ip_address=ip_address,
            )
            access_request.working_groups.set(working_groups)
            queue_email(
                f"access-request:{access_request.pk}:received",
                email,
                "access_request_received",
                {"access_request": access_request},
                language=get_language(),
            )
            _tell_the_secretariat(access_request)
    except IntegrityError:  # a concurrent request for the same email won the race
        return None
    return access_request


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def approve_access_request(access_request: AccessRequest, *, actor: User) -> Invitation:
    """Create the account and profile, and invite the person to set a password."""
    with transaction.atomic():
        access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if access_request.status != AccessRequest.Status.PENDING:
            raise ActionRefused(
                _("The request from %(email)s was already %(status)s.")
                % {"email": access_request.email, "status": access_request.get_status_display()}
            )
        organization = access_request.organization
        if organization is None:
            organization = Organization.objects.create(
                kind=Organization.Kind.OTHER,
                name=access_request.organization_other,
                slug=_unique_slug(access_request.organization_other),
            )
        invitation = invite_focal_point(
            email=access_request.email,
            first_name=access_request.first_name,
            last_name=access_request.last_name,
            organization=organization,
            position=access_request.position,
            country=access_request.country,
            actor=actor,
            access_request=access_request,
        )
        access_request.status = AccessRequest.Status.APPROVED
        access_request.decided_at = timezone.now()
        access_request.decided_by = actor
        access_request.user = invitation.user
        access_request.save(update_fields=["status", "decided_at", "decided_by", "user"])
    return invitation


def default_rejection_note() -> str:
    return _(
        "Thank you for your interest in the Compact Portal. The portal is reserved for the focal "
        "points nominated by Compact entities, Member States and partner organizations, and we "
        "are not able to open an account for you at this time. If you believe this is a mistake, "
        "please contact the Counter-Terrorism Compact Secretariat."
    )


def reject_access_request(access_request: AccessRequest, *, actor: User, note: str = "") -> None:
    with transaction.atomic():
        access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if access_request.status != AccessRequest.Status.PENDING:
            raise ActionRefused(
                _("The request from %(email)s was already %(status)s.")
                % {"email": access_request.email, "status": access_request.get_status_display()}
            )
        access_request.status = AccessRequest.Status.REJECTED
        access_request.decided_at = timezone.now()
        access_request.decided_by = actor
        access_request.decision_note = note.strip() or default_rejection_note()
        access_request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        queue_email(
            f"access-request:{access_request.pk}:rejected",
            access_request.email,
            "access_request_rejected",
            {"access_request": access_request},
        )


# --- invitations --------------------------------------------------------------------------------


def invite_focal_point(
    *,
    email: str,
    first_name: str,
    last_name: str,
    organization: Organization,
    position: str = "",
    country: Organization | None = None,
    actor: User,
    access_request: AccessRequest | None = None,
) -> Invitation:
    """Create a user (no usable password) and focal point, and send an invitation."""
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ActionRefused(_("%(email)s already has an account.") % {"email": email})
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, is_active=True
        )
        FocalPoint.objects.create(
            user=user, organization=organization, position=position, country=country
        )
        return _create_invitation(user, actor=actor, access_request=access_request)


def _create_invitation(
    user: User, *, actor: User | None, access_request: AccessRequest | None = None
) -> Invitation:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        invited_by=actor,
        access_request=access_request,
        expires_at=timezone.now() + timedelta(days=invitation_expiry_days()),
    )
    queue_email(
        f"invitation:{invitation.pk}",
        user.email,
        "invitation",
        {"user": user, "invitation": invitation, "link": invitation_link(token)},
    )
    return invitation


def resend_invitation(invitation: Invitation, *, actor: User) -> Invitation:
    """Revoke the invitation's link and send a new one (a fresh token and expiry)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state == Invitation.State.ACCEPTED or invitation.user.has_usable_password():
            raise ActionRefused(
                _("%(email)s has already set a password.") % {"email": invitation.user.email}
            )
        if invitation.state == Invitation.State.REVOKED:
            raise ActionRefused(
                _("This invitation to %(email)s was replaced by a newer one.")
                % {"email": invitation.user.email}
            )
        invitation.state = Invitation.State.REVOKED
        invitation.save(update_fields=["state"])
        return _create_invitation(
            invitation.user, actor=actor, access_request=invitation.access_request
        )


def get_invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()


def invitation_is_usable(invitation: Invitation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return invitation.state in OPEN_STATES and invitation.expires_at > now


def accept_invitation(invitation: Invitation, *, password: str) -> User:
    """Set the password once; a second use of the link (or a race) is refused."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, state__in=OPEN_STATES, expires_at__gt=now
        ).update(state=Invitation.State.ACCEPTED, accepted_at=now)
        if not claimed:
            raise ActionRefused(_("This invitation link can no longer be used."))
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        # Any other open invitation for this person is now moot.
        Invitation.objects.filter(user=user, state__in=OPEN_STATES).update(
            state=Invitation.State.REVOKED
        )
        queue_email(f"welcome:{user.pk}", user.email, "welcome", {"user": user})
        _tell_colleagues(user)
    return user


def _tell_the_secretariat(access_request: AccessRequest) -> None:
    """A new access request, for the Secretariat to review (personal data: title and link)."""
    from notifications.models import Kind
    from notifications.services import notify

    from .accounts import SECRETARIAT_GROUP

    staff = User.objects.filter(is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP)
    notify(
        staff.values_list("pk", flat=True),
        Kind.ONBOARDING,
        key=f"access-request:{access_request.pk}",
        title=lambda: (
            _("Access request from %(name)s")
            % {"name": f"{access_request.first_name} {access_request.last_name}".strip()}
        ),
        url=reverse("admin:entities_accessrequest_change", args=[access_request.pk]),
        restricted=True,
    )


def _tell_colleagues(user: User) -> None:
    """A new colleague: the other active focal points of the same organization are told."""
    from notifications.models import Kind
    from notifications.services import notify

    focal_point = FocalPoint.objects.filter(user=user).select_related("organization").first()
    if focal_point is None:
        return
    colleagues = (
        FocalPoint.objects.filter(organization_id=focal_point.organization_id, user__is_active=True)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )
    notify(
        colleagues,
        Kind.ONBOARDING,
        key=f"colleague:{user.pk}",
        title=lambda: (
            _("%(name)s of %(organization)s joined the portal")
            % {
                "name": user.get_full_name() or user.email,
                "organization": focal_point.organization.name,
            }
        ),
        url=reverse("person_detail", args=[focal_point.pk]),
    )


def remind_pending_invitations(now: datetime | None = None) -> int:
    """Remind once, 7 days after sending; the reminder carries a fresh link (old one revoked)."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        state=Invitation.State.SENT,
        sent_at__lte=now - REMINDER_AFTER,
        reminded_at=None,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        with transaction.atomic():
            token = secrets.token_urlsafe(32)
            # The conditional UPDATE is the claim: a duplicated run reminds nobody twice.
            claimed = Invitation.objects.filter(pk=pk, reminded_at=None).update(
                reminded_at=now, token_hash=hash_token(token)
            )
            if not claimed:
                continue
            invitation = Invitation.objects.select_related("user").get(pk=pk)
            queue_email(
                f"invitation-reminder:{pk}",
                invitation.user.email,
                "invitation_reminder",
                {
                    "user": invitation.user,
                    "invitation": invitation,
                    "link": invitation_link(token),
                },
            )
            count += 1
    return count


def expire_invitations(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return Invitation.objects.filter(state__in=OPEN_STATES, expires_at__lte=now).update(
        state=Invitation.State.EXPIRED, expired_at=now
    )


# --- the outbox reports back --------------------------------------------------------------------


def _invitation_pk(email: OutgoingEmail) -> tuple[str, int] | None:
    kind, _sep, rest = email.dedupe_key.partition(":")
    if kind in {"invitation", "invitation-reminder"} and rest.isdigit():
        return kind, int(rest)
    return None


def record_email_sent(email: OutgoingEmail) -> None:
    """Reflect a delivered invitation or reminder in the invitation's state."""
    found = _invitation_pk(email)
    if not found:
        return
    kind, pk = found
    base = Invitation.objects.filter(pk=pk)
    if kind == "invitation":
        base.filter(state__in=[Invitation.State.PENDING, Invitation.State.FAILED]).update(
            state=Invitation.State.SENT, sent_at=email.sent_at, attempts=email.attempts
        )
    else:
        base.filter(state__in=[Invitation.State.SENT, Invitation.State.FAILED]).update(
            state=Invitation.State.REMINDED
        )


def record_email_failed(email: OutgoingEmail) -> None:
    """Keep the last error on the invitation; mark it failed when the outbox gives up."""
    found = _invitation_pk(email)
    if not found:
        return
    _kind, pk = found
    update = {"attempts": email.attempts, "failure_reason": email.last_error}
    if email.failed_at:
        update |= {"state": Invitation.State.FAILED, "failed_at": email.failed_at}
    Invitation.objects.filter(pk=pk).filter(
        Q(state__in=[Invitation.State.PENDING, Invitation.State.SENT])
    ).update(**update)
