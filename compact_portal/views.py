import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from entities.models import OutgoingEmail

from . import selectors
from .models import WorkerHeartbeat


@login_not_required
def home(request):
    """Signed in: the dashboard; anonymous: the public landing page (nothing restricted)."""
    if not request.user.is_authenticated:
        return render(request, "home/landing.html", selectors.landing_context())
    return render(request, "home.html", selectors.home_context(request.user))


@require_GET
def my_activity(request):
    """The latest activity of my groups: a fragment the home page loads after itself (htmx),
    so the home page does not wait for the activity stream's queries."""
    groups = selectors.my_groups(request.user)
    return render(
        request,
        "home/_activity_items.html",
        {"activity": selectors.group_activity(request.user, groups)},
    )


def numbers(request):
    """The Compact in numbers as the viewer may see them; trends for the Secretariat."""
    from . import numbers as figures

    context = {
        "figures": figures.figures_for(request.user),
        "visits": figures.visits_by_month(),
        "trends": figures.trends() if figures.may_see_trends(request.user) else None,
        "may_see_assessments": figures.sees_assessments(request.user),
    }
    return render(request, "numbers/index.html", context)


def _check(probe):
    started = time.monotonic()
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache round trip failed")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check(_database), "redis": _check(_redis)}
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    if checks["database"]["ok"]:
        # The worker is reported, not required: the web can serve while a worker restarts.
        beat = WorkerHeartbeat.objects.filter(name="worker").first()
        body["worker_last_beat_seconds"] = (
            round((timezone.now() - beat.beat_at).total_seconds()) if beat else None
        )
        # Emails recorded but not sent for ten minutes: SMTP or the worker needs a look.
        body["emails_waiting"] = OutgoingEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=timezone.now() - timedelta(minutes=10)
        ).count()
    if checks["redis"]["ok"]:
        body["queue_depth"] = _queue_depth()
    return JsonResponse(body, status=200 if healthy else 503)


def _queue_depth() -> int | None:
    """Tasks waiting in the Celery queue (a growing figure means too few workers)."""
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1
        )
        return int(client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
    except redis.RedisError:
        return None
