"""CSV and XLSX downloads of the dashboard's breakdowns and of contribution lists.

Numbers are written from Decimal: as text "1234.50" in CSV, as Decimal cells in XLSX (openpyxl
writes them as numbers; no float arithmetic happens on our side). Text cells are guarded against
formula injection (`entities.exports.safe_cell`).
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from entities import exports
from entities.exports import safe_filename

from .dashboard import Breakdown, Dashboard

FORMATS = ("csv", "xlsx")


def table_response(filename: str, headers: list[str], rows: list[list], fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return exports.table_response(
        safe_filename(filename),
        headers,
        rows,
        fmt,
        sheet=filename,
        typed=True,
        dated=False,
        stream=False,
    )


def breakdown_table(breakdown: Breakdown) -> tuple[list[str], list[list]]:
    if not breakdown.has_requirement:
        headers = [_("Donor"), _("Funded (USD)"), _("Share of funding (%)")]
        rows = [
            [row.label, row.funded, _share(row.funded, breakdown.total.funded)]
            for row in breakdown.rows
        ]
        rows.append([_("Total"), breakdown.total.funded, ""])
        return headers, rows
    headers = [
        breakdown.title,
        _("Requirement (USD)"),
        _("Funded (USD)"),
        _("Gap (USD)"),
        _("Funded (%)"),
    ]
    rows = [
        [row.label, row.requirement, row.funded, row.gap, _pct(row.percent_funded)]
        for row in breakdown.rows
    ]
    total = breakdown.total
    rows.append(
        [_("Total"), total.requirement, total.funded, total.gap, _pct(total.percent_funded)]
    )
    return headers, rows


def _pct(value):
    return "" if value is None else str(value)


def _share(part: Decimal, whole: Decimal):
    if not whole:
        return ""
    return str((part * 100 / whole).quantize(Decimal("0.1")))


def export_breakdown(board: Dashboard, slug: str, fmt: str) -> HttpResponse:
    breakdown = board.breakdowns[slug]
    headers, rows = breakdown_table(breakdown)
    return table_response(
        f"appeal-{board.cycle.start_year}-{board.cycle.end_year}-{slug}", headers, rows, fmt
    )


def export_projects(board: Dashboard, fmt: str) -> HttpResponse:
    headers = [
        _("Code"),
        _("Project"),
        _("Appealing entity"),
        _("Requirement (USD)"),
        _("Funded (USD)"),
        _("Gap (USD)"),
        _("Funded (%)"),
    ]
    rows = [
        [e.code, e.title, e.entity, e.requirement, e.funded, e.gap, _pct(e.percent_funded)]
        for e in sorted(board.entries, key=lambda e: (-e.gap, e.code))
    ]
    return table_response(
        f"appeal-{board.cycle.start_year}-{board.cycle.end_year}-projects", headers, rows, fmt
    )


def export_months(board: Dashboard, fmt: str) -> HttpResponse:
    headers = [_("Month"), _("Funded in the month (USD)"), _("Funded to date (USD)")]
    rows = [[f"{m.month:%Y-%m}", m.funded, m.cumulative] for m in board.months]
    return table_response(
        f"appeal-{board.cycle.start_year}-{board.cycle.end_year}-months", headers, rows, fmt
    )
