"""Requirements vs funded vs gap for one appeal cycle, as one viewer may see it.

What counts:

- **requirement**: the requirements (all years) of the cycle's *included* projects;
- **funded**: the contributions the viewer may see (`appeal_access.contributions_visible_to`:
  confidential ones only for the Secretariat, the donor and the receiving entity) that are
  earmarked to an included project of the cycle or un-earmarked to the cycle — pledged, signed
  and received alike (the overall figures also show how much was received);
- **gap** = requirement − funded (negative: more than asked for).

Attribution — a project can have several pillars, themes, Working Groups and regions. Its
requirement and its earmarked funding are **split equally** between them, in cents, with
Decimal: the cents left over go one each to the first parts (ordered by id; regions by name), so
the parts always add up to the project's amount. A project with none is counted under "Not
specified" (regions: "Global" when the project is global). The appealing entity is the project's
lead organization (one per project: no split). Un-earmarked contributions belong to no project:
each breakdown but the donors' has an "Un-earmarked" row for them. So, in every breakdown, the
rows sum exactly to the overall requirement, funded and gap (the property tests check it).

Queries: a fixed number (about a dozen) whatever the size of the cycle — the sums are done in SQL
per project, the splitting in Python over the projects' link rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entities.models import Pillar, Region, Theme
from workinggroups.models import WorkingGroup

from . import appeal_access as access
from .models import AppealCycle, AppealProject, Contribution, Interest, Project, Requirement

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
UNSPECIFIED = "unspecified"
UNEARMARKED = "unearmarked"
TOP_UNFUNDED = 10

BREAKDOWNS = {
    "pillar": gettext_lazy("By pillar"),
    "theme": gettext_lazy("By theme"),
    "entity": gettext_lazy("By appealing entity"),
    "group": gettext_lazy("By Working Group"),
    "region": gettext_lazy("By region"),
    "donor": gettext_lazy("By donor"),
}


def split_equally(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` equal shares of whole cents; the first shares take the leftover cents."""
    if parts < 1:
        raise ValueError("At least one part.")
    cents = int((amount / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    base, remainder = divmod(cents, parts)
    return [Decimal(base + (1 if i < remainder else 0)) * CENT for i in range(parts)]


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: str
    label: str
    requirement: Decimal = ZERO
    funded: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        return self.requirement - self.funded

    @property
    def percent_funded(self) -> Decimal | None:
        return percent(self.funded, self.requirement)

    def add(self, requirement: Decimal, funded: Decimal) -> None:
        self.requirement += requirement
        self.funded += funded


@dataclass
class Breakdown:
    slug: str
    title: str
    rows: list[Row]
    total: Row

    @property
    def has_requirement(self) -> bool:
        return self.slug != "donor"


@dataclass
class EntryRow:
    pk: int
    code: str
    title: str
    entity: str
    requirement: Decimal
    funded: Decimal

    @property
    def gap(self) -> Decimal:
        return self.requirement - self.funded

    @property
    def percent_funded(self) -> Decimal | None:
        return percent(self.funded, self.requirement)


@dataclass
class Month:
    month: date
    funded: Decimal
    cumulative: Decimal


@dataclass
class Dashboard:
    cycle: AppealCycle
    total: Row
    received: Decimal
    by_status: dict[str, Decimal]
    breakdowns: dict[str, Breakdown]
    entries: list[EntryRow]
    months: list[Month]
    open_interests: int
    unearmarked: Decimal = ZERO
    notes: list[str] = field(default_factory=list)

    @property
    def top_unfunded(self) -> list[EntryRow]:
        rows = sorted(self.entries, key=lambda e: (-e.gap, e.code))
        return [row for row in rows if row.gap > 0][:TOP_UNFUNDED]


def funded_contributions(user, cycle: AppealCycle):
    """The contributions that count for `user` in `cycle` (see the module docstring)."""
    return (
        access.contributions_visible_to(user)
        .filter(cycle=cycle)
        .filter(
            Q(entry__isnull=True)
            | Q(entry__status=AppealProject.Status.INCLUDED, entry__cycle=cycle)
        )
    )


def _links(through, column: str, project_ids) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    rows = (
        through.objects.filter(project_id__in=project_ids)
        .order_by("project_id", column)
        .values_list("project_id", column)
    )
    for project_id, target_id in rows:
        links.setdefault(project_id, []).append(target_id)
    return links


def _attribute(rows: dict[str, Row], keys: list[str], requirement: Decimal, funded: Decimal):
    if not keys:
        keys = [UNSPECIFIED]
    for key, req_part, fund_part in zip(
        keys,
        split_equally(requirement, len(keys)),
        split_equally(funded, len(keys)),
        strict=True,
    ):
        rows[key].add(req_part, fund_part)


def _ordered(rows: dict[str, Row], *, by_amount: bool) -> list[Row]:
    special = [rows[k] for k in (UNSPECIFIED, UNEARMARKED) if k in rows]
    regular = [row for key, row in rows.items() if key not in (UNSPECIFIED, UNEARMARKED)]
    if by_amount:
        regular.sort(key=lambda r: (-r.requirement, -r.funded, r.label))
    return [row for row in regular if row.requirement or row.funded] + [
        row for row in special if row.requirement or row.funded
    ]


def build_dashboard(user, cycle: AppealCycle) -> Dashboard:
    included = AppealProject.objects.filter(cycle=cycle, status=AppealProject.Status.INCLUDED)
    entries = list(
        included.values(
            "pk",
            "project_id",
            "project__code",
            "project__title",
            "project__lead_organization_id",
            "project__lead_organization__name",
            "project__lead_organization__acronym",
            "project__regions",
            "project__is_global",
        ).order_by("project__code")
    )
    requirement_of = dict(
        Requirement.objects.filter(entry__in=included)
        .values("entry_id")
        .annotate(total=Sum("amount_usd"))
        .values_list("entry_id", "total")
    )
    contributions = funded_contributions(user, cycle)
    funded_of = dict(
        contributions.values("entry_id")
        .annotate(total=Sum("amount_usd"))
        .order_by()
        .values_list("entry_id", "total")
    )
    unearmarked = funded_of.pop(None, None) or ZERO
    project_ids = [e["project_id"] for e in entries]
    pillar_links = _links(Project.pillars.through, "pillar_id", project_ids)
    theme_links = _links(Project.themes.through, "theme_id", project_ids)
    group_links = _links(Project.working_groups.through, "workinggroup_id", project_ids)

    not_specified = _("Not specified")
    unearmarked_label = _("Un-earmarked (to the whole cycle)")
    pillar_rows = {str(p.pk): Row(str(p.pk), str(p)) for p in Pillar.objects.order_by("number")}
    used_themes = {t for ids in theme_links.values() for t in ids}
    theme_rows = {
        str(t.pk): Row(str(t.pk), t.name)
        for t in Theme.objects.filter(pk__in=used_themes).order_by("name")
    }
    used_groups = {g for ids in group_links.values() for g in ids}
    group_rows = {
        str(g.pk): Row(str(g.pk), group_label(g))
        for g in WorkingGroup.objects.filter(pk__in=used_groups).order_by("kind", "number")
    }
    region_rows = {value: Row(value, str(label)) for value, label in Region.choices}
    region_rows["global"] = Row("global", _("Global"))
    entity_rows: dict[str, Row] = {}
    for rows in (pillar_rows, theme_rows, group_rows, region_rows, entity_rows):
        rows[UNSPECIFIED] = Row(UNSPECIFIED, not_specified)
        rows[UNEARMARKED] = Row(UNEARMARKED, unearmarked_label)

    total = Row("total", _("Total"))
    entry_rows = []
    for entry in entries:
        requirement = requirement_of.get(entry["pk"]) or ZERO
        funded = funded_of.get(entry["pk"]) or ZERO
        total.add(requirement, funded)
        project_id = entry["project_id"]
        entity_label = (
            entry["project__lead_organization__acronym"]
            or entry["project__lead_organization__name"]
        )
        entry_rows.append(
            EntryRow(
                entry["pk"],
                entry["project__code"],
                entry["project__title"],
                entity_label,
                requirement,
                funded,
            )
        )
        entity_key = str(entry["project__lead_organization_id"])
        entity_rows.setdefault(entity_key, Row(entity_key, entity_label))
        _attribute(entity_rows, [entity_key], requirement, funded)
        _attribute(
            pillar_rows, [str(i) for i in pillar_links.get(project_id, [])], requirement, funded
        )
        _attribute(
            theme_rows, [str(i) for i in theme_links.get(project_id, [])], requirement, funded
        )
        _attribute(
            group_rows, [str(i) for i in group_links.get(project_id, [])], requirement, funded
        )
        regions = sorted({r for r in entry["project__regions"] or [] if r in region_rows})
        if not regions and entry["project__is_global"]:
            regions = ["global"]
        _attribute(region_rows, regions, requirement, funded)
    total.add(ZERO, unearmarked)
    for rows in (pillar_rows, theme_rows, group_rows, region_rows, entity_rows):
        rows[UNEARMARKED].add(ZERO, unearmarked)

    donor_rows = [
        Row(str(row["donor_id"]), row["donor__acronym"] or row["donor__name"], ZERO, row["total"])
        for row in contributions.values("donor_id", "donor__name", "donor__acronym")
        .annotate(total=Sum("amount_usd"))
        .order_by("-total", "donor__name")
    ]
    donor_total = Row("total", _("Total"), ZERO, sum((r.funded for r in donor_rows), ZERO))

    by_status = dict.fromkeys(Contribution.Status.values, ZERO)
    for status, amount in (
        contributions.values("status")
        .annotate(total=Sum("amount_usd"))
        .order_by()
        .values_list("status", "total")
    ):
        by_status[status] = amount
    months = []
    cumulative = ZERO
    for month, amount in (
        contributions.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(total=Sum("amount_usd"))
        .order_by("month")
        .values_list("month", "total")
    ):
        cumulative += amount
        months.append(Month(month, amount, cumulative))

    def breakdown(slug, rows, by_amount=True):
        return Breakdown(slug, str(BREAKDOWNS[slug]), _ordered(rows, by_amount=by_amount), total)

    breakdowns = {
        "pillar": breakdown("pillar", pillar_rows, by_amount=False),
        "theme": breakdown("theme", theme_rows),
        "entity": breakdown("entity", entity_rows),
        "group": breakdown("group", group_rows, by_amount=False),
        "region": breakdown("region", region_rows, by_amount=False),
        "donor": Breakdown("donor", str(BREAKDOWNS["donor"]), donor_rows, donor_total),
    }
    open_interests = Interest.objects.filter(
        entry__in=included, status=Interest.Status.OPEN
    ).count()
    return Dashboard(
        cycle=cycle,
        total=total,
        received=by_status[Contribution.Status.RECEIVED],
        by_status=by_status,
        breakdowns=breakdowns,
        entries=entry_rows,
        months=months,
        open_interests=open_interests,
        unearmarked=unearmarked,
    )


def group_label(group: WorkingGroup) -> str:
    if group.number:
        return f"WG {group.number}: {group.short_name or group.name}"
    return group.short_name or group.name


def cycle_totals(cycles) -> dict[int, tuple[Decimal, Decimal]]:
    """(requirement, funded) per cycle as the Secretariat counts them — for the cycles index,
    where `funded` is replaced per viewer by `viewer_cycle_funded`."""
    ids = [c.pk for c in cycles]
    requirement = dict(
        Requirement.objects.filter(
            entry__cycle_id__in=ids, entry__status=AppealProject.Status.INCLUDED
        )
        .values("entry__cycle_id")
        .annotate(total=Sum("amount_usd"))
        .values_list("entry__cycle_id", "total")
    )
    return {pk: (requirement.get(pk) or ZERO) for pk in ids}


def viewer_cycle_funded(user, cycles) -> dict[int, Decimal]:
    ids = [c.pk for c in cycles]
    rows = (
        access.contributions_visible_to(user)
        .filter(cycle_id__in=ids)
        .filter(Q(entry__isnull=True) | Q(entry__status=AppealProject.Status.INCLUDED))
        .values("cycle_id")
        .annotate(total=Sum("amount_usd"))
        .values_list("cycle_id", "total")
    )
    funded = dict(rows)
    return {pk: funded.get(pk) or ZERO for pk in ids}
