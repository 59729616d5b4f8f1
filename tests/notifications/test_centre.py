"""The notification centre, the header badge, the preferences page and unsubscribe links."""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Delivery, Kind, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def make_rows(user, count, *, kind=Kind.DOCUMENTS, url="/library/{n}/", **fields):
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                key=f"{kind}:{n}",
                title=f"Notification {n}",
                url=url.format(n=n),
                body=f"Body {n}",
                **fields,
            )
            for n in range(count)
        ]
    )


@pytest.fixture
def signed_in(client, entity_user):
    client.force_login(entity_user)
    return client


# --- the centre ---------------------------------------------------------------------------------


def test_the_centre_lists_my_notifications_paginated_with_bounded_queries(
    signed_in, entity_user, state_user, django_assert_max_num_queries
):
    make_rows(entity_user, 30)
    make_rows(state_user, 2, kind=Kind.EVENTS)
    with django_assert_max_num_queries(12):
        response = signed_in.get(reverse("notifications:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="notification notification--unread"') == 25
    assert "Showing 1–25 of 30" in html
    assert "Changes to events" not in html  # not someone else's
    page2 = signed_in.get(reverse("notifications:index") + "?page=2").content.decode()
    assert page2.count('class="notification ') == 5
    assert signed_in.get(reverse("notifications:index") + "?page=zz").status_code == 200


def test_the_unread_filter_shows_only_unread(signed_in, entity_user):
    rows = make_rows(entity_user, 3)
    Notification.objects.filter(pk=rows[0].pk).update(read_at=datetime.datetime.now(datetime.UTC))
    html = signed_in.get(reverse("notifications:index") + "?unread=1").content.decode()
    assert "Notification 0" not in html
    assert "Notification 1" in html and "Notification 2" in html
    assert "2 unread" in html


def test_the_empty_centre_says_what_to_do(signed_in):
    html = signed_in.get(reverse("notifications:index")).content.decode()
    assert "No notifications yet" in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(signed_in, entity_user):
    [row] = make_rows(entity_user, 1)
    services.unread_count(entity_user.pk)  # cached: 1
    response = signed_in.get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/library/0/"
    row.refresh_from_db()
    assert row.read_at is not None
    assert services.unread_count(entity_user.pk) == 0


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_never_redirects_off_site(signed_in, entity_user, url):
    [row] = make_rows(entity_user, 1, url=url)
    response = signed_in.get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:index")


def test_someone_elses_notification_is_not_found(signed_in, state_user):
    [row] = make_rows(state_user, 1)
    assert signed_in.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read_with_htmx_answers_the_list_and_a_trigger(signed_in, entity_user, state_user):
    make_rows(entity_user, 3)
    make_rows(state_user, 1)
    response = signed_in.post(reverse("notifications:read_all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-read"
    assert "3 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=entity_user, read_at=None).exists()
    assert Notification.objects.filter(recipient=state_user, read_at=None).count() == 1


def test_mark_all_read_needs_post_and_csrf(entity_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entity_user)
    make_rows(entity_user, 1)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert client.post(reverse("notifications:read_all")).status_code == 403
    assert Notification.objects.filter(read_at=None).count() == 1


# --- the badge ----------------------------------------------------------------------------------


def test_the_badge_costs_no_query_once_cached(
    signed_in, entity_user, django_assert_max_num_queries
):
    make_rows(entity_user, 4)
    url = reverse("notifications:preferences")
    first = signed_in.get(url).content.decode()
    assert 'hx-get="/notifications/badge/"' in first and 'hx-trigger="load"' in first
    badge = signed_in.get(reverse("notifications:badge")).content.decode()
    assert ">4<" in badge and "(4 unread)" in badge
    # cached now: the same page renders the count without counting again
    with django_assert_max_num_queries(20) as captured:
        html = signed_in.get(url).content.decode()
    assert "(4 unread)" in html
    assert not any('"notifications_notification"' in q["sql"] for q in captured.captured_queries)


def test_the_badge_follows_reading(signed_in, entity_user):
    [row, *_] = make_rows(entity_user, 2)
    assert "(2 unread)" in signed_in.get(reverse("notifications:badge")).content.decode()
    signed_in.get(reverse("notifications:open", args=[row.pk]))
    assert "(1 unread)" in signed_in.get(reverse("notifications:badge")).content.decode()
    signed_in.post(reverse("notifications:read_all"))
    assert "unread" not in signed_in.get(reverse("notifications:badge")).content.decode()


# --- preferences --------------------------------------------------------------------------------


def test_the_preferences_page_shows_six_kinds_by_four_labelled_choices(
    signed_in, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = signed_in.get(reverse("notifications:preferences"))
    html = response.content.decode()
    assert html.count('type="radio"') == 24
    for kind in Kind:
        for delivery in Delivery:
            assert f'<label for="pref-{kind}-{delivery}">' in html
    # the default is the profile's frequency (daily); event changes cannot wait for a digest
    assert html.count("checked") == 6
    assert 'id="pref-documents-daily" value="daily" checked' in html
    assert 'id="pref-events-immediate" value="immediate" checked' in html


def test_saving_preferences_stores_one_row_per_kind(signed_in, entity_user):
    data = dict.fromkeys(Kind.values, Delivery.WEEKLY) | {"events": "immediate"}
    response = signed_in.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert services.preferences_of(entity_user)["events"] == "immediate"
    assert NotificationPreference.objects.filter(user=entity_user, delivery="weekly").count() == 5
    html = signed_in.get(reverse("notifications:preferences")).content.decode()
    assert 'id="pref-events-immediate" value="immediate" checked' in html


def test_bad_preferences_are_form_errors_not_500(signed_in, entity_user):
    response = signed_in.post(reverse("notifications:preferences"), {"events": "hourly"})
    assert response.status_code == 200
    assert "field__error" in response.content.decode()
    assert not NotificationPreference.objects.exists()


# --- unsubscribe --------------------------------------------------------------------------------


def test_unsubscribe_works_without_login_get_asks_post_turns_off(client, entity_user):
    url = reverse(
        "notifications:unsubscribe", args=[services.unsubscribe_token(entity_user.pk, "events")]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Changes to events I attend" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "no longer be emailed" in done.content.decode()
    assert services.preferences_of(entity_user)["events"] == Delivery.OFF
    assert services.preferences_of(entity_user)["documents"] == Delivery.DAILY


@pytest.mark.parametrize("mangle", ["tamper", "garbage", "other-salt", "bad-kind"])
def test_a_tampered_unsubscribe_link_is_a_clear_400(client, entity_user, mangle):
    token = services.unsubscribe_token(entity_user.pk, "events")
    token = {
        "tamper": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "garbage": "not-a-token",
        "other-salt": signing.dumps({"u": entity_user.pk, "k": "events"}),
        "bad-kind": signing.dumps(
            {"u": entity_user.pk, "k": "gossip"}, salt=services.UNSUBSCRIBE_SALT
        ),
    }[mangle]
    for method in (client.get, client.post):
        response = method(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_an_expired_unsubscribe_link_says_so(client, entity_user, settings):
    settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = -1
    token = services.unsubscribe_token(entity_user.pk, "events")
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_anonymous_visitors_cannot_reach_the_centre(client):
    for name in ("index", "preferences", "badge"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
