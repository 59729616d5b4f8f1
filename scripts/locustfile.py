"""The load test's virtual focal points: sign in once, then browse and search the portal.

Run through `make load` (scripts/loadtest.py), which starts gunicorn with the production settings
and passes the configuration below by environment. By hand, against a running portal:

    LOAD_USERS_FILE=logins.json LOAD_PASSWORD=... locust -f scripts/locustfile.py --headless \\
        --host http://127.0.0.1:8765

Each virtual user signs in once (sign-in is rate limited per account and per IP address), with
the headers a TLS-terminating proxy would add (`X-Forwarded-Proto: https`: the portal trusts it
when BEHIND_TLS_PROXY is set), then browses and searches with a think time between pages.

The load shape (LOAD_SHAPE=step, the default): a steady stage of LOAD_BASE_USERS users for
LOAD_MAIN_SECONDS (the headline figures), then steps of LOAD_STEP_SECONDS, each with
LOAD_STEP_FACTOR times the users of the last, until a step has an error or a p95 over LOAD_P95_MS
(or LOAD_MAX_STEPS ran); if the steady stage itself misses that target, the steps start again
from LOAD_RAMP_FROM users.
A summary of every stage is written to LOAD_SUMMARY (JSON) when the run ends.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import threading
import time
from http.cookiejar import DefaultCookiePolicy
from itertools import count
from pathlib import Path

from locust import LoadTestShape, between, events, task
from locust.contrib.fasthttp import FastHttpUser

# --- what the virtual users visit (tests/compact_portal/test_loadtest.py checks they resolve) ---

WORKING_GROUP_SLUGS = [
    "pcve",
    "border-management-law-enforcement",
    "emerging-threats-critical-infrastructure",
    "criminal-justice-legal-responses-cft",
    "resource-mobilization-monitoring-evaluation",
    "nars",
    "human-rights-rule-of-law-victims",
    "gender",
]
SEARCH_TERMS = ["security", "border", "kenya", "terrorism", "garcia", "financing", "tuvalu"]

# (weight, request name, path): the request name groups the statistics of one kind of page.
BROWSE = [
    (4, "home", "/"),
    (3, "directory", "/directory/"),
    (3, "library", "/library/"),
    (2, "calendar month", "/calendar/?month=2026-11"),
    (2, "projects", "/projects/"),
    (1, "appeal dashboard", "/appeal/cycles/2021-2022/dashboard/"),
]
WORKING_GROUP_PATH = "/working-groups/{slug}/"
DOCUMENT_PATH = "/library/{pk}/"
SEARCHES = [
    (3, "directory search", "/directory/?q={term}"),
    (3, "library search", "/library/?q={term}"),
]
GLOBAL_SEARCH = (3, "global search", "/search/?q={term}")
LOGIN_PATH = "/accounts/login/"

DOCUMENT_LINK = re.compile(r'href="/library/(\d+)/"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGN_IN = "sign in"
PROBE = "global search (probe)"


def example_paths() -> list[str]:
    """One concrete path of every kind the virtual users request (for the URL test)."""
    paths = [path for _, _, path in BROWSE]
    paths += [WORKING_GROUP_PATH.format(slug=slug) for slug in WORKING_GROUP_SLUGS]
    paths.append(DOCUMENT_PATH.format(pk=1))
    paths += [path.format(term=SEARCH_TERMS[0]) for _, _, path in [*SEARCHES, GLOBAL_SEARCH]]
    paths.append(LOGIN_PATH)
    return paths


# --- configuration ------------------------------------------------------------------------------


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _logins() -> list[str]:
    path = os.environ.get("LOAD_USERS_FILE")
    if path and Path(path).exists():
        return json.loads(Path(path).read_text())
    return ["state@example.org", "entity@example.org", "regional@example.org"]


LOGINS = _logins()
PASSWORD = os.environ.get("LOAD_PASSWORD", "compact-demo-2026")
# "auto": the first user to sign in asks /search/ once; its search tasks run only if it answers.
GLOBAL_SEARCH_MODE = os.environ.get("LOAD_GLOBAL_SEARCH", "auto")
_global_search = {"1": True, "0": False}.get(GLOBAL_SEARCH_MODE)
_next_login = count()


# --- the virtual user ---------------------------------------------------------------------------


class BehindTLSProxyCookiePolicy(DefaultCookiePolicy):
    """Secure cookies go back over the plain-HTTP hop, as they do from a TLS-terminating proxy
    (the portal marks them Secure in production; the generator speaks HTTP on loopback)."""

    def return_ok_secure(self, cookie, request):
        return True


class FocalPointUser(FastHttpUser):
    """A non-staff focal point: signs in once, then reads pages and searches."""

    wait_time = between(0.5, 2.0)
    network_timeout = 30.0
    connection_timeout = 10.0
    # The portal runs the production settings behind a (here imaginary) TLS-terminating proxy.
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}

    def on_start(self):
        self.email = LOGINS[next(_next_login) % len(LOGINS)]
        self.document_ids: list[str] = []
        self.client.cookiejar.set_policy(BehindTLSProxyCookiePolicy())
        self.sign_in()
        global _global_search
        if _global_search is None:
            _global_search = False  # one probe: the other users skip it until it answers
            _global_search = self.global_search_answers()

    def global_search_answers(self) -> bool:
        path = GLOBAL_SEARCH[2].format(term=SEARCH_TERMS[0])
        with self.client.get(path, name=PROBE, allow_redirects=False, catch_response=True) as r:
            r.success()  # a page not there yet is not an error of the load test
            return r.status_code == 200

    def sign_in(self):
        with self.client.get(LOGIN_PATH, name=f"{SIGN_IN} (form)", catch_response=True) as page:
            match = CSRF_INPUT.search(page.text or "") if page.status_code == 200 else None
            if not match:
                page.failure(f"sign-in form answered {page.status_code} without a CSRF token")
                return
        referer = f"https://{self.host.split('://', 1)[-1].rstrip('/')}{LOGIN_PATH}"
        with self.client.post(
            LOGIN_PATH,
            data={
                "login": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1),
            },
            headers={"Referer": referer},
            name=SIGN_IN,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"{self.email}: sign-in answered {response.status_code}")

    def get(self, path: str, name: str):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{path} answered {r.status_code}")
            return r

    @task(15)
    def browse(self):
        _, name, path = weighted(BROWSE)
        response = self.get(path, name)
        if name == "library" and response.status_code == 200:
            self.document_ids = DOCUMENT_LINK.findall(response.text or "")[:20]

    @task(3)
    def working_group_space(self):
        slug = random.choice(WORKING_GROUP_SLUGS)
        self.get(WORKING_GROUP_PATH.format(slug=slug), "working group space")

    @task(3)
    def document(self):
        if not self.document_ids:  # the documents this user may see, from the library page
            response = self.get("/library/", "library")
            self.document_ids = DOCUMENT_LINK.findall(response.text or "")[:20]
        if self.document_ids:
            self.get(DOCUMENT_PATH.format(pk=random.choice(self.document_ids)), "document")

    @task(9)
    def search(self):
        searches = [*SEARCHES, GLOBAL_SEARCH] if _global_search else SEARCHES
        _, name, path = weighted(searches)
        self.get(path.format(term=random.choice(SEARCH_TERMS)), name)


def weighted(choices):
    return random.choices(choices, weights=[weight for weight, _, _ in choices])[0]


# --- per-stage statistics -----------------------------------------------------------------------


class Recorder:
    """Every request's time and outcome, by load stage (locust's own statistics are cumulative)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.stage = 0
        self.stages: dict[int, dict] = {}

    def start_stage(self, index: int, users: int, kind: str):
        """A new stage: its users spawn (errors count, times not yet) until start_measuring."""
        with self.lock:
            self.stage = index
            self.stages[index] = {
                "stage": index,
                "kind": kind,
                "users": users,
                "measuring": False,
                "complete": False,
                "started": time.monotonic(),
                "ended": None,
                "times": [],
                "errors": 0,
                "sign_ins": 0,
                "error_samples": [],
            }

    def start_measuring(self):
        with self.lock:
            stage = self.stages[self.stage]
            stage["measuring"] = True
            stage["started"] = time.monotonic()

    def end_stage(self, complete: bool = False):
        """End the current stage: complete when it ran its course, not when the run was cut."""
        with self.lock:
            if self.stage in self.stages and self.stages[self.stage]["ended"] is None:
                self.stages[self.stage]["ended"] = time.monotonic()
                self.stages[self.stage]["complete"] = complete

    def record(self, name: str, response_time: float, exception):
        with self.lock:
            stage = self.stages.get(self.stage)
            if stage is None:
                return
            if exception is not None:
                stage["errors"] += 1
                if len(stage["error_samples"]) < 5:
                    stage["error_samples"].append(f"{name}: {exception}")
            if name.startswith(SIGN_IN):
                stage["sign_ins"] += 1
            elif stage["measuring"] and name != PROBE:
                # Page figures only: sign-in (a deliberately slow password hash) counts apart.
                stage["times"].append(response_time)

    def summary(self, index: int) -> dict:
        with self.lock:
            stage = self.stages[index]
            ended = stage["ended"] or time.monotonic()
            duration = max(ended - stage["started"], 1e-6)
            times = sorted(stage["times"])
            return {
                "stage": index,
                "kind": stage["kind"],
                "complete": stage["complete"],
                "users": stage["users"],
                "seconds": round(duration, 1),
                "requests": len(times),
                "rps": round(len(times) / duration, 2),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "max_ms": round(times[-1], 1) if times else 0.0,
                "errors": stage["errors"],
                "sign_ins": stage["sign_ins"],
                "error_samples": list(stage["error_samples"]),
            }

    def summaries(self) -> list[dict]:
        return [self.summary(index) for index in sorted(self.stages)]


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


RECORDER = Recorder()


@events.request.add_listener
def _on_request(request_type, name, response_time, response_length, exception=None, **kwargs):
    RECORDER.record(name, response_time, exception)


@events.quitting.add_listener
def _on_quitting(environment, **kwargs):
    RECORDER.end_stage()
    path = os.environ.get("LOAD_SUMMARY")
    if path:
        Path(path).write_text(json.dumps(RECORDER.summaries(), indent=2))


# --- the load shape -----------------------------------------------------------------------------


class SteppedLoad(LoadTestShape):
    """A steady stage, then more users step by step until a step breaks the target."""

    base_users = _env_int("LOAD_BASE_USERS", 8)
    main_seconds = _env_int("LOAD_MAIN_SECONDS", 120)
    # Each step has `step_factor` times the users of the last (at least one more); after a
    # steady stage that missed the target, the steps start again from `ramp_from` users.
    step_factor = float(os.environ.get("LOAD_STEP_FACTOR") or 1.5)
    ramp_from = _env_int("LOAD_RAMP_FROM", 2)
    step_seconds = _env_int("LOAD_STEP_SECONDS", 30)
    max_steps = _env_int("LOAD_MAX_STEPS", 8)
    # Spawned users sign in at once: stay under allauth's 30 sign-ins a minute per IP address.
    spawn_rate = float(os.environ.get("LOAD_SPAWN_RATE") or 0.4)
    p95_target_ms = float(os.environ.get("LOAD_P95_MS") or 500)
    # Statistics of a stage start once its new users have signed in (spawning counts apart).
    settle_seconds = 3

    def __init__(self):
        super().__init__()
        self.stage_index = -1
        self.stage_started = 0.0
        self.users = 0
        self.spawned_from = 0
        self.measuring_pending = False
        self.stopped = False

    def tick(self):
        if self.stopped:
            return None
        now = self.get_run_time()
        if self.stage_index < 0:
            self.begin(0, self.base_users, now)
        duration = self.main_seconds if self.stage_index == 0 else self.step_seconds
        spawn_time = self.spawn_seconds()
        if now - self.stage_started >= spawn_time + duration:
            RECORDER.end_stage(complete=True)
            result = RECORDER.summary(self.stage_index)
            broken = result["errors"] > 0 or result["p95_ms"] > self.p95_target_ms
            if (self.stage_index > 0 and broken) or self.stage_index >= self.max_steps:
                self.stopped = True
                return None
            # Up from the steady stage if it met the target, else up from a few users.
            users = self.ramp_from if broken else self.next_users(self.users)
            self.begin(self.stage_index + 1, users, now)
        elif self.measuring_pending and now - self.stage_started >= spawn_time:
            self.measuring_pending = False
            RECORDER.start_measuring()
        return self.users, self.spawn_rate

    def begin(self, index: int, users: int, now: float):
        self.spawned_from = self.users
        self.stage_index = index
        self.stage_started = now
        self.users = users
        self.measuring_pending = True
        RECORDER.start_stage(index, users, "steady" if index == 0 else "step")

    def next_users(self, users: int) -> int:
        return max(users + 1, math.ceil(users * self.step_factor))

    def spawn_seconds(self) -> float:
        return max(self.users - self.spawned_from, 0) / self.spawn_rate + self.settle_seconds


if os.environ.get("LOAD_SHAPE", "step") != "step":  # plain `locust -u N -t T` runs
    del SteppedLoad
