"""Contacting a person: a message from one focal point to another, delivered by email.

The recipient's address is never shown to the sender: the portal records the message
(`ContactMessage`) and sends it through the outbox (`entities.emails.queue_email`) after the
commit. The email names the sender and links their person page; it gives the sender's address
only when the sender lets other focal points see it (`show_email`), and otherwise asks the
recipient to reply through the portal.

Limits, counted on `ContactMessage` rows (so they hold across processes and restarts):
`CONTACT_MESSAGES_PER_HOUR` per sender, and `CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY` per
sender → recipient pair. Both can be overridden in the settings.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import queue_email
from .models import ContactMessage, FocalPoint, User

logger = logging.getLogger(__name__)

CONTACT_MESSAGES_PER_HOUR = 10
CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 3
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000


class ContactRefused(Exception):
    """The message cannot be sent; `code` says why ("self", "inactive", "rate_limited")."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def hourly_limit() -> int:
    return getattr(settings, "CONTACT_MESSAGES_PER_HOUR", CONTACT_MESSAGES_PER_HOUR)


def daily_pair_limit() -> int:
    return getattr(
        settings,
        "CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY",
        CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY,
    )


def rate_limit_reason(sender: User, recipient: User, *, now=None) -> str | None:
    """Why `sender` may not write to `recipient` now (a translated sentence), or None."""
    now = now or timezone.now()
    sent = ContactMessage.objects.filter(sender=sender)
    if sent.filter(created_at__gte=now - timedelta(hours=1)).count() >= hourly_limit():
        return _(
            "You have sent %(limit)s messages in the last hour, the most the portal allows. "
            "Please try again later."
        ) % {"limit": hourly_limit()}
    to_recipient = sent.filter(recipient=recipient, created_at__gte=now - timedelta(days=1))
    if to_recipient.count() >= daily_pair_limit():
        return _(
            "You have sent %(limit)s messages to this person in the last 24 hours, the most the "
            "portal allows. Please wait before writing again."
        ) % {"limit": daily_pair_limit()}
    return None


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _person_url(focal_point: FocalPoint | None, name: str = "person_detail") -> str:
    if focal_point is None:
        return ""
    try:
        return _absolute(reverse(name, args=[focal_point.pk]))
    except NoReverseMatch:
        return ""


def _clean_line(value: str) -> str:
    """One line of text: no line breaks or other control characters (it goes into a header)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def send_contact_message(
    sender: User, recipient: User, subject: str, body: str, *, actor
) -> ContactMessage:
    """Record a message from `sender` to `recipient` and queue its email after the commit.

    Raises ContactRefused when the sender writes to themselves, the recipient is not an active
    focal point, or a rate limit is reached.
    """
    subject = _clean_line(subject)[:SUBJECT_MAX_LENGTH]
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()[:BODY_MAX_LENGTH]
    if sender.pk == recipient.pk:
        raise ContactRefused("self", _("You cannot send a message to yourself."))
    with transaction.atomic():
        # Serialise one sender's messages so two parallel requests cannot both pass the limits.
        locked = User.objects.select_for_update().filter(pk=sender.pk, is_active=True).first()
        if locked is None:
            raise ContactRefused("inactive", _("Your account cannot send messages."))
        recipient_profile = (
            FocalPoint.objects.active().select_related("user").filter(user_id=recipient.pk).first()
        )
        if recipient_profile is None:
            raise ContactRefused("inactive", _("This person can no longer be contacted."))
        reason = rate_limit_reason(sender, recipient)
        if reason:
            logger.info("contact: rate limit for sender=%s recipient=%s", sender.pk, recipient.pk)
            raise ContactRefused("rate_limited", reason)

        message = ContactMessage.objects.create(
            sender=sender, recipient=recipient, subject=subject, body=body
        )
        sender_profile = (
            FocalPoint.objects.select_related("organization").filter(user_id=sender.pk).first()
        )
        context = {
            "message": message,
            "recipient": recipient,
            "sender_name": sender.get_full_name() or _("A portal user"),
            "sender_organization": sender_profile.organization.label if sender_profile else "",
            "sender_position": sender_profile.position if sender_profile else "",
            "sender_url": _person_url(sender_profile),
            "sender_contact_url": _person_url(sender_profile, "person_contact"),
            # Only an address the sender chose to show goes into the email.
            "sender_email": sender.email if sender_profile and sender_profile.show_email else "",
        }
        queue_email(
            f"contact-message:{message.pk}",
            recipient.email,
            "contact_message",
            context,
            reply_to=context["sender_email"],  # only when the sender shares their address
        )
    logger.info(
        "contact: message %s from user %s to user %s (actor %s)",
        message.pk,
        sender.pk,
        recipient.pk,
        getattr(actor, "pk", None),
    )
    return message
