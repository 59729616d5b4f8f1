"""Admin actions on users: deactivate and reactivate focal points (see entities.accounts).

Hooked into `UserAdmin.actions` in entities/admin.py.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .accounts import deactivate_user, reactivate_user


@admin.action(description=_("Deactivate selected focal points"), permissions=["change"])
def deactivate_focal_points(modeladmin, request, queryset):
    done = 0
    for user in queryset.filter(is_active=True):
        if user.pk == request.user.pk:
            modeladmin.message_user(
                request, _("You cannot deactivate your own account."), messages.WARNING
            )
            continue
        if user.is_superuser and not request.user.is_superuser:
            modeladmin.message_user(
                request,
                _("Only a superuser can deactivate %(user)s.") % {"user": user},
                messages.WARNING,
            )
            continue
        deactivate_user(user, actor=request.user)
        done += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d focal point deactivated: they are signed out and can no longer sign in.",
            "%(count)d focal points deactivated: they are signed out and can no longer sign in.",
            done,
        )
        % {"count": done},
        messages.SUCCESS,
    )


@admin.action(description=_("Reactivate selected focal points"), permissions=["change"])
def reactivate_focal_points(modeladmin, request, queryset):
    done = 0
    for user in queryset.filter(is_active=False):
        reactivate_user(user, actor=request.user)
        done += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d focal point reactivated.",
            "%(count)d focal points reactivated.",
            done,
        )
        % {"count": done},
        messages.SUCCESS,
    )
