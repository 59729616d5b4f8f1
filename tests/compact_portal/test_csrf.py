"""State-changing requests without a CSRF token are refused."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/access/request/", "/accounts/profile/", "/accounts/logout/"],
)
def test_posts_without_a_csrf_token_are_refused(url, state_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(state_user)
    response = client.post(url, {"email": "x@example.org"})
    assert response.status_code == 403
