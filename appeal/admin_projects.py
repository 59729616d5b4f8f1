"""Admin of the Matrix of UN projects (imported by `appeal.admin`, which the lead wires).

Changes in the admin go through `project_actions` (so the id arrays stay in step and the history
records the editor); deletions too.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OverlapVerdict, Project
from .projects import refresh_project_arrays


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "lead_organization", "status", "funding_status", "starts_on")
    list_filter = ("status", "funding_status", "is_global", "regions")
    search_fields = ("code", "title", "description")
    list_select_related = ("lead_organization",)
    autocomplete_fields = ()
    filter_horizontal = ("partners", "donors", "countries", "pillars", "themes", "working_groups")
    raw_id_fields = ("documents", "created_by")
    readonly_fields = (
        "country_ids",
        "theme_ids",
        "pillar_ids",
        "group_ids",
        "entity_ids",
        "created_at",
        "updated_at",
    )
    date_hierarchy = "starts_on"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_project_arrays(form.instance)


@admin.register(OverlapVerdict)
class OverlapVerdictAdmin(admin.ModelAdmin):
    list_display = ("project", "other", "verdict", "recorded_by", "recorded_at")
    list_filter = ("verdict",)
    search_fields = ("project__code", "other__code", "note")
    raw_id_fields = ("project", "other", "recorded_by")
    list_select_related = ("project", "other", "recorded_by")
