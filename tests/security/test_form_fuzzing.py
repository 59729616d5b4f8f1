"""Every form takes hostile input without a server error, and stored rich text stays inert.

The registry (`registry.FORMS`) lists every form class with where it is posted and by whom; a
new form class that is missing from it fails `test_form_registry_is_complete`.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings

from .hostile import RAW_FIELDS, data_for, field_names, unsafe_rich_text
from .registry import ALL_CASES, FORMS, NOT_FUZZED, RAW_POST, discover_forms, form_class

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10


def test_form_registry_is_complete():
    found = discover_forms()
    missing = sorted(found - set(FORMS) - set(NOT_FUZZED))
    assert not missing, f"forms without a fuzzing entry in tests/security/registry.py: {missing}"
    stale = sorted((set(FORMS) | set(NOT_FUZZED)) - found)
    assert not stale, f"registry entries for forms that no longer exist: {stale}"


def client_for(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
    return client


@pytest.mark.parametrize(("name", "case"), ALL_CASES, ids=[f"{n}@{c.url}" for n, c in ALL_CASES])
def test_the_form_page_answers_its_user(world, name, case):
    """The registry is right: the user it names may open the page (or POST-only endpoint)."""
    response = client_for(world, case.role).get(case.path(world["ids"]), case.extra)
    assert response.status_code in (200, 302, 405), response.status_code
    if response.status_code == 302:
        assert "/login/" not in response["Location"]


@pytest.mark.parametrize(("name", "case"), ALL_CASES, ids=[f"{n}@{c.url}" for n, c in ALL_CASES])
def test_hostile_input_never_causes_a_server_error(world, name, case):
    client = client_for(world, case.role)
    path = case.path(world["ids"])
    fields = RAW_FIELDS if name in RAW_POST else field_names(form_class(name))

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(data_for(fields))
    def post(data):
        data = {**data, **case.extra}
        send = client.get if case.method == "get" else client.post
        response = send(path, data)
        assert response.status_code < 500, (response.status_code, data)

    post()
    assert unsafe_rich_text() == []
