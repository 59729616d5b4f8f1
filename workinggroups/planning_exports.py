"""Exports of the filtered activity list (CSV, XLSX): the same queryset as the page, every row.

Partners and countries come in the same query (array subqueries), so an export costs one query
whatever its size. Cells that a spreadsheet would run as a formula are neutralised
(`entities.exports.safe_cell`).
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from entities.exports import table_response
from entities.models import Region

from .models import Activity

FORMATS = ("csv", "xlsx")
EXPORT_MAX_ROWS = 20_000
CHUNK = 1000


def headers() -> list[str]:
    return [
        _("ID"),
        _("Working Group"),
        _("JPOW priority"),
        _("Title"),
        _("Description"),
        _("Lead entity"),
        _("Partners"),
        _("Countries"),
        _("Regions"),
        _("Global"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Progress (%)"),
        _("Last updated"),
    ]


def export_rows(queryset: QuerySet[Activity]):
    """One list of cells per activity, in the queryset's order (one query)."""
    partner_link = Activity.partners.through.objects.filter(activity_id=OuterRef("pk"))
    country_link = Activity.countries.through.objects.filter(activity_id=OuterRef("pk"))
    label = Coalesce(NullIf("organization__acronym", Value("")), "organization__name")
    qs = queryset.select_related("group", "priority", "lead_organization").annotate(
        partner_labels=ArraySubquery(
            partner_link.annotate(label=label).order_by("label").values("label")
        ),
        country_names=ArraySubquery(
            country_link.order_by("organization__name").values("organization__name")
        ),
    )
    regions = dict(Region.choices)
    statuses = dict(Activity.Status.choices)
    for activity in qs[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK):
        yield [
            activity.pk,
            str(activity.group),
            str(activity.priority) if activity.priority else "",
            activity.title,
            activity.description,
            activity.lead_organization.label,
            "; ".join(activity.partner_labels or []),
            "; ".join(activity.country_names or []),
            "; ".join(str(regions.get(code, code)) for code in activity.regions),
            _("Yes") if activity.is_global else _("No"),
            activity.starts_on,
            activity.ends_on,
            str(statuses.get(activity.status, activity.status)),
            activity.progress,
            timezone.localtime(activity.updated_at).replace(tzinfo=None, microsecond=0),
        ]


def export(queryset, kind: str):
    return table_response(
        "work-plan-activities",
        headers(),
        export_rows(queryset),
        kind,
        sheet=_("Activities"),
        typed=True,
    )
