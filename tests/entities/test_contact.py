# ruff: noqa: F811 - the shared fixtures are imported from tests.entities.test_access_request
"""Contacting a person: the message goes by email through the outbox and Celery, reveals no
hidden address, is plain text, and is rate-limited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entities import people_actions
from entities.models import ContactMessage, FocalPoint, OutgoingEmail, User
from tests.conftest import make_focal_point
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    eager_celery,
    mailbox,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(compact):
    user = make_focal_point(
        "hidden.recipient@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    FocalPoint.objects.filter(user=user).update(show_email=False)
    return user.focal_point


@pytest.fixture
def sender(compact):
    user = make_focal_point(
        "hidden.sender@test.example", {"acronym": "UNODC"}, first_name="Eve", last_name="Entity"
    )
    FocalPoint.objects.filter(user=user).update(show_email=False)
    return user


def contact_url(focal_point):
    return reverse("person_contact", args=[focal_point.pk])


def post(client, focal_point, subject="Joint workshop", body="Could we talk next week?"):
    return client.post(contact_url(focal_point), {"subject": subject, "body": body})


def test_message_is_recorded_and_emailed_without_revealing_addresses(
    client, sender, recipient, mailbox, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, recipient, body="Hello <script>alert(1)</script> & welcome")
    assert response.status_code == 302
    assert response["Location"] == reverse("person_detail", args=[recipient.pk])

    message = ContactMessage.objects.get()
    assert (message.sender, message.recipient) == (sender, recipient.user)

    # The sender never sees the recipient's hidden address.
    page = client.get(response["Location"]).content.decode()
    assert "hidden.recipient@test.example" not in page
    assert "Your message to Wanjiru Kamau has been sent." in page

    [email] = mailbox.messages
    assert email["To"] == "hidden.recipient@test.example"
    assert "Eve Entity" in email["Subject"] and "Joint workshop" in email["Subject"]
    text = mailbox.text(email)
    # The sender's hidden address is not in the email: the recipient replies through the portal.
    assert "hidden.sender@test.example" not in email.as_string()
    assert email["Reply-To"] is None  # the sender does not share their address
    sender_page = reverse("person_detail", args=[sender.focal_point.pk])
    assert f"http://testserver{sender_page}" in text
    assert "http://testserver" + contact_url(sender.focal_point) in text
    assert "Eve Entity (UNODC)" in text
    # Plain text only: the body arrives verbatim in text/plain, with no HTML part to inject into.
    assert "Hello <script>alert(1)</script> & welcome" in text
    assert not email.is_multipart() or email.get_body(preferencelist=("html",)) is None
    outbox = OutgoingEmail.objects.get(dedupe_key=f"contact-message:{message.pk}")
    assert outbox.sent_at is not None
    assert outbox.body_html == ""


def test_sender_address_is_given_when_their_profile_shows_it(client, sender, recipient):
    FocalPoint.objects.filter(user=sender).update(show_email=True)
    client.force_login(sender)
    post(client, recipient)
    outbox = OutgoingEmail.objects.get(to="hidden.recipient@test.example")
    assert "You can reply to them directly at hidden.sender@test.example." in outbox.body_text
    assert outbox.reply_to == "hidden.sender@test.example"


def test_subject_line_breaks_cannot_inject_headers(client, sender, recipient):
    client.force_login(sender)
    response = post(client, recipient, subject="Hi\r\nBcc: victim@evil.example")
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert "\n" not in message.subject and "\r" not in message.subject
    outbox = OutgoingEmail.objects.get()
    assert "\n" not in outbox.subject


def test_the_email_is_queued_only_after_commit(client, sender, recipient, monkeypatch):
    sent = []
    monkeypatch.setattr("entities.tasks.send_outgoing_email.delay", sent.append)
    client.force_login(sender)
    post(client, recipient)  # the test transaction never commits
    assert ContactMessage.objects.count() == 1
    assert sent == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "", "body": "Hello"}, "subject"),
        ({"subject": "   ", "body": "Hello"}, "subject"),
        ({"subject": "Hi", "body": ""}, "body"),
        ({"subject": "x" * 201, "body": "Hello"}, "subject"),
        ({"subject": "Hi", "body": "x" * 5001}, "body"),
    ],
)
def test_invalid_forms_show_errors_and_send_nothing(client, sender, recipient, data, field):
    client.force_login(sender)
    response = client.post(contact_url(recipient), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "There is a problem" in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_you_cannot_message_yourself(client, recipient):
    client.force_login(recipient.user)
    response = post(client, recipient)
    assert response.status_code == 400
    assert not ContactMessage.objects.exists()
    with pytest.raises(people_actions.ContactRefused) as refused:
        people_actions.send_contact_message(
            recipient.user, recipient.user, "s", "b", actor=recipient.user
        )
    assert refused.value.code == "self"


def test_inactive_people_cannot_be_messaged(client, sender, recipient):
    User.objects.filter(pk=recipient.user_id).update(is_active=False)
    client.force_login(sender)
    assert post(client, recipient).status_code == 404
    with pytest.raises(people_actions.ContactRefused) as refused:
        people_actions.send_contact_message(
            sender, User.objects.get(pk=recipient.user_id), "s", "b", actor=sender
        )
    assert refused.value.code == "inactive"
    assert not ContactMessage.objects.exists()


def test_three_messages_a_day_to_the_same_person(client, sender, recipient):
    client.force_login(sender)
    for _ in range(3):
        assert post(client, recipient).status_code == 302
    response = post(client, recipient)
    assert response.status_code == 429
    assert "in the last 24 hours" in response.content.decode()
    assert ContactMessage.objects.count() == 3
    # A day later, the pair may write again.
    ContactMessage.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert post(client, recipient).status_code == 302


def test_ten_messages_an_hour_per_sender(client, sender, compact):
    people = [
        make_focal_point(f"r{i}@test.example", {"acronym": "AU"}).focal_point for i in range(11)
    ]
    client.force_login(sender)
    for focal_point in people[:10]:
        assert post(client, focal_point).status_code == 302
    response = post(client, people[10])
    assert response.status_code == 429
    assert "in the last hour" in response.content.decode()
    assert ContactMessage.objects.count() == 10
    assert OutgoingEmail.objects.count() == 10


def test_limits_are_configurable(client, settings, sender, recipient):
    settings.CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 1
    client.force_login(sender)
    assert post(client, recipient).status_code == 302
    assert post(client, recipient).status_code == 429


def test_contact_needs_csrf(sender, recipient):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sender)
    assert post(client, recipient).status_code == 403
    assert not ContactMessage.objects.exists()


def test_contact_page_get_shows_the_form_and_no_address(client, sender, recipient):
    client.force_login(sender)
    response = client.get(contact_url(recipient))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="subject"' in html and 'name="body"' in html
    assert "hidden.recipient@test.example" not in html
