"""CTED assessments, TA recommendations and uptake (`/assessments/…`), and Member State requests
for tailored support (`/support-requests/…`)."""

from django.urls import path

from . import support_views, views

app_name = "assessments"

urlpatterns = [
    path("assessments/", views.assessment_list, name="index"),
    path("assessments/export/", views.assessment_export, name="export"),
    path("assessments/new/", views.assessment_new, name="new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("assessments/<int:pk>/files/", views.report_file_upload, name="file_upload"),
    path("assessments/files/<int:pk>/", views.report_file_download, name="file_download"),
    path(
        "assessments/<int:pk>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
    path("assessments/recommendations/", views.recommendation_list, name="recommendation_list"),
    path(
        "assessments/recommendations/export/",
        views.recommendation_export,
        name="recommendation_export",
    ),
    path(
        "assessments/recommendations/<int:pk>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "assessments/recommendations/<int:pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "assessments/recommendations/<int:pk>/status/",
        views.recommendation_status,
        name="recommendation_status",
    ),
    path(
        "assessments/recommendations/<int:pk>/take-up/",
        views.recommendation_take_up,
        name="take_up",
    ),
    path("assessments/uptakes/<int:pk>/confirm/", views.uptake_confirm, name="uptake_confirm"),
    path("assessments/uptake/", views.uptake_overview, name="uptake"),
    path("support-requests/", support_views.support_list, name="support_list"),
    path("support-requests/new/", support_views.support_new, name="support_new"),
    path("support-requests/<int:pk>/", support_views.support_detail, name="support_detail"),
    path(
        "support-requests/<int:pk>/respond/", support_views.support_respond, name="support_respond"
    ),
    path("support-requests/<int:pk>/close/", support_views.support_close, name="support_close"),
]
