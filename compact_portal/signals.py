"""Wiring of third-party signals (Django auth, allauth) to the portal's receivers."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals

from entities.accounts import user_deactivated

from . import auth_events, visits


def connect():
    auth_signals.user_logged_in.connect(
        auth_events.on_user_logged_in, dispatch_uid="portal_auth_login"
    )
    auth_signals.user_logged_in.connect(visits.on_login, dispatch_uid="portal_visit_on_login")
    auth_signals.user_login_failed.connect(
        auth_events.on_user_login_failed, dispatch_uid="portal_auth_login_failed"
    )
    auth_signals.user_logged_out.connect(
        auth_events.on_user_logged_out, dispatch_uid="portal_auth_logout"
    )
    account_signals.password_changed.connect(
        auth_events.on_password_changed, dispatch_uid="portal_auth_password_changed"
    )
    account_signals.password_reset.connect(
        auth_events.on_password_reset, dispatch_uid="portal_auth_password_reset"
    )
    mfa_signals.authenticator_added.connect(
        auth_events.on_authenticator_added, dispatch_uid="portal_auth_mfa_added"
    )
    mfa_signals.authenticator_removed.connect(
        auth_events.on_authenticator_removed, dispatch_uid="portal_auth_mfa_removed"
    )
    user_deactivated.connect(auth_events.on_user_deactivated, dispatch_uid="portal_deactivated")
    # The Compact in numbers: cached figures are forgotten when what they count changes.
    from . import numbers

    numbers.connect_invalidation()
