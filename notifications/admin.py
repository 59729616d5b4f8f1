"""Notifications in the admin: read-only records for the Secretariat to answer "was I told?"."""

from django.contrib import admin

from .models import DigestRun, Notification, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "delivery", "created_at", "emailed_at", "read_at")
    list_filter = ("kind", "delivery", "restricted")
    search_fields = ("title", "recipient__email", "key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient", "digest_run")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "delivery", "updated_at")
    list_filter = ("kind", "delivery")
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(DigestRun)
class DigestRunAdmin(ReadOnlyAdmin):
    list_display = ("user", "period", "period_key", "notification_count", "created_at")
    list_filter = ("period",)
    search_fields = ("user__email", "period_key")
    list_select_related = ("user",)
