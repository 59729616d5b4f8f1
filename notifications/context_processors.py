"""The unread badge in the header: read from the cache only, never from the database.

On a cache miss the header asks `notifications:badge` with htmx, which counts and caches.
"""

from . import services


class UnreadBadge:
    """Resolved lazily by the template (Django calls callables), so pages without it pay nothing."""

    def __init__(self, user_id):
        self.user_id = user_id

    def __call__(self):
        return services.cached_unread_count(self.user_id)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": UnreadBadge(user.pk)}
