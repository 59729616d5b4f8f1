"""`make load`: a headless load test of gunicorn running the PRODUCTION settings on loopback.

    python scripts/loadtest.py [--workers 3] [--base-users 8] [--main-seconds 120] ...

1. Reuses the benchmark database (`compact_portal_bench`, scale 10 by default) that `make bench`
   seeds: it is seeded only if missing or short, never dropped. A few demo focal points of each
   kind (Member State, Compact entity, regional organization; non-staff, as production requires
   MFA of staff) get the demo password, besides the demo logins.
2. Starts gunicorn (sync workers, bound to 127.0.0.1 only) with PORTAL_PROFILE=production, a
   SECRET_KEY of its own (.data/load/secret_key), ALLOWED_HOSTS=127.0.0.1 and
   BEHIND_TLS_PROXY=true: the load generator sends `X-Forwarded-Proto: https` as a
   TLS-terminating proxy would, so the HTTPS redirect, the Secure cookies and the CSRF referer
   check all behave as in production.
3. Runs locust headless (scripts/locustfile.py): a steady stage of signed-in users browsing and
   searching (the headline figures: req/s, p95, errors), then more users step by step until a
   step has an error or a p95 over 500 ms; prints the highest rate that met both.

Bounded in time (--max-seconds, 600 by default); gunicorn, locust and the servers this script
started are stopped on exit, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack  # noqa: E402 - the sibling module, importable once the path is set

ROOT = stack.ROOT
PYTHON = stack.PYTHON
BENCH_DATABASE = "compact_portal_bench"
WORK = stack.DATA / "load"


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--scale", type=int, default=10, help="scale of the bench database (seeded if short)")
    add("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8765")))
    add("--redis-port", type=int, default=int(os.environ.get("LOAD_REDIS_PORT", "6399")))
    add("--workers", type=int, default=3, help="gunicorn sync workers (2-3 suit 2 cores)")
    add("--users-per-kind", type=int, default=4, help="load-test logins per kind of organization")
    add("--base-users", type=int, default=8, help="users of the steady stage")
    add("--main-seconds", type=int, default=120, help="length of the steady stage")
    add("--step-factor", type=float, default=1.5, help="users of a step / users of the last")
    add("--ramp-from", type=int, default=2, help="first step's users if the steady stage failed")
    add("--step-seconds", type=int, default=30)
    add("--max-steps", type=int, default=8)
    add("--p95-ms", type=float, default=500.0, help="the target p95 of a step")
    add("--spawn-rate", type=float, default=0.4, help="sign-ins per second (allauth: 30/min/IP)")
    add("--max-seconds", type=int, default=600, help="hard limit on the whole run")
    return parser.parse_args(argv)


def terminate(process: subprocess.Popen | None, name: str) -> None:
    """Stop a child and everything it started (it runs in its own process group)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
    except ProcessLookupError:
        return
    log(f"{name} stopped")


def wait_for_health(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see its output above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f}s")


def load_secret_key() -> str:
    """A key of the load test's own, kept between runs (the sessions of earlier runs stay
    readable: allauth lists a user's sessions at sign-in), never the development default."""
    path = WORK / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def production_environment(database_url: str, args: argparse.Namespace) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DEMO_PASSWORD", "MFA_REQUIRED_FOR_STAFF", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        PORTAL_PROFILE="production",
        DJANGO_SETTINGS_MODULE="compact_portal.settings",
        SECRET_KEY=load_secret_key(),
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX="load",
        EMAIL_URL="console://",  # no SMTP server here; nothing should be sent anyway
        LOG_LEVEL="WARNING",
    )
    return env


def print_results(stages: list[dict], args: argparse.Namespace) -> dict | None:
    header = (
        f"{'stage':<8} {'users':>5} {'seconds':>7} {'requests':>8} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'errors':>6}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for s in stages:
        label = "steady" if s["stage"] == 0 else f"step {s['stage']}"
        label += "" if s["complete"] else "*"
        print(
            f"{label:<8} {s['users']:>5} {s['seconds']:>7.0f} {s['requests']:>8} "
            f"{s['rps']:>7.1f} {s['p50_ms']:>7.0f} {s['p95_ms']:>7.0f} {s['max_ms']:>7.0f} "
            f"{s['errors']:>6}"
        )
        for sample in s["error_samples"]:
            print(f"         error: {sample}")
    print()
    if stages:
        steady = stages[0]
        print(
            f"Steady stage: {steady['users']} signed-in users for {steady['seconds']:.0f}s: "
            f"{steady['rps']:.1f} req/s, p95 {steady['p95_ms']:.0f} ms, "
            f"{steady['errors']} errors ({steady['requests']} page requests, "
            f"{steady['sign_ins']} sign-in requests)."
        )
    if not all(s["complete"] for s in stages):
        print("* cut short by the time limit: not counted below.")
    good = [s for s in stages if s["complete"] and s["errors"] == 0 and s["p95_ms"] <= args.p95_ms]
    best = max(good, key=lambda s: s["rps"], default=None)
    if best is None:
        print(f"No stage had zero errors and p95 <= {args.p95_ms:.0f} ms.")
        return None
    last = stages[-1]
    bound = "at least " if last in good and last["stage"] >= args.max_steps else ""
    print(
        f"Highest rate with zero errors and p95 <= {args.p95_ms:.0f} ms: "
        f"{bound}{best['rps']:.1f} req/s ({best['users']} users, p95 {best['p95_ms']:.0f} ms)."
    )
    return best


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    load_before = load_average()
    stack.development_environment()  # the bench preparation runs in the development profile
    password = os.environ["DEMO_PASSWORD"]
    WORK.mkdir(parents=True, exist_ok=True)
    logins = WORK / "logins.json"
    summary = WORK / "summary.json"
    summary.unlink(missing_ok=True)
    gunicorn = locust = None
    with stack.Stack(redis_port=args.redis_port) as servers:
        database_url = servers.database_url(BENCH_DATABASE)
        try:
            log(f"preparing {BENCH_DATABASE} (seeded only if short of scale {args.scale})")
            subprocess.run(
                [
                    *[PYTHON, str(ROOT / "manage.py"), "bench", "--scale", str(args.scale)],
                    *["--prepare-only", "--load-users", str(args.users_per_kind)],
                    *["--load-users-file", str(logins)],
                ],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": database_url},
                check=True,
            )
            env = production_environment(database_url, args)
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            log(f"starting gunicorn (production settings, {args.workers} sync workers)")
            gunicorn = subprocess.Popen(
                [
                    *[PYTHON, "-m", "gunicorn", "compact_portal.wsgi:application"],
                    *["--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)],
                    *["--worker-class", "sync", "--timeout", "30", "--graceful-timeout", "5"],
                    *["--log-level", "warning", "--no-control-socket"],
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
            wait_for_health(args.port, gunicorn)
            log("gunicorn is answering; starting locust")
            remaining = args.max_seconds - (time.monotonic() - started)
            locust_env = {
                **os.environ,
                "LOAD_USERS_FILE": str(logins),
                "LOAD_PASSWORD": password,
                "LOAD_SUMMARY": str(summary),
                "LOAD_BASE_USERS": str(args.base_users),
                "LOAD_MAIN_SECONDS": str(args.main_seconds),
                "LOAD_STEP_FACTOR": str(args.step_factor),
                "LOAD_RAMP_FROM": str(args.ramp_from),
                "LOAD_STEP_SECONDS": str(args.step_seconds),
                "LOAD_MAX_STEPS": str(args.max_steps),
                "LOAD_SPAWN_RATE": str(args.spawn_rate),
                "LOAD_P95_MS": str(args.p95_ms),
            }
            locust = subprocess.Popen(
                [
                    *[PYTHON, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py")],
                    *["--headless", "--host", f"http://127.0.0.1:{args.port}"],
                    *["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
                ],
                cwd=ROOT,
                env=locust_env,
                start_new_session=True,
            )
            try:
                locust.wait(max(remaining, 30))
            except subprocess.TimeoutExpired:
                log(f"time limit ({args.max_seconds}s) reached: stopping locust")
                locust.send_signal(signal.SIGINT)  # locust writes its summary on the way out
                try:
                    locust.wait(20)
                except subprocess.TimeoutExpired:
                    terminate(locust, "locust")
        finally:
            terminate(locust, "locust")
            terminate(gunicorn, "gunicorn")
    if not summary.exists():
        log("locust wrote no summary")
        return 1
    stages = json.loads(summary.read_text())
    print(
        f"\nLoad test: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, gunicorn "
        f"{args.workers} sync workers, production settings, {BENCH_DATABASE} at scale "
        f"{args.scale}; locust on the same machine; {time.monotonic() - started:.0f}s in all; "
        f"load average before {load_before}, after {load_average()} (other work included)."
    )
    best = print_results(stages, args)
    return 0 if best is not None and stages[0]["errors"] == 0 else 1


def main(argv: list[str]) -> int:
    def on_sigterm(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        return run(parse_args(argv))
    except KeyboardInterrupt:
        log("interrupted; processes stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
