"""Admin for work plan activities (the Secretariat): lists with filters, and each activity's
history of changes (django-simple-history). Group editors work in the portal's own pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, WorkingGroup


class GroupFilter(admin.SimpleListFilter):
    title = _("Working Group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).order_by(
            "number"
        )
        return [(str(g.pk), str(g)) for g in groups]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(group_id=self.value())
        return queryset


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "group",
        "priority",
        "lead_organization",
        "starts_on",
        "ends_on",
        "status",
        "progress",
        "updated_at",
    ]
    list_filter = [GroupFilter, "priority", "status", "is_global", "starts_on"]
    list_select_related = ["group", "priority", "lead_organization"]
    search_fields = [
        "title",
        "description",
        "lead_organization__acronym",
        "lead_organization__name",
    ]
    date_hierarchy = "starts_on"
    ordering = ["group__number", "starts_on"]
    autocomplete_fields = ["lead_organization", "partners", "countries"]
    readonly_fields = ["created_by", "updated_at"]
    history_list_display = ["status", "progress"]
    fieldsets = [
        (None, {"fields": ["group", "priority", "title", "description"]}),
        (_("Who"), {"fields": ["lead_organization", "partners"]}),
        (_("Where"), {"fields": ["is_global", "regions", "countries"]}),
        (_("When and how far"), {"fields": ["starts_on", "ends_on", "status", "progress"]}),
        (_("Record"), {"fields": ["created_by", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("group", "priority", "lead_organization")
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
