"""Newsletters (no namespace; included at the root by compact_portal/urls.py)."""

from django.urls import path

from . import newsletter_views as views

urlpatterns = [
    path("library/newsletters/", views.newsletter_list, name="newsletter_list"),
    path("library/newsletters/new/", views.newsletter_new, name="newsletter_new"),
    path("library/newsletters/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("library/newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path(
        "library/newsletters/<int:pk>/publish/",
        views.newsletter_publish,
        name="newsletter_publish",
    ),
]
