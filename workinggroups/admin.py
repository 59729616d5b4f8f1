from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from entities.admin import TranslatedReferenceAdmin, in_all_languages

from .actions import (
    DesignationError,
    check_designation,
    designate_group_editor,
    remove_group_editor,
)
from .models import GroupEditor, JointProgramme, Priority, WorkingGroup, WorkingGroupMembership
from .permissions import effective_designations

# Membership and role changes made here (the inlines, the membership admin) re-sync the group
# editors' object permissions through the receivers in workinggroups/signals.py; the admin's own
# history records who changed what. Designations go through workinggroups.actions.


class GroupEditorForm(forms.ModelForm):
    """Refuses a person whose organization does not lead the group, with a clear message."""

    class Meta:
        model = GroupEditor
        fields = ["group", "user"]

    def clean(self):
        cleaned = super().clean()
        group = cleaned.get("group") or getattr(self.instance, "group", None)
        user = cleaned.get("user")
        if group is not None and group.pk is None and user is not None:
            self.add_error(
                "user", _("Save the group and its memberships first, then designate its editors.")
            )
        elif group is not None and user is not None:
            try:
                check_designation(group, user)
            except DesignationError as error:
                self.add_error("user", str(error))
        return cleaned


class GroupEditorInline(admin.TabularInline):
    model = GroupEditor
    form = GroupEditorForm
    fk_name = "group"
    fields = ["user", "designated_by", "created_at"]
    readonly_fields = ["designated_by", "created_at"]
    autocomplete_fields = ["user"]
    extra = 0
    verbose_name = _("group editor")
    verbose_name_plural = _(
        "group editors (focal points of the chair, co-chair or vice-chair organizations)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "designated_by")


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
class WorkingGroupAdmin(TranslatedReferenceAdmin):
    list_display = ["__str__", "kind", "pillar", "chairs", "member_count"]
    list_filter = ["kind", "pillar"]
    search_fields = [*in_all_languages("name", "short_name", "objectives"), "acronym"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline, GroupEditorInline]

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

    def save_formset(self, request, form, formset, change):
        """Designations go through the actions (validation, audit record, permissions)."""
        if formset.model is not GroupEditor:
            return super().save_formset(request, form, formset, change)
        group = form.instance
        instances = formset.save(commit=False)
        for designation in formset.deleted_objects:
            remove_group_editor(group, designation.user, actor=request.user)
        for designation in instances:
            if designation.pk is not None:  # the person was changed on an existing row
                previous = GroupEditor.objects.select_related("user").get(pk=designation.pk)
                remove_group_editor(group, previous.user, actor=request.user)
            designate_group_editor(group, designation.user, actor=request.user)


@admin.register(GroupEditor)
class GroupEditorAdmin(admin.ModelAdmin):
    form = GroupEditorForm
    list_display = ["user", "organization", "group", "effective", "designated_by", "created_at"]
    list_filter = ["group", "user__focal_point__organization__kind", "user__is_active"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "user__focal_point__organization__acronym",
        "group__name",
    ]
    autocomplete_fields = ["user", "group"]
    list_select_related = ["user__focal_point__organization", "group", "designated_by"]
    readonly_fields = ["designated_by", "created_at"]

    def get_queryset(self, request):
        effective = effective_designations().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_effective=Exists(effective))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a designation is ended and made anew, never moved
            return ["group", "user", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("organization"))
    def organization(self, designation):
        focal_point = getattr(designation.user, "focal_point", None)
        return focal_point.organization.label if focal_point else "—"

    @admin.display(description=_("permissions in force"), boolean=True, ordering="is_effective")
    def effective(self, designation):
        return designation.is_effective

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = designate_group_editor(obj.group, obj.user, actor=request.user)
        obj.pk, obj.designated_by, obj.created_at = saved.pk, saved.designated_by, saved.created_at

    def delete_model(self, request, obj):
        remove_group_editor(obj.group, obj.user, actor=request.user)

    def delete_queryset(self, request, queryset):
        for designation in queryset.select_related("group", "user"):
            remove_group_editor(designation.group, designation.user, actor=request.user)


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "group", "role", "ad_hoc"]
    list_filter = ["group", "role", "ad_hoc", "organization__kind"]
    search_fields = ["organization__name", "organization__acronym", "group__name"]
    autocomplete_fields = ["organization", "group"]
    list_select_related = ["organization", "group"]


class PriorityInline(TranslationTabularInline):
    model = Priority
    extra = 0


@admin.register(JointProgramme)
class JointProgrammeAdmin(TranslatedReferenceAdmin):
    list_display = ["title", "start_year", "end_year", "adopted_on"]
    inlines = [PriorityInline]


# The admin of each group feature lives beside it.
from . import admin_discussions, admin_planning, admin_reports, admin_spaces  # noqa: E402,F401
