"""The Joint Calendar's URLs (included at the site root)."""

from django.urls import path

from . import event_views, feed_views, views

app_name = "calendar_app"

urlpatterns = [
    path("calendar/", views.month, name="index"),
    path("calendar/week/", views.week, name="week"),
    path("calendar/agenda/", views.agenda, name="agenda"),
    path("calendar/events/new/", event_views.create, name="create"),
    path("calendar/events/<int:pk>/", event_views.detail, name="detail"),
    path("calendar/events/<int:pk>/edit/", event_views.edit, name="edit"),
    path("calendar/events/<int:pk>/cancel/", event_views.cancel, name="cancel"),
    path("calendar/events/<int:pk>/occurrence/", event_views.occurrence, name="occurrence"),
    path("calendar/events/<int:pk>/attendance/", event_views.attendance, name="attendance"),
    path("calendar/events/<int:pk>/attendees/", event_views.attendees, name="attendees"),
    path("calendar/events/<int:pk>.ics", feed_views.event_ics, name="event_ics"),
    path("calendar/preferences/", feed_views.preferences, name="preferences"),
    path("calendar/feeds/<int:pk>/revoke/", feed_views.revoke_feed_view, name="revoke_feed"),
    path("calendar/feed/<str:token>.ics", feed_views.feed, name="feed"),
]
