from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from .models import FocalPoint, Organization, Pillar, Theme, User


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

    @admin.display(description=_("organization"), ordering="focal_point__organization__name")
    def organization(self, user):
        focal_point = getattr(user, "focal_point", None)
        return focal_point.organization.label if focal_point else "—"


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["numeral", "name"]
    ordering = ["number"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "pillar"]
    list_filter = ["pillar"]
    search_fields = ["name", "slug"]
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
class OrganizationAdmin(admin.ModelAdmin):
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
    search_fields = ["name", "acronym", "official_name", "aliases", "iso3", "iso2", "m49"]
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
