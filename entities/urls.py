from django.urls import path

from . import views

urlpatterns = [
    path("access/request/", views.access_request, name="access_request"),
    path("access/request/thank-you/", views.access_request_done, name="access_request_done"),
    path("accounts/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
