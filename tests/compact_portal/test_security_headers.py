"""Security headers and cookies with the PRODUCTION settings profile (#11.6).

The requests run in a subprocess loaded with the production profile (as a deployment would be),
against this test session's database and Redis, over HTTPS as seen by Django.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.compact_portal.test_settings import PRODUCTION_ENV, run_manage

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.example.org"

# Runs inside the production-configured process; prints one JSON document.
PROBE = """
import json
from django.db import transaction
from django.test import Client
from entities.models import User

def headers(response):
    return {k: v for k, v in response.items()}

def cookies(response):
    return {
        name: {
            "secure": bool(m["secure"]),
            "httponly": bool(m["httponly"]),
            "samesite": m["samesite"],
        }
        for name, m in response.cookies.items()
    }

client = Client(HTTP_HOST="%(host)s")
out = {}
plain = client.get("/accounts/login/")
out["http"] = {"status": plain.status_code, "location": plain.get("Location", "")}
login_page = client.get("/accounts/login/", secure=True)
out["login_page"] = {
    "status": login_page.status_code, "headers": headers(login_page),
    "cookies": cookies(login_page),
}
# Rolled back: the sign-in's user, auth event and visit must not stay in the test database.
with transaction.atomic():
    user = User.objects.create_user(email="headers-probe@test.example", password="%(password)s")
    signed_in = client.post(
        "/accounts/login/", {"login": user.email, "password": "%(password)s"}, secure=True
    )
    out["sign_in"] = {
        "status": signed_in.status_code, "headers": headers(signed_in),
        "cookies": cookies(signed_in),
    }
    transaction.set_rollback(True)
print("PROBE" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker):
    """The probe's answers, with the production profile and this session's test database."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": HOST,
        # After django_db_setup the connection already names the test database.
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    script = PROBE % {"host": HOST, "password": "a-production-password-4-headers"}
    # Production serves hashed static files from a manifest, made by collectstatic at deploy time.
    collected = run_manage("collectstatic", "--no-input", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr[-4000:]
    with django_db_blocker.unblock():
        result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    [line] = [line for line in result.stdout.splitlines() if line.startswith("PROBE")]
    return json.loads(line.removeprefix("PROBE"))


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_plain_http_is_redirected_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == f"https://{HOST}/accounts/login/"


@pytest.mark.parametrize("page", ["login_page", "sign_in"])
def test_every_response_carries_the_security_headers(production, page):
    headers = production[page]["headers"]
    hsts = headers["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000 and "includeSubDomains" in hsts and "preload" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
        assert "*" not in csp[directive] and "data:" not in csp[directive]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "Server" not in headers or "/" not in headers["Server"]  # no version disclosed


def test_csrf_cookie_is_secure_httponly_and_samesite(production):
    csrf = production["login_page"]["cookies"]["csrftoken"]
    assert csrf == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_session_cookie_is_secure_httponly_and_samesite(production):
    assert production["sign_in"]["status"] == 302  # signed in
    session = production["sign_in"]["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_check_deploy_is_clean_behind_a_tls_proxy():
    """The deployment checklist with the proxy setting production uses behind a load balancer."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "BEHIND_TLS_PROXY": "true"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_profile_is_not_what_production_gets():
    """A missing PORTAL_PROFILE means production (secure by default), never development."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PORTAL_PROFILE"}
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"PORTAL_PROFILE", "DEBUG"}},
            **env,
            "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]
