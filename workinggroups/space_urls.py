"""Group spaces, their editing and history, the Coordination Committee, meetings of record."""

from django.urls import path

from . import committee_views, space_views

app_name = "workinggroups"

G = "working-groups/<slug:slug>/"

urlpatterns = [
    path("working-groups/", space_views.index, name="index"),
    path("coordination-committee/", committee_views.committee, name="committee"),
    path(G, space_views.detail, name="detail"),
    path(G + "history/", space_views.history, name="history"),
    path(G + "edit/", space_views.edit_texts, name="edit"),
    # announcements
    path(G + "announcements/new/", space_views.announcement_new, name="announcement_new"),
    path(
        G + "announcements/<int:pk>/edit/",
        space_views.announcement_edit,
        name="announcement_edit",
    ),
    path(
        G + "announcements/<int:pk>/delete/",
        space_views.announcement_delete,
        name="announcement_delete",
    ),
    # sections
    path(G + "sections/new/", space_views.section_new, name="section_new"),
    path(G + "sections/<int:pk>/edit/", space_views.section_edit, name="section_edit"),
    path(G + "sections/<int:pk>/delete/", space_views.section_delete, name="section_delete"),
    path(G + "sections/<int:pk>/move/", space_views.section_move, name="section_move"),
    path(
        G + "sections/<int:pk>/visibility/",
        space_views.section_visibility,
        name="section_visibility",
    ),
    # featured documents
    path(G + "documents/", space_views.documents, name="documents"),
    path(G + "documents/feature/", space_views.document_feature, name="document_feature"),
    path(
        G + "documents/<int:pk>/remove/",
        space_views.document_unfeature,
        name="document_unfeature",
    ),
    path(G + "documents/<int:pk>/move/", space_views.document_move, name="document_move"),
    # meetings of record, decisions, follow-up actions
    path(G + "meetings/new/", committee_views.meeting_new, name="meeting_new"),
    path(G + "meetings/<int:pk>/", committee_views.meeting_detail, name="meeting_detail"),
    path(G + "meetings/<int:pk>/edit/", committee_views.meeting_edit, name="meeting_edit"),
    path(G + "meetings/<int:pk>/delete/", committee_views.meeting_delete, name="meeting_delete"),
    path(
        G + "meetings/<int:pk>/decisions/new/",
        committee_views.decision_new,
        name="decision_new",
    ),
    path(G + "decisions/<int:pk>/edit/", committee_views.decision_edit, name="decision_edit"),
    path(G + "decisions/<int:pk>/delete/", committee_views.decision_delete, name="decision_delete"),
    path(G + "meetings/<int:pk>/actions/new/", committee_views.action_new, name="action_new"),
    path(G + "actions/<int:pk>/edit/", committee_views.action_edit, name="action_edit"),
    path(G + "actions/<int:pk>/delete/", committee_views.action_delete, name="action_delete"),
]
