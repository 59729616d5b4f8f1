"""Admin for group spaces and meetings of record (imported by workinggroups/admin.py).

Day-to-day editing happens in the spaces themselves (workinggroups.space_views); the admin is the
Secretariat's fallback, with django-simple-history's "History" on every record.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from entities.organization_actions import sanitize_rich_text

from .models import (
    Announcement,
    Decision,
    FeaturedDocument,
    FollowUpAction,
    Meeting,
    SpaceSection,
)


class SanitisedRichTextMixin:
    """Rich text saved in the admin is sanitised like the text saved in the spaces."""

    rich_text_fields: tuple = ()

    def save_model(self, request, obj, form, change):
        for name in self.rich_text_fields:
            setattr(obj, name, sanitize_rich_text(getattr(obj, name)))
        super().save_model(request, obj, form, change)


@admin.register(SpaceSection)
class SpaceSectionAdmin(SanitisedRichTextMixin, SimpleHistoryAdmin):
    list_display = ["title", "group", "position", "is_visible", "updated_at"]
    list_filter = ["group", "is_visible"]
    search_fields = ["title", "body"]
    list_select_related = ["group"]
    rich_text_fields = ("body",)


@admin.register(Announcement)
class AnnouncementAdmin(SanitisedRichTextMixin, SimpleHistoryAdmin):
    list_display = ["title", "group", "pinned", "expires_at", "created_by", "created_at"]
    list_filter = ["group", "pinned"]
    search_fields = ["title", "body"]
    list_select_related = ["group", "created_by"]
    raw_id_fields = ["created_by"]
    rich_text_fields = ("body",)


@admin.register(FeaturedDocument)
class FeaturedDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["document", "group", "position", "added_by", "added_at"]
    list_filter = ["group"]
    search_fields = ["document__title"]
    list_select_related = ["group", "document", "added_by"]
    raw_id_fields = ["document", "added_by"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    fields = ["description", "decision", "owner", "due_on", "status"]
    autocomplete_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(SanitisedRichTextMixin, SimpleHistoryAdmin):
    list_display = ["title", "group", "number", "starts_on", "ends_on", "venue"]
    list_filter = ["group"]
    search_fields = ["title", "agenda", "summary"]
    date_hierarchy = "starts_on"
    list_select_related = ["group"]
    raw_id_fields = ["documents"]
    inlines = [DecisionInline, FollowUpActionInline]
    rich_text_fields = ("agenda", "summary")


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "number"]
    list_filter = ["meeting__group"]
    search_fields = ["text"]
    list_select_related = ["meeting__group"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "due_on", "status", "meeting"]
    list_filter = ["status", "meeting__group", "owner"]
    search_fields = ["description", "owner__acronym", "owner__name"]
    list_select_related = ["owner", "meeting__group"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["meeting", "decision"]
