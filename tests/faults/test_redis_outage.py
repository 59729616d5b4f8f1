"""Redis away: pages keep working, nothing recorded is lost, nothing stale comes back.

A real gunicorn process and a real Celery worker use a Redis of this test's own (a free port),
which the test stops and starts. The shared Redis servers are never touched.
"""

import subprocess
import sys
import time

import pytest
from django.core.cache.backends.redis import RedisCache

from compact_portal.resilience import TolerantRedisCache
from entities.models import OutgoingEmail
from library.models import DocumentFile
from tests.conftest import make_focal_point
from tests.library.test_uploads import pdf_bytes

from .processes import ROOT, RedisServer, Worker, session_database_url, wait_until, web_server

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def cache_on(url: str) -> TolerantRedisCache:
    return TolerantRedisCache(
        url,
        {
            "KEY_PREFIX": "faults",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1, "RETRY_AFTER": 0.2},
        },
    )


# --- the cache backend, against a real Redis that goes away -------------------------------------


def test_an_unreachable_cache_reads_as_empty_and_writes_are_skipped(redis_server):
    cache = cache_on(redis_server.url)
    cache.set("present", 1)
    assert cache.get("present") == 1
    redis_server.stop()

    started = time.monotonic()
    assert cache.get("present", "default") == "default"
    assert cache.get_many(["present"]) == {}
    assert cache.has_key("present") is False
    cache.set("written-while-down", 2)  # no error
    cache.set_many({"a": 1})
    assert cache.add("lock", True) is True  # lock takers (allauth) carry on
    with pytest.raises(ValueError):
        cache.incr("counter")
    cache.delete("present")
    cache.delete_many(["a"])
    assert cache.touch("present") is False
    for _ in range(50):  # the breaker: no connection attempt per call
        cache.get("present")
    assert time.monotonic() - started < 2.0

    # Plain RedisCache raises: the tolerant one is what keeps pages up.
    plain = RedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    with pytest.raises(Exception):  # noqa: B017 - redis' ConnectionError
        plain.get("present")


def test_keys_written_during_an_outage_are_not_served_stale_afterwards(redis_server):
    cache = cache_on(redis_server.url)
    cache.set("session", "signed in")
    cache.set("untouched", "kept")
    redis_server.stop()
    cache.delete("session")  # e.g. a sign-out: the database row is gone, the cached copy not
    cache.set("profile", "new")
    redis_server.start()  # the append-only file brings the old "session" back
    time.sleep(0.3)  # past RETRY_AFTER
    assert cache.get("session") is None  # invalidated before the first use after the outage
    assert cache.get("profile") is None
    assert cache.get("untouched") is None  # the cache's own keys are all dropped ...
    import redis

    other = redis.Redis.from_url(redis_server.url)
    other.set("not-the-cache", "kept")  # ... not what else the database holds
    cache.set("session", "again")
    assert cache.get("session") == "again"
    assert other.get("not-the-cache") == b"kept"


# --- the portal, through gunicorn and a worker ---------------------------------------------------


def run_beat_tasks(env):
    """What beat would run next (resend unsent emails, sweep pending work), in a real process,
    as if their intervals had passed."""
    script = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from entities.tasks import resend_unsent_emails\n"
        "from compact_portal.resilience import sweep_pending_work\n"
        "later = timezone.now() + timedelta(minutes=10)\n"
        "print(resend_unsent_emails(now=later), sweep_pending_work(now=later))\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


def test_pages_work_without_redis_and_recorded_work_runs_when_it_returns(
    redis_server, compact, tmp_path, monkeypatch
):
    import os

    user = make_focal_point("outage@test.example", {"acronym": "UNODC"}, first_name="Ona")
    recipient = make_focal_point("peer@test.example", {"iso3": "KEN"}, first_name="Pat")
    person = recipient.focal_point.pk  # person pages are by focal point
    media = tmp_path / "media"
    media.mkdir()
    env = {
        "REDIS_URL": redis_server.url,
        "DATABASE_URL": session_database_url(),
        "MEDIA_ROOT": str(media),
    }
    with web_server("redis-outage", env) as web:
        before = web.session()  # signed in while Redis is up: its session is cached in Redis
        assert before.sign_in(user.email).status_code == 302
        assert before.get("/directory/").status_code == 200

        redis_server.stop()
        browser = web.session()
        # Signing in (rate limits and sessions use the cache) and the main pages.
        response = browser.sign_in(user.email)
        assert response.status_code == 302, response.text[-2000:]
        for path in ["/", "/directory/", "/library/", f"/directory/people/{person}/"]:
            response = browser.get(path)
            assert response.status_code == 200, (path, response.status_code, web.log.read_text())
        assert before.get("/directory/").status_code == 200  # the cached session, from the DB

        # Pages that enqueue a task: an upload (text extraction) and a message (an email).
        response = browser.post(
            "/library/new/",
            {
                "title": "Written while Redis was down",
                "summary": "Recorded, extracted later.",
                "doc_type": "good_practice",
                "status": "published",
                "visibility": "all",
                "file_language": "en",
                "languages": ["en"],
            },
            files={"file": ("outage.pdf", pdf_bytes("Outage resilience"), "application/pdf")},
        )
        assert response.status_code == 302, response.text[-2000:]
        response = browser.post(
            f"/directory/people/{person}/contact/",
            {"subject": "During the outage", "body": "Does this arrive?"},
            form_path=f"/directory/people/{person}/",
        )
        assert response.status_code == 302, response.text[-2000:]
        # Signing out while Redis is down: that session must not come back with Redis.
        assert before.sign_out().status_code == 302
        slowest = max(seconds for _, seconds in browser.timings)
        assert slowest < 5.0, "\n".join(f"{what} {took:.2f}" for what, took in browser.timings)

        stored = DocumentFile.objects.get(document__title="Written while Redis was down")
        assert stored.extraction == DocumentFile.Extraction.PENDING
        email = OutgoingEmail.objects.get(to=recipient.email)
        assert email.sent_at is None and email.failed_at is None

        redis_server.start()
        time.sleep(5.5)  # the web process's breaker retries Redis after RETRY_AFTER
        assert browser.get("/directory/").status_code == 200
        response = before.get("/directory/")  # the old session, still in Redis' file
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]

    # The recorded work was not lost: beat re-enqueues it and a worker runs it.
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    worker_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test"}
    worker = Worker("redis-outage-worker", env).start()
    try:
        print("beat:", run_beat_tasks(worker_env))
        assert wait_until(
            lambda: (
                DocumentFile.objects.get(pk=stored.pk).extraction != DocumentFile.Extraction.PENDING
            ),
            45,
        ), worker.text()
        assert wait_until(lambda: OutgoingEmail.objects.get(pk=email.pk).sent_at, 45), worker.text()
    finally:
        worker.stop()
    assert DocumentFile.objects.get(pk=stored.pk).extraction == DocumentFile.Extraction.DONE
    print("timings (s):", [(label, round(seconds, 3)) for label, seconds in browser.timings])
