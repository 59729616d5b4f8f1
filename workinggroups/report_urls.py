"""Progress reports of the Working Groups and the annual report (namespace "reports")."""

from django.urls import path

from . import annual_report_views, report_views

app_name = "reports"

urlpatterns = [
    path(
        "working-groups/<slug:slug>/reports/",
        report_views.group_reports,
        name="group_reports",
    ),
    path("working-groups/<slug:slug>/reports/new/", report_views.report_new, name="new"),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/",
        report_views.report_detail,
        name="detail",
    ),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/edit/",
        report_views.report_edit,
        name="edit",
    ),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/submit/",
        report_views.report_submit,
        name="submit",
    ),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/return/",
        report_views.report_return,
        name="return",
    ),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/delete/",
        report_views.report_delete,
        name="delete",
    ),
    path("annual-report/", annual_report_views.annual_index, name="annual_index"),
    path("annual-report/<int:year>/", annual_report_views.annual_detail, name="annual_detail"),
    path("annual-report/<int:year>/edit/", annual_report_views.annual_edit, name="annual_edit"),
    path(
        "annual-report/<int:year>/publish/",
        annual_report_views.annual_publish,
        name="annual_publish",
    ),
    path(
        "annual-report/<int:year>/docx/",
        annual_report_views.annual_docx,
        name="annual_docx",
    ),
]
