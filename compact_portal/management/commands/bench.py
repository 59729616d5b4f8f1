"""Time named requests in-process against a demo database at scale; one OK/OVER line per budget.

Run through `make bench` (SCALE=N), which points DATABASE_URL at a database of its own.
"""

import json
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from compact_portal.demo import ensure_demo_logins
from entities.demo import FOCAL_POINTS
from entities.models import FocalPoint, User


@dataclass(frozen=True)
class Probe:
    name: str
    path: str
    user: str | None  # email of the demo login, or None for anonymous
    budget_p95_ms: float
    max_queries: int
    # Cold: the search caches are emptied before every timed request, so the figure is what a
    # search nobody ran in the last minutes costs (the other probes repeat one request).
    cold: bool = False


# Extend this list as pages land: one probe per main page, with its budget.
PROBES = [
    Probe("floor (trivial view, same middleware)", "/__bench__/floor", "state@example.org", 15, 5),
    Probe("health check (anonymous)", "/healthz", None, 25, 3),
    Probe("login page (anonymous)", "/accounts/login/", None, 60, 2),
    # The home page: figures, programme and four panels; its groups' activity comes after (htmx).
    Probe("home dashboard (Member State focal point)", "/", "state@example.org", 120, 30),
    Probe("home dashboard (Secretariat)", "/", "secretariat@example.org", 120, 30),
    Probe("home: my groups' activity", "/activity/my-groups/", "entity@example.org", 150, 22),
    Probe("directory (no search)", "/directory/", "state@example.org", 150, 12),
    Probe(
        "directory search 'maria garcia'",
        "/directory/?q=maria+garcia",
        "state@example.org",
        150,
        12,
    ),
    Probe(
        "directory search typo 'voronkof'", "/directory/?q=voronkof", "state@example.org", 150, 12
    ),
    # The library (issue 6): search p95 <= 200 ms with facet counts, as a focal point whose
    # visibility rule is not the Secretariat's "everything".
    Probe("library browse (no query)", "/library/", "state@example.org", 200, 15),
    Probe("library browse (Secretariat)", "/library/", "secretariat@example.org", 200, 15),
    Probe(
        "library browse, 2 filters",
        "/library/?type=report&language=en&sort=oldest",
        "state@example.org",
        200,
        15,
    ),
    Probe("library search rare 'tuvalu'", "/library/?q=tuvalu", "state@example.org", 200, 15),
    Probe("library search common 'security'", "/library/?q=security", "state@example.org", 200, 15),
    Probe(
        "library search common 'security' (cold cache)",
        "/library/?q=security",
        "state@example.org",
        200,
        15,
        cold=True,
    ),
    Probe("library browse (cold cache)", "/library/", "state@example.org", 200, 15, cold=True),
    Probe(
        "library search hyphen 'counter-terrorism'",
        "/library/?q=counter-terrorism",
        "state@example.org",
        200,
        15,
    ),
    Probe("library search prefix 'terr'", "/library/?q=terr", "state@example.org", 200, 15),
    # Across languages (issue 12): stemmed French, and Chinese as character pairs.
    Probe(
        "library search French 'financement'",
        "/library/?q=financement",
        "state@example.org",
        200,
        15,
    ),
    Probe(
        "library search Chinese '恐怖主义'",
        "/library/?q=%E6%81%90%E6%80%96%E4%B8%BB%E4%B9%89",
        "state@example.org",
        200,
        15,
    ),
    Probe(
        "library search 'border' + theme filter",
        "/library/?q=border&theme=border-management",
        "state@example.org",
        200,
        15,
    ),
    # Working Group spaces, discussions, planning and reports (issue 5)
    Probe("working groups index", "/working-groups/", "entity@example.org", 120, 12),
    Probe(
        "group space (editor)",
        "/working-groups/border-management-law-enforcement/",
        "chair@example.org",
        300,
        40,
    ),
    Probe(
        "group edit history",
        "/working-groups/border-management-law-enforcement/history/",
        "chair@example.org",
        200,
        20,
    ),
    Probe("coordination committee", "/coordination-committee/", "entity@example.org", 200, 25),
    Probe(
        "WG 2 discussions (group editor)",
        "/working-groups/border-management-law-enforcement/discussions/",
        "chair@example.org",
        150,
        13,
    ),
    Probe("collaboration (Member State)", "/collaboration/", "state@example.org", 150, 13),
    Probe("planning overview", "/planning/", "state@example.org", 120, 14),
    Probe(
        "planning activities (filtered)",
        "/planning/activities/?status=ongoing",
        "state@example.org",
        150,
        14,
    ),
    Probe("planning matrix", "/planning/matrix/", "chair@example.org", 150, 12),
    Probe("planning timeline", "/planning/timeline/", "entity@example.org", 200, 14),
    Probe(
        "annual report 2024 (Member State)", "/annual-report/2024/", "state@example.org", 250, 12
    ),
    # The Joint Calendar (issue 7)
    Probe("calendar month", "/calendar/?month=2026-11", "entity@example.org", 300, 14),
    Probe("calendar agenda", "/calendar/agenda/?from=2026-11-01", "state@example.org", 300, 14),
    # Projects and CTED assessments (issue 8): the matrix p95 <= 300 ms
    Probe("projects list", "/projects/", "state@example.org", 150, 12),
    Probe(
        "project matrix country x theme",
        "/projects/matrix/?rows=country&columns=theme",
        "state@example.org",
        300,
        10,
    ),
    Probe(
        "project matrix entity x pillar, ongoing",
        "/projects/matrix/?rows=entity&columns=pillar&status=ongoing",
        "secretariat@example.org",
        300,
        10,
    ),
    Probe("project charts", "/projects/charts/", "state@example.org", 300, 10),
    Probe(
        "project overlaps (Secretariat)", "/projects/overlaps/", "secretariat@example.org", 500, 12
    ),
    Probe(
        "TA recommendations (entity)",
        "/assessments/recommendations/",
        "entity@example.org",
        200,
        12,
    ),
    Probe("uptake table (entity)", "/assessments/uptake/", "entity@example.org", 250, 12),
    Probe("assessments (Member State)", "/assessments/", "state@example.org", 150, 12),
    # The Multi-Year Appeal (issue 9)
    Probe(
        "appeal dashboard 2021-2022",
        "/appeal/cycles/2021-2022/dashboard/",
        "state@example.org",
        300,
        22,
    ),
    # Issue 11's new pages: printed as "missing" until their URLs answer.
    Probe("global search 'security'", "/search/?q=security", "state@example.org", 250, 20),
    Probe("global search 'kenya'", "/search/?q=kenya", "state@example.org", 250, 20),
    Probe("global search rare 'tuvalu'", "/search/?q=tuvalu", "state@example.org", 250, 20),
    Probe("the Compact in numbers", "/numbers/", "state@example.org", 150, 21),
    Probe("landing page (anonymous)", "/", None, 120, 15),
    Probe("notifications (entity)", "/notifications/", "entity@example.org", 150, 12),
    Probe("audit log (Secretariat)", "/audit/", "secretariat@example.org", 250, 15),
]

# Demo focal points given the demo password for `scripts/loadtest.py`, per kind of organization
# (non-staff only: production requires MFA for staff). The demo logins come on top.
LOAD_USER_KINDS = ("member_state", "compact_entity", "regional")


def clear_search_caches():
    """Empty the library's result caches (a version bump), keeping sessions and the rest."""
    from library.search import _incr_version

    _incr_version()


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def ensure_load_users(per_kind: int) -> list[str]:
    """Give `per_kind` demo focal points of each kind the demo password; return every non-staff
    login the load test may use (the demo logins first). Idempotent: the demo login's password
    hash is copied, so nothing is re-hashed (PBKDF2 costs a few hundred ms per password)."""
    reference = User.objects.get(email="state@example.org")  # set by ensure_demo_logins
    emails = list(
        User.objects.filter(
            email__in=["state@example.org", "entity@example.org", "regional@example.org"],
            is_active=True,
            is_staff=False,
        )
        .order_by("email")
        .values_list("email", flat=True)
    )
    for kind in LOAD_USER_KINDS:
        users = (
            FocalPoint.objects.active()
            .filter(organization__kind=kind, user__is_staff=False, user__is_superuser=False)
            .exclude(user__email__endswith="@example.org")  # the demo logins
            .order_by("user_id")
            .values_list("user_id", "user__email")[:per_kind]
        )
        ids = [user_id for user_id, _ in users]
        User.objects.filter(pk__in=ids).exclude(password=reference.password).update(
            password=reference.password
        )
        emails.extend(email for _, email in users)
    return emails


class Command(BaseCommand):
    help = "Latency figures (p50/p95/max, SQL queries) for the main pages at scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=5)
        parser.add_argument("--requests", type=int, default=40, help="timed requests per probe")
        parser.add_argument("--skip-setup", action="store_true")
        parser.add_argument(
            "--prepare-only",
            action="store_true",
            help="seed the database if it is short of the scale, then stop (scripts/loadtest.py)",
        )
        parser.add_argument(
            "--load-users",
            type=int,
            default=0,
            metavar="N",
            help="give N focal points per kind the demo password (for the load test)",
        )
        parser.add_argument(
            "--load-users-file",
            default="",
            help="write the load test's logins (JSON list of emails) to this file",
        )

    def handle(self, *args, scale, requests, skip_setup, **options):
        if not settings.DEVELOPMENT:
            raise CommandError("bench runs in the development profile only (make bench).")
        if not skip_setup:
            self.prepare(scale)
        if options["load_users"] or options["load_users_file"]:
            emails = ensure_load_users(options["load_users"])
            if options["load_users_file"]:
                with open(options["load_users_file"], "w") as handle:
                    json.dump(emails, handle)
            self.stdout.write(f"Load-test logins ready: {len(emails)} non-staff focal points.")
        if options["prepare_only"]:
            return
        with override_settings(
            ROOT_URLCONF="compact_portal.bench_urls",
            ALLOWED_HOSTS=["testserver"],
            DEBUG=False,
        ):
            results = [self.measure(probe, requests) for probe in PROBES]
        self.report(results, scale)
        if any(r["verdict"] in {"OVER", "FAIL"} for r in results):
            raise SystemExit(1)

    def prepare(self, scale):
        started = time.monotonic()
        call_command("migrate", "--no-input", verbosity=0)
        call_command("load_compact", verbosity=0)
        from appeal.demo_projects import PROJECTS_PER_SCALE
        from appeal.models import AppealCycle, Project
        from calendar_app.models import Event
        from library.demo import DOCUMENTS_PER_SCALE
        from library.models import Document

        wanted = FOCAL_POINTS * scale
        if (
            FocalPoint.objects.count() < wanted
            or Document.objects.count() < DOCUMENTS_PER_SCALE * scale
            or Project.objects.count() < PROJECTS_PER_SCALE * scale
            or not Event.objects.exists()
            or not AppealCycle.objects.exists()
        ):
            self.stdout.write(f"Seeding the benchmark database at scale {scale} (once)...")
            call_command("seed_demo", scale=scale, verbosity=0)
        ensure_demo_logins(settings.DEMO_PASSWORD)
        self.stdout.write(
            f"Benchmark database ready: {FocalPoint.objects.count():,} focal points, "
            f"{Document.objects.count():,} documents, {Project.objects.count():,} projects, "
            f"{Event.objects.count():,} events "
            f"({time.monotonic() - started:.1f}s)."
        )

    def measure(self, probe, requests):
        # A page that fails answers its status instead of raising: one broken page never hides
        # the figures of the others.
        client = Client(raise_request_exception=False)
        if probe.user:
            client.force_login(User.objects.get(email=probe.user))
        response = client.get(probe.path)
        missing = self.missing_reason(probe, response)
        if missing or response.status_code != 200:
            return {
                "probe": probe,
                "verdict": "MISSING" if missing else "FAIL",
                "reason": missing or f"answered {response.status_code}",
            }
        for _ in range(2):  # warm caches and connections (3 warm-up requests with the first)
            client.get(probe.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(probe.path)
        query_count = len(queries)  # read now: the next request resets the query log
        if response.status_code != 200:
            return {"probe": probe, "verdict": "FAIL", "reason": f"answered {response.status_code}"}
        samples = []
        for _ in range(requests):
            if probe.cold:
                clear_search_caches()
            t0 = time.perf_counter()
            client.get(probe.path)
            samples.append((time.perf_counter() - t0) * 1000)
        p95 = percentile(samples, 0.95)
        ok = p95 <= probe.budget_p95_ms and query_count <= probe.max_queries
        return {
            "probe": probe,
            "verdict": "OK" if ok else "OVER",
            "p50": statistics.median(samples),
            "p95": p95,
            "max": max(samples),
            "queries": query_count,
        }

    @staticmethod
    def missing_reason(probe, response):
        """Why a probe's page is not there yet (None if it is): its URL is not routed (404), or
        an anonymous probe is still sent to sign in (the page is not public yet)."""
        if response.status_code == 404:
            return "404: URL not there yet"
        if (
            probe.user is None
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            return "redirects to sign-in: not public yet"
        return None

    def report(self, results, scale):
        self.stdout.write("")
        floor = next((r for r in results if r["probe"].path == "/__bench__/floor"), None)
        floor_p50 = floor["p50"] if floor and "p50" in floor else 0.0
        header = (
            f"{'request':<46} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'SQL':>5} {'p50-floor':>9}"
        )
        self.stdout.write(f"scale {scale}")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            name = r["probe"].name
            if "p50" not in r:
                self.stdout.write(f"{name:<46} {r['verdict'].lower()}: {r['reason']}")
                continue
            self.stdout.write(
                f"{name:<46} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f} "
                f"{r['queries']:>5} {r['p50'] - floor_p50:>9.1f}"
            )
        self.stdout.write("")
        for r in results:
            p = r["probe"]
            verdict = f"{r['verdict']:<4}"
            if "p50" not in r:
                line = f"{verdict} {p.name}: {p.path} {r['reason']}"
                style = self.style.WARNING if r["verdict"] == "MISSING" else self.style.ERROR
                self.stdout.write(style(line))
                continue
            line = (
                f"{verdict} {p.name}: p95 {r['p95']:.1f} ms (budget {p.budget_p95_ms:.0f} ms), "
                f"{r['queries']} queries (budget {p.max_queries})"
            )
            ok = r["verdict"] == "OK"
            self.stdout.write(self.style.SUCCESS(line) if ok else self.style.ERROR(line))
        if floor and floor.get("verdict") == "OVER":
            self.stdout.write(
                self.style.WARNING(
                    f"The floor itself is over its budget (p50 {floor_p50:.1f} ms): the machine is "
                    "busy, so the latency verdicts overstate; the query counts still hold."
                )
            )
        counts = {v: sum(1 for r in results if r["verdict"] == v) for v in ("OK", "OVER", "FAIL")}
        missing = sum(1 for r in results if r["verdict"] == "MISSING")
        self.stdout.write(
            f"{counts['OK']} OK, {counts['OVER']} OVER, {counts['FAIL']} FAIL, {missing} missing"
        )
