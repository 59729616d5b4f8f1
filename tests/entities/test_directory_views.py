"""The directory page: access, htmx partials, hidden contact details, bounded queries, vCards."""

import pytest
from django.urls import reverse

from entities.models import FocalPoint, Organization, Theme, User
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

HIDDEN_EMAIL = "hidden.person@secret.example"
HIDDEN_PHONE = "+254 700 999 111"
SHOWN_PHONE = "+41 22 917 1234"


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def hidden(compact):
    user = make_focal_point(
        HIDDEN_EMAIL, {"acronym": "UNDP"}, first_name="Hana", last_name="Hidden"
    )
    fp = user.focal_point
    fp.show_email = False
    fp.show_phone = False
    fp.phone = HIDDEN_PHONE
    fp.save()
    return fp


@pytest.fixture
def open_person(compact):
    user = make_focal_point(
        "olga.open@shown.example", {"acronym": "UNDP"}, first_name="Olga", last_name="Open"
    )
    fp = user.focal_point
    fp.show_email = True
    fp.show_phone = True
    fp.phone = SHOWN_PHONE
    fp.save()
    return fp


def many_focal_points(count):
    """`count` active focal points with themes, created in bulk."""
    orgs = list(Organization.objects.order_by("pk")[:40])
    themes = list(Theme.objects.all()[:5])
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{i}@t.example", first_name=f"Bulk{i}", last_name=f"Person{i % 17}")
            for i in range(count)
        ]
    )
    fps = FocalPoint.objects.bulk_create(
        [
            FocalPoint(
                user=u,
                organization=orgs[i % len(orgs)],
                country=orgs[i % len(orgs)] if orgs[i % len(orgs)].iso3 else None,
                position="Programme Officer",
                languages=["en"],
            )
            for i, u in enumerate(users)
        ]
    )
    through = FocalPoint.themes.through
    through.objects.bulk_create(
        [through(focalpoint_id=fp.pk, theme_id=t.pk) for fp in fps for t in themes[: 1 + fp.pk % 4]]
    )
    # Fresh statistics, as autovacuum would give a real database: with the empty-table estimates
    # of a new test database the planner picks nested loops that take seconds on a busy machine.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE entities_user, entities_focalpoint, entities_focalpoint_themes")


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("directory"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_account_without_profile_gets_404(client, compact):
    user = User.objects.create_user(email="nobody@t.example", password="x" * 16)
    client.force_login(user)
    assert client.get(reverse("directory")).status_code == 404


def test_focal_point_sees_the_directory(client, state_user, open_person):
    client.force_login(state_user)
    response = client.get(reverse("directory"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "Olga Open" in body
    assert "olga.open@shown.example" in body
    assert SHOWN_PHONE in body
    # No export for focal points.
    assert reverse("directory_export") not in body


def test_deactivated_people_are_not_listed(client, state_user, compact):
    gone = make_focal_point(
        "gone@t.example", {"acronym": "UNDP"}, first_name="Gus", last_name="Gone"
    )
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(state_user)
    body = client.get(reverse("directory")).content.decode()
    assert "Gus Gone" not in body
    assert "gone@t.example" not in body


def test_hidden_details_absent_from_html_for_other_focal_points(client, state_user, hidden):
    client.force_login(state_user)
    for params in ({}, {"q": "hana hidden"}, {"q": "undp"}):
        body = client.get(reverse("directory"), params).content.decode()
        assert "Hana Hidden" in body
        assert HIDDEN_EMAIL not in body
        assert HIDDEN_PHONE not in body
        assert "secret.example" not in body


def test_hidden_details_absent_from_htmx_partial(client, state_user, hidden):
    client.force_login(state_user)
    body = client.get(
        reverse("directory"), {"q": "hidden"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Hana Hidden" in body
    assert HIDDEN_EMAIL not in body
    assert HIDDEN_PHONE not in body


def test_person_sees_their_own_hidden_details(client, hidden):
    client.force_login(hidden.user)
    body = client.get(reverse("directory"), {"q": "hana"}).content.decode()
    assert HIDDEN_EMAIL in body
    assert HIDDEN_PHONE in body


def test_secretariat_sees_hidden_details_marked_as_hidden(client, secretariat_user, hidden):
    client.force_login(secretariat_user)
    body = client.get(reverse("directory"), {"q": "hana"}).content.decode()
    assert HIDDEN_EMAIL in body
    assert HIDDEN_PHONE in body
    assert "hidden from others" in body
    assert reverse("directory_export") in body


def test_htmx_request_renders_the_partial_and_pushes_a_clean_url(client, state_user, open_person):
    client.force_login(state_user)
    response = client.get(
        reverse("directory"), {"q": "olga", "kind": "", "country": ""}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Olga Open" in body
    assert response["HX-Push-Url"] == reverse("directory") + "?q=olga"
    assert "HX-Request" in response["Vary"]


def test_history_restore_renders_the_full_page(client, state_user):
    client.force_login(state_user)
    response = client.get(
        reverse("directory"),
        {"q": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_state_in_the_url_renders_the_same_results(client, state_user, open_person, hidden):
    client.force_login(state_user)
    body = client.get(reverse("directory") + "?q=olga&sort=name").content.decode()
    assert "Olga Open" in body
    assert "Hana Hidden" not in body
    assert 'value="olga"' in body


def test_empty_results_suggest_what_to_relax(client, state_user):
    client.force_login(state_user)
    response = client.get(reverse("directory"), {"q": "qqxxzz", "language": "zh"})
    body = response.content.decode()
    assert "No focal point matches" in body
    assert "Remove" in body
    # Each suggestion drops one filter and keeps the others.
    assert 'href="/directory/?language=zh"' in body
    assert 'href="/directory/?q=qqxxzz"' in body


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"country": "ZZZ", "pillar": "x", "wg": "nope", "sort": "evil"},
        {"q": "'; drop table x; --"},
        {"q": "%_\\"},
        {"q": "a" * 5000},
        {"language": ["en", "fr"]},
    ],
)
def test_malformed_input_never_errors(client, state_user, params):
    client.force_login(state_user)
    assert client.get(reverse("directory"), params).status_code == 200


@pytest.mark.parametrize("role", ["state", "secretariat"])
@pytest.mark.parametrize(
    "params",
    [{}, {"q": "person3"}, {"q": "programme officer", "sort": "country"}, {"theme": "x"}],
)
def test_queries_are_bounded(
    client, django_assert_max_num_queries, role, params, state_user, secretariat_user
):
    many_focal_points(200)
    client.force_login(state_user if role == "state" else secretariat_user)
    if "theme" in params:
        params = {"theme": Theme.objects.first().slug, "region": "Africa", "language": "en"}
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory"), params)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get(reverse("directory"), {**params, "page": "2"}, HTTP_HX_REQUEST="true")


def test_pagination_25_per_page(client, state_user):
    many_focal_points(60)
    client.force_login(state_user)
    response = client.get(reverse("directory"))
    assert len(response.context["rows"]) == 25
    assert response.context["page_obj"].paginator.count == 61


# --- vCard ---------------------------------------------------------------------------------


def vcard(client, fp):
    response = client.get(reverse("person_vcard", args=[fp.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    return response.content.decode()


def test_vcard_without_hidden_details(client, state_user, hidden):
    client.force_login(state_user)
    card = vcard(client, hidden)
    assert "FN:Hana Hidden" in card
    assert "UNDP" in card or "United Nations Development" in card
    assert HIDDEN_EMAIL not in card
    assert HIDDEN_PHONE not in card
    assert "EMAIL" not in card
    assert "TEL" not in card


def test_vcard_with_shown_details(client, state_user, open_person):
    client.force_login(state_user)
    card = vcard(client, open_person)
    assert "olga.open@shown.example" in card
    assert SHOWN_PHONE in card


def test_vcard_for_secretariat_and_self_has_everything(client, secretariat_user, hidden):
    client.force_login(secretariat_user)
    assert HIDDEN_EMAIL in vcard(client, hidden)
    client.force_login(hidden.user)
    assert HIDDEN_PHONE in vcard(client, hidden)


def test_vcard_of_deactivated_or_missing_is_404(client, state_user, hidden):
    hidden.user.is_active = False
    hidden.user.save(update_fields=["is_active"])
    client.force_login(state_user)
    assert client.get(reverse("person_vcard", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("person_vcard", args=[999999])).status_code == 404


def test_vcard_needs_a_profile(client, hidden):
    user = User.objects.create_user(email="nobody@t.example", password="x" * 16)
    client.force_login(user)
    assert client.get(reverse("person_vcard", args=[hidden.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("person_vcard", args=[hidden.pk])).status_code == 302


# --- performance: cached filter lists, counting without a COUNT query ----------------------


def test_filter_lists_are_cached_and_follow_edits(
    client, state_user, django_assert_max_num_queries
):
    client.force_login(state_user)
    client.get(reverse("directory"), {"q": "undp"})
    # Warm: the filter lists and the query's organization matches come from the cache.
    with django_assert_max_num_queries(9):
        client.get(reverse("directory"), {"q": "undp", "page": "2"}, HTTP_HX_REQUEST="true")
    org = Organization.objects.get(acronym="UNDP")
    org.acronym = "UNDPX"
    org.save(update_fields=["acronym"])
    body = client.get(reverse("directory")).content.decode()
    assert ">UNDPX</option>" in body
    assert ">UNDP</option>" not in body


def test_counts_without_and_with_search(client, state_user):
    many_focal_points(60)
    client.force_login(state_user)
    paginator = client.get(reverse("directory"), {"page": "3"}).context["page_obj"].paginator
    assert paginator.count == 61
    page = client.get(reverse("directory"), {"q": "bulk1"}).context["page_obj"]
    expected = FocalPoint.objects.filter(user__first_name__istartswith="bulk1").count()
    assert page.paginator.count >= expected
    assert len(page.object_list) == min(page.paginator.count, 25)
    beyond = client.get(reverse("directory"), {"q": "person", "page": "999"}).context["page_obj"]
    assert beyond.number == beyond.paginator.num_pages
    assert len(beyond.object_list) > 0


def test_result_rows_keep_the_search_order(client, state_user):
    from entities.directory import build_search

    many_focal_points(40)
    client.force_login(state_user)
    rows = client.get(reverse("directory"), {"q": "person3"}).context["rows"]
    _form, search = build_search({"q": "person3"})
    assert [fp.pk for fp in rows] == list(search.queryset().values_list("pk", flat=True)[:25])
