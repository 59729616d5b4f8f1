import pytest
from django.utils import timezone

from compact_portal.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    assert body["worker_last_beat_seconds"] is None
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_the_age_of_the_worker_heartbeat(client):
    WorkerHeartbeat.objects.create(name="worker", beat_at=timezone.now())
    assert client.get("/healthz").json()["worker_last_beat_seconds"] <= 1


def test_healthz_answers_503_when_redis_is_down(client, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from compact_portal import views

    monkeypatch.setattr(views, "cache", RedisCache("redis://127.0.0.1:1/0", {}))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_healthz_reports_the_celery_queue_depth_and_emails_waiting(client, settings):
    from datetime import timedelta

    import redis

    from entities.models import OutgoingEmail

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    broker.rpush(settings.CELERY_TASK_DEFAULT_QUEUE, "a", "b", "c")
    old = OutgoingEmail.objects.create(
        dedupe_key="k1", to="a@example.org", subject="s", body_text="b"
    )
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    OutgoingEmail.objects.create(dedupe_key="k2", to="b@example.org", subject="s", body_text="b")
    try:
        body = client.get("/healthz").json()
    finally:
        broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    assert body["queue_depth"] == 3
    assert body["emails_waiting"] == 1  # the fresh one is not late yet
