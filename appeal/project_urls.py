"""URLs of the Matrix of UN projects (`/projects/...`)."""

from django.urls import path

from . import project_import_views, project_views

app_name = "projects"

urlpatterns = [
    path("projects/", project_views.project_list, name="index"),
    path("projects/export/", project_views.project_export, name="export"),
    path("projects/matrix/", project_views.matrix, name="matrix"),
    path("projects/charts/", project_views.charts, name="charts"),
    path("projects/overlaps/", project_views.overlaps_overview, name="overlaps"),
    path("projects/overlaps/check/", project_views.overlap_check, name="overlap_check"),
    path("projects/new/", project_views.project_new, name="new"),
    path("projects/import/", project_import_views.project_import, name="import"),
    path(
        "projects/import/confirm/",
        project_import_views.project_import_confirm,
        name="import_confirm",
    ),
    path(
        "projects/import/template/",
        project_import_views.project_import_template,
        name="import_template",
    ),
    path("projects/<int:pk>/", project_views.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", project_views.project_edit, name="edit"),
    path("projects/<int:pk>/delete/", project_views.project_delete, name="delete"),
    path("projects/<int:pk>/verdicts/", project_views.project_verdict, name="verdict"),
]
