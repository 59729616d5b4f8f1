"""Every form of the portal: where it is sent, by whom, and how.

`FORMS` maps a form class ("module.ClassName") to the places it is used. A URL is a template
filled from the demo world's ids (`tests/security/conftest.py::world_ids`); a role is one of the
world's users (or "anonymous"). `test_form_registry_is_complete` fails when a form class exists in
the apps but not here (nor in `NOT_FUZZED`, with a reason), so a new form cannot skip the fuzzing.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field

from django import forms

APPS = (
    "appeal",
    "assessments",
    "calendar_app",
    "compact_portal",
    "entities",
    "library",
    "notifications",
    "workinggroups",
)


@dataclass(frozen=True)
class FormCase:
    url: str  # a template: "/library/{doc}/edit/"
    role: str = "secretariat"
    method: str = "post"  # "get" for filter and search forms (query strings)
    extra: dict = field(default_factory=dict)  # fixed values sent with every example

    def path(self, ids: dict) -> str:
        return self.url.format(**ids)


G2 = "/working-groups/{wg2}/"

FORMS: dict[str, list[FormCase]] = {
    # --- appeal ---------------------------------------------------------------------------------
    "appeal.interest_views.InterestFilterForm": [FormCase("/appeal/interests/", method="get")],
    "appeal.interest_views.OpportunityFilterForm": [
        FormCase("/appeal/opportunities/", "state", method="get")
    ],
    "appeal.appeal_forms.CycleForm": [
        FormCase("/appeal/cycles/new/"),
        FormCase("/appeal/{cycle}/edit/"),
    ],
    "appeal.appeal_forms.ProposeForm": [FormCase("/appeal/{cycle}/propose/")],
    "appeal.appeal_forms.EntryForm": [FormCase("/appeal/projects/{entry}/edit/")],
    "appeal.appeal_forms.DecisionForm": [FormCase("/appeal/projects/{entry}/decide/")],
    "appeal.appeal_forms.InterestForm": [
        FormCase("/appeal/projects/{entry}/interest/", "other_state")
    ],
    "appeal.appeal_forms.EntryFilterForm": [FormCase("/appeal/{cycle}/", method="get")],
    "appeal.contribution_forms.ContributionForm": [
        FormCase("/appeal/{cycle}/contributions/new/"),
        FormCase("/appeal/contributions/{contribution}/edit/"),
    ],
    "appeal.contribution_views.ContributionFilterForm": [
        FormCase("/appeal/{cycle}/contributions/", method="get")
    ],
    "appeal.appeal_audit.AuditFilterForm": [FormCase("/appeal/audit/", method="get")],
    "appeal.project_forms.ProjectForm": [
        FormCase("/projects/new/", "entity"),
        FormCase("/projects/{project}/edit/"),
    ],
    "appeal.project_forms.VerdictForm": [FormCase("/projects/{project}/verdicts/")],
    "appeal.project_forms.ImportUploadForm": [FormCase("/projects/import/", "entity")],
    "appeal.projects.ProjectFilterForm": [
        FormCase("/projects/", "state", method="get"),
        FormCase("/projects/export/", "state", method="get", extra={"format": "csv"}),
    ],
    # --- assessments ----------------------------------------------------------------------------
    "assessments.forms.AssessmentFilterForm": [FormCase("/assessments/", "entity", method="get")],
    "assessments.forms.RecommendationFilterForm": [
        FormCase("/assessments/recommendations/", "state", method="get")
    ],
    "assessments.forms.AssessmentForm": [
        FormCase("/assessments/new/"),
        FormCase("/assessments/{assessment}/edit/"),
    ],
    "assessments.forms.ReportFileForm": [FormCase("/assessments/{assessment}/files/")],
    "assessments.forms.RecommendationForm": [
        FormCase("/assessments/{assessment}/recommendations/new/"),
        FormCase("/assessments/recommendations/{recommendation}/edit/"),
    ],
    "assessments.forms.StatusForm": [
        FormCase("/assessments/recommendations/{recommendation}/status/")
    ],
    "assessments.forms.UptakeForm": [
        FormCase("/assessments/recommendations/{recommendation}/take-up/", "entity")
    ],
    "assessments.forms.SupportRequestForm": [FormCase("/support-requests/new/", "state")],
    "assessments.forms.SupportResponseForm": [
        FormCase("/support-requests/{support}/respond/", "entity")
    ],
    # --- calendar -------------------------------------------------------------------------------
    "calendar_app.forms.EventForm": [
        FormCase("/calendar/events/new/", "editor"),
        FormCase("/calendar/events/{event}/edit/"),
    ],
    "calendar_app.forms.OccurrenceForm": [FormCase("/calendar/events/{event}/occurrence/")],
    "calendar_app.forms.AttendanceForm": [
        FormCase("/calendar/events/{event}/attendance/", "editor")
    ],
    "calendar_app.forms.PreferencesForm": [FormCase("/calendar/preferences/", "state")],
    "calendar_app.forms.FeedForm": [
        FormCase("/calendar/preferences/", "state", extra={"form": "feed"})
    ],
    "calendar_app.forms.CalendarFilterForm": [
        FormCase("/calendar/", "state", method="get"),
        FormCase("/calendar/agenda/", "state", method="get"),
    ],
    # --- entities -------------------------------------------------------------------------------
    "entities.organization_forms.OrganizationProfileForm": [
        FormCase("/member-states/KEN/edit/", "state"),
        FormCase("/regional-organizations/au/edit/", "regional"),
    ],
    "entities.organization_forms.MandateForm": [FormCase("/entities/unodc/edit/")],
    "entities.organization_forms.EntityFilterForm": [FormCase("/entities/", "state", method="get")],
    "entities.organization_forms.MemberStateFilterForm": [
        FormCase("/member-states/", "state", method="get")
    ],
    "entities.organization_forms.RegionalFilterForm": [
        FormCase("/regional-organizations/", "state", method="get")
    ],
    "entities.confirmation_views.AlternateForm": [
        FormCase("/accounts/profile/alternate/", "state")
    ],
    "entities.people.ContactForm": [FormCase("/directory/people/{person}/contact/", "entity")],
    "entities.profile.ProfileForm": [FormCase("/accounts/profile/", "state")],
    "entities.forms.AccessRequestForm": [FormCase("/access/request/", "anonymous")],
    "entities.directory.DirectoryForm": [
        FormCase("/directory/", "state", method="get"),
        FormCase("/directory/export/", method="get", extra={"format": "csv"}),
    ],
    # --- library --------------------------------------------------------------------------------
    "library.newsletter_views.PeriodForm": [FormCase("/library/newsletters/new/")],
    "library.newsletter_views.NewsletterForm": [
        FormCase("/library/newsletters/{newsletter}/edit/")
    ],
    "library.subscription_views.FollowForm": [FormCase("/library/subscriptions/follow/", "state")],
    "library.subscription_views.FollowChoicesForm": [FormCase("/library/subscriptions/", "state")],
    "library.forms.DocumentForm": [FormCase("/library/{doc}/edit/")],
    "library.forms.NewDocumentForm": [FormCase("/library/new/", "state")],
    "library.forms.FileVersionForm": [FormCase("/library/{doc}/files/new/")],
    # --- working groups -------------------------------------------------------------------------
    "workinggroups.space_forms.GroupTextsForm": [FormCase(G2 + "edit/", "editor")],
    "workinggroups.space_forms.AnnouncementForm": [
        FormCase(G2 + "announcements/new/", "editor"),
        FormCase(G2 + "announcements/{announcement}/edit/", "editor"),
    ],
    "workinggroups.space_forms.SectionForm": [
        FormCase(G2 + "sections/new/", "editor"),
        FormCase(G2 + "sections/{section}/edit/", "editor"),
    ],
    "workinggroups.space_forms.DocumentSearchForm": [
        FormCase(G2 + "documents/", "editor", method="get")
    ],
    "workinggroups.space_forms.MoveForm": [
        FormCase(G2 + "sections/{section}/move/", "editor"),
        FormCase(G2 + "documents/{featured}/move/", "editor"),
    ],
    "workinggroups.space_forms.VisibilityForm": [
        FormCase(G2 + "sections/{section}/visibility/", "editor")
    ],
    "workinggroups.space_forms.FeatureForm": [FormCase(G2 + "documents/feature/", "editor")],
    "workinggroups.space_forms.MeetingForm": [
        FormCase(G2 + "meetings/new/", "editor"),
        FormCase(G2 + "meetings/{meeting}/edit/", "editor"),
    ],
    "workinggroups.space_forms.DecisionForm": [
        FormCase(G2 + "meetings/{meeting}/decisions/new/", "editor"),
        FormCase(G2 + "decisions/{decision}/edit/", "editor"),
    ],
    "workinggroups.space_forms.FollowUpActionForm": [
        FormCase(G2 + "meetings/{meeting}/actions/new/", "editor"),
        FormCase(G2 + "actions/{action}/edit/", "editor"),
    ],
    "workinggroups.space_forms.ActionFilterForm": [
        FormCase("/coordination-committee/", "state", method="get"),
        FormCase(G2 + "meetings/{meeting}/", "state", method="get"),
    ],
    "workinggroups.report_forms.ProgressReportForm": [
        FormCase(G2 + "reports/new/", "editor"),
        FormCase(G2 + "reports/{draft_report}/edit/", "editor"),
    ],
    "workinggroups.report_forms.ReturnForm": [FormCase(G2 + "reports/{report}/return/")],
    "workinggroups.report_forms.AnnualReportForm": [FormCase("/annual-report/{year}/edit/")],
    "workinggroups.report_forms.YearForm": [FormCase("/annual-report/", method="get")],
    "workinggroups.discussion_forms.PostForm": [
        FormCase(G2 + "discussions/{thread}/", "editor"),
        FormCase("/collaboration/{collab_thread}/", "state"),
        FormCase("/discussions/posts/{post}/edit/", "editor"),
    ],
    "workinggroups.discussion_forms.ThreadForm": [
        FormCase(G2 + "discussions/new/", "entity"),
        FormCase("/collaboration/new/", "regional"),
    ],
    "workinggroups.discussion_forms.ThreadSearchForm": [
        FormCase(G2 + "discussions/", "entity", method="get"),
        FormCase("/collaboration/", "state", method="get"),
    ],
    "workinggroups.discussion_forms.PickerSearchForm": [
        FormCase("/discussions/people/", "state", method="get"),
        FormCase("/discussions/documents/", "state", method="get"),
    ],
    "workinggroups.planning_forms.ActivityFilterForm": [
        FormCase("/planning/activities/", "state", method="get"),
        FormCase("/planning/matrix/", "state", method="get"),
        FormCase("/planning/timeline/", "state", method="get"),
    ],
    "workinggroups.planning_forms.ActivityForm": [
        FormCase("/planning/groups/{wg2}/activities/new/", "editor"),
        FormCase("/planning/activities/{activity}/edit/", "editor"),
    ],
    # --- site-wide ------------------------------------------------------------------------------
    "compact_portal.audit_views.AuditFilterForm": [
        FormCase("/audit/", method="get"),
        FormCase("/audit/export/", method="get"),
    ],
    # --- notifications --------------------------------------------------------------------------
    "notifications.forms.PreferencesForm": [FormCase("/notifications/preferences/", "state")],
}

# Form classes deliberately not fuzzed here, and why.
NOT_FUZZED = {
    # Admin-only forms: reached through the Django admin by MFA-protected Secretariat staff,
    # covered by tests/entities/test_bulk_invite.py and
    # tests/workinggroups/test_space_admin_roles.py.
    "entities.forms.InviteFocalPointForm": "admin action form",
    "entities.forms.BulkInviteForm": "admin action form",
    "workinggroups.admin.GroupEditorForm": "admin form",
}

# Endpoints that read request.POST without a Form class: each is fuzzed as a form of its own.
RAW_POST = {
    "projects:overlap_check": [FormCase("/projects/overlaps/check/", "entity")],
    "projects:import_confirm": [FormCase("/projects/import/confirm/", "entity")],
    "library_follow": [FormCase("/library/subscriptions/follow/", "state")],
    "library_subscriptions": [FormCase("/library/subscriptions/", "state")],
    "reports:annual_publish": [FormCase("/annual-report/{year}/publish/")],
    "discussions:follow": [FormCase("/discussions/{thread}/follow/", "entity")],
    "discussions:moderate_thread": [FormCase("/discussions/{thread}/moderate/", "editor")],
    "discussions:moderate_post": [FormCase("/discussions/posts/{post}/moderate/", "editor")],
    "directory_unconfirmed": [FormCase("/directory/unconfirmed/")],
    "calendar_app:create": [FormCase("/calendar/events/new/", "editor")],
}


def discover_forms() -> set[str]:
    """Every Form/ModelForm class defined in the portal's apps ("module.ClassName")."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
    found = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found.add(f"{sub.__module__}.{sub.__name__}")
    return found


def form_class(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


ALL_CASES = [(name, case) for name, cases in FORMS.items() for case in cases] + [
    (name, case) for name, cases in RAW_POST.items() for case in cases
]
