"""The mail server down: emails are retried, never dropped, and arrive once when it is back."""

import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from entities import tasks
from entities.emails import enqueue
from entities.models import OutgoingEmail

from .processes import SMTPServer, Worker, free_port, smtp_settings_module, wait_until


def record(key: str) -> OutgoingEmail:
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            dedupe_key=key, to="someone@test.example", subject="Fault test", body_text="Hello\n"
        )
        enqueue(email.pk)
    return email


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_emails_wait_for_the_mail_server_and_arrive_once(tmp_path, compact):
    port = free_port()  # nothing listens here yet
    name = smtp_settings_module(tmp_path, port)
    worker = Worker(
        "smtp-outage", {"DJANGO_SETTINGS_MODULE": name, "PYTHONPATH_EXTRA": str(tmp_path)}
    ).start()
    smtp = SMTPServer(port)
    try:
        emails = [record(f"fault:smtp:{n}") for n in range(3)]
        connection.close()
        failing = OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails], attempts__gte=2)
        assert wait_until(lambda: failing.count() == 3, 60), worker.text()
        for email in failing:
            assert email.sent_at is None and email.failed_at is None
            assert "refused" in email.last_error.lower()
        down_since = time.monotonic()
        smtp.start()  # the server comes back: the next retry delivers
        sent = OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails], sent_at__isnull=False)
        assert wait_until(lambda: sent.count() == 3, 60), worker.text()
        print(f"delivered {time.monotonic() - down_since:.1f}s after the server came back")
        connection.close()
        time.sleep(2)  # nothing more arrives
        assert len(smtp.mailbox.messages) == 3
        assert sorted(m.count(b"Subject: Fault test") for m in smtp.mailbox.messages) == [1] * 3
    finally:
        worker.stop()
        smtp.stop()


@pytest.mark.django_db
def test_an_unreachable_server_is_never_given_up_on_and_the_beat_resends(settings, compact):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    email = OutgoingEmail.objects.create(
        dedupe_key="fault:last-retry", to="someone@test.example", subject="S", body_text="B\n"
    )
    # Its last retry, the server still unreachable: the email stays waiting, not failed.
    tasks.send_outgoing_email.apply(args=(email.pk,), retries=tasks.MAX_RETRIES)
    email.refresh_from_db()
    assert email.failed_at is None and email.sent_at is None
    assert email.attempts == 1 and "refused" in email.last_error.lower()
    later = timezone.now() + tasks.RESEND_AFTER + timedelta(seconds=1)
    assert tasks.resend_unsent_emails(now=later) == 1  # the beat starts its retries again

    # ... unless it has been unreachable for longer than anyone would wait.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - tasks.KEEP_TRYING_UNREACHABLE_FOR - timedelta(hours=1)
    )
    tasks.send_outgoing_email.apply(args=(email.pk,), retries=tasks.MAX_RETRIES)
    email.refresh_from_db()
    assert email.failed_at is not None and email.attempts == 2
