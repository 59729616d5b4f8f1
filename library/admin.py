"""The library in the admin: documents with their files (read-only: files come in through the
upload form, which checks them), filters and search."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Document, DocumentFile


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    can_delete = False
    show_change_link = False
    fields = [
        "language",
        "version",
        "is_current",
        "download",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "extraction",
        "extraction_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("library:download", args=[obj.pk]), obj.original_name
        )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Search vectors and facet columns follow metadata edited here too.
        from .indexing import schedule_reindex

        schedule_reindex(form.instance)

    list_display = [
        "title",
        "doc_type",
        "status",
        "visibility",
        "publication_date",
        "created_by",
        "created_at",
    ]
    list_filter = [
        "status",
        "visibility",
        "doc_type",
        "themes",
        "pillars",
        "working_groups",
        ("publication_date", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "summary", "files__original_name", "files__sha256"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]
    filter_horizontal = [
        "themes",
        "pillars",
        "working_groups",
        "author_organizations",
        "countries",
        "audience_groups",
        "audience_organizations",
    ]
    readonly_fields = ["created_by", "created_at", "updated_at", "view_on_site_link"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "doc_type", "status", "publication_date"]}),
        (_("Period covered"), {"fields": ["period_start", "period_end"]}),
        (
            _("Who may see it"),
            {"fields": ["visibility", "audience_groups", "audience_organizations"]},
        ),
        (
            _("Classification"),
            {
                "fields": [
                    "themes",
                    "pillars",
                    "working_groups",
                    "author_organizations",
                    "countries",
                    "languages",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at", "view_on_site_link"]}),
    ]
    inlines = [DocumentFileInline]

    @admin.display(description=_("page"))
    def view_on_site_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("library:detail", args=[obj.pk]), _("Open in the portal")
        )

    def save_model(self, request, obj, form, change):
        # The admin writes its own history entry (LogEntry) for every change made here.
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
