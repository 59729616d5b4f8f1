"""Directory upkeep: confirmations, the unconfirmed list, alternates. All need a sign-in."""

from django.urls import path

from . import confirmation_views as views

urlpatterns = [
    path("directory/confirm/<str:token>/", views.confirm_focal_point, name="confirm_focal_point"),
    path("directory/unconfirmed/", views.directory_unconfirmed, name="directory_unconfirmed"),
    path(
        "directory/unconfirmed/<int:pk>/still-active/",
        views.unconfirmed_still_active,
        name="directory_unconfirmed_still_active",
    ),
    path(
        "directory/unconfirmed/<int:pk>/deactivate/",
        views.unconfirmed_deactivate,
        name="directory_unconfirmed_deactivate",
    ),
    path("accounts/profile/alternate/", views.alternate_edit, name="alternate_edit"),
]
