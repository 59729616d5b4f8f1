"""The outbox: emails that matter are recorded in the database first, then sent by Celery.

`queue_email` renders and records a message under a dedupe key (a duplicated action records
nothing new) and schedules its delivery after the commit. `deliver` sends one claimed row.
A beat task (`entities.tasks.resend_unsent_emails`) re-enqueues what was not sent, so a lost
Celery message (e.g. a Redis restart) loses no email.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Invitation links carry a secret; once the message is sent, the stored copy no longer needs it.
_INVITATION_LINK = re.compile(r"(/accounts/invitation/|/directory/confirm/)[A-Za-z0-9_\-]+/")


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) from emails/<template>_subject.txt, <template>.txt and .html."""
    context = {"portal_name": settings.PORTAL_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string(f"emails/{template}.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def queue_email(
    dedupe_key: str,
    to: str,
    template: str,
    context: dict,
    *,
    reply_to: str = "",
    language: str | None = None,
    headers: dict | None = None,
) -> OutgoingEmail:
    """Record an email in the outbox (once per dedupe_key) and send it after the commit.

    It is written in `language` if given (e.g. the language a requester without an account used),
    else in the language saved on the account with the address `to`, else in the default one.
    """
    from compact_portal.i18n import language_for_address, supported_language

    language = supported_language(language) or language_for_address(to)
    with translation.override(language):
        subject, text, html = render_email(template, context)
    email, created = OutgoingEmail.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "to": to,
            "reply_to": reply_to,
            "headers": headers or {},
            "subject": subject[:300],
            "body_text": text,
            "body_html": html,
        },
    )
    if created:
        enqueue(email.pk)
    return email


def enqueue(pk: int) -> None:
    from compact_portal.resilience import enqueue as publish

    from .tasks import send_outgoing_email

    # If the broker is down the request still succeeds; the beat task resends later.
    transaction.on_commit(lambda: publish(send_outgoing_email, pk))


def claim(pk: int) -> OutgoingEmail | None:
    """Lock an unsent row for this transaction; None if it is sent, given up, or being sent."""
    return (
        OutgoingEmail.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, sent_at=None, failed_at=None)
        .first()
    )


def deliver(email: OutgoingEmail) -> None:
    """Send a claimed row and mark it sent (call inside the transaction that claimed it)."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=email.headers or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()
    email.sent_at = timezone.now()
    email.attempts += 1
    email.body_text = _INVITATION_LINK.sub(r"\1…/", email.body_text)
    email.body_html = _INVITATION_LINK.sub(r"\1…/", email.body_html)
    email.save(update_fields=["sent_at", "attempts", "body_text", "body_html"])
    logger.info("outbox: sent %s to %s", email.dedupe_key, email.to)


def record_failure(pk: int, error: Exception, *, final: bool) -> OutgoingEmail | None:
    """Count a failed attempt; give up (failed_at) when it was the last one."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=pk, sent_at=None).first()
        if email is None:
            return None
        email.attempts += 1
        email.last_error = f"{error.__class__.__name__}: {error}"[:1000]
        fields = ["attempts", "last_error"]
        if final:
            email.failed_at = timezone.now()
            fields.append("failed_at")
        email.save(update_fields=fields)
    logger.warning("outbox: attempt %s for %s failed: %s", email.attempts, email.dedupe_key, error)
    return email
