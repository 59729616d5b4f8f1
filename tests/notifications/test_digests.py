"""Daily and weekly digests: one email per person per period with everything pending across
kinds, never twice — also when the worker sending them is killed and restarted."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from entities import tasks as entity_tasks
from entities.models import OutgoingEmail
from notifications import services, tasks
from notifications.models import Delivery, DigestRun, Kind, Notification
from tests.conftest import make_focal_point
from tests.entities.test_access_request import Mailbox, mailbox  # noqa: F401 - fixture
from tests.notifications.conftest import set_frequency
from tests.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
MONDAY = datetime.datetime(2026, 11, 23, 6, 0, tzinfo=datetime.UTC)


def digests():
    return [m for m in mail.outbox if "digest" in m.subject]


def tell(people, n, kind=Kind.DOCUMENTS, **fields):
    fields.setdefault("body", f"What happened, number {n}.")
    return services.notify(
        people, kind, key=f"{kind}:{n}", title=f"{kind} news {n}", url=f"/x/{n}/", **fields
    )


@pytest.mark.django_db
class TestDigests:
    def test_one_email_per_person_lists_everything_pending_across_kinds(
        self, people, eager_celery, commit
    ):
        with commit():
            tell(people.values(), 1)
            tell(people.values(), 2, Kind.DISCUSSIONS)
            tell([people["daily"]], 3, Kind.APPEAL)
        with commit():
            assert tasks.send_daily_digests() == 1
        [message] = digests()
        assert message.to == ["daily@test.example"]
        assert "Your daily digest: 3 notifications" in message.subject
        for title in ("documents news 1", "discussions news 2", "appeal news 3"):
            assert title in message.body
        assert message.body.count("/notifications/unsubscribe/") == 3  # one per kind
        assert not Notification.objects.filter(recipient=people["daily"], emailed_at=None).exists()
        run = DigestRun.objects.get(user=people["daily"])
        assert run.period == "daily" and run.notification_count == 3

    def test_running_again_the_same_day_sends_nothing(self, people, eager_celery, commit):
        with commit():
            tell(people.values(), 1)
        with commit():
            assert services.send_digests("daily", MONDAY) == 1
        with commit():
            tell(people.values(), 2)  # arrives after today's digest: waits for tomorrow's
            assert services.send_digests("daily", MONDAY + datetime.timedelta(hours=3)) == 0
        assert len(digests()) == 1
        with commit():
            assert services.send_digests("daily", MONDAY + datetime.timedelta(days=1)) == 1
        assert len(digests()) == 2 and "news 2" in digests()[1].body
        assert "news 1" not in digests()[1].body

    def test_weekly_people_get_the_weekly_digest_only(self, people, eager_celery, commit):
        with commit():
            tell(people.values(), 1)
        with commit():
            services.send_digests("daily", MONDAY)
        assert [m.to for m in digests()] == [["daily@test.example"]]
        with commit():
            assert services.send_digests("weekly", MONDAY) == 1
            assert services.send_digests("weekly", MONDAY + datetime.timedelta(days=6)) == 0
        assert digests()[1].to == ["weekly@test.example"]
        assert "weekly digest" in digests()[1].subject
        assert DigestRun.objects.get(user=people["weekly"]).period_key == "2026-W48"
        # immediate people were emailed at once (not again), "never" people not at all
        assert sorted(m.to[0] for m in mail.outbox) == [
            "daily@test.example",
            "immediate@test.example",
            "weekly@test.example",
        ]
        assert Notification.objects.get(recipient=people["never"]).emailed_at is None

    def test_restricted_items_show_title_and_link_never_body(self, people, eager_celery, commit):
        with commit():
            tell([people["daily"]], 1, restricted=True, body="CONFIDENTIAL FINDINGS")
            tell([people["daily"]], 2, body="Open news.")
        with commit():
            services.send_digests("daily", MONDAY)
        body = digests()[0].body
        assert "documents news 1" in body and "/x/1/" in body
        assert "CONFIDENTIAL" not in body
        assert "Open news." in body

    def test_kinds_turned_off_since_are_left_out(self, people, eager_celery, commit):
        with commit():
            tell([people["daily"]], 1)
            tell([people["daily"]], 2, Kind.DISCUSSIONS)
        services.turn_off(people["daily"], Kind.DISCUSSIONS)
        with commit():
            services.send_digests("daily", MONDAY)
        assert "discussions news 2" not in digests()[0].body
        assert "1 notification" in digests()[0].subject
        row = Notification.objects.get(key="discussions:2")
        assert row.delivery == Delivery.OFF and row.emailed_at is None

    def test_nothing_pending_means_no_email_and_no_run(self, people, eager_celery, commit):
        with commit():
            assert services.send_digests("daily", MONDAY) == 0
        assert not mail.outbox and not DigestRun.objects.exists()

    def test_unknown_periods_are_refused(self, db):
        with pytest.raises(ValueError):
            services.send_digests("hourly")


# --- a real worker, killed mid-run --------------------------------------------------------------


def start_worker(settings_module: str, pythonpath: str, log_name: str) -> subprocess.Popen:
    db = django_settings.DATABASES["default"]
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"{base_url}/{db['NAME']}",
        "PYTHONPATH": os.pathsep.join([pythonpath, str(ROOT)]),
    }
    log = ROOT / "tests" / "artifacts" / log_name
    log.parent.mkdir(parents=True, exist_ok=True)
    output = open(log, "w")  # noqa: SIM115 - closed with the process
    command = [sys.executable, "-m", "celery", "-A", "compact_portal", "worker", "--pool", "solo"]
    command += ["--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    process.log_file = output
    return process


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    process.log_file.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_digest_and_restarted_sends_each_person_exactly_one_email(
    compact,
    mailbox,  # noqa: F811 - the fixture
    tmp_path,
):
    from compact_portal.celery import app as celery_app

    assert not celery_app.conf.task_always_eager
    (tmp_path / "digest_worker_settings.py").write_text(
        "from compact_portal.settings_test import *  # noqa\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        f"EMAIL_HOST = {django_settings.EMAIL_HOST!r}\n"
        f"EMAIL_PORT = {django_settings.EMAIL_PORT!r}\n"
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ''\n"
        "SITE_URL = 'http://testserver'\n"
        "NOTIFICATIONS_DIGEST_PAUSE = 0.5\n"
    )
    people = []
    for n in range(10):
        user = make_focal_point(f"reader{n}@test.example", {"acronym": "UNODC"})
        set_frequency(user, "daily")
        people.append(user)
    tell(people, 1)
    tell(people, 2, Kind.DISCUSSIONS)
    tell(people[:5], 3, Kind.APPEAL)
    connection.close()

    first = start_worker("digest_worker_settings", str(tmp_path), "digest-worker-1.log")
    try:
        celery_app.send_task("notifications.tasks.send_daily_digests")
        assert wait_for(lambda: DigestRun.objects.count() >= 3, timeout=60), (
            ROOT / "tests/artifacts/digest-worker-1.log"
        ).read_text()[-3000:]
    finally:
        stop(first, signal.SIGKILL)
    done_before_kill = DigestRun.objects.count()
    assert done_before_kill < len(people), "the kill came too late to test anything"

    second = start_worker("digest_worker_settings", str(tmp_path), "digest-worker-2.log")
    try:
        # the beat (or an operator) runs it again; so may the broker's redelivery
        celery_app.send_task("notifications.tasks.send_daily_digests")
        celery_app.send_task("notifications.tasks.send_daily_digests")
        assert wait_for(lambda: DigestRun.objects.count() == len(people), timeout=90)
        # a message lost between a commit and its send task is picked up by the resend beat
        entity_tasks.resend_unsent_emails(now=timezone.now() + datetime.timedelta(minutes=5))
        connection.close()
        assert wait_for(lambda: len(mailbox.messages) >= len(people), timeout=60), (
            ROOT / "tests/artifacts/digest-worker-2.log"
        ).read_text()[-3000:]
        time.sleep(2.0)  # nothing more arrives
    finally:
        stop(second)
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert recipients == sorted(user.email for user in people)
    for message in mailbox.messages:
        text = Mailbox.text(message)
        assert "documents news 1" in text and "discussions news 2" in text
    assert OutgoingEmail.objects.filter(sent_at=None).count() == 0
    assert not Notification.objects.filter(emailed_at=None).exists()
