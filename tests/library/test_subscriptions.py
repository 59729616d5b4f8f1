"""Library subscriptions: follow, unfollow, notifications by email (immediate or digest), and the
visibility rule applied to every notification."""

import pytest
from django.core import mail
from django.urls import reverse

from compact_portal.celery import app as celery_app
from entities.models import FocalPoint, Organization, OutgoingEmail, Theme
from library import subscriptions
from library.models import Document, DocumentNotification, Subscription
from library.subscription_tasks import notify_subscribers_task, send_document_digests
from tests.conftest import PASSWORD, make_focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield celery_app
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def theme(compact):
    return Theme.objects.get(slug="aviation-security")


def set_frequency(user, frequency):
    FocalPoint.objects.filter(user=user).update(notification_frequency=frequency)


def publish(title, *, themes=(), visibility=Document.Visibility.ALL, **fields):
    fields.setdefault("doc_type", Document.Type.REPORT)
    document = Document.objects.create(title=title, visibility=visibility, **fields)
    document.themes.set(themes)
    return document


def test_theme_follower_gets_exactly_one_email_after_commit(
    entity_user, theme, eager_celery, commit
):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    with commit():
        document = publish("Passenger data in aviation", themes=[theme])
        subscriptions.schedule_notifications(document.pk)
    # A duplicated task changes nothing.
    with commit():
        notify_subscribers_task.delay(document.pk)

    assert DocumentNotification.objects.filter(user=entity_user, document=document).count() == 1
    emails = OutgoingEmail.objects.filter(to=entity_user.email)
    assert [e.dedupe_key for e in emails] == [f"document:{document.pk}:user:{entity_user.pk}"]
    assert len(mail.outbox) == 1
    assert "Passenger data in aviation" in mail.outbox[0].subject
    assert f"/library/{document.pk}/" in mail.outbox[0].body


def test_document_without_matching_subscription_tells_nobody(entity_user, theme, compact):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    other = Theme.objects.exclude(pk=theme.pk).first()
    document = publish("About something else", themes=[other])
    assert subscriptions.notify_subscribers(document.pk) == 0
    assert not OutgoingEmail.objects.exists()


def test_restricted_document_is_not_notified_to_someone_outside_its_audience(
    entity_user, state_user, theme
):
    for user in (entity_user, state_user):
        subscriptions.follow_theme(user, theme, actor=user)
    set_frequency(entity_user, "immediate")
    set_frequency(state_user, "immediate")
    document = publish("UN-only note", themes=[theme], visibility=Document.Visibility.COMPACT)

    assert subscriptions.notify_subscribers(document.pk) == 1

    assert DocumentNotification.objects.filter(user=entity_user).count() == 1
    assert not DocumentNotification.objects.filter(user=state_user).exists()
    assert not OutgoingEmail.objects.filter(to=state_user.email).exists()


def test_restricted_document_never_reaches_a_digest_outside_its_audience(state_user, theme):
    set_frequency(state_user, "daily")
    subscriptions.follow_theme(state_user, theme, actor=state_user)
    secret = publish("Secretariat only", themes=[theme], visibility=Document.Visibility.SECRETARIAT)
    by_org = publish("For UNODC", themes=[theme], visibility=Document.Visibility.ORGANIZATIONS)
    by_org.audience_organizations.set([Organization.objects.get(acronym="UNODC")])
    for document in (secret, by_org):
        subscriptions.notify_subscribers(document.pk)

    assert not DocumentNotification.objects.filter(user=state_user).exists()
    assert subscriptions.send_digests("daily") == 0
    assert not OutgoingEmail.objects.exists()


def test_draft_is_never_notified(entity_user, theme):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    draft = publish("Draft", themes=[theme], status=Document.Status.DRAFT)
    assert subscriptions.notify_subscribers(draft.pk) == 0
    assert not DocumentNotification.objects.exists()


def test_daily_digest_sends_one_email_with_every_new_document(
    state_user, theme, eager_celery, commit
):
    set_frequency(state_user, "daily")
    subscriptions.follow_theme(state_user, theme, actor=state_user)
    titles = ["Aviation report one", "Aviation guidance two", "Aviation record three"]
    for title in titles:
        subscriptions.notify_subscribers(publish(title, themes=[theme]).pk)
    assert not OutgoingEmail.objects.exists()  # nothing until the digest

    with commit():
        send_document_digests.delay("daily")
    with commit():
        send_document_digests.delay("daily")  # a second run has nothing left to send

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [state_user.email]
    assert "3 new documents" in message.subject
    for title in titles:
        assert title in message.body
    assert not DocumentNotification.objects.filter(user=state_user, sent_at=None).exists()


def test_digest_leaves_out_a_document_restricted_since(state_user, theme):
    set_frequency(state_user, "weekly")
    subscriptions.follow_theme(state_user, theme, actor=state_user)
    kept = publish("Still open", themes=[theme])
    restricted = publish("Closed later", themes=[theme])
    for document in (kept, restricted):
        subscriptions.notify_subscribers(document.pk)
    Document.objects.filter(pk=restricted.pk).update(visibility=Document.Visibility.SECRETARIAT)

    assert subscriptions.send_digests("daily") == 0  # not theirs
    assert subscriptions.send_digests("weekly") == 1
    body = OutgoingEmail.objects.get(to=state_user.email).body_text
    assert "Still open" in body
    assert "Closed later" not in body
    assert not DocumentNotification.objects.filter(document=restricted).exists()


def test_never_means_no_notification(entity_user, theme):
    set_frequency(entity_user, "never")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    document = publish("Quiet", themes=[theme])
    assert subscriptions.notify_subscribers(document.pk) == 0
    assert not DocumentNotification.objects.exists()


def test_uploader_is_not_told_about_their_own_document(entity_user, theme):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    document = publish("Mine", themes=[theme], created_by=entity_user)
    assert subscriptions.notify_subscribers(document.pk) == 0


def test_group_and_organization_followers_are_told(entity_user, regional_user, compact):
    from workinggroups.models import WorkingGroup

    group = WorkingGroup.objects.get(number=2)
    unodc = Organization.objects.get(acronym="UNODC")
    subscriptions.follow_group(entity_user, group, actor=entity_user)
    subscriptions.follow_organization(regional_user, unodc, actor=regional_user)
    document = publish("Border management toolkit")
    document.working_groups.set([group])
    document.author_organizations.set([unodc])

    assert subscriptions.notify_subscribers(document.pk) == 2
    assert set(DocumentNotification.objects.values_list("user_id", flat=True)) == {
        entity_user.pk,
        regional_user.pk,
    }


def test_saved_search_matches_on_the_documents_text(entity_user, compact):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_search(entity_user, "q=drones&page=3", actor=entity_user)
    assert Subscription.objects.get(user=entity_user).query == "q=drones"
    hit = publish("Unmanned aircraft", summary="Countering hostile drones near airports.")
    miss = publish("Maritime security", summary="Port facility security.")

    assert subscriptions.notify_subscribers(hit.pk) == 1
    assert subscriptions.notify_subscribers(miss.pk) == 0


def test_following_twice_keeps_one_subscription(entity_user, theme):
    first = subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    again = subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    assert first.pk == again.pk
    assert Subscription.objects.filter(user=entity_user).count() == 1


# --- pages --------------------------------------------------------------------------------------


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_follow_and_unfollow_through_the_pages(client, entity_user, theme):
    login(client, entity_user)
    response = client.post(reverse("library_follow"), {"kind": "theme", "id": theme.pk})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=entity_user)
    assert subscription.theme == theme

    page = client.get(reverse("library_subscriptions"))
    assert page.status_code == 200
    assert theme.name in page.content.decode()

    response = client.post(reverse("library_subscriptions"), {"unfollow": subscription.pk})
    assert response.status_code == 302
    assert not Subscription.objects.filter(user=entity_user).exists()


def test_follow_from_the_subscriptions_page_select(client, entity_user, theme):
    login(client, entity_user)
    response = client.post(reverse("library_follow"), {"kind": "theme", "theme": theme.pk})
    assert response.status_code == 302
    assert Subscription.objects.get(user=entity_user).theme == theme


def test_follow_with_htmx_returns_the_button_state(client, entity_user, theme):
    login(client, entity_user)
    response = client.post(
        reverse("library_follow"), {"kind": "theme", "id": theme.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Following" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "nonsense", "id": "1"},
        {"kind": "theme"},
        {"kind": "theme", "id": "999999"},
        {"kind": "theme", "id": "x"},
        {"kind": "search", "query": "page=2"},
        {"kind": "organization", "id": "-4"},
    ],
)
def test_bad_follow_requests_are_refused_without_error(client, entity_user, data):
    login(client, entity_user)
    response = client.post(reverse("library_follow"), data)
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_someone_elses_subscription_cannot_be_unfollowed(client, entity_user, state_user, theme):
    subscription = subscriptions.follow_theme(state_user, theme, actor=state_user)
    login(client, entity_user)
    for value in (subscription.pk, "abc", ""):
        response = client.post(reverse("library_subscriptions"), {"unfollow": value})
        assert response.status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_follow_needs_post_and_csrf(entity_user, theme):
    from django.test import Client

    client = login(Client(enforce_csrf_checks=True), entity_user)
    assert client.get(reverse("library_follow")).status_code == 405
    response = client.post(reverse("library_follow"), {"kind": "theme", "id": theme.pk})
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_subscriptions_page_has_bounded_queries(
    client, entity_user, compact, django_assert_max_num_queries
):
    from workinggroups.models import WorkingGroup

    for theme in Theme.objects.all()[:10]:
        subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    for group in WorkingGroup.objects.all()[:5]:
        subscriptions.follow_group(entity_user, group, actor=entity_user)
    subscriptions.follow_search(entity_user, "q=border", actor=entity_user)
    login(client, entity_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("library_subscriptions"))
    assert response.status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, compact):
    for name in ("library_subscriptions", "library_follow"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_notification_queries_do_not_grow_with_followers(
    theme, compact, django_assert_max_num_queries
):
    users = [make_focal_point(f"fp{i}@test.example", {"acronym": "UNODC"}) for i in range(30)] + [
        make_focal_point(f"ms{i}@test.example", {"iso3": "KEN"}) for i in range(30)
    ]
    for user in users:
        set_frequency(user, "daily")
        subscriptions.follow_theme(user, theme, actor=user)
    document = publish("Widely followed", themes=[theme])
    with django_assert_max_num_queries(25):
        assert subscriptions.notify_subscribers(document.pk) == 60


def test_secretariat_follower_is_told_of_a_secretariat_only_document(
    secretariat_user, entity_user, theme
):
    from django.contrib.auth.models import Group

    secretariat_user.groups.add(Group.objects.create(name="Another group"))  # no duplicate rows
    for user in (secretariat_user, entity_user):
        set_frequency(user, "daily")
        subscriptions.follow_theme(user, theme, actor=user)
    document = publish("Internal", themes=[theme], visibility=Document.Visibility.SECRETARIAT)
    assert subscriptions.notify_subscribers(document.pk) == 1
    assert DocumentNotification.objects.get().user == secretariat_user


def test_deactivated_follower_is_not_told(entity_user, theme):
    set_frequency(entity_user, "immediate")
    subscriptions.follow_theme(entity_user, theme, actor=entity_user)
    entity_user.is_active = False
    entity_user.save(update_fields=["is_active"])
    assert subscriptions.notify_subscribers(publish("Later", themes=[theme]).pk) == 0


def test_daily_run_catches_up_after_a_switch_to_immediate(state_user, theme):
    set_frequency(state_user, "weekly")
    subscriptions.follow_theme(state_user, theme, actor=state_user)
    subscriptions.notify_subscribers(publish("Waiting", themes=[theme]).pk)
    set_frequency(state_user, "immediate")
    assert subscriptions.send_digests("daily") == 1
    assert subscriptions.send_digests("weekly") == 0
