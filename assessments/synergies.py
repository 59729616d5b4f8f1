"""Who could take up an open recommendation (or answer a support request), and which projects
could absorb it.

Candidate entities are the Compact entities (CTED aside: it assesses, it does not implement),
ranked by a score that reads plainly:

- 3 points per project of theirs (lead or partner) on the theme **in the country**;
- 2 points per project of theirs on the theme elsewhere;
- 1 point per other project of theirs in the country (presence);
- 1 point per focal point of theirs with the theme as expertise (at most 3).

Projects that could absorb a recommendation: ongoing or pipeline projects on the theme, in the
country first (rank 3), then in the country's region (2), then global ones (1).

Three queries for the entities, one for the projects, whatever the portfolio's size (the
projects' denormalised id arrays, GIN-indexed, do the matching).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When

from entities.models import FocalPoint, Organization

from .visibility import CTED_ACRONYM

ENTITY_LIMIT = 8
PROJECT_LIMIT = 8
EXPERTISE_CAP = 3


@dataclass
class Candidate:
    organization: Organization
    on_theme_in_country: int = 0
    on_theme_elsewhere: int = 0
    in_country_other: int = 0
    experts: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return (
            3 * self.on_theme_in_country
            + 2 * self.on_theme_elsewhere
            + self.in_country_other
            + min(self.experts, EXPERTISE_CAP)
        )


def candidate_entities(state_id: int | None, theme_ids, *, limit: int = ENTITY_LIMIT):
    """Compact entities ranked for work on `theme_ids` in the State `state_id` (see above)."""
    from appeal.models import Project

    theme_ids = [int(pk) for pk in theme_ids]
    if not theme_ids:
        return []
    tallies: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    scope = Q(theme_ids__overlap=theme_ids)
    if state_id is not None:
        scope |= Q(country_ids__contains=[state_id])
    for entity_ids, project_themes, countries in Project.objects.filter(scope).values_list(
        "entity_ids", "theme_ids", "country_ids"
    ):
        on_theme = bool(set(project_themes) & set(theme_ids))
        in_country = state_id is not None and state_id in countries
        for entity_id in set(entity_ids):
            if on_theme and in_country:
                tallies[entity_id]["on_theme_in_country"] += 1
            elif on_theme:
                tallies[entity_id]["on_theme_elsewhere"] += 1
            elif in_country:
                tallies[entity_id]["in_country_other"] += 1
    experts = (
        FocalPoint.objects.active()
        .filter(organization__kind=Organization.Kind.COMPACT_ENTITY, themes__in=theme_ids)
        .values("organization_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("organization_id", "n")
    )
    for organization_id, count in experts:
        tallies[organization_id]["experts"] = count
    if not tallies:
        return []
    organizations = Organization.objects.filter(
        pk__in=list(tallies), kind=Organization.Kind.COMPACT_ENTITY
    ).exclude(acronym__iexact=CTED_ACRONYM)
    candidates = [Candidate(organization=o, **tallies[o.pk]) for o in organizations]
    candidates = [c for c in candidates if c.score > 0]
    candidates.sort(key=lambda c: (-c.score, c.organization.label))
    return candidates[:limit]


def absorbing_projects(state, theme_id: int, *, exclude_ids=(), limit: int = PROJECT_LIMIT):
    """Ongoing or pipeline projects on the theme, in the country, its region, or global."""
    from appeal.models import Project

    where = Q(country_ids__contains=[state.pk]) | Q(is_global=True)
    if state.region:
        where |= Q(regions__contains=[state.region])
    region_rank = [When(regions__contains=[state.region], then=Value(2))] if state.region else []
    return list(
        Project.objects.filter(theme_ids__contains=[theme_id])
        .filter(where)
        .filter(status__in=[Project.Status.ONGOING, Project.Status.PIPELINE])
        .exclude(pk__in=list(exclude_ids))
        .annotate(
            reach=Case(
                When(country_ids__contains=[state.pk], then=Value(3)),
                *region_rank,
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("lead_organization")
        .order_by("-reach", "-ends_on", "code")[:limit]
    )
