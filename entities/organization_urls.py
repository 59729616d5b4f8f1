"""Pages of Compact entities, Member States and regional/international organizations."""

from django.urls import path

from . import organization_views as views

urlpatterns = [
    path("entities/", views.entity_index, name="entity_index"),
    path("entities/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("entities/<slug:slug>/edit/", views.entity_edit, name="entity_edit"),
    path("member-states/", views.member_state_index, name="member_state_index"),
    path("member-states/<str:iso3>/", views.member_state_detail, name="member_state_detail"),
    path("member-states/<str:iso3>/edit/", views.member_state_edit, name="member_state_edit"),
    path(
        "member-states/<str:iso3>/history/",
        views.member_state_history,
        name="member_state_history",
    ),
    path("regional-organizations/", views.regional_index, name="regional_index"),
    path("regional-organizations/<slug:slug>/", views.regional_detail, name="regional_detail"),
    path("regional-organizations/<slug:slug>/edit/", views.regional_edit, name="regional_edit"),
    path(
        "regional-organizations/<slug:slug>/history/",
        views.regional_history,
        name="regional_history",
    ),
]
