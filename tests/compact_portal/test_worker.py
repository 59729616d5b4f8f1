"""A real Celery worker process consumes a task from Redis, enqueued after the commit."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from compact_portal.celery import app as celery_app
from compact_portal.models import WorkerHeartbeat
from compact_portal.tasks import record_worker_heartbeat

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """`celery worker` against the test database and the test Redis."""
    db = settings.DATABASES["default"]
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
        "DATABASE_URL": f"{base_url}/{db['NAME']}",
    }
    log = ROOT / "tests" / "artifacts" / "worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "compact_portal",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_runs_a_task_enqueued_on_commit(worker):
    assert not celery_app.conf.task_always_eager
    with transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay("integration-test"))
        # Nothing is sent before the transaction commits.
        assert not WorkerHeartbeat.objects.filter(name="integration-test").exists()
    connection.close()
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="integration-test").exists()), (
        ROOT / "tests" / "artifacts" / "worker.log"
    ).read_text()[-3000:]
    beat = WorkerHeartbeat.objects.get(name="integration-test")
    assert beat.hostname


def test_a_rolled_back_transaction_enqueues_nothing(worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay("rolled-back"))
        raise RuntimeError("abort")
    record_worker_heartbeat.delay("after-rollback")
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-rollback").exists())
    assert not WorkerHeartbeat.objects.filter(name="rolled-back").exists()
