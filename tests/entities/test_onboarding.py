# ruff: noqa: F811 - the shared fixtures are imported from test_access_request
"""Onboarding through the outbox: invitations, retries, reminders, expiry, the one-time link.

Real SMTP (aiosmtpd in this process); Celery eager, and once with a real worker.
"""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from entities import actions, tasks
from entities.models import AccessRequest, Invitation, Organization, OutgoingEmail, User
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    commit,
    eager_celery,
    link_in,
    mailbox,
    make_request,
    onboarding,
)
from tests.workers import celery_worker, wait_for

ROOT = Path(__file__).resolve().parents[2]


def invite(actor, email="omar@mission.example", **extra):
    return actions.invite_focal_point(
        email=email,
        first_name="Omar",
        last_name="Haddad",
        organization=Organization.objects.get(iso3="JOR"),
        position="First Secretary",
        actor=actor,
        **extra,
    )


def path_of(link):
    return link.removeprefix("http://testserver")


@pytest.mark.django_db
class TestEagerOnboarding:
    def test_the_invitation_is_sent_after_commit_and_only_once(
        self, secretariat_user, onboarding, commit
    ):
        with commit() as callbacks:
            invitation = invite(secretariat_user)
            assert not onboarding.messages  # nothing leaves before the commit
        from compact_portal.numbers import forget_figures  # the home figures' cache, not email

        assert len([callback for callback in callbacks if callback is not forget_figures]) == 1
        [message] = onboarding.messages
        assert "Your invitation" in message["Subject"]
        email = OutgoingEmail.objects.get(dedupe_key=f"invitation:{invitation.pk}")
        assert email.sent_at and email.attempts == 1
        assert "/accounts/invitation/…/" in email.body_text  # the stored copy keeps no token

        # A duplicated task, or the beat's resend, sends nothing more.
        tasks.send_outgoing_email.delay(email.pk)
        tasks.send_outgoing_email(email.pk)
        assert tasks.resend_unsent_emails(now=timezone.now() + timedelta(hours=1)) == 0
        # A duplicated action records nothing new.
        actions.queue_email(
            f"invitation:{invitation.pk}", "x@y.example", "welcome", {"user": invitation.user}
        )
        assert len(onboarding.messages) == 1
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.SENT

    def test_smtp_refusing_once_is_retried_and_delivers_exactly_one(
        self, secretariat_user, onboarding, commit
    ):
        onboarding.refuse_next = 1
        with commit():
            invitation = invite(secretariat_user)
        assert len(onboarding.messages) == 1
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.SENT
        assert invitation.attempts == 2
        assert "451" in invitation.failure_reason  # the first attempt's error is kept
        email = OutgoingEmail.objects.get()
        assert email.attempts == 2 and email.sent_at and "451" in email.last_error

    def test_the_outbox_gives_up_after_its_retries_and_the_invitation_says_why(
        self, secretariat_user, onboarding, commit
    ):
        onboarding.refuse_next = 100
        with commit():
            invitation = invite(secretariat_user)
        assert not onboarding.messages
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.FAILED
        assert invitation.failed_at and "Try again later" in invitation.failure_reason
        email = OutgoingEmail.objects.get()
        assert email.failed_at and email.attempts == tasks.MAX_RETRIES + 1
        # The resend beat leaves given-up emails alone; the Secretariat resends the invitation.
        assert tasks.resend_unsent_emails(now=timezone.now() + timedelta(hours=1)) == 0
        onboarding.refuse_next = 0
        with commit():
            actions.resend_invitation(invitation, actor=secretariat_user)
        assert len(onboarding.messages) == 1
        assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.REVOKED

    def test_the_beat_resends_what_was_recorded_but_never_sent(self, onboarding, compact):
        # E.g. the broker was down at commit time: the row exists, no task ran.
        email = OutgoingEmail.objects.create(
            dedupe_key="test:lost", to="lost@x.example", subject="Lost", body_text="Hello"
        )
        assert tasks.resend_unsent_emails() == 0  # too recent: its own task may still run
        assert tasks.resend_unsent_emails(now=timezone.now() + timedelta(minutes=3)) == 1
        assert [m["To"] for m in onboarding.messages] == ["lost@x.example"]
        email.refresh_from_db()
        assert email.sent_at

    def test_accepting_sets_the_password_logs_in_and_welcomes(
        self, client, secretariat_user, onboarding, commit
    ):
        with commit():
            invite(secretariat_user)
        link = path_of(link_in(onboarding.text(onboarding.messages[0])))

        response = client.get(link)
        assert response.status_code == 200
        assert "omar@mission.example" in response.content.decode()
        assert response["Cache-Control"].startswith("max-age=0")

        response = client.post(link, {"new_password1": "short", "new_password2": "short"})
        assert response.status_code == 200
        assert "too short" in response.content.decode()

        password = "a long and unusual passphrase"
        with commit():
            response = client.post(link, {"new_password1": password, "new_password2": password})
        assert response.status_code == 302 and response.url == reverse("home")
        user = User.objects.get(email="omar@mission.example")
        assert get_user(client) == user
        assert user.check_password(password)
        invitation = Invitation.objects.get()
        assert invitation.state == Invitation.State.ACCEPTED and invitation.accepted_at
        welcome = onboarding.messages[-1]
        assert "Welcome to the Compact Portal" in welcome["Subject"]
        assert len(onboarding.messages) == 2

        # The link works once.
        client.logout()
        response = client.get(link)
        assert response.status_code == 410
        assert "already used" in response.content.decode()
        response = client.post(link, {"new_password1": "x" * 20, "new_password2": "x" * 20})
        assert response.status_code == 410
        assert User.objects.get(pk=user.pk).check_password(password)

    def test_an_unknown_token_is_not_found(self, client, compact):
        response = client.get(reverse("accept_invitation", args=["nonsense-token"]))
        assert response.status_code == 404

    def test_a_reminder_after_seven_days_once_with_a_fresh_link(
        self, client, secretariat_user, onboarding, commit
    ):
        with commit():
            invitation = invite(secretariat_user)
        first_link = path_of(link_in(onboarding.text(onboarding.messages[0])))
        now = timezone.now()
        assert actions.remind_pending_invitations(now=now + timedelta(days=6)) == 0
        with commit():
            assert tasks.remind_pending_invitations(now=now + timedelta(days=7, minutes=1)) == 1
            assert tasks.remind_pending_invitations(now=now + timedelta(days=8)) == 0
        assert len(onboarding.messages) == 2
        reminder = onboarding.messages[1]
        assert "Reminder" in reminder["Subject"]
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.REMINDED and invitation.reminded_at
        new_link = path_of(link_in(onboarding.text(reminder)))
        assert new_link != first_link
        assert client.get(new_link).status_code == 200

    def test_invitations_expire_and_the_link_says_to_ask_again(
        self, client, secretariat_user, onboarding, commit, settings
    ):
        settings.INVITATION_EXPIRY_DAYS = 3
        with commit():
            invitation = invite(secretariat_user)
        link = path_of(link_in(onboarding.text(onboarding.messages[0])))
        invitation.refresh_from_db()
        lifetime = invitation.expires_at - invitation.created_at
        assert abs(lifetime - timedelta(days=3)) < timedelta(seconds=5)
        # Past the expiry, the link is refused even before the beat task runs.
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = client.get(link)
        assert response.status_code == 410
        assert "ask the Counter-Terrorism Compact Secretariat for a new invitation" in (
            response.content.decode()
        )
        assert tasks.expire_invitations() == 1
        assert tasks.expire_invitations() == 0
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.EXPIRED and invitation.expired_at

    def test_resending_revokes_the_old_link(self, client, secretariat_user, onboarding, commit):
        with commit():
            invitation = invite(secretariat_user)
        old_link = path_of(link_in(onboarding.text(onboarding.messages[0])))
        client.force_login(secretariat_user)
        with commit():
            response = client.post(
                reverse("admin:entities_invitation_changelist"),
                {"action": "resend", "_selected_action": [invitation.pk]},
                follow=True,
            )
        assert "1 invitation sent again" in response.content.decode()
        client.logout()
        assert client.get(old_link).status_code == 410
        new_link = path_of(link_in(onboarding.text(onboarding.messages[1])))
        assert client.get(new_link).status_code == 200

    def test_the_invitation_list_shows_states_to_the_secretariat(
        self, client, secretariat_user, onboarding, commit
    ):
        onboarding.refuse_next = 100
        with commit():
            invite(secretariat_user, email="fails@x.example")
        onboarding.refuse_next = 0
        with commit():
            invite(secretariat_user, email="works@x.example")
        client.force_login(secretariat_user)
        response = client.get(reverse("admin:entities_invitation_changelist"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Failed" in html and "Sent" in html and "Try again later" in html
        assert client.get(reverse("admin:entities_outgoingemail_changelist")).status_code == 200


# --- a real worker ------------------------------------------------------------------------------


@pytest.fixture
def smtp_worker(mailbox, tmp_path):
    """`celery worker` on the test database, sending to this process's SMTP server."""
    settings_module = tmp_path / "onboarding_worker_settings.py"
    settings_module.write_text(
        "from compact_portal.settings_test import *  # noqa\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        f"EMAIL_HOST = {django_settings.EMAIL_HOST!r}\n"
        f"EMAIL_PORT = {django_settings.EMAIL_PORT!r}\n"
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ''\n"
    )
    with celery_worker(
        "onboarding-worker.log",
        settings_module="onboarding_worker_settings",
        pythonpath=[str(tmp_path)],
    ):
        yield mailbox


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_invitation_once_even_after_an_smtp_refusal(
    smtp_worker, compact, secretariat_user
):
    from compact_portal.celery import app as celery_app

    assert not celery_app.conf.task_always_eager
    smtp_worker.refuse_next = 1
    access_request = make_request()  # its acknowledgement is refused once, then retried
    with transaction.atomic():
        invitation = actions.approve_access_request(access_request, actor=secretariat_user)
    connection.close()
    log = ROOT / "tests" / "artifacts" / "onboarding-worker.log"  # written by celery_worker
    assert wait_for(lambda: len(smtp_worker.messages) >= 2), log.read_text()[-3000:]
    time.sleep(1.0)  # nothing more arrives
    subjects = sorted(m["Subject"] for m in smtp_worker.messages)
    assert len(subjects) == 2, subjects
    assert any("invitation" in s for s in subjects)
    assert wait_for(lambda: Invitation.objects.get(pk=invitation.pk).state == Invitation.State.SENT)
    assert AccessRequest.objects.get(pk=access_request.pk).status == "approved"
    assert OutgoingEmail.objects.filter(sent_at=None).count() == 0
