"""Onboarding and outbox tasks. Thin: they receive primary keys and call the outbox or actions."""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import actions, emails
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, OSError)
MAX_RETRIES = 5
RESEND_AFTER = timedelta(minutes=2)
# While the mail server cannot be reached at all, an email is never given up on before this:
# its retries end, and the resend beat starts them again every RESEND_AFTER.
KEEP_TRYING_UNREACHABLE_FOR = timedelta(days=3)


def _server_unreachable(exc: Exception) -> bool:
    """No SMTP conversation at all (refused, timed out, dropped), as opposed to a reply."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _keep_trying(pk: int, exc: Exception) -> bool:
    if not _server_unreachable(exc):
        return False
    cutoff = timezone.now() - KEEP_TRYING_UNREACHABLE_FOR
    return OutgoingEmail.objects.filter(pk=pk, created_at__gt=cutoff).exists()


@shared_task(
    bind=True,
    name="entities.tasks.send_outgoing_email",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def send_outgoing_email(self, pk: int) -> None:
    """Send one outbox row at most once: the row is claimed (locked, unsent) before sending."""
    try:
        with transaction.atomic():
            email = emails.claim(pk)
            if email is None:  # already sent, given up, gone, or being sent by another worker
                return
            emails.deliver(email)
            actions.record_email_sent(email)
    except TRANSIENT_ERRORS as exc:
        out_of_retries = self.request.retries >= self.max_retries
        # An unreachable server is an outage, not this email's fault: not given up on; the
        # resend beat starts its retries again.
        final = out_of_retries and not _keep_trying(pk, exc)
        email = emails.record_failure(pk, exc, final=final)
        if email is not None:
            actions.record_email_failed(email)
        if final:
            logger.error("outbox: gave up on email %s after %s attempts", pk, MAX_RETRIES + 1)
            return
        if out_of_retries:
            logger.warning("outbox: mail server unreachable; email %s left for the resend", pk)
            return
        raise  # autoretry_for: retried with exponential backoff and jitter


@shared_task(name="entities.tasks.resend_unsent_emails", ignore_result=True)
def resend_unsent_emails(now=None) -> int:
    """Re-enqueue outbox rows neither sent nor given up on (e.g. their message was lost)."""
    now = now or timezone.now()
    pks = list(
        OutgoingEmail.objects.filter(
            sent_at=None, failed_at=None, created_at__lte=now - RESEND_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        send_outgoing_email.delay(pk)
    return len(pks)


@shared_task(name="entities.tasks.remind_pending_invitations", ignore_result=True)
def remind_pending_invitations(now=None) -> int:
    return actions.remind_pending_invitations(now)


@shared_task(name="entities.tasks.expire_invitations", ignore_result=True)
def expire_invitations(now=None) -> int:
    return actions.expire_invitations(now)


# --- directory confirmations (entities.confirmations) -------------------------------------------


@shared_task(name="entities.tasks.send_confirmation_requests", ignore_result=True)
def send_confirmation_requests(now=None) -> int:
    """Ask every due focal point whether they are still in the role (idempotent per cycle)."""
    from . import confirmations

    return confirmations.send_confirmation_requests(now)


@shared_task(name="entities.tasks.flag_unconfirmed", ignore_result=True)
def flag_unconfirmed(now=None) -> int:
    """Flag requests left unconfirmed after the grace period, for the Secretariat."""
    from . import confirmations

    return confirmations.flag_unconfirmed(now)
