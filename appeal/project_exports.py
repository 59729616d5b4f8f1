"""Exports of any filtered project list (CSV, XLSX): the same queryset as the page shows.

The columns match the import template (`appeal.imports.COLUMNS`), so an export can be edited and
imported back. Labels of the linked rows come from the id arrays and the cached reference data;
partners and donors (not in arrays) come in the same query as array sub-selects.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Value
from django.db.models.functions import Coalesce, NullIf

from entities.exports import table_response

from .imports import COLUMNS
from .models import Project
from .projects import reference

FORMATS = ("csv", "xlsx")
EXPORT_MAX_ROWS = 50_000
CHUNK = 1000


def export_rows(queryset):
    ref = reference()
    partner_through = Project.partners.through
    donor_through = Project.donors.through
    qs = (
        queryset.select_related("lead_organization")
        .annotate(
            partner_labels=ArraySubquery(
                partner_through.objects.filter(project_id=OuterRef("pk"))
                .annotate(
                    label=Coalesce(NullIf("organization__acronym", Value("")), "organization__name")
                )
                .order_by("label")
                .values("label")
            ),
            donor_labels=ArraySubquery(
                donor_through.objects.filter(project_id=OuterRef("pk"))
                .order_by("organization__name")
                .values("organization__name")
            ),
        )
        .defer("description")
    )

    def keys(axis, ids):
        members = ref[axis]
        return "; ".join(members[str(i)].key for i in ids if str(i) in members)

    for project in qs[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK):
        yield [
            project.code,
            project.title,
            project.lead_organization.label,
            "; ".join(label for label in project.partner_labels if label),
            "; ".join(project.donor_labels),
            keys("country", project.country_ids),
            "; ".join(project.regions),
            "yes" if project.is_global else "no",
            keys("pillar", project.pillar_ids),
            keys("theme", project.theme_ids),
            "; ".join(
                str(ref["wg"][str(i)].order[0]) for i in project.group_ids if str(i) in ref["wg"]
            ),
            project.starts_on.isoformat(),
            project.ends_on.isoformat(),
            "" if project.budget_usd is None else str(project.budget_usd),
            project.funding_status,
            project.status,
            project.description,
            project.beneficiaries,
        ]


def export(queryset, kind: str):
    return table_response(
        "compact-projects", COLUMNS, export_rows(queryset), kind, sheet="Projects"
    )
