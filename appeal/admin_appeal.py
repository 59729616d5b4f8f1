"""Admin for the Multi-Year Appeal (imported by the lead from the app's admin module).

The pages in `/appeal/` are where the work happens; the admin is the Secretariat's back office.
Saving a contribution here computes its USD amount with the same Decimal rule as the actions,
and every change is recorded by simple-history (the audit page reads it).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .appeal_actions import to_usd
from .models import AppealCycle, AppealProject, Contribution, Interest, Requirement


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(AppealCycle)
class AppealCycleAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year", "accepts_proposals", "published"]
    list_filter = ["accepts_proposals", "published"]


@admin.register(AppealProject)
class AppealProjectAdmin(SimpleHistoryAdmin):
    list_display = ["project", "cycle", "status", "decided_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["project__code", "project__title"]
    list_select_related = ["project", "cycle"]
    raw_id_fields = ["project", "proposed_by", "decided_by"]
    inlines = [RequirementInline]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = [
        "donor",
        "cycle",
        "entry",
        "amount",
        "currency",
        "amount_usd",
        "status",
        "confidential",
        "received_on",
    ]
    list_filter = ["cycle", "status", "confidential", "currency"]
    search_fields = ["donor__name", "entry__project__code"]
    list_select_related = ["donor", "cycle", "entry__project"]
    raw_id_fields = ["entry", "donor", "recorded_by"]
    readonly_fields = ["amount_usd"]

    def save_model(self, request, obj, form, change):
        obj.currency = obj.currency.upper()
        obj.amount_usd = to_usd(obj.amount, obj.rate_to_usd)
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["donor", "entry", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    list_select_related = ["donor", "entry__project", "entry__cycle"]
    raw_id_fields = ["entry", "donor", "expressed_by", "contribution"]
