"""Every URL refuses a POST without a CSRF token (403), signed in or not."""

import pytest
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

from tests.compact_portal.test_login_required import example_path, walk

pytestmark = pytest.mark.django_db

# Routes that never change state and answer a POST before any CSRF check, and why.
NO_CSRF = {
    "healthz",  # the orchestrator's probe: no session, no state
    # one-click unsubscribe from mail clients (RFC 8058): no cookie; the signed token is the
    # authority (tests of notifications)
    "notifications:unsubscribe",
}

ROUTES = sorted(
    (name or "", route)
    for name, route in set(walk(get_resolver().url_patterns))
    if not route.startswith("static/") and name not in NO_CSRF
)


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[r or "/" for _, r in ROUTES])
def test_a_post_without_a_csrf_token_is_refused(world, name, route):
    path = example_path(route)
    try:
        resolve(path)
    except Resolver404:
        pytest.skip(f"no example path for {route}")  # allauth's regex routes
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["secretariat"])
    response = client.post(path, {"title": "x", "action": "delete"})
    assert response.status_code == 403, f"{name}: {response.status_code}"


def test_the_token_from_the_page_is_accepted(world):
    """The refusals above are the CSRF check's: the same POST with the page's token passes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["state"])
    page = client.get("/accounts/profile/")
    token = page.context["csrf_token"]
    response = client.post("/library/subscriptions/follow/", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code != 403
