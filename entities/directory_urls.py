from django.urls import path

from . import directory_views

urlpatterns = [
    path("directory/", directory_views.directory, name="directory"),
    path("directory/export/", directory_views.directory_export, name="directory_export"),
    path(
        "directory/people/<int:pk>/vcard/",
        directory_views.person_vcard,
        name="person_vcard",
    ),
]
