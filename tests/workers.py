"""A real `celery worker` process against the test database, for integration tests."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def celery_worker(
    log_name: str,
    settings_module: str = "compact_portal.settings_test",
    pythonpath: list[str] | None = None,
):
    """Start a solo-pool worker on the test database and the test Redis; stop it afterwards."""
    db = settings.DATABASES["default"]
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"{base_url}/{db['NAME']}",
    }
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([*pythonpath, str(ROOT)])
    log = ROOT / "tests" / "artifacts" / log_name
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
            yield log
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(predicate, timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
