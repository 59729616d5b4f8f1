"""Reads for the cycle and donor pages: appeal projects with their requirement, funding and gap
(as the viewer may see the funding), filtered and sorted in SQL."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from . import appeal_access as access
from .appeal_forms import SORTS
from .models import Contribution, Project, Requirement

MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _contributions_to_outer_entry(user):
    """The contributions to the outer query's entry that `user` may see.

    The same rule as `appeal_access.contributions_visible_to`, narrowed to one entry the viewer
    already sees (so the cycle and status conditions hold): only confidentiality is left to
    check, without joins for the Secretariat and for donors.
    """
    viewer = access.viewer_of(user)
    contributions = Contribution.objects.filter(entry=OuterRef("pk"))
    if viewer.secretariat:
        return contributions
    if viewer.sees_nothing:
        return contributions.none()
    rule = Q(confidential=False) | Q(donor_id=viewer.organization_id)
    if viewer.entity_id:
        rule |= Q(entry__project__lead_organization_id=viewer.entity_id)
    return contributions.filter(rule)


def with_money(queryset, user):
    requirement = (
        Requirement.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(total=Sum("amount_usd"))
        .values("total")
    )
    funded = (
        _contributions_to_outer_entry(user)
        .order_by()
        .values("entry")
        .annotate(total=Sum("amount_usd"))
        .values("total")
    )
    return queryset.annotate(
        requirement_total=Coalesce(Subquery(requirement, output_field=MONEY), ZERO),
        funded_total=Coalesce(Subquery(funded, output_field=MONEY), ZERO),
    ).annotate(gap=F("requirement_total") - F("funded_total"))


def filter_entries(queryset, data: dict):
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(project__code__icontains=text)
            | Q(project__title__icontains=text)
            | Q(narrative__icontains=text)
            | Q(project__lead_organization__acronym__iexact=text)
        )
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("entity"):
        queryset = queryset.filter(project__lead_organization__slug=data["entity"])
    # M2M filters as `__in` sub-selects: no join on the outer query, so no DISTINCT is needed.
    if data.get("pillar"):
        pillars = Project.pillars.through.objects.filter(pillar__number=data["pillar"])
        queryset = queryset.filter(project__in=pillars.values("project_id"))
    if data.get("theme"):
        themes = Project.themes.through.objects.filter(theme__slug=data["theme"])
        queryset = queryset.filter(project__in=themes.values("project_id"))
    if data.get("region"):
        queryset = queryset.filter(project__regions__contains=[data["region"]])
    funding = data.get("funding")
    if funding == "unfunded":
        queryset = queryset.filter(funded_total=0, requirement_total__gt=0)
    elif funding == "partial":
        queryset = queryset.filter(funded_total__gt=0, gap__gt=0)
    elif funding == "open":
        queryset = queryset.filter(gap__gt=0)
    elif funding == "funded":
        queryset = queryset.filter(gap__lte=0, requirement_total__gt=0)
    order = SORTS.get(data.get("sort") or "code", SORTS["code"])
    return queryset.order_by(*order, "pk")


def entry_rows(user, queryset):
    return with_money(
        queryset.select_related("cycle", "project", "project__lead_organization"), user
    )


def requirements_by_entry(entries) -> dict[int, dict[int, Decimal]]:
    """{entry id: {year: amount}} for a page of entries, in one query."""
    result: dict[int, dict[int, Decimal]] = {}
    for entry_id, year, amount in Requirement.objects.filter(
        entry_id__in=[e.pk for e in entries]
    ).values_list("entry_id", "year", "amount_usd"):
        result.setdefault(entry_id, {})[year] = amount
    return result


def project_labels(entries) -> None:
    """Set `pillar_labels`, `theme_labels`, `group_labels` on each entry (three queries)."""
    project_ids = [e.project_id for e in entries]
    labels = {pid: {"pillars": [], "themes": [], "groups": []} for pid in project_ids}
    for pid, numeral in (
        Project.pillars.through.objects.filter(project_id__in=project_ids)
        .values_list("project_id", "pillar__numeral")
        .order_by("pillar__number")
    ):
        labels[pid]["pillars"].append(numeral)
    for pid, name in (
        Project.themes.through.objects.filter(project_id__in=project_ids)
        .values_list("project_id", "theme__name")
        .order_by("theme__name")
    ):
        labels[pid]["themes"].append(name)
    for pid, number, name in (
        Project.working_groups.through.objects.filter(project_id__in=project_ids)
        .values_list("project_id", "workinggroup__number", "workinggroup__short_name")
        .order_by("workinggroup__number")
    ):
        labels[pid]["groups"].append(f"WG {number}" if number else name)
    for entry in entries:
        entry.labels = labels[entry.project_id]


def visible_entries(user):
    return access.entries_visible_to(user)
