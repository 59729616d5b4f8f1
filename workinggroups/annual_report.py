"""Compiling the annual report of a year (reads only; the narrative is saved by
`report_actions.save_annual_report`).

`compile_annual_report(year)` gathers, in a fixed number of queries whatever the data:

- the Secretariat's narrative (the `AnnualReport` row of the year, if written),
- every **submitted** progress report of a Working Group whose period overlaps the year, grouped
  by group (drafts never count),
- the Working Groups that have not reported for the year,
- the year's figures: the work plan activities running during the year (their dates overlap it),
  by status and by JPOW priority, and the number of groups reporting.

Who may read it: the Secretariat always; all focal points once it is published
(`annual_report_visible`). The same compiled content feeds the page and the DOCX download.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from entities.accounts import is_secretariat, visibility_tier

from .models import Activity, AnnualReport, ProgressReport, WorkingGroup
from .report_forms import valid_year

NARRATIVE_SECTIONS = (
    ("introduction", "Introduction"),
    ("consolidation", "Consolidation of the framework"),
    ("strategic_leadership", "Strategic leadership"),
    ("capacity_building", "Capacity-building support"),
)


@dataclass
class GroupSection:
    group: WorkingGroup
    reports: list[ProgressReport] = field(default_factory=list)


@dataclass
class PriorityRow:
    label: str
    counts: list[int]
    total: int


@dataclass
class CompiledAnnualReport:
    year: int
    annual: AnnualReport | None
    sections: list[GroupSection]
    missing_groups: list[WorkingGroup]
    statuses: list[tuple[str, str, int]]  # (value, label, count)
    priority_rows: list[PriorityRow]
    activities_total: int
    reports_total: int

    @property
    def groups_reporting(self) -> int:
        return len(self.sections)

    @property
    def groups_total(self) -> int:
        return len(self.sections) + len(self.missing_groups)

    @property
    def published(self) -> bool:
        return bool(self.annual and self.annual.published)

    def narrative(self) -> list[tuple[str, str, str]]:
        """(field name, translated title, sanitised HTML) of each narrative section."""
        return [
            (name, _(title), getattr(self.annual, name, "") if self.annual else "")
            for name, title in NARRATIVE_SECTIONS
        ]

    def figures(self) -> list[tuple[str, int]]:
        return [
            (_("Working Groups reporting"), self.groups_reporting),
            (_("Working Groups not reporting"), len(self.missing_groups)),
            (_("Progress reports submitted"), self.reports_total),
            (_("Work plan activities during the year"), self.activities_total),
        ]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def reports_of_year(year: int):
    """Submitted progress reports of Working Groups whose period overlaps the year."""
    first, last = year_bounds(year)
    return ProgressReport.objects.filter(
        status=ProgressReport.Status.SUBMITTED,
        group__kind=WorkingGroup.Kind.WORKING_GROUP,
        period_start__lte=last,
        period_end__gte=first,
    )


def activities_of_year(year: int):
    first, last = year_bounds(year)
    return Activity.objects.filter(
        group__kind=WorkingGroup.Kind.WORKING_GROUP, starts_on__lte=last, ends_on__gte=first
    )


def compile_annual_report(year: int) -> CompiledAnnualReport:
    annual = AnnualReport.objects.filter(year=year).first()
    groups = list(
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .select_related("pillar")
        .order_by("number")
    )
    reports = list(
        reports_of_year(year)
        .select_related("submitted_by")
        .order_by("group__number", "period_start", "pk")
    )
    by_group: dict[int, list[ProgressReport]] = {}
    for report in reports:
        by_group.setdefault(report.group_id, []).append(report)
    sections, missing = [], []
    for group in groups:
        if group.pk in by_group:
            for report in by_group[group.pk]:
                report.group = group
            sections.append(GroupSection(group, by_group[group.pk]))
        else:
            missing.append(group)

    status_labels = list(Activity.Status.choices)
    rows = (
        activities_of_year(year)
        .values("priority__number", "priority__title", "status")
        .annotate(count=Count("pk"))
        .order_by("priority__number")
    )
    by_priority: dict[tuple, dict[str, int]] = {}
    status_totals = {value: 0 for value, _label in status_labels}
    for row in rows:
        key = (row["priority__number"], row["priority__title"])
        by_priority.setdefault(key, {})[row["status"]] = row["count"]
        status_totals[row["status"]] = status_totals.get(row["status"], 0) + row["count"]
    priority_rows = []
    for (number, title), counts in sorted(
        by_priority.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0)
    ):
        label = f"{number}. {title}" if number is not None else _("No JPOW priority")
        values = [counts.get(value, 0) for value, _label in status_labels]
        priority_rows.append(PriorityRow(label, values, sum(values)))
    return CompiledAnnualReport(
        year=year,
        annual=annual,
        sections=sections,
        missing_groups=missing,
        statuses=[(value, label, status_totals[value]) for value, label in status_labels],
        priority_rows=priority_rows,
        activities_total=sum(status_totals.values()),
        reports_total=len(reports),
    )


def annual_reports_visible_to(user, *, secretariat: bool | None = None):
    """The AnnualReport rows `user` may read: all for the Secretariat, published ones for focal
    points, none for anyone else."""
    if secretariat is None:
        secretariat = is_secretariat(user)
    if secretariat:
        return AnnualReport.objects.all()
    if visibility_tier(user) is None:
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(published=True)


def check_annual_report_visible(user, year: int, *, secretariat: bool) -> None:
    """404 unless `user` may read the year's annual report (see the module docstring)."""
    if not valid_year(year):
        raise Http404
    if secretariat:
        return
    if not annual_reports_visible_to(user, secretariat=False).filter(year=year).exists():
        raise Http404


def years_for(user, *, secretariat: bool) -> list[dict]:
    """The years the index lists: for focal points the published reports; for the Secretariat
    every year with an annual report or a submitted progress report, with their state."""
    annuals = {a.year: a for a in annual_reports_visible_to(user, secretariat=secretariat)}
    years = set(annuals)
    counts: dict[int, int] = {}
    if secretariat:
        spans = (
            ProgressReport.objects.filter(
                status=ProgressReport.Status.SUBMITTED,
                group__kind=WorkingGroup.Kind.WORKING_GROUP,
            )
            .values_list("period_start__year", "period_end__year")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for start, end, count in spans:
            for year in range(start, end + 1):
                counts[year] = counts.get(year, 0) + count
                years.add(year)
    return [
        {"year": year, "annual": annuals.get(year), "reports": counts.get(year)}
        for year in sorted((y for y in years if valid_year(y)), reverse=True)
    ]
