"""`notify`: one row per person and key, delivery from preferences, immediate emails after the
commit through the outbox, restricted content never mailed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from entities.models import OutgoingEmail
from notifications import services
from notifications.models import Delivery, Kind, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def notify(people, **overrides):
    fields = {
        "key": "document:1",
        "title": "Border security guidance",
        "url": "/library/1/",
        "body": "Eleven recommendations for border agencies.",
    }
    fields.update(overrides)
    return services.notify(people, Kind.DOCUMENTS, **fields)


def test_each_active_recipient_gets_one_row_whatever_their_delivery(people):
    rows = notify(people.values())
    assert len(rows) == 4
    deliveries = dict(Notification.objects.values_list("recipient__email", "delivery"))
    assert deliveries == {
        "immediate@test.example": Delivery.IMMEDIATE,
        "daily@test.example": Delivery.DAILY,
        "weekly@test.example": Delivery.WEEKLY,
        "never@test.example": Delivery.OFF,
    }


def test_a_retried_notification_creates_nothing_new_and_sends_nothing_twice(
    people, eager_celery, commit
):
    with commit():
        notify(people.values())
    with commit():
        assert notify(people.values()) == []
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_inactive_people_are_not_notified(people):
    people["daily"].is_active = False
    people["daily"].save(update_fields=["is_active"])
    notify(people.values())
    assert not Notification.objects.filter(recipient=people["daily"]).exists()


def test_an_explicit_preference_wins_over_the_profile_frequency(people, eager_celery, commit):
    NotificationPreference.objects.create(
        user=people["daily"], kind=Kind.DOCUMENTS, delivery=Delivery.IMMEDIATE
    )
    NotificationPreference.objects.create(
        user=people["immediate"], kind=Kind.DOCUMENTS, delivery=Delivery.OFF
    )
    with commit():
        notify([people["daily"], people["immediate"]])
    assert [m.to for m in mail.outbox] == [["daily@test.example"]]
    # other kinds keep the profile's frequency
    assert services.deliveries_for([people["immediate"].pk], Kind.EVENTS) == {
        people["immediate"].pk: Delivery.IMMEDIATE
    }


def test_only_immediate_people_are_emailed_and_only_after_the_commit(
    people, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(people.values())
        assert not mail.outbox
    [message] = mail.outbox
    assert message.to == ["immediate@test.example"]
    assert "Border security guidance" in message.subject
    assert "Eleven recommendations" in message.body
    assert "http://testserver/library/1/" in message.body or "/library/1/" in message.body
    email = OutgoingEmail.objects.get()
    assert email.dedupe_key == f"document:1:{people['immediate'].pk}"
    row = Notification.objects.get(recipient=people["immediate"])
    assert row.emailed_at is not None
    assert Notification.objects.filter(emailed_at=None).count() == 3


def test_restricted_content_is_neither_stored_nor_emailed(people, eager_celery, commit):
    with commit():
        notify(
            people.values(),
            restricted=True,
            email_template="document_notification",
            email_context={"document": {"title": "x", "summary": "SECRET BODY"}},
            body="SECRET BODY",
        )
    [message] = mail.outbox
    assert "Border security guidance" in message.subject
    assert "Border security guidance" in message.body
    assert "/library/1/" in message.body
    assert "SECRET BODY" not in message.body
    assert "SECRET BODY" not in "".join(alt[0] for alt in message.alternatives)
    assert not Notification.objects.exclude(body="").exists()
    assert Notification.objects.filter(restricted=True).count() == 4


def test_a_feature_may_keep_its_own_email_template(people, eager_celery, commit, settings):
    settings.SITE_URL = "http://testserver"
    with commit():
        notify(
            [people["immediate"]],
            email_template="document_notification",
            email_context={
                "document": {"title": "Border security guidance", "summary": "Summary."},
                "document_url": "http://testserver/library/1/",
            },
        )
    [message] = mail.outbox
    assert "New in the library: Border security guidance" in message.subject


def test_every_immediate_email_carries_a_working_unsubscribe_link(
    people, eager_celery, commit, client, settings
):
    settings.SITE_URL = "http://testserver"
    with commit():
        notify([people["immediate"]])
    link = re.search(r"http://testserver(/notifications/unsubscribe/\S+/)", mail.outbox[0].body)
    assert link
    # Mail clients offer the same link as a one-click button (RFC 8058).
    assert mail.outbox[0].extra_headers == {
        "List-Unsubscribe": f"<http://testserver{link.group(1)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    response = client.post(link.group(1))
    assert response.status_code == 200
    assert (
        NotificationPreference.objects.get(user=people["immediate"], kind=Kind.DOCUMENTS).delivery
        == Delivery.OFF
    )
    with commit():
        notify([people["immediate"]], key="document:2")
    assert len(mail.outbox) == 1  # no more emails of that kind
    assert Notification.objects.filter(key="document:2").count() == 1  # still in the centre


def test_unknown_kinds_are_refused(people):
    with pytest.raises(ValueError):
        services.notify(people.values(), "gossip", key="x", title="x", url="/")


def test_notify_invalidates_the_cached_unread_count(people, commit):
    user = people["daily"]
    assert services.unread_count(user.pk) == 0
    with commit():
        notify([user])
    assert services.cached_unread_count(user.pk) is None
    assert services.unread_count(user.pk) == 1
    assert reverse("notifications:index")


def test_event_changes_are_emailed_at_once_unless_the_person_wants_no_email(people):
    deliveries = services.deliveries_for([user.pk for user in people.values()], Kind.EVENTS)
    assert [deliveries[user.pk] for user in people.values()] == [
        Delivery.IMMEDIATE,
        Delivery.IMMEDIATE,
        Delivery.IMMEDIATE,
        Delivery.OFF,
    ]
    NotificationPreference.objects.create(
        user=people["daily"], kind=Kind.EVENTS, delivery=Delivery.WEEKLY
    )
    assert services.deliveries_for([people["daily"].pk], Kind.EVENTS) == {
        people["daily"].pk: Delivery.WEEKLY
    }


def test_a_title_given_as_a_function_is_written_in_each_recipients_language(
    people, django_capture_on_commit_callbacks
):
    from django.utils import translation

    languages = {"immediate": "fr", "daily": "ar", "weekly": "", "never": "zh-hans"}
    for frequency, code in languages.items():
        people[frequency].language = code
        people[frequency].save(update_fields=["language"])

    # The sender's language (Russian here) must not leak into the titles.
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        notify(people.values(), title=lambda: f"title in {translation.get_language()}")

    titles = dict(Notification.objects.values_list("recipient__email", "title"))
    assert titles == {
        "immediate@test.example": "title in fr",
        "daily@test.example": "title in ar",
        "weekly@test.example": "title in en",  # no saved language: the portal's default
        "never@test.example": "title in zh-hans",
    }
