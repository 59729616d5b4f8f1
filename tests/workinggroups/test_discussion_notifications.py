"""Discussion notifications: one row per subscriber and post, immediate emails after commit (once),
daily and weekly digests (one email with all posts, idempotent), nothing about hidden content or
to people who cannot read the thread; and once with a real Celery worker over SMTP."""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from compact_portal.celery import app as celery_app
from entities.models import FocalPoint, OutgoingEmail
from tests.conftest import make_focal_point
from tests.entities.test_access_request import Mailbox, mailbox  # noqa: F401 - fixture
from tests.workers import celery_worker, wait_for
from workinggroups import discussion_actions as actions
from workinggroups import discussion_notifications as notifications
from workinggroups.actions import designate_group_editor
from workinggroups.discussion_tasks import send_discussion_digests, send_post_emails_task
from workinggroups.models import PostNotification, ThreadSubscription, WorkingGroup


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
def wg2(compact):
    return WorkingGroup.objects.get(number=2)


def set_frequency(user, frequency):
    FocalPoint.objects.filter(user=user).update(notification_frequency=frequency)


def follower(email, frequency, lookup=None, **fields):
    user = make_focal_point(email, lookup or {"acronym": "UNODC"}, **fields)
    set_frequency(user, frequency)
    return user


def follow(thread, *users):
    for user in users:
        actions.subscribe(thread, actor=user)


# --- recording ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_notification_per_subscriber_except_the_author_with_their_mode(wg2, entity_user):
    immediate = follower("now@test.example", "immediate")
    daily = follower("daily@test.example", "daily")
    weekly = follower("weekly@test.example", "weekly")
    never = follower("never@test.example", "never")
    thread = actions.start_thread(wg2, title="T", body="first", actor=entity_user)
    follow(thread, immediate, daily, weekly, never)
    post = actions.reply(thread, body="second", actor=immediate)
    rows = {row.user_id: row.mode for row in PostNotification.objects.filter(post=post)}
    assert rows == {entity_user.pk: "daily", daily.pk: "daily", weekly.pk: "weekly"}
    # Recording again (a retried action) adds nothing.
    assert notifications.record_post_notifications(post) == 3
    assert PostNotification.objects.filter(post=post).count() == 3


@pytest.mark.django_db
def test_subscribers_who_cannot_read_the_group_are_not_notified(wg2, entity_user, state_user):
    thread = actions.start_thread(wg2, title="T", body="first", actor=entity_user)
    ThreadSubscription.objects.create(thread=thread, user=state_user)  # e.g. stale subscription
    set_frequency(state_user, "immediate")
    post = actions.reply(thread, body="second", actor=entity_user)
    assert not PostNotification.objects.filter(post=post, user=state_user).exists()


# --- immediate emails ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_immediate_email_is_sent_after_commit_once_per_subscriber(
    wg2, entity_user, eager_celery, commit
):
    a = follower("a@test.example", "immediate", first_name="Ana")
    b = follower("b@test.example", "immediate", first_name="Ben")
    with commit():
        thread = actions.start_thread(wg2, title="Passenger data", body="first", actor=entity_user)
    follow(thread, a, b)
    mail.outbox.clear()
    with commit():
        post = actions.reply(thread, body="Latest <strong>news</strong>", actor=entity_user)
        assert not mail.outbox  # nothing before the commit
        assert not OutgoingEmail.objects.filter(dedupe_key__startswith="post:").exists()
    assert sorted(message.to[0] for message in mail.outbox) == ["a@test.example", "b@test.example"]
    message = next(m for m in mail.outbox if m.to == ["a@test.example"])
    assert "Passenger data" in message.subject
    assert "Latest news" in message.body and "<strong>" not in message.body
    assert f"#post-{post.pk}" in message.body
    assert OutgoingEmail.objects.filter(dedupe_key=f"post:{post.pk}:{a.pk}").count() == 1
    # A duplicated task, and the digests, send nothing more.
    with commit():
        send_post_emails_task.delay(post.pk)
    send_post_emails_task(post.pk)
    send_discussion_digests("daily")
    assert len(mail.outbox) == 2
    assert not PostNotification.objects.filter(post=post, sent_at=None).exists()


@pytest.mark.django_db
def test_mentioned_person_is_told_they_were_mentioned(wg2, entity_user, eager_celery, commit):
    mentioned = follower("m@test.example", "immediate", first_name="Mia")
    with commit():
        thread = actions.start_thread(
            wg2, title="Question", body="@Mia see this", mentions=[mentioned], actor=entity_user
        )
    [message] = mail.outbox
    assert message.to == ["m@test.example"]
    assert "mentioned you" in message.subject
    assert ThreadSubscription.objects.filter(thread=thread, user=mentioned).exists()


@pytest.mark.django_db
def test_newly_mentioned_on_edit_are_told_once(wg2, entity_user, eager_celery, commit):
    mia = follower("m@test.example", "immediate", first_name="Mia")
    with commit():
        thread = actions.start_thread(wg2, title="Q", body="hello", actor=entity_user)
    post = thread.posts.get()
    from library.models import Document

    for _ in range(2):
        with commit():
            actions.edit_post(
                post,
                body="hello @Mia",
                mentions=[mia],
                visible_documents=Document.objects.none(),
                actor=entity_user,
            )
    assert [m.to for m in mail.outbox] == [["m@test.example"]]


@pytest.mark.django_db
def test_hidden_post_is_never_mailed(wg2, entity_user, secretariat_user):
    a = follower("a@test.example", "immediate")
    thread = actions.start_thread(wg2, title="T", body="first", actor=entity_user)
    follow(thread, a)
    post = actions.reply(thread, body="oops", actor=entity_user)
    actions.set_post_hidden(post, True, actor=secretariat_user)
    assert notifications.send_post_emails(post.pk) == 0
    assert not OutgoingEmail.objects.filter(dedupe_key__startswith="post:").exists()


@pytest.mark.django_db
def test_no_email_to_someone_who_lost_access_meanwhile(wg2, entity_user):
    a = follower("a@test.example", "immediate")
    thread = actions.start_thread(wg2, title="T", body="first", actor=entity_user)
    follow(thread, a)
    post = actions.reply(thread, body="news", actor=entity_user)
    # a moves to a Member State's delegation: can no longer read WG 2's discussions.
    from entities.models import Organization

    FocalPoint.objects.filter(user=a).update(organization=Organization.objects.get(iso3="KEN"))
    assert notifications.send_post_emails(post.pk) == 0
    assert not PostNotification.objects.filter(post=post, user=a).exists()


# --- digests ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_daily_digest_is_one_email_with_all_posts_and_idempotent(wg2, entity_user, regional_user):
    reader = follower("d@test.example", "daily", first_name="Dee")
    set_frequency(regional_user, "daily")
    one = actions.start_thread(wg2, title="Thread one", body="x", actor=entity_user)
    two = actions.start_thread(None, title="Thread two", body="y", actor=regional_user)
    follow(one, reader)
    follow(two, reader)
    actions.reply(one, body="Alpha reply", actor=entity_user)
    actions.reply(one, body="Beta reply", actor=entity_user)
    actions.reply(two, body="Gamma reply", actor=regional_user)
    mail.outbox.clear()
    queued = send_discussion_digests("daily")
    assert queued == 1  # reader only: the authors do not get their own posts
    email = OutgoingEmail.objects.get(to="d@test.example")
    assert "3 new posts" in email.subject
    for text in ("Thread one", "Thread two", "Alpha reply", "Beta reply", "Gamma reply"):
        assert text in email.body_text
    assert "Collaboration" in email.body_text
    # Run twice (or after a restart): nothing more.
    assert send_discussion_digests("daily") == 0
    assert OutgoingEmail.objects.filter(to="d@test.example").count() == 1
    assert not PostNotification.objects.filter(user=reader, sent_at=None).exists()
    # The weekly run does not pick up daily people.
    assert send_discussion_digests("weekly") == 0


@pytest.mark.django_db
def test_weekly_digest_and_hidden_thread_dropped(wg2, entity_user, secretariat_user):
    reader = follower("w@test.example", "weekly")
    keep = actions.start_thread(wg2, title="Kept", body="x", actor=entity_user)
    drop = actions.start_thread(wg2, title="Dropped", body="x", actor=entity_user)
    follow(keep, reader)
    follow(drop, reader)
    actions.reply(keep, body="visible news", actor=entity_user)
    actions.reply(drop, body="secret news", actor=entity_user)
    actions.set_thread_flag(drop, "hidden", True, actor=secretariat_user)
    assert send_discussion_digests("daily") == 0
    assert send_discussion_digests("weekly") == 1
    email = OutgoingEmail.objects.get(to="w@test.example")
    assert "visible news" in email.body_text
    assert "secret news" not in email.body_text and "Dropped" not in email.body_text
    assert not PostNotification.objects.filter(user=reader, sent_at=None).exists()


@pytest.mark.django_db
def test_daily_digest_catches_up_on_immediate_rows_a_lost_task_left(wg2, entity_user):
    a = follower("a@test.example", "immediate")
    thread = actions.start_thread(wg2, title="T", body="x", actor=entity_user)
    follow(thread, a)
    post = actions.reply(thread, body="lost message", actor=entity_user)  # task never ran
    assert send_discussion_digests("daily") == 0  # too recent: its own task may still run
    PostNotification.objects.filter(post=post).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    assert send_discussion_digests("daily") == 1
    assert "lost message" in OutgoingEmail.objects.get(to="a@test.example").body_text


@pytest.mark.django_db
def test_no_digest_for_someone_who_switched_to_never(wg2, entity_user):
    reader = follower("d@test.example", "daily")
    thread = actions.start_thread(wg2, title="T", body="x", actor=entity_user)
    follow(thread, reader)
    actions.reply(thread, body="news", actor=entity_user)
    set_frequency(reader, "never")
    assert send_discussion_digests("daily") == 0
    assert not OutgoingEmail.objects.filter(to="d@test.example").exists()
    assert not PostNotification.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_unknown_digest_frequency_is_refused():
    with pytest.raises(ValueError):
        notifications.send_digests("hourly")


@pytest.mark.django_db
def test_group_editor_promotion_does_not_break_notifications(wg2, secretariat_user):
    """A CTED editor of WG 2 follows and is told like anyone else."""
    chair = follower("chair@test.example", "immediate", {"acronym": "CTED"})
    designate_group_editor(wg2, chair, actor=secretariat_user)
    thread = actions.start_thread(wg2, title="T", body="x", actor=secretariat_user)
    follow(thread, chair)
    post = actions.reply(thread, body="news", actor=secretariat_user)
    assert notifications.send_post_emails(post.pk) == 1


# --- a real worker ------------------------------------------------------------------------------


@pytest.fixture
def smtp_worker(mailbox, tmp_path):  # noqa: F811 - the imported fixture
    """`celery worker` on the test database, sending to this process's SMTP server.

    It imports the discussion tasks itself (CELERY_IMPORTS), whether or not settings do yet.
    """
    settings_module = tmp_path / "discussion_worker_settings.py"
    settings_module.write_text(
        "from compact_portal.settings_test import *  # noqa\n"
        "CELERY_IMPORTS = [*globals().get('CELERY_IMPORTS', []), "
        "'workinggroups.discussion_tasks']\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        f"EMAIL_HOST = {django_settings.EMAIL_HOST!r}\n"
        f"EMAIL_PORT = {django_settings.EMAIL_PORT!r}\n"
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ''\n"
    )
    with celery_worker(
        "discussion-worker.log",
        settings_module="discussion_worker_settings",
        pythonpath=[str(tmp_path)],
    ) as log:
        yield mailbox, log


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_each_subscriber_once_after_commit(smtp_worker, compact):
    box, log = smtp_worker
    assert not celery_app.conf.task_always_eager
    wg2 = WorkingGroup.objects.get(number=2)
    author = make_focal_point("author@test.example", {"acronym": "UNODC"}, first_name="Ada")
    a = follower("a@test.example", "immediate", first_name="Ana")
    b = follower("b@test.example", "immediate", first_name="Ben")
    digest_reader = follower("d@test.example", "daily", first_name="Dee")
    with transaction.atomic():
        thread = actions.start_thread(wg2, title="Real worker", body="first", actor=author)
        follow(thread, a, b, digest_reader)
    with transaction.atomic():
        post = actions.reply(thread, body="Hello from the worker test", actor=author)
        time.sleep(1.0)
        assert not box.messages  # nothing leaves before the commit
    connection.close()
    assert wait_for(lambda: len(box.messages) >= 2), log.read_text()[-3000:]
    time.sleep(1.5)  # nothing more arrives
    assert sorted(m["To"] for m in box.messages) == ["a@test.example", "b@test.example"]
    assert all("Real worker" in m["Subject"] for m in box.messages)
    assert "Hello from the worker test" in Mailbox.text(box.messages[0])
    assert wait_for(
        lambda: (
            not PostNotification.objects.filter(post=post, mode="immediate", sent_at=None).exists()
        )
    )
    # The digest, through the worker too: one email to the daily reader.
    send_discussion_digests.delay("daily")
    assert wait_for(lambda: len(box.messages) >= 3), log.read_text()[-3000:]
    time.sleep(1.0)
    assert [m["To"] for m in box.messages].count("d@test.example") == 1
    assert len(box.messages) == 3
    assert OutgoingEmail.objects.filter(sent_at=None).count() == 0
