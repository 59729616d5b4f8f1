"""The calendar in the admin, for the Secretariat: events (with exceptions), attendance, feeds."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attendance, CalendarPreference, Event, FeedToken, OccurrenceException


class OccurrenceExceptionInline(admin.TabularInline):
    model = OccurrenceException
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "event_type",
        "status",
        "starts_at",
        "organizer",
        "working_group",
        "visibility",
    )
    list_filter = ("event_type", "status", "visibility", "working_group")
    search_fields = ("title", "venue")
    date_hierarchy = "starts_at"
    raw_id_fields = ("meeting", "created_by", "documents")
    autocomplete_fields = ()
    filter_horizontal = (
        "co_organizers",
        "participant_groups",
        "countries",
        "audience_groups",
        "audience_organizations",
    )
    readonly_fields = ("sequence", "series_ends_at", "created_by", "created_at", "updated_at")
    list_select_related = ("organizer", "working_group")
    inlines = [OccurrenceExceptionInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "status", "mode", "updated_at")
    list_filter = ("status", "mode")
    raw_id_fields = ("event", "user")
    list_select_related = ("event", "user")


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "label", "group", "created_at", "revoked_at")
    raw_id_fields = ("user",)
    readonly_fields = ("token_hash",)


@admin.register(CalendarPreference)
class CalendarPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "timezone", "remind_day_before", "remind_hour_before")
    raw_id_fields = ("user",)
