from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Access is by invitation of the Compact Secretariat: nobody signs up on their own."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. For your security, signing in to this account is "
            "paused for a few minutes. Try again later, or reset your password."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def login(self, request, user):
        ensure_verified_primary_email(user)
        super().login(request, user)

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from compact_portal.auth_events import record_auth_event
            from compact_portal.models import AuthEvent

            email = credentials.get("email") or credentials.get("username") or ""
            record_auth_event(AuthEvent.Kind.LOCKED_OUT, request=request, email=str(email))
            raise


def ensure_verified_primary_email(user) -> None:
    """The account's address counts as verified: the Secretariat set it and the invitation
    (or a password reset) reached it.

    Without this, allauth's email change (ACCOUNT_CHANGE_EMAIL) treats the *current* address as
    the unverified "new" one and replaces it, leaving the account with no email at all.
    """
    from allauth.account.models import EmailAddress

    if not user.email:
        return
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True, primary=True
    )
    if not updated:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
