"""A real Celery worker process consumes a task from Redis, enqueued after the commit."""

import pytest
from django.db import connection, transaction

from compact_portal.celery import app as celery_app
from compact_portal.models import WorkerHeartbeat
from compact_portal.tasks import record_worker_heartbeat
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with celery_worker("worker.log") as log:
        yield log


def test_worker_runs_a_task_enqueued_on_commit(worker):
    assert not celery_app.conf.task_always_eager
    with transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay("integration-test"))
        # Nothing is sent before the transaction commits.
        assert not WorkerHeartbeat.objects.filter(name="integration-test").exists()
    connection.close()
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="integration-test").exists()), (
        worker.read_text()[-3000:]
    )
    beat = WorkerHeartbeat.objects.get(name="integration-test")
    assert beat.hostname


def test_a_rolled_back_transaction_enqueues_nothing(worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay("rolled-back"))
        raise RuntimeError("abort")
    record_worker_heartbeat.delay("after-rollback")
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-rollback").exists())
    assert not WorkerHeartbeat.objects.filter(name="rolled-back").exists()
