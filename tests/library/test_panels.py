"""Person, entity and Member State pages list the documents the viewer may see — and only those."""

import pytest

from entities.models import Organization
from library.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(make_document, entity_user):
    kenya = Organization.objects.get(iso3="KEN")
    unodc = Organization.objects.get(acronym="UNODC")
    shared = make_document(
        "Border security good practices in Kenya",
        created_by=entity_user,
        countries=[kenya],
        authors=[unodc],
    )
    restricted = make_document(
        "Confidential note on Kenya",
        created_by=entity_user,
        countries=[kenya],
        authors=[unodc],
        visibility=Document.Visibility.SECRETARIAT,
    )
    return shared, restricted


def test_person_page_lists_documents_they_shared(client, state_user, entity_user, documents):
    client.force_login(state_user)
    html = client.get(f"/directory/people/{entity_user.focal_point.pk}/").content.decode()
    assert "Border security good practices in Kenya" in html
    assert "Confidential note on Kenya" not in html


def test_entity_page_lists_documents_it_authored(client, state_user, documents):
    client.force_login(state_user)
    html = client.get("/entities/unodc/").content.decode()
    assert "Border security good practices in Kenya" in html
    assert "Confidential note on Kenya" not in html


def test_member_state_page_lists_documents_about_the_country(
    client, secretariat_user, state_user, documents, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(state_user)
    html = client.get("/member-states/KEN/").content.decode()
    assert "Border security good practices in Kenya" in html
    assert "Confidential note on Kenya" not in html
    client.force_login(secretariat_user)
    assert "Confidential note on Kenya" in client.get("/member-states/KEN/").content.decode()


def test_panels_keep_queries_bounded(
    client, state_user, make_document, django_assert_max_num_queries
):
    kenya = Organization.objects.get(iso3="KEN")
    for n in range(12):
        make_document(f"Kenya report {n}", countries=[kenya])
    client.force_login(state_user)
    # 14 for the page and its library panel; 5 for the projects, events and assessments panels
    with django_assert_max_num_queries(19):
        response = client.get("/member-states/KEN/")
    assert "More in the library" in response.content.decode()
