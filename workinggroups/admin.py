from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import JointProgramme, Priority, WorkingGroup, WorkingGroupMembership


class MembershipInline(admin.TabularInline):
    model = WorkingGroupMembership
    autocomplete_fields = ["organization"]
    extra = 0
    ordering = ["role", "organization__acronym"]


class OrganizationMembershipInline(admin.TabularInline):
    """The Working Groups of one organization, on its admin page."""

    model = WorkingGroupMembership
    fk_name = "organization"
    fields = ["group", "role", "ad_hoc"]
    extra = 0
    verbose_name = _("Working Group membership")
    verbose_name_plural = _("Working Group memberships")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "pillar", "chairs", "member_count"]
    list_filter = ["kind", "pillar"]
    search_fields = ["name", "short_name", "acronym", "objectives"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("pillar")
            .prefetch_related("memberships__organization")
        )

    @admin.display(description=_("chair / co-chairs / vice-chairs"))
    def chairs(self, group):
        return ", ".join(
            f"{m.organization.label} ({m.get_role_display()})"
            for m in group.memberships.all()
            if m.is_leadership
        )

    @admin.display(description=_("organizations"))
    def member_count(self, group):
        return len(group.memberships.all())


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "group", "role", "ad_hoc"]
    list_filter = ["group", "role", "ad_hoc", "organization__kind"]
    search_fields = ["organization__name", "organization__acronym", "group__name"]
    autocomplete_fields = ["organization", "group"]
    list_select_related = ["organization", "group"]


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(JointProgramme)
class JointProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year", "adopted_on"]
    inlines = [PriorityInline]
