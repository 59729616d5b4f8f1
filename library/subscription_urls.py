"""Library subscriptions (no namespace; included at the root by compact_portal/urls.py)."""

from django.urls import path

from . import subscription_views as views

urlpatterns = [
    path("library/subscriptions/", views.subscription_list, name="library_subscriptions"),
    path("library/subscriptions/follow/", views.follow, name="library_follow"),
]
