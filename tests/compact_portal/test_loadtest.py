"""The load test's locustfile and the bench's probes, without a network or a load generator.

Importing locust monkey-patches the standard library (gevent), so the locustfile is imported in a
subprocess that reports what it would request and how its load shape decides; the paths are then
checked against the portal's URLconf here.
"""

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

INSPECT = r"""
import json, sys
sys.path.insert(0, "scripts")
import locustfile as lf

shape = lf.SteppedLoad()
clock = {"now": 0.0}
shape.get_run_time = lambda: clock["now"]

def tick_at(now):
    clock["now"] = now
    return shape.tick()

decisions = {}
decisions["start"] = tick_at(0.0)
# The steady stage measures once its users have spawned (2 users at 1/s + 3 s to settle).
lf.RECORDER.record("home", 5000.0, None)  # while users spawn: not timed
decisions["spawning"] = tick_at(4.0)
decisions["measuring"] = tick_at(6.0)
for _ in range(10):
    lf.RECORDER.record("home", 120.0, None)
decisions["after_steady"] = tick_at(5.0 + 10.0 + 0.1)
lf.RECORDER.record("library search", 90.0, None)
# Step 1 adds 2 users (2 s) + 3 s to settle, then lasts 5 s; a failed sign-in breaks it.
tick_at(15.1 + 5.1)
lf.RECORDER.record("sign in", 300.0, RuntimeError("sign-in answered 403"))
decisions["after_broken_step"] = tick_at(15.1 + 5.0 + 5.0 + 0.2)
# The session cookie is Secure in production; the generator speaks plain HTTP to the "proxy".
import http.cookiejar, urllib.request
secure = http.cookiejar.Cookie(
    0, "sessionid", "abc", None, False, "127.0.0.1", False, False, "/", True, True, None, False,
    None, None, {},
)
sent = {}
for label, policy in [("default", None), ("behind_proxy", lf.BehindTLSProxyCookiePolicy())]:
    jar = http.cookiejar.CookieJar(policy)
    jar.set_cookie(secure)
    request = urllib.request.Request("http://127.0.0.1:8765/directory/")
    jar.add_cookie_header(request)
    sent[label] = request.get_header("Cookie")
print(json.dumps({
    "secure_cookie_sent": sent,
    "paths": lf.example_paths(),
    "global_search": lf.GLOBAL_SEARCH[2],
    "global_search_mode": lf.GLOBAL_SEARCH_MODE,
    "slugs": lf.WORKING_GROUP_SLUGS,
    "csrf_input": lf.CSRF_INPUT.pattern,
    "document_link": lf.DOCUMENT_LINK.pattern,
    "login_path": lf.LOGIN_PATH,
    "user_headers": lf.FocalPointUser.default_headers,
    "decisions": decisions,
    "summaries": lf.RECORDER.summaries(),
}))
"""


@pytest.fixture(scope="module")
def locustfile():
    env = {
        "PATH": "/usr/bin:/bin",
        "LOAD_BASE_USERS": "2",
        "LOAD_MAIN_SECONDS": "10",
        "LOAD_STEP_FACTOR": "2",
        "LOAD_STEP_SECONDS": "5",
        "LOAD_SPAWN_RATE": "1",
        "LOAD_MAX_STEPS": "5",
    }
    result = subprocess.run(
        [sys.executable, "-c", INSPECT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_locustfile_targets_only_urls_the_portal_routes(locustfile):
    unresolved = []
    for path in locustfile["paths"]:
        try:
            resolve(urlsplit(path).path)
        except Resolver404:
            unresolved.append(path)
    global_search = locustfile["global_search"].format(term="security")
    if global_search in unresolved:
        # Being built this round: the virtual users ask it once and skip it until it answers.
        assert locustfile["global_search_mode"] == "auto"
        unresolved.remove(global_search)
    assert unresolved == []
    assert {"/", "/directory/", "/library/", "/projects/"} <= set(locustfile["paths"])


def test_locustfile_working_groups_are_the_eight_of_the_reference_data(locustfile, compact):
    from workinggroups.models import WorkingGroup

    slugs = set(WorkingGroup.objects.filter(number__isnull=False).values_list("slug", flat=True))
    assert set(locustfile["slugs"]) <= slugs
    assert len(set(locustfile["slugs"])) == 8


def test_virtual_user_sign_in_works_behind_the_tls_proxy_header(locustfile, state_user):
    """The locustfile's sign-in, replayed with production's HTTPS settings: the proxy header
    avoids the redirect, the CSRF token is found by its pattern, the referer check passes."""
    headers = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in locustfile["user_headers"].items()
    }
    # A Host header, as every HTTP client sends (without one, Django derives "testserver:80").
    client = Client(enforce_csrf_checks=True, HTTP_HOST="testserver", **headers)
    with override_settings(
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        SECURE_SSL_REDIRECT=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
    ):
        assert Client().get("/accounts/login/").status_code == 301  # no header: to HTTPS
        form = client.get(locustfile["login_path"])
        assert form.status_code == 200
        token = re.search(locustfile["csrf_input"], form.content.decode()).group(1)
        response = client.post(
            locustfile["login_path"],
            {"login": state_user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            HTTP_REFERER="https://testserver/accounts/login/",
        )
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/directory/").status_code == 200


def test_virtual_user_pages_answer_a_member_state_focal_point(locustfile, state_user, client):
    client.force_login(state_user)
    data_free = [
        p
        for p in locustfile["paths"]
        if not p.startswith(("/appeal/", "/library/1/", "/search/", "/accounts/"))
    ]
    statuses = {path: client.get(path).status_code for path in data_free}
    assert statuses == dict.fromkeys(data_free, 200)


def test_virtual_users_send_the_secure_session_cookie_over_the_proxy_hop(locustfile):
    assert locustfile["secure_cookie_sent"] == {
        "default": None,  # what a plain cookie jar does: every page would be a sign-in redirect
        "behind_proxy": "sessionid=abc",
    }


def test_locustfile_document_links_match_the_library_markup(locustfile):
    assert re.findall(locustfile["document_link"], '<a href="/library/42/">A</a>') == ["42"]


def test_load_shape_stops_at_the_first_step_with_an_error(locustfile):
    decisions = locustfile["decisions"]
    assert decisions["start"] == [2, 1.0]
    assert decisions["after_steady"] == [4, 1.0]  # the steady stage passed: 2 more users
    assert decisions["after_broken_step"] is None  # the step had an error: the run ends
    steady, step = locustfile["summaries"]
    # Requests while users spawn are not timed; the sign-in error counts against its step.
    assert (steady["users"], steady["requests"], steady["errors"]) == (2, 10, 0)
    assert steady["p95_ms"] == 120.0
    assert (step["users"], step["errors"], step["sign_ins"]) == (4, 1, 1)
    assert steady["complete"] and step["complete"]


@pytest.mark.django_db
def test_bench_reports_a_missing_page_instead_of_crashing(state_user):
    from compact_portal.management.commands.bench import Command, Probe

    out = io.StringIO()
    command = Command(stdout=out)
    probes = [
        Probe("not there", "/no-such-page/", state_user.email, 100, 5),
        Probe("landing not public", "/directory/", None, 100, 5),
        Probe("directory", "/directory/", state_user.email, 10_000, 50),
    ]
    results = [command.measure(probe, 2) for probe in probes]
    assert [r["verdict"] for r in results] == ["MISSING", "MISSING", "OK"]
    assert results[2]["queries"] > 0
    command.report(results, 1)
    report = out.getvalue()
    assert "MISSING not there: /no-such-page/ 404" in report
    assert "landing not public: /directory/ redirects to sign-in" in report
    assert "1 OK, 0 OVER, 0 FAIL, 2 missing" in report


def test_load_users_get_the_demo_password_staff_excepted(compact):
    from compact_portal.management.commands.bench import ensure_load_users
    from entities.models import FocalPoint, Organization, User
    from tests.conftest import make_focal_point

    make_focal_point("state@example.org", {"iso3": "KEN"})  # the demo login's hash is copied
    kenya_staff = make_focal_point("staff@ken.example.org", {"iso3": "KEN"}, is_staff=True)
    people = {}
    for kind, name in [("member_state", "Kenya"), ("compact_entity", "UNODC"), ("regional", "AU")]:
        organization = Organization.objects.filter(kind=kind).order_by("pk").first()
        user = User.objects.create_user(email=f"{name.lower()}@load.example.org")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        FocalPoint.objects.create(user=user, organization=organization)
        people[kind] = user

    emails = ensure_load_users(5)
    assert emails[0] == "state@example.org"
    assert kenya_staff.email not in emails
    for user in people.values():
        user.refresh_from_db()
        assert user.email in emails
        assert user.check_password(PASSWORD)
    assert ensure_load_users(5) == emails  # idempotent
