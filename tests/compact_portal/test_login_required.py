"""Every page needs a login, except an explicit allow-list. A new public route fails this test."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# URL names that anonymous visitors may open, and why.
PUBLIC = {
    "home",  # the public landing page (counts that reveal nothing restricted)
    "set_language",  # visitors choose the language on the sign-in page
    "notifications:unsubscribe",  # the signed token is the credential (mail clients, no session)
    "healthz",  # the orchestrator's health check
    "calendar_app:feed",  # calendar clients have no session; the secret token is the credential
    # asking for an account, and accepting the invitation that follows
    "access_request",
    "access_request_done",
    "accept_invitation",
    # allauth: signing in, and recovering access
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_login_code_confirm",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reset_password_code",
    "account_reset_password_code_confirm",
    "account_confirm_password_reset_code",
    "account_logout",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "mfa_trust",
    # the admin's own login view is wrapped by allauth's secure_admin_login (redirects there)
    "admin:login",
}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns and namespace and pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}"
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            full_name = f"{namespace}:{name}" if namespace and name else name
            yield full_name, prefix + str(pattern.pattern)


def example_path(route: str) -> str:
    """A concrete path for a route: every parameter filled with a plausible value."""
    path = route.lstrip("^").rstrip("$")
    path = re.sub(r"<(?:int|path|slug|str|uuid):?\w*>", "1", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = path.replace("\\Z", "").replace("\\", "")
    return "/" + path


ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r[1])


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[r[1] or "/" for r in ROUTES])
def test_anonymous_visitors_are_sent_to_login(client, name, route):
    if name in PUBLIC or route.startswith("static/"):
        pytest.skip("public by design")
    path = example_path(route)
    response = client.get(path)
    assert response.status_code == 302, f"{path} ({name}) answered {response.status_code}"
    # The admin index sends people to its own login view, which hands over to the portal's.
    logins = (
        ("/accounts/login/", "/admin/login/")
        if route.startswith("admin/")
        else ("/accounts/login/",)
    )
    assert response["Location"].startswith(logins), response["Location"]


def test_the_admin_signs_in_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
