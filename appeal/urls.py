"""URLs of the Multi-Year Appeal (namespace `appeal`, included at the root: full paths here)."""

from django.urls import path

from . import appeal_audit, contribution_views, cycle_views, dashboard_views, interest_views

app_name = "appeal"

urlpatterns = [
    path("appeal/", cycle_views.index, name="index"),
    path("appeal/cycles/new/", cycle_views.cycle_new, name="cycle_new"),
    path("appeal/<int:cycle_id>/", cycle_views.cycle_detail, name="cycle_detail"),
    path("appeal/<int:cycle_id>/edit/", cycle_views.cycle_edit, name="cycle_edit"),
    path("appeal/<int:cycle_id>/propose/", cycle_views.propose, name="propose"),
    path("appeal/<int:cycle_id>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "appeal/cycles/<int:start_year>-<int:end_year>/dashboard/",
        dashboard_views.dashboard_by_period,
        name="dashboard_by_period",
    ),
    path(
        "appeal/<int:cycle_id>/dashboard/export/",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
    path(
        "appeal/<int:cycle_id>/contributions/",
        contribution_views.contribution_list,
        name="contribution_list",
    ),
    path(
        "appeal/<int:cycle_id>/contributions/new/",
        contribution_views.contribution_new,
        name="contribution_new",
    ),
    path(
        "appeal/contributions/<int:pk>/edit/",
        contribution_views.contribution_edit,
        name="contribution_edit",
    ),
    path("appeal/projects/<int:entry_id>/", cycle_views.entry_detail, name="entry_detail"),
    path("appeal/projects/<int:entry_id>/edit/", cycle_views.entry_edit, name="entry_edit"),
    path("appeal/projects/<int:entry_id>/submit/", cycle_views.entry_submit, name="entry_submit"),
    path("appeal/projects/<int:entry_id>/decide/", cycle_views.entry_decide, name="entry_decide"),
    path(
        "appeal/projects/<int:entry_id>/interest/",
        interest_views.express_interest,
        name="express_interest",
    ),
    path("appeal/opportunities/", interest_views.opportunities, name="opportunities"),
    path("appeal/interests/", interest_views.interest_list, name="interest_list"),
    path(
        "appeal/interests/<int:pk>/withdraw/",
        interest_views.interest_withdraw,
        name="interest_withdraw",
    ),
    path("appeal/audit/", appeal_audit.audit, name="audit"),
]
