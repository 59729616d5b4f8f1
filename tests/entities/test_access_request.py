"""The public access request, and the Secretariat's review of it in the admin.

Emails travel over real SMTP to an in-process aiosmtpd server; Celery runs eagerly here.
"""

import email as email_lib
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from compact_portal.celery import app as celery_app
from entities import actions
from entities.models import AccessRequest, FocalPoint, Invitation, Organization, User
from workinggroups.models import WorkingGroup

# --- shared fixtures (imported by the other onboarding test modules) ----------------------------


class Mailbox:
    """An aiosmtpd handler that keeps what it receives; it can refuse the next N messages."""

    def __init__(self):
        self.messages = []
        self.refuse_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(email_lib.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "http://testserver"
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield celery_app
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.fixture
def onboarding(mailbox, eager_celery, settings):
    """Real SMTP and eager Celery."""
    settings.MFA_REQUIRED_FOR_STAFF = False
    return mailbox


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the on_commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(text):
    return re.search(r"https?://\S+/accounts/invitation/[\w-]+/", text).group(0)


def make_request(email="amina@ministry.example", **overrides):
    fields = {
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": email,
        "organization": Organization.objects.get(iso3="SEN"),
        "organization_other": "",
        "position": "Counsellor",
        "country": Organization.objects.get(iso3="SEN"),
        "working_groups": [],
        "justification": "Nominated focal point.",
        "ip_address": "203.0.113.9",
        **overrides,
    }
    return actions.submit_access_request(**fields)


# --- the public form ----------------------------------------------------------------------------


def form_data(**overrides):
    return {
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "Amina.Diallo@Ministry.example",
        "organization": str(Organization.objects.get(iso3="SEN").pk),
        "organization_other": "",
        "position": "Counsellor, counter-terrorism",
        "country": str(Organization.objects.get(iso3="SEN").pk),
        "working_groups": [
            str(pk)
            for pk in WorkingGroup.objects.filter(number__in=[2, 5]).values_list("pk", flat=True)
        ],
        "justification": "I am the focal point nominated by my Ministry.",
        **overrides,
    }


pytestmark = pytest.mark.django_db


def test_the_form_is_public_and_groups_organizations_by_kind(client, compact):
    response = client.get(reverse("access_request"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<optgroup label="Compact entity">' in html
    assert '<optgroup label="Member State">' in html
    assert 'value="other"' in html
    assert html.count('type="checkbox" name="working_groups"') == 8


def test_a_request_is_recorded_and_acknowledged_over_smtp(client, compact, onboarding, commit):
    with commit():
        response = client.post(reverse("access_request"), form_data())
    assert response.status_code == 302
    assert response.url == reverse("access_request_done")
    request = AccessRequest.objects.get()
    assert request.email == "amina.diallo@ministry.example"
    assert request.status == AccessRequest.Status.PENDING
    assert request.ip_address == "127.0.0.1"
    assert sorted(request.working_groups.values_list("number", flat=True)) == [2, 5]
    [message] = onboarding.messages
    assert message["To"] == "amina.diallo@ministry.example"
    assert "We received your request" in message["Subject"]
    assert "Counter-Terrorism Compact Secretariat will review it" in onboarding.text(message)
    assert client.get(response.url).status_code == 200


def test_missing_fields_give_inline_errors_and_no_request(client, compact):
    response = client.post(
        reverse("access_request"),
        form_data(first_name="", email="not-an-email", organization="other", justification=""),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count('class="field__error"') == 4  # name, email, other organization, why
    assert "Please give the name of your organization." in html
    assert not AccessRequest.objects.exists()


def test_other_organization_is_accepted_with_a_name(client, compact, onboarding, commit):
    with commit():
        response = client.post(
            reverse("access_request"),
            form_data(organization="other", organization_other="Sahel Research Institute"),
        )
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert request.organization is None
    assert request.organization_other == "Sahel Research Institute"


def test_a_second_request_for_the_same_email_gets_a_friendly_answer(
    client, compact, onboarding, commit
):
    with commit():
        client.post(reverse("access_request"), form_data())
    with commit():
        response = client.post(
            reverse("access_request"), form_data(email="AMINA.DIALLO@ministry.EXAMPLE")
        )
    assert response.status_code == 200
    assert "We already have your request" in response.content.decode()
    assert AccessRequest.objects.count() == 1
    assert len(onboarding.messages) == 1  # one acknowledgement


def test_an_existing_user_is_told_to_sign_in_or_reset(client, entity_user, onboarding, commit):
    with commit():
        response = client.post(reverse("access_request"), form_data(email="Entity@test.example"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You already have an account" in html
    assert reverse("account_reset_password") in html
    assert not AccessRequest.objects.exists()
    assert not onboarding.messages


def test_requests_are_rate_limited_per_ip(client, compact, onboarding, commit):
    for n in range(5):
        with commit():
            response = client.post(reverse("access_request"), form_data(email=f"p{n}@x.example"))
        assert response.status_code == 302
    with commit():
        response = client.post(reverse("access_request"), form_data(email="p6@x.example"))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert AccessRequest.objects.count() == 5
    # Another address is not affected.
    with commit():
        response = client.post(
            reverse("access_request"), form_data(email="p7@x.example"), REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302


def test_a_malformed_post_never_errors(client, compact):
    response = client.post(
        reverse("access_request"),
        {
            "organization": "999999999",
            "country": "abc",
            "working_groups": ["x"],
            "email": "\x00",
        },
    )
    assert response.status_code == 200
    assert not AccessRequest.objects.exists()


# --- review -------------------------------------------------------------------------------------


def test_approval_creates_the_account_and_sends_one_working_invitation(
    client, secretariat_user, onboarding, commit
):
    with commit():
        request = make_request()
    onboarding.messages.clear()

    with commit():
        invitation = actions.approve_access_request(request, actor=secretariat_user)

    request.refresh_from_db()
    user = User.objects.get(email="amina@ministry.example")
    assert request.status == AccessRequest.Status.APPROVED
    assert request.user == user and request.decided_by == secretariat_user
    assert not user.has_usable_password() and user.is_active
    assert user.focal_point.organization.iso3 == "SEN"
    assert user.focal_point.position == "Counsellor"
    [message] = onboarding.messages
    assert message["To"] == "amina@ministry.example"
    link = link_in(onboarding.text(message))
    assert invitation.token_hash not in link  # only the hash is stored
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT and invitation.sent_at
    assert client.get(link.removeprefix("http://testserver")).status_code == 200

    with pytest.raises(actions.ActionRefused, match="already Approved"):
        actions.approve_access_request(request, actor=secretariat_user)
    assert len(onboarding.messages) == 1
    assert Invitation.objects.count() == 1


def test_approving_an_other_organization_creates_it(secretariat_user, onboarding, commit):
    with commit():
        request = make_request(organization=None, organization_other="Sahel Research Institute")
    with commit():
        actions.approve_access_request(request, actor=secretariat_user)
    organization = Organization.objects.get(name="Sahel Research Institute")
    assert organization.kind == Organization.Kind.OTHER
    assert organization.slug == "sahel-research-institute"
    assert FocalPoint.objects.get(user__email="amina@ministry.example").organization == organization
    with commit():
        request2 = make_request(
            email="b@x.example", organization=None, organization_other="Sahel Research Institute"
        )
    with commit():
        actions.approve_access_request(request2, actor=secretariat_user)
    assert Organization.objects.filter(slug="sahel-research-institute-2").exists()


def test_secretariat_approves_in_bulk_from_the_changelist(
    client, secretariat_user, onboarding, commit
):
    with commit():
        first = make_request("a@x.example")
    with commit():
        second = make_request("b@x.example")
    onboarding.messages.clear()
    client.force_login(secretariat_user)
    changelist = reverse("admin:entities_accessrequest_changelist")
    response = client.get(
        changelist, {"status__exact": "pending", "organization__kind": "member_state"}
    )
    assert response.status_code == 200
    assert "a@x.example" in response.content.decode()
    assert "Invite a focal point" in response.content.decode()

    with commit():
        response = client.post(
            changelist,
            {"action": "approve", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
    assert "2 requests approved" in response.content.decode()
    assert sorted(m["To"] for m in onboarding.messages) == ["a@x.example", "b@x.example"]

    # Approving again is refused with a message, and sends nothing.
    with commit():
        response = client.post(
            changelist, {"action": "approve", "_selected_action": [first.pk]}, follow=True
        )
    assert "already Approved" in response.content.decode()
    assert len(onboarding.messages) == 2


def test_rejection_asks_for_a_note_and_sends_a_courteous_email(
    client, secretariat_user, onboarding, commit
):
    with commit():
        request = make_request()
    onboarding.messages.clear()
    client.force_login(secretariat_user)
    changelist = reverse("admin:entities_accessrequest_changelist")

    with commit():
        response = client.post(changelist, {"action": "reject", "_selected_action": [request.pk]})
    assert response.status_code == 200
    assert "Thank you for your interest" in response.content.decode()  # the default note
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING  # nothing yet

    with commit():
        response = client.post(
            changelist,
            {
                "action": "reject",
                "_selected_action": [request.pk],
                "confirm": "yes",
                "note": "Please ask your Permanent Mission to nominate you.",
            },
            follow=True,
        )
    assert "1 request rejected" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.REJECTED
    assert request.decided_by == secretariat_user
    [message] = onboarding.messages
    assert "Please ask your Permanent Mission" in onboarding.text(message)
    assert not User.objects.filter(email="amina@ministry.example").exists()
    with pytest.raises(actions.ActionRefused):
        actions.reject_access_request(request, actor=secretariat_user)
    assert len(onboarding.messages) == 1


def test_rejection_without_note_uses_the_courteous_default(secretariat_user, onboarding, commit):
    with commit():
        request = make_request()
    onboarding.messages.clear()
    with commit():
        actions.reject_access_request(request, actor=secretariat_user)
    [message] = onboarding.messages
    assert "Thank you for your interest in the Compact Portal" in onboarding.text(message)
