from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from guardian.admin import GuardedModelAdminMixin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from . import actions
from .accounts import deactivate_user, reactivate_user
from .admin_actions import deactivate_focal_points, reactivate_focal_points
from .forms import BulkInviteForm, InviteFocalPointForm, validate_csv_rows
from .models import (
    AccessRequest,
    FocalPoint,
    Invitation,
    Organization,
    OutgoingEmail,
    Pillar,
    Theme,
    User,
)


class FocalPointInline(admin.StackedInline):
    model = FocalPoint
    fk_name = "user"
    can_delete = False
    autocomplete_fields = ["organization", "country", "themes"]
    extra = 0


@admin.register(User)
class UserAdmin(GuardedModelAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "organization",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "groups", "focal_point__organization__kind"]
    search_fields = ["email", "first_name", "last_name", "focal_point__organization__acronym"]
    list_select_related = ["focal_point__organization"]
    inlines = [FocalPointInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = [deactivate_focal_points, reactivate_focal_points]

    @admin.display(description=_("organization"), ordering="focal_point__organization__name")
    def organization(self, user):
        focal_point = getattr(user, "focal_point", None)
        return focal_point.organization.label if focal_point else "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # The Secretariat manages people, not privileges.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Unticking "active" is a full deactivation: sessions end, editor rights go.
        if change and "is_active" in form.changed_data and obj.pk != request.user.pk:
            if obj.is_active:
                reactivate_user(obj, actor=request.user)
            else:
                deactivate_user(obj, actor=request.user)


# --- Reference data in six languages (django-modeltranslation) ---------------------------------


def in_all_languages(*fields: str) -> list[str]:
    """Each translated field's column in every language, for `search_fields`: the Secretariat
    finds "Allemagne" whatever language the admin is shown in."""
    return [
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    ]


class TranslatedReferenceAdmin(TranslationAdmin):
    """The change form shows one input per language (`name [en]`, `name [fr]` …).

    Saved in the default language, so the original column (read by raw SQL, and kept in the
    Working Groups' history) holds the English text whichever language the admin is shown in.
    """

    def save_model(self, request, obj, form, change):
        with translation.override(settings.LANGUAGE_CODE):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        with translation.override(settings.LANGUAGE_CODE):
            super().save_formset(request, form, formset, change)


@admin.register(Pillar)
class PillarAdmin(TranslatedReferenceAdmin):
    list_display = ["numeral", "name"]
    ordering = ["number"]


@admin.register(Theme)
class ThemeAdmin(TranslatedReferenceAdmin):
    list_display = ["name", "slug", "pillar"]
    list_filter = ["pillar"]
    search_fields = [*in_all_languages("name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


class KindFilter(admin.SimpleListFilter):
    title = _("Compact status")
    parameter_name = "compact_status"

    def lookups(self, request, model_admin):
        return Organization.CompactStatus.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(compact_status=self.value())
        return queryset


@admin.register(Organization)
class OrganizationAdmin(TranslatedReferenceAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "compact_status",
        "joined_on",
        "iso3",
        "region",
        "focal_point_count",
    ]
    list_filter = ["kind", KindFilter, "region"]
    search_fields = [
        *in_all_languages("name", "official_name"),
        "acronym",
        "aliases",
        "iso3",
        "iso2",
        "m49",
    ]
    prepopulated_fields = {"slug": ["acronym"]}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "name",
                    "official_name",
                    "acronym",
                    "slug",
                    "aliases",
                    "description",
                    "website",
                )
            },
        ),
        (_("Compact"), {"fields": ("compact_status", "joined_on", "joined_note")}),
        (
            _("Member State codes and region"),
            {"fields": ("iso3", "iso2", "m49", "region", "subregion")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(focal_point_total=Count("focal_points"))

    @admin.display(description=_("focal points"), ordering="focal_point_total")
    def focal_point_count(self, organization):
        return organization.focal_point_total

    def get_inlines(self, request, obj):
        from workinggroups.admin import OrganizationMembershipInline

        return [OrganizationMembershipInline]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "organization", "country", "created_at"]
    list_filter = ["organization__kind", "themes", "country__region"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "position",
        "organization__name",
        "organization__acronym",
    ]
    list_select_related = ["user", "organization", "country"]
    autocomplete_fields = ["user", "organization", "country", "themes"]


# --- access requests and onboarding -------------------------------------------------------------


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    change_list_template = "admin/entities/accessrequest/change_list.html"
    list_display = [
        "__str__",
        "organization_label",
        "position",
        "country",
        "status",
        "created_at",
        "decided_by",
    ]
    list_filter = ["status", "organization__kind", "created_at"]
    search_fields = [
        "email",
        "first_name",
        "last_name",
        "organization__name",
        "organization__acronym",
        "organization_other",
        "position",
    ]
    list_select_related = ["organization", "country", "decided_by"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]
    readonly_fields = [
        "first_name",
        "last_name",
        "email",
        "organization",
        "organization_other",
        "position",
        "country",
        "working_groups",
        "justification",
        "status",
        "created_at",
        "ip_address",
        "decided_at",
        "decided_by",
        "decision_note",
        "user",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("organization"), ordering="organization__name")
    def organization_label(self, obj):
        if obj.organization:
            return obj.organization.label
        return gettext_now("Other: %(name)s") % {"name": obj.organization_other}

    @admin.action(description=_("Approve and invite the selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for access_request in queryset:
            try:
                actions.approve_access_request(access_request, actor=request.user)
                approved += 1
            except actions.ActionRefused as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
        if approved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request approved; the invitation is on its way.",
                    "%(count)d requests approved; the invitations are on their way.",
                    approved,
                )
                % {"count": approved},
                messages.SUCCESS,
            )

    @admin.action(description=_("Reject the selected requests…"), permissions=["change"])
    def reject(self, request, queryset):
        pending = queryset.filter(status=AccessRequest.Status.PENDING)
        if "confirm" in request.POST:
            note = request.POST.get("note", "")
            rejected = 0
            for access_request in pending:
                try:
                    actions.reject_access_request(access_request, actor=request.user, note=note)
                    rejected += 1
                except actions.ActionRefused as refusal:
                    self.message_user(request, str(refusal), messages.WARNING)
            self.message_user(
                request,
                ngettext(
                    "%(count)d request rejected; the requester was told.",
                    "%(count)d requests rejected; the requesters were told.",
                    rejected,
                )
                % {"count": rejected},
                messages.SUCCESS,
            )
            return None
        if not pending:
            self.message_user(
                request, gettext_now("None of the selected requests is pending."), messages.WARNING
            )
            return None
        return TemplateResponse(
            request,
            "admin/entities/accessrequest/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext_now("Reject access requests"),
                "opts": self.model._meta,
                "requests": pending,
                "default_note": actions.default_rejection_note(),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # The Secretariat's own invitations: one person, or a CSV.

    def get_urls(self):
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="entities_accessrequest_invite",
            ),
            path(
                "bulk-invite/",
                self.admin_site.admin_view(self.bulk_invite_view),
                name="entities_accessrequest_bulk_invite",
            ),
            *super().get_urls(),
        ]

    def _check_invite_permission(self, request):
        if not (
            request.user.has_perm("entities.add_user")
            and request.user.has_perm("entities.add_invitation")
        ):
            raise PermissionDenied

    def invite_view(self, request):
        self._check_invite_permission(request)
        form = InviteFocalPointForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invitation = actions.invite_focal_point(**form.cleaned_data, actor=request.user)
            except actions.ActionRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                self.message_user(
                    request,
                    gettext_now("%(email)s is invited; the email is on its way.")
                    % {"email": invitation.user.email},
                    messages.SUCCESS,
                )
                return redirect("admin:entities_invitation_changelist")
        return TemplateResponse(
            request,
            "admin/entities/accessrequest/invite.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext_now("Invite a focal point"),
                "opts": self.model._meta,
                "form": form,
            },
        )

    def bulk_invite_view(self, request):
        self._check_invite_permission(request)
        form = BulkInviteForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = validate_csv_rows(form.cleaned_data["file"])
            for row in report:
                if row.data is None:
                    continue
                try:
                    with transaction.atomic():
                        actions.invite_focal_point(**row.data, actor=request.user)
                    row.ok = True
                except actions.ActionRefused as refusal:
                    row.error = str(refusal)
        return TemplateResponse(
            request,
            "admin/entities/accessrequest/bulk_invite.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext_now("Bulk invite from CSV"),
                "opts": self.model._meta,
                "form": form,
                "report": report,
                "invited": sum(1 for row in report or [] if row.ok),
                "failed": sum(1 for row in report or [] if not row.ok),
            },
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    change_list_template = "admin/entities/invitation/change_list.html"
    list_display = [
        "user",
        "state",
        "sent_at",
        "reminded_at",
        "accepted_at",
        "expired_at",
        "failed_at",
        "failure_reason",
        "attempts",
        "expires_at",
        "invited_by",
    ]
    list_filter = ["state", "created_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "invited_by"]
    actions = ["resend"]
    readonly_fields = [
        "user",
        "state",
        "invited_by",
        "access_request",
        "created_at",
        "expires_at",
        "sent_at",
        "reminded_at",
        "accepted_at",
        "expired_at",
        "failed_at",
        "failure_reason",
        "attempts",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resend the invitation (new link)"), permissions=["change"])
    def resend(self, request, queryset):
        resent = 0
        for invitation in queryset.select_related("user"):
            try:
                actions.resend_invitation(invitation, actor=request.user)
                resent += 1
            except actions.ActionRefused as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
        if resent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation sent again with a new link.",
                    "%(count)d invitations sent again with new links.",
                    resent,
                )
                % {"count": resent},
                messages.SUCCESS,
            )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "attempts", "failed_at", "last_error"]
    list_filter = ["created_at", "sent_at", "failed_at"]
    search_fields = ["to", "subject", "dedupe_key"]
    readonly_fields = [
        "dedupe_key",
        "to",
        "subject",
        "body_text",
        "body_html",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "failed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
