"""Session and MFA rules that allauth leaves to the project, and a maximum password length."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger("compact_portal.security")

SESSION_LOGIN_AT = "portal_login_at"


class MaximumLengthValidator:
    """Long passphrases are welcome, but not unbounded ones (hashing cost)."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return ngettext(
            "Your password can contain at most %(max_length)d character.",
            "Your password can contain at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


def mark_session_start(request):
    """Called at sign-in: the absolute session lifetime counts from here."""
    request.session[SESSION_LOGIN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """No session outlives SESSION_ABSOLUTE_HOURS after sign-in, however active it is.

    (The idle timeout is the cookie's: SESSION_COOKIE_AGE renewed on every request.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            if login_at is None:
                # A session from before this rule (or signed in by a test client): start now.
                mark_session_start(request)
            elif time.time() - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logger.info("session expired (absolute cap) user_id=%s", request.user.pk)
                logout(request)
                messages.info(
                    request, _("Your session has expired. Please sign in again to continue.")
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def has_active_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFARequiredMiddleware:
    """Secretariat staff must set up two-factor authentication before anything else.

    allauth has no "require MFA" setting: any signed-in staff member without an authenticator
    app is sent to its setup page, from every page except allauth's own (sign out, MFA setup,
    reauthentication, sessions). Static files are served before this by whitenoise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "MFA_REQUIRED_FOR_STAFF", True):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        view_class = getattr(view_func, "view_class", None)
        module = (view_class or view_func).__module__ or ""
        if module.startswith("allauth.") or module.startswith("django.views.static"):
            return None
        if has_active_totp(user):
            return None
        if request.headers.get("HX-Request"):
            # A fragment (e.g. the header's notification badge) must not become a whole setup
            # page swapped into the current one: send nothing; the page itself is redirected.
            return HttpResponse(status=204)
        messages.warning(
            request,
            _(
                "Secretariat staff must use two-factor authentication. "
                "Set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
