"""The person page, contacting a person, and the Global Networking overview (all sign-in only)."""

from django.urls import path

from . import people

urlpatterns = [
    path("directory/people/<int:pk>/", people.person_detail, name="person_detail"),
    path("directory/people/<int:pk>/contact/", people.person_contact, name="person_contact"),
    path("directory/network/", people.network, name="network"),
]
