"""Authentication events, kept for the Secretariat (AuthEvent) and logged. Never a secret."""

import logging

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .models import AuthEvent
from .security import mark_session_start

logger = logging.getLogger("compact_portal.auth")


def client_ip(request) -> str | None:
    """The client's address as allauth sees it (honouring ALLAUTH_TRUSTED_PROXY_COUNT)."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured, ValueError):
        return None


def record_auth_event(kind, *, request=None, user=None, email: str = "") -> AuthEvent:
    if user is not None and not getattr(user, "pk", None):
        user = None  # AnonymousUser
    if not email and user is not None:
        email = user.email or ""
    meta = request.META if request is not None else {}
    event = AuthEvent.objects.create(
        kind=kind,
        user=user,
        email=email[:254],
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
        path=(request.path if request is not None else "")[:300],
    )
    logger.info(
        "auth event=%s user_id=%s email=%s ip=%s",
        kind,
        user.pk if user is not None else None,
        email,
        event.ip_address,
    )
    return event


# --- signal receivers (connected in compact_portal/signals.py) ---------------------------------


def on_user_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
    record_auth_event(AuthEvent.Kind.LOGIN, request=request, user=user)


def on_user_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` by stars; we keep only the login.
    email = credentials.get("email") or credentials.get("username") or ""
    record_auth_event(AuthEvent.Kind.LOGIN_FAILED, request=request, email=str(email))


def on_user_logged_out(sender, request, user, **kwargs):
    record_auth_event(AuthEvent.Kind.LOGOUT, request=request, user=user)


def on_password_changed(sender, request, user, **kwargs):
    record_auth_event(AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=user)


def on_password_reset(sender, request, user, **kwargs):
    record_auth_event(AuthEvent.Kind.PASSWORD_RESET, request=request, user=user)


def _is_second_factor(authenticator) -> bool:
    # Recovery codes come and go with the authenticator app; one event is enough.
    return authenticator.type != authenticator.Type.RECOVERY_CODES


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    if _is_second_factor(authenticator):
        record_auth_event(AuthEvent.Kind.MFA_ENABLED, request=request, user=user)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    if _is_second_factor(authenticator):
        record_auth_event(AuthEvent.Kind.MFA_DISABLED, request=request, user=user)


def on_user_deactivated(sender, user, actor=None, **kwargs):
    record_auth_event(AuthEvent.Kind.DEACTIVATED, user=user)
