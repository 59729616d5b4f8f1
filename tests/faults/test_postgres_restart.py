"""PostgreSQL restarted under a running web process: while it is down, pages answer 503 with
Retry-After (not 500); the first requests after it is back succeed, without restarting the web
process (persistent connections with CONN_HEALTH_CHECKS).

The PostgreSQL here is the test's own embedded server (data under the test's tmp directory),
holding a copy of the test database; the shared server is never stopped.
"""

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import make_focal_point

from .processes import OwnPostgres, session_database_url, web_server

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_postgres():
    # Not pytest's tmp_path: its 0700 folders are closed to the server's own system user.
    directory = Path(tempfile.mkdtemp(prefix="faults-pg-", dir="/tmp"))
    directory.chmod(0o755)
    server = OwnPostgres(directory / "pgdata")
    server.start()
    try:
        yield server
    finally:
        server.destroy()
        shutil.rmtree(directory, ignore_errors=True)


def test_the_web_process_recovers_from_a_postgres_restart(own_postgres, compact):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # connections outlive a request
    user = make_focal_point("restart@test.example", {"acronym": "CTED"}, first_name="Rae")
    own_postgres.copy_database(session_database_url(), "portal")

    with web_server("postgres-restart", {"DATABASE_URL": own_postgres.url("portal")}) as web:
        browser = web.session()
        assert browser.sign_in(user.email).status_code == 302
        assert browser.get("/directory/").status_code == 200
        assert web.session().get("/healthz").status_code == 200

        own_postgres.stop()
        down = browser.get("/directory/")
        # Not a 500: "try again", which clients and load balancers understand.
        assert down.status_code == 503 and down.headers["Retry-After"], web.log.read_text()[-3000:]
        assert "try again" in down.text
        health = web.session().get("/healthz")
        assert health.status_code == 503 and not health.json()["checks"]["database"]["ok"]

        started = time.monotonic()
        own_postgres.start()
        restart_seconds = time.monotonic() - started
        # The very first request after the restart, on the connection the server dropped.
        statuses = [browser.get("/directory/").status_code for _ in range(3)]
        assert statuses == [200, 200, 200], (statuses, web.log.read_text()[-3000:])
        assert browser.get("/library/").status_code == 200
        assert web.session().get("/healthz").status_code == 200
    print(f"while down: /directory/ {down.status_code}; restart took {restart_seconds:.1f}s")
