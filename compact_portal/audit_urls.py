"""The Secretariat's audit log and exports, and the activity pages (included at the site root)."""

from django.urls import path

from . import activity_views, audit_views, export_views

urlpatterns = [
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("exports/", export_views.exports_index, name="exports"),
    path("exports/library/", export_views.library_export, name="export_library"),
    path("exports/events/", export_views.events_export, name="export_events"),
    path(
        "working-groups/<slug:slug>/activity/",
        activity_views.group_activity,
        name="group_activity",
    ),
    path("entities/<slug:slug>/activity/", activity_views.entity_activity, name="entity_activity"),
    path(
        "member-states/<str:iso3>/activity/",
        activity_views.member_state_activity,
        name="member_state_activity",
    ),
    path(
        "regional-organizations/<slug:slug>/activity/",
        activity_views.regional_activity,
        name="regional_activity",
    ),
]
