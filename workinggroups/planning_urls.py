"""URLs of joint planning: the JPOW, the activities (list, exports, pages, edits), the matrix and
the timeline."""

from django.urls import path

from . import planning_views as views

app_name = "planning"

urlpatterns = [
    path("planning/", views.index, name="index"),
    path("planning/activities/", views.activity_list, name="activities"),
    path("planning/activities/new/", views.activity_create_choose, name="activity_new"),
    path("planning/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("planning/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("planning/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "planning/groups/<slug:slug>/activities/new/",
        views.activity_create,
        name="activity_create",
    ),
    path("planning/matrix/", views.matrix, name="matrix"),
    path("planning/timeline/", views.timeline, name="timeline"),
]
