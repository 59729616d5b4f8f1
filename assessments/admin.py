"""CTED assessments, recommendations, uptake and support requests in the admin (Secretariat).

Report files are read-only here: they come in through the assessment page, which checks them.
Change history (django-simple-history) is on each object's "History" page.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    AssessmentFile,
    Recommendation,
    SupportRequest,
    SupportResponse,
    Uptake,
)


class AssessmentFileInline(admin.TabularInline):
    model = AssessmentFile
    extra = 0
    can_delete = True
    fields = ["title", "download", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("assessments:file_download", args=[obj.pk]),
            obj.original_name,
        )


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["state", "assessment_type", "starts_on", "ends_on", "status"]
    list_filter = ["assessment_type", "status"]
    search_fields = ["state__name", "state__iso3", "summary"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["state"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["state"]
    inlines = [AssessmentFileInline]


class UptakeInline(admin.TabularInline):
    model = Uptake
    extra = 0
    fields = ["organization", "project", "intention", "created_by", "confirmed_by", "confirmed_at"]
    readonly_fields = ["created_by", "confirmed_by", "confirmed_at"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["project"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "theme", "priority", "status"]
    list_filter = ["status", "priority", "theme"]
    search_fields = ["text", "assessment__state__name", "assessment__state__iso3"]
    list_select_related = ["assessment__state", "theme"]
    raw_id_fields = ["assessment"]
    inlines = [UptakeInline]


@admin.register(Uptake)
class UptakeAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "organization", "project", "confirmed_at"]
    list_filter = ["confirmed_at"]
    list_select_related = ["recommendation__assessment__state", "organization", "project"]
    raw_id_fields = ["recommendation", "project"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_by", "created_at", "confirmed_by", "confirmed_at"]


class SupportResponseInline(admin.StackedInline):
    model = SupportResponse
    extra = 0
    fields = ["organization", "text", "project", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["project"]


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "state", "urgency", "status", "created_at", "first_response_at"]
    list_filter = ["status", "urgency"]
    search_fields = ["title", "description", "state__name"]
    list_select_related = ["state"]
    autocomplete_fields = ["state", "routed_entities"]
    filter_horizontal = ["themes", "routed_groups"]
    readonly_fields = ["created_by", "created_at", "first_response_at", "closed_at"]
    inlines = [SupportResponseInline]
