"""Progress reports and annual reports in the admin: read-only records with their history.

Reports are written, submitted, returned and published in the portal's own pages (which sanitise
the text and keep the workflow's rules); the admin lists them, filters them, links to the page and
shows the edit history (django-simple-history: who, when, what changed). Registered from
`workinggroups/admin.py` (`from . import admin_reports  # noqa: F401`).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, ProgressReport


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["group", "period_start", "period_end", "status", "submitted_by", "submitted_at"]
    list_filter = ["status", "group", "period_end"]
    list_select_related = ["group", "submitted_by"]
    search_fields = ["achievements", "challenges", "next_steps"]
    date_hierarchy = "period_end"
    fields = [
        "page",
        "group",
        "period_start",
        "period_end",
        "status",
        "created_by",
        "submitted_by",
        "submitted_at",
        "updated_at",
        "achievements",
        "challenges",
        "next_steps",
        "activities",
    ]
    readonly_fields = fields

    @admin.display(description=_("page"))
    def page(self, obj):
        url = reverse("reports:detail", args=[obj.group.slug, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the report in the portal"))


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["year", "published", "updated_by", "updated_at"]
    list_filter = ["published"]
    fields = [
        "page",
        "year",
        "published",
        "updated_by",
        "updated_at",
        "introduction",
        "consolidation",
        "strategic_leadership",
        "capacity_building",
    ]
    readonly_fields = fields

    @admin.display(description=_("page"))
    def page(self, obj):
        url = reverse("reports:annual_detail", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Open the annual report in the portal"))
