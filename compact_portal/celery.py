import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")

app = Celery("compact_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _announce_worker(sender, **kwargs):
    """A first heartbeat at start-up, so /healthz sees the worker before the first beat."""
    sender.app.send_task("compact_portal.tasks.record_worker_heartbeat")
