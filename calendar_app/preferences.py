"""A viewer's calendar preferences: the time zone times are shown in, and reminders wanted.

Times are shown in the zone a person chose on `/calendar/preferences/` (the page offers to fill in
the browser's zone); without a choice, in the site's `TIME_ZONE` (UTC). The event's own zone is
always noted next to its times.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings

from .models import CalendarPreference, available_timezones

_CACHE_ATTRIBUTE = "_calendar_preference"


def preference_of(user) -> CalendarPreference:
    """The user's preferences (unsaved defaults if none), cached on the user object."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    preference = None
    if getattr(user, "is_authenticated", False):
        preference = CalendarPreference.objects.filter(user_id=user.pk).first()
    if preference is None:
        preference = CalendarPreference(
            user_id=getattr(user, "pk", None), timezone=settings.TIME_ZONE
        )
    if getattr(user, "is_authenticated", False):
        setattr(user, _CACHE_ATTRIBUTE, preference)
    return preference


def viewer_timezone(user) -> zoneinfo.ZoneInfo:
    name = preference_of(user).timezone
    if name not in available_timezones():
        name = settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def forget(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
