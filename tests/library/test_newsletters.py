"""The bi-monthly "Compact in Review": drafted from the period's content by the Secretariat only,
edited (sanitised), published, and sent to the network."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entities.models import FocalPoint
from library import newsletters
from library.models import Document, DocumentNotification
from tests.conftest import PASSWORD, make_focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    from compact_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield app
    finally:
        app.conf.task_always_eager = previous


START, END = datetime.date(2024, 1, 1), datetime.date(2024, 2, 29)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def doc(title, date, **fields):
    fields.setdefault("doc_type", Document.Type.REPORT)
    return Document.objects.create(title=title, publication_date=date, **fields)


@pytest.fixture
def period_content(compact):
    inside = doc("Border <script>alert(1)</script> toolkit", datetime.date(2024, 1, 20))
    doc("Old report", datetime.date(2023, 11, 1))
    doc("Restricted in period", datetime.date(2024, 2, 1), visibility=Document.Visibility.COMPACT)
    doc("Draft in period", datetime.date(2024, 2, 2), status=Document.Status.DRAFT)
    newcomer = make_focal_point(
        "newcomer@test.example", {"iso3": "KEN"}, first_name="Nia", last_name="Newcomer"
    )
    FocalPoint.objects.filter(user=newcomer).update(
        created_at=datetime.datetime(2024, 2, 10, tzinfo=datetime.UTC)
    )
    return inside


def test_draft_contains_the_periods_documents_members_and_figures(secretariat_user, period_content):
    draft = newsletters.generate_newsletter_draft(
        period_start=START, period_end=END, actor=secretariat_user
    )
    assert draft.doc_type == Document.Type.NEWSLETTER
    assert draft.status == Document.Status.DRAFT
    assert "January–February 2024" in draft.title
    body = draft.body
    assert "Border &lt;script&gt;alert(1)&lt;/script&gt; toolkit" in body
    assert "<script>" not in body
    assert f'href="/library/{period_content.pk}/"' in body
    assert "Old report" not in body
    assert "Restricted in period" not in body
    assert "Draft in period" not in body
    assert "Nia Newcomer (Kenya)" in body or "Nia Newcomer" in body
    assert "Member State: 1" in body
    assert "Compact entities" in body  # the Compact in numbers
    assert "No events in the period." in body


def test_draft_lists_the_periods_events_and_the_next_ones_everyone_may_see(
    secretariat_user, period_content
):
    from tests.calendar_app.conftest import make_event

    utc = datetime.UTC
    held = make_event(
        title="Regional workshop in Nairobi",
        starts_at=datetime.datetime(2024, 2, 5, 9, tzinfo=utc),
        ends_at=datetime.datetime(2024, 2, 5, 17, tzinfo=utc),
    )
    coming = make_event(
        title="Coordination Committee, 11th meeting",
        event_type="cc_meeting",
        starts_at=datetime.datetime(2024, 3, 20, 9, tzinfo=utc),
        ends_at=datetime.datetime(2024, 3, 20, 17, tzinfo=utc),
    )
    make_event(
        title="Restricted briefing",
        visibility="secretariat",
        starts_at=datetime.datetime(2024, 2, 6, 9, tzinfo=utc),
        ends_at=datetime.datetime(2024, 2, 6, 10, tzinfo=utc),
    )
    make_event(
        title="Cancelled seminar",
        status="cancelled",
        starts_at=datetime.datetime(2024, 2, 7, 9, tzinfo=utc),
        ends_at=datetime.datetime(2024, 2, 7, 10, tzinfo=utc),
    )
    body = newsletters.generate_newsletter_draft(
        period_start=START, period_end=END, actor=secretariat_user
    ).body
    period, ahead = body.split("Coming up")
    assert f'href="/calendar/events/{held.pk}/"' in period and "2024-02-05" in period
    assert f'href="/calendar/events/{coming.pk}/"' in ahead
    assert "Restricted briefing" not in body
    assert "Cancelled seminar" not in body


def test_secretariat_generates_edits_and_publishes(
    client, secretariat_user, period_content, eager_celery, django_capture_on_commit_callbacks
):
    reader = make_focal_point("reader@test.example", {"acronym": "AU"})
    FocalPoint.objects.filter(user=reader).update(notification_frequency="immediate")
    login(client, secretariat_user)

    assert client.get(reverse("newsletter_new")).status_code == 200
    response = client.post(
        reverse("newsletter_new"), {"period_start": "2024-01-01", "period_end": "2024-02-29"}
    )
    draft = Document.objects.get(doc_type=Document.Type.NEWSLETTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter_edit", args=[draft.pk])

    assert client.get(reverse("newsletter_edit", args=[draft.pk])).status_code == 200
    response = client.post(
        reverse("newsletter_edit", args=[draft.pk]),
        {
            "title": "Compact in Review: January–February 2024",
            "summary": "Edited summary",
            "body": '<p onclick="x()">Edited <strong>text</strong></p><script>bad()</script>'
            '<a href="javascript:alert(1)">link</a>',
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Edited summary"
    assert "<strong>text</strong>" in draft.body
    assert "onclick" not in draft.body
    assert "script" not in draft.body
    assert "javascript:" not in draft.body

    # Not visible to the network while a draft.
    assert not Document.objects.visible_to(reader).filter(pk=draft.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletter_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Document.Status.PUBLISHED
    assert draft.publication_date == timezone.localdate()
    assert Document.objects.visible_to(reader).filter(pk=draft.pk).exists()
    # The network is told (the reader, by email as it happens); the author is not.
    assert DocumentNotification.objects.filter(document=draft, user=reader).exists()
    assert any(draft.title in message.subject for message in mail.outbox)
    assert not DocumentNotification.objects.filter(document=draft, user=secretariat_user).exists()

    # Publishing again changes nothing.
    response = client.post(reverse("newsletter_publish", args=[draft.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("user_fixture", ["entity_user", "state_user", "regional_user"])
def test_others_cannot_draft_edit_or_publish(client, request, secretariat_user, user_fixture):
    user = request.getfixturevalue(user_fixture)
    draft = newsletters.generate_newsletter_draft(
        period_start=START, period_end=END, actor=secretariat_user
    )
    login(client, user)
    assert client.get(reverse("newsletter_new")).status_code == 403
    response = client.post(
        reverse("newsletter_new"), {"period_start": "2024-01-01", "period_end": "2024-02-29"}
    )
    assert response.status_code == 403
    # A draft they may not see: 404.
    assert client.get(reverse("newsletter_edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("newsletter_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("newsletter_publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Document.Status.DRAFT
    # Published: they read it, but may not change it (403).
    newsletters.publish_newsletter(draft, actor=secretariat_user)
    assert client.get(reverse("newsletter_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("newsletter_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("newsletter_publish", args=[draft.pk])).status_code == 403


def test_list_shows_published_to_everyone_and_drafts_to_the_secretariat(
    client, secretariat_user, entity_user, django_assert_max_num_queries
):
    draft = newsletters.generate_newsletter_draft(
        period_start=START, period_end=END, actor=secretariat_user
    )
    published = newsletters.generate_newsletter_draft(
        period_start=datetime.date(2023, 11, 1),
        period_end=datetime.date(2023, 12, 31),
        actor=secretariat_user,
    )
    newsletters.publish_newsletter(published, actor=secretariat_user)

    login(client, entity_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("newsletter_list")).content.decode()
    assert published.title in page
    assert draft.title not in page

    login(client, secretariat_user)
    page = client.get(reverse("newsletter_list")).content.decode()
    assert published.title in page
    assert draft.title in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"period_start": "2024-03-01", "period_end": "2024-01-01"},
        {"period_start": "not a date", "period_end": "2024-01-01"},
        {"period_start": "2020-01-01", "period_end": "2024-01-01"},
    ],
)
def test_bad_period_is_a_form_error(client, secretariat_user, data):
    login(client, secretariat_user)
    response = client.post(reverse("newsletter_new"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Document.objects.filter(doc_type=Document.Type.NEWSLETTER).exists()


def test_default_period_is_the_last_complete_two_months():
    assert newsletters.default_period(datetime.date(2024, 3, 15)) == (START, END)
    assert newsletters.default_period(datetime.date(2024, 1, 5)) == (
        datetime.date(2023, 11, 1),
        datetime.date(2023, 12, 31),
    )
