import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="compact_portal.tasks.record_worker_heartbeat", ignore_result=True)
def record_worker_heartbeat(name: str = "worker") -> None:
    """Idempotent by construction: one row per name, updated in place."""
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "hostname": socket.gethostname()}
    )


@shared_task(name="compact_portal.tasks.aggregate_visits", ignore_result=True)
def aggregate_visits() -> int:
    """Fold finished days' visit marks into daily figures (idempotent, see `visits`)."""
    from .visits import aggregate_visits as fold

    return fold()


@shared_task(name="compact_portal.tasks.sweep_pending_work", ignore_result=True)
def sweep_pending_work() -> dict:
    """Re-enqueue recorded work whose Celery message was lost (see `resilience`)."""
    from .resilience import sweep_pending_work as sweep

    return sweep()


@shared_task(name="compact_portal.tasks.take_daily_figures", ignore_result=True)
def take_daily_figures() -> str:
    """Store today's Compact-in-numbers snapshot (idempotent: update_or_create on the day)."""
    from .numbers import take_daily_figures as take

    return take().day.isoformat()
