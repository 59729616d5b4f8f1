"""Degrading gracefully when Redis is away: the cache reads as empty, enqueues are recorded.

- `TolerantRedisCache`: Django's Redis cache whose outages read as misses and whose writes are
  skipped, so pages (sessions are `cached_db`: the database stays the truth) keep working. After
  an error the backend stops trying for `RETRY_AFTER` seconds (no connect per cache call). Once
  this process has failed to write or delete a key, what Redis holds may be stale when it comes
  back (a session deleted at sign-out, a search version counter): the cache's keys (its
  KEY_PREFIX) are deleted before the first use after the outage. Rate limits (allauth) fail open
  while Redis is away: sign-in still needs the password.
- `enqueue` / `enqueue_on_commit`: publish a task without letting a broker outage fail the
  request. The work itself is recorded in the database first (an outbox row, a file waiting for
  extraction, a notification row), and `sweep_pending_work` (beat) re-enqueues what is still
  waiting, so a message lost with Redis is sent again when Redis is back.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

try:  # the client library is always installed with Django's Redis backend; be explicit anyway
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    REDIS_ERRORS: tuple[type[BaseException], ...] = (
        RedisConnectionError,
        RedisTimeoutError,
        OSError,
    )
except ImportError:  # pragma: no cover
    REDIS_ERRORS = (OSError,)

_MISSING = object()
# Beyond this many keys to invalidate, the whole prefix is invalidated instead.
MAX_DIRTY_KEYS = 10_000


class _Breaker:
    """Remembers an outage for a few seconds so each call does not pay a connection attempt."""

    def __init__(self, name: str, retry_after: float) -> None:
        self.name = name
        self.retry_after = retry_after
        self.open_until = 0.0
        self.down = False

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: BaseException) -> None:
        self.open_until = time.monotonic() + self.retry_after
        if not self.down:
            self.down = True
            logger.warning("%s unavailable, degrading: %s", self.name, error)

    def reset(self) -> None:
        if self.down:
            self.down = False
            logger.warning("%s available again", self.name)


class TolerantRedisCache(RedisCache):
    """RedisCache for which an unreachable server is an empty cache, never an error."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", 5.0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.breaker = _Breaker("Redis cache", retry_after)
        self._lock = threading.Lock()
        self._dirty: set[str] = set()
        self._dirty_overflow = False

    # --- plumbing --------------------------------------------------------------------------

    def _call(self, operation, default, *, written: list[str] | None = None):
        """Run `operation()` against Redis; on an outage return `default` (and remember
        `written`: keys whose value in Redis may now be stale)."""
        if not self.breaker.is_open():
            try:
                self._invalidate_stale()
                result = operation()
            except REDIS_ERRORS as error:
                self.breaker.trip(error)
            else:
                self.breaker.reset()
                return result
        if written:
            self._mark_dirty(written)
        return default

    def _mark_dirty(self, keys: list[str]) -> None:
        with self._lock:
            if self._dirty_overflow:
                return
            self._dirty.update(keys)
            # With a key prefix of its own, the whole cache is dropped after an outage: a key
            # deleted during it (e.g. a version counter that then starts again) could otherwise
            # bring back entries older than the outage.
            if self.key_prefix or len(self._dirty) > MAX_DIRTY_KEYS:
                self._dirty.clear()
                self._dirty_overflow = True

    def _invalidate_stale(self) -> None:
        """Delete what this process failed to write during an outage (raises if still down)."""
        if not (self._dirty or self._dirty_overflow):
            return
        with self._lock:
            keys, overflow = list(self._dirty), self._dirty_overflow
            self._dirty.clear()
            self._dirty_overflow = False
        try:
            client = self._cache.get_client(None, write=True)
            if overflow and self.key_prefix:
                pattern = f"{self.key_prefix}:*"
                batch = []
                for key in client.scan_iter(match=pattern, count=1000):
                    batch.append(key)
                    if len(batch) >= 1000:
                        client.delete(*batch)
                        batch = []
                if batch:
                    client.delete(*batch)
            elif overflow:  # no prefix: the database may be shared, never flush it
                logger.warning("Redis cache: too many keys written during the outage to clear")
            elif keys:
                client.delete(*keys)
        except REDIS_ERRORS:
            if overflow:
                self._dirty_overflow = True
            else:
                self._mark_dirty(keys)
            raise
        logger.info("Redis cache: cleared what may have gone stale during the outage")

    # --- the cache API ---------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        # "Stored" during an outage, so that callers taking a lock (allauth) carry on.
        return self._call(lambda: self._cache.add(made, value, timeout), True, written=[made])

    def get(self, key, default=None, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._call(lambda: self._cache.get(made, default), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        self._call(lambda: self._cache.set(made, value, timeout), None, written=[made])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        return self._call(lambda: self._cache.touch(made, timeout), False)

    def delete(self, key, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._call(lambda: self._cache.delete(made), False, written=[made])

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._call(lambda: self._cache.get_many(key_map.keys()), {})
        return {key_map[k]: v for k, v in found.items()}

    def has_key(self, key, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._call(lambda: self._cache.has_key(made), False)

    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        result = self._call(lambda: self._cache.incr(made, delta), _MISSING, written=[made])
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found")  # what a cache without the key says
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        safe = {self.make_and_validate_key(k, version=version): v for k, v in data.items()}
        timeout = self.get_backend_timeout(timeout)
        self._call(lambda: self._cache.set_many(safe, timeout), None, written=list(safe))
        return []

    def delete_many(self, keys, version=None):
        if not keys:
            return
        safe = [self.make_and_validate_key(key, version=version) for key in keys]
        self._call(lambda: self._cache.delete_many(safe), None, written=safe)

    def clear(self):
        return self._call(self._cache.clear, False)


# --- Celery -------------------------------------------------------------------------------------

_broker = _Breaker("Celery broker", 5.0)


def broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as KombuOperationalError

    return (KombuOperationalError, *REDIS_ERRORS)


def enqueue(task, *args, **kwargs) -> bool:
    """Publish `task(*args, **kwargs)`; False (logged) if the broker is unreachable.

    Call it only for work that is recorded in the database and swept up again
    (`sweep_pending_work`, the outbox's resend beat), so a False loses nothing.
    """
    if _broker.is_open():
        logger.warning("broker down: %s%r left for the sweeper", task.name, args)
        return False
    try:
        task.delay(*args, **kwargs)
    except broker_errors() as error:
        _broker.trip(error)
        logger.warning("broker down: %s%r left for the sweeper", task.name, args)
        return False
    _broker.reset()
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """`enqueue` after the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


# --- the sweeper --------------------------------------------------------------------------------

# Work older than this and still waiting is assumed to have lost its message.
SWEEP_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 200


def sweep_pending_work(now=None) -> dict[str, int]:
    """Re-enqueue recorded work whose Celery message may have been lost (idempotent tasks)."""
    from library.models import DocumentFile
    from library.tasks import extract_document_file
    from workinggroups.discussion_notifications import IMMEDIATE
    from workinggroups.discussion_tasks import send_post_emails_task
    from workinggroups.models import PostNotification

    before = (now or timezone.now()) - SWEEP_AFTER
    files = list(
        DocumentFile.objects.filter(
            extraction=DocumentFile.Extraction.PENDING, uploaded_at__lte=before
        )
        .order_by("uploaded_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    posts = list(
        PostNotification.objects.filter(mode=IMMEDIATE, sent_at=None, created_at__lte=before)
        .order_by("post_id")
        .values_list("post_id", flat=True)
        .distinct()[:SWEEP_BATCH]
    )
    counts = {"extractions": 0, "post_emails": 0}
    for pk in files:
        if not enqueue(extract_document_file, pk):
            return counts
        counts["extractions"] += 1
    for post_id in posts:
        if not enqueue(send_post_emails_task, post_id):
            return counts
        counts["post_emails"] += 1
    if any(counts.values()):
        logger.info("sweeper: re-enqueued %s", counts)
    return counts


# --- the database away --------------------------------------------------------------------------


def _is_database_unavailable(exception: BaseException | None) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, (OperationalError, InterfaceError))


def _flag_database_errors(sender, request=None, **kwargs) -> None:
    """got_request_exception: remember that this request failed for want of the database."""
    import sys

    if request is not None and _is_database_unavailable(sys.exc_info()[1]):
        request.database_unavailable = True


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not 500, while PostgreSQL cannot be reached (a restart, a
    failover): clients and load balancers then retry. Connections are re-opened by the next
    request (CONN_HEALTH_CHECKS), so nothing needs restarting."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        from django.core.signals import got_request_exception

        self.get_response = get_response
        got_request_exception.connect(_flag_database_errors, dispatch_uid="database-unavailable")

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_unavailable", False):
            from django.http import HttpResponse
            from django.utils.translation import gettext

            logger.warning("database unavailable: 503 for %s", request.path)
            response = HttpResponse(
                gettext("The portal is briefly unavailable. Please try again in a moment."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
        return response
