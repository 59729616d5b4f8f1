import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_home_shows_the_compact_in_numbers_and_the_working_groups(client, state_user):
    client.force_login(state_user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Joint Programme of Work" in html
    assert "Strengthen engagement with Member States" in html
    assert "Border management and law enforcement" in html
    figures = {f["label"]: f["value"] for f in response.context["figures"]}
    assert figures["Compact entities"] == 45
    assert figures["Working Groups"] == 8


def test_home_query_count_does_not_grow_with_the_data(
    client, state_user, django_assert_max_num_queries
):
    call_command("seed_demo", scale=1, without_documents=True)
    client.force_login(state_user)
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200


def test_deactivated_people_are_not_counted(client, state_user, entity_user):
    client.force_login(state_user)
    before = {f["label"]: f["value"] for f in client.get("/").context["figures"]}
    entity_user.is_active = False
    entity_user.save(update_fields=["is_active"])
    after = {f["label"]: f["value"] for f in client.get("/").context["figures"]}
    assert after["Focal points"] == before["Focal points"] - 1


def test_security_headers_on_every_page(client, state_user):
    client.force_login(state_user)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
