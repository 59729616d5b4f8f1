from django.contrib import admin

from .models import AuthEvent


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    """The record of sign-ins, failures, lockouts and security changes: read-only."""

    list_display = ["at", "kind", "email", "user", "ip_address", "user_agent"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    readonly_fields = ["kind", "at", "user", "email", "ip_address", "user_agent", "path"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
