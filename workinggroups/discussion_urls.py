"""Discussions: in each group's space and in the cross-cutting Collaboration area."""

from django.urls import path

from . import discussion_views as views

app_name = "discussions"

urlpatterns = [
    path("working-groups/<slug:slug>/discussions/", views.group_threads, name="group_list"),
    path(
        "working-groups/<slug:slug>/discussions/new/",
        views.group_new_thread,
        name="group_new",
    ),
    path(
        "working-groups/<slug:slug>/discussions/<int:pk>/",
        views.group_thread,
        name="group_thread",
    ),
    path("collaboration/", views.collaboration, name="collaboration"),
    path("collaboration/new/", views.collaboration_new_thread, name="collaboration_new"),
    path("collaboration/<int:pk>/", views.collaboration_thread, name="collaboration_thread"),
    path("discussions/<int:pk>/follow/", views.follow, name="follow"),
    path("discussions/<int:pk>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("discussions/posts/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("discussions/posts/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
    path("discussions/people/", views.mention_search, name="mention_search"),
    path("discussions/documents/", views.document_search, name="document_search"),
]
