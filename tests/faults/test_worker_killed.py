"""A worker killed with SIGKILL in the middle of a task: the task runs again, its effect happens
once (acks_late + reject_on_worker_lost; the outbox row is claimed in the database).

The task is a real one (sending an outbox email); the SMTP server stalls the first
conversation before any message is accepted, and the worker is killed while it waits.
"""

import pytest
from django.db import connection, transaction

from entities.emails import enqueue
from entities.models import OutgoingEmail

from .processes import SMTPServer, Worker, smtp_settings_module, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def queue(key: str) -> OutgoingEmail:
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            dedupe_key=key, to="someone@test.example", subject="Fault test", body_text="Hello\n"
        )
        enqueue(email.pk)  # what queue_email does once the message is rendered
    connection.close()
    return email


def settings_env(tmp_path, smtp, **extra) -> dict[str, str]:
    name = smtp_settings_module(tmp_path, smtp.port)
    return {"DJANGO_SETTINGS_MODULE": name, "PYTHONPATH_EXTRA": str(tmp_path), **extra}


def test_a_pool_process_killed_mid_task_is_replaced_and_the_email_sent_once(
    tmp_path, smtp, compact
):
    smtp.mailbox.stall = 1  # the first conversation hangs at RCPT
    worker = Worker("killed-pool-process", settings_env(tmp_path, smtp), pool="prefork")
    worker.start()
    try:
        email = queue("fault:kill-child")
        assert smtp.mailbox.stalled.wait(60), worker.text()
        [child] = worker.children()
        import os
        import signal

        os.kill(child, signal.SIGKILL)  # the process running the task dies mid-send
        assert wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).sent_at, 60), worker.text()
        assert wait_until(lambda: len(smtp.mailbox.messages) >= 1, 10)
        connection.close()
        import time

        time.sleep(2)  # nothing more arrives
    finally:
        worker.stop()
    log = worker.log.read_text()
    assert "SIGKILL" in log or "WorkerLostError" in log, log[-3000:]
    assert len(smtp.mailbox.messages) == 1
    sent = OutgoingEmail.objects.get(pk=email.pk)
    assert sent.attempts == 1 and sent.failed_at is None  # the killed attempt left no trace


def test_a_whole_worker_killed_mid_task_is_redelivered_to_the_next_worker(tmp_path, smtp, compact):
    smtp.mailbox.stall = 1
    # A short visibility timeout stands for the production one (CELERY_VISIBILITY_TIMEOUT,
    # 6 hours): an unacknowledged task is restored once it has passed.
    env = settings_env(tmp_path, smtp, CELERY_VISIBILITY_TIMEOUT="3")
    first = Worker("killed-worker-first", env).start()
    try:
        email = queue("fault:kill-worker")
        assert smtp.mailbox.stalled.wait(60), first.text()
    finally:
        first.kill()  # SIGKILL: no warm shutdown, no requeue, the message stays unacknowledged
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is None
    connection.close()
    import time

    time.sleep(3.5)  # past the visibility timeout
    second = Worker("killed-worker-second", env).start()
    try:
        assert wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).sent_at, 60), second.text()
        connection.close()
        time.sleep(2)
    finally:
        second.stop()
    assert len(smtp.mailbox.messages) == 1
    assert OutgoingEmail.objects.get(pk=email.pk).attempts == 1
