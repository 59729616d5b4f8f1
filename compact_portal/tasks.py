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
