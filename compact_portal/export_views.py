"""The Secretariat's exports page (`/exports/`): one place to download the directory, the library
index, the events, the work plans, the projects, the appeal and the CTED lists as CSV or XLSX.

Existing exports are linked where they live (each checks its own permissions); the library index
and the events list are written here, from the same permission-aware querysets as their pages
(`Document.objects.visible_to`, `Event.objects.visible_to`), streamed in chunks, through the one
export writer (`entities.exports.table_response`, formula-injection safe). Library rows carry
metadata only, never a file's contents or extracted text. Secretariat only: others get 404.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from entities.exports import FORMATS, table_response

from .audit_views import _secretariat_only

EXPORT_MAX_ROWS = 200_000
CHUNK = 1000


def _links(url: str) -> dict:
    joiner = "&" if "?" in url else "?"
    return {"csv": f"{url}{joiner}format=csv", "xlsx": f"{url}{joiner}format=xlsx"}


@require_GET
def exports_index(request):
    _secretariat_only(request)
    from appeal.models import AppealCycle

    datasets = [
        {
            "title": _("Directory of focal points"),
            "note": _("Contact details only where each person chose to show them."),
            **_links(reverse("directory_export")),
        },
        {
            "title": _("Library index"),
            "note": _("Every document's metadata and audience; no file contents."),
            **_links(reverse("export_library")),
        },
        {
            "title": _("Events"),
            "note": _("The Joint Calendar's events, with their organizers and audience."),
            **_links(reverse("export_events")),
        },
        {
            "title": _("Work plan activities"),
            "note": _("The Working Groups' activities under the Joint Programme of Work."),
            **_links(reverse("planning:activities")),
        },
        {
            "title": _("Matrix of UN projects"),
            "note": _("Every project with its entities, countries, themes and budget."),
            **_links(reverse("projects:export")),
        },
        {
            "title": _("CTED assessments"),
            "note": _("Confidential: handle as such."),
            **_links(reverse("assessments:export")),
        },
        {
            "title": _("Technical assistance recommendations"),
            "note": _("Confidential: handle as such."),
            **_links(reverse("assessments:recommendation_export")),
        },
        {
            "title": _("Audit log"),
            "note": _("Changes to memberships, roles, permissions, visibility and money."),
            **_links(reverse("audit_export")),
        },
    ]
    cycles = [
        {
            "title": _("Multi-Year Appeal %(cycle)s: dashboard") % {"cycle": cycle.title},
            "note": _("Requirements, pledges and contributions by project."),
            **_links(reverse("appeal:dashboard_export", args=[cycle.pk])),
        }
        for cycle in AppealCycle.objects.order_by("-pk")[:10]
    ]
    response = render(request, "exports/index.html", {"datasets": datasets + cycles})
    patch_cache_control(response, private=True, no_store=True)
    return response


def _names(through_model, owner: str, label: str):
    return ArraySubquery(
        through_model.objects.filter(**{owner: OuterRef("pk")}).order_by(label).values(label)
    )


# --- The library index ------------------------------------------------------------------------


def library_headers() -> list[str]:
    return [
        _("Id"),
        _("Title"),
        _("Type"),
        _("Status"),
        _("Who may see it"),
        _("Visible to members of"),
        _("Visible to"),
        _("Working Groups"),
        _("Authors"),
        _("Countries"),
        _("Themes"),
        _("Languages"),
        _("Publication date"),
        _("Covers from"),
        _("Covers until"),
        _("Added"),
        _("Files"),
        _("Address"),
    ]


def library_rows(queryset, base_url: str = ""):
    from library.models import Document, DocumentFile

    Doc = Document
    documents = (
        queryset.annotate(
            audience_group_names=_names(
                Doc.audience_groups.through, "document_id", "workinggroup__name"
            ),
            audience_organization_names=_names(
                Doc.audience_organizations.through, "document_id", "organization__name"
            ),
            group_names=_names(Doc.working_groups.through, "document_id", "workinggroup__name"),
            author_names=_names(
                Doc.author_organizations.through, "document_id", "organization__name"
            ),
            country_names=_names(Doc.countries.through, "document_id", "organization__name"),
            theme_names=_names(Doc.themes.through, "document_id", "theme__name"),
            file_ids=_names(DocumentFile, "document_id", "pk"),
        )
        .only(
            "pk",
            "title",
            "doc_type",
            "status",
            "visibility",
            "languages",
            "publication_date",
            "period_start",
            "period_end",
            "created_at",
        )
        .order_by("pk")
    )
    for document in documents[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK):
        yield [
            document.pk,
            document.title,
            document.get_doc_type_display(),
            document.get_status_display(),
            document.get_visibility_display(),
            "; ".join(document.audience_group_names or []),
            "; ".join(document.audience_organization_names or []),
            "; ".join(document.group_names or []),
            "; ".join(document.author_names or []),
            "; ".join(document.country_names or []),
            "; ".join(document.theme_names or []),
            ", ".join(document.languages or []),
            document.publication_date,
            document.period_start,
            document.period_end,
            timezone.localtime(document.created_at).date(),
            len(document.file_ids or []),
            base_url + reverse("library:detail", args=[document.pk]),
        ]


def _secretariat_export(request, stem, headers, rows_of, queryset_of, *, sheet):
    """A Secretariat-only CSV/XLSX download of `rows_of(queryset_of(user), base_url)`."""
    _secretariat_only(request)
    kind = request.GET.get("format", "csv")
    if kind not in FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = table_response(
        stem,
        headers,
        rows_of(queryset_of(request.user), base_url),
        kind,
        sheet=sheet,
        typed=True,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def library_export(request):
    from library.models import Document

    return _secretariat_export(
        request,
        "compact-library-index",
        library_headers(),
        library_rows,
        Document.objects.visible_to,
        sheet=_("Library"),
    )


# --- Events -----------------------------------------------------------------------------------


def event_headers() -> list[str]:
    return [
        _("Id"),
        _("Title"),
        _("Type"),
        _("Status"),
        _("Organizer"),
        _("Co-organizers"),
        _("Working Group"),
        _("Starts (UTC)"),
        _("Ends (UTC)"),
        _("Time zone"),
        _("All day"),
        _("Repeats"),
        _("Venue"),
        _("Countries"),
        _("Region"),
        _("Who may see it"),
        _("Address"),
    ]


def event_rows(queryset, base_url: str = ""):
    from calendar_app.models import Event

    events = (
        queryset.select_related("organizer", "working_group")
        .annotate(
            co_organizer_names=_names(
                Event.co_organizers.through, "event_id", "organization__name"
            ),
            country_names=_names(Event.countries.through, "event_id", "organization__name"),
        )
        .order_by("starts_at", "pk")
    )
    for event in events[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK):
        starts = event.starts_at.astimezone(datetime.UTC)
        ends = event.ends_at.astimezone(datetime.UTC)
        yield [
            event.pk,
            event.title,
            event.get_event_type_display(),
            event.get_status_display(),
            event.organizer.name,
            "; ".join(event.co_organizer_names or []),
            str(event.working_group) if event.working_group else "",
            starts.strftime("%Y-%m-%d %H:%M"),
            ends.strftime("%Y-%m-%d %H:%M"),
            event.timezone,
            _("yes") if event.all_day else _("no"),
            event.rrule,
            event.venue,
            "; ".join(event.country_names or []),
            event.get_region_display() if event.region else "",
            event.get_visibility_display(),
            base_url + reverse("calendar_app:detail", args=[event.pk]),
        ]


@require_GET
def events_export(request):
    from calendar_app.models import Event

    return _secretariat_export(
        request,
        "compact-events",
        event_headers(),
        event_rows,
        Event.objects.visible_to,
        sheet=_("Events"),
    )
