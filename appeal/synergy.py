"""The synergy and duplication finder (project side).

Two projects *overlap* when they are led by different entities, share at least one theme, share a
place (a country; or, when one of them names no country, a region) and run at the same time. The
score, 0–100, weighs how much they share:

    score = 100 × (0.4 × place + 0.4 × themes + 0.2 × time)

- place: shared countries / countries of either (Jaccard); when either project names no country,
  shared regions / regions of either, halved (a region is a much wider place than a country);
- themes: shared themes / themes of either (Jaccard);
- time: days both run / days of the shorter project.

A score of `DUPLICATION_THRESHOLD` or more flags a *possible duplication*. Everything is computed
in SQL on the id arrays (`&&` finds candidates through the GIN indexes; intersections with
`ARRAY(SELECT unnest(a) INTERSECT SELECT unnest(b))`), ordered by score with a LIMIT, so the cost
is bounded whatever the portfolio's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from entities.models import FocalPoint

from .models import OverlapVerdict, Project
from .projects import portfolio_generation

DUPLICATION_THRESHOLD = 70
PROJECT_LIMIT = 20
OVERVIEW_LIMIT = 50
FOCAL_POINTS_PER_ENTITY = 3

# The score of pair (a, b) as SQL; a and b are the aliases of two rows with the project columns.
_INTERSECT = "cardinality(ARRAY(SELECT unnest({a}.{f}) INTERSECT SELECT unnest({b}.{f})))"


def _jaccard(a: str, b: str, f: str) -> str:
    shared = _INTERSECT.format(a=a, b=b, f=f)
    return (
        f"({shared})::float / GREATEST(1, cardinality({a}.{f}) + cardinality({b}.{f}) - {shared})"
    )


def _place(a: str, b: str) -> str:
    return (
        f"CASE WHEN cardinality({a}.country_ids) > 0 AND cardinality({b}.country_ids) > 0 "
        f"THEN {_jaccard(a, b, 'country_ids')} ELSE 0.5 * {_jaccard(a, b, 'regions')} END"
    )


def _time(a: str, b: str) -> str:
    both = f"LEAST({a}.ends_on, {b}.ends_on) - GREATEST({a}.starts_on, {b}.starts_on) + 1"
    shorter = f"LEAST({a}.ends_on - {a}.starts_on, {b}.ends_on - {b}.starts_on) + 1"
    return f"GREATEST(0, {both})::float / GREATEST(1, {shorter})"


def score_sql(a: str, b: str) -> str:
    return (
        f"round(100 * (0.4 * ({_place(a, b)}) + 0.4 * ({_jaccard(a, b, 'theme_ids')}) "
        f"+ 0.2 * ({_time(a, b)})))::int"
    )


def _overlap_condition(a: str, b: str) -> str:
    return (
        f"{a}.id <> {b}.id AND {a}.lead_organization_id <> {b}.lead_organization_id "
        f"AND {a}.theme_ids && {b}.theme_ids "
        f"AND {a}.starts_on <= {b}.ends_on AND {b}.starts_on <= {a}.ends_on "
        f"AND ({a}.country_ids && {b}.country_ids OR ((cardinality({a}.country_ids) = 0 "
        f"OR cardinality({b}.country_ids) = 0) AND {a}.regions && {b}.regions))"
    )


@dataclass
class Overlap:
    other: Project
    score: int
    shared_country_ids: list = field(default_factory=list)
    shared_theme_ids: list = field(default_factory=list)
    shared_regions: list = field(default_factory=list)
    overlap_days: int = 0
    verdicts: list = field(default_factory=list)
    focal_points: list = field(default_factory=list)

    @property
    def possible_duplication(self) -> bool:
        return self.score >= DUPLICATION_THRESHOLD


@dataclass(frozen=True)
class Draft:
    """The facts of a project being written (not saved yet): what the form check compares."""

    pk: int | None
    lead_organization_id: int | None
    country_ids: list
    theme_ids: list
    regions: list
    starts_on: datetime.date
    ends_on: datetime.date

    @classmethod
    def of(cls, project: Project) -> Draft:
        return cls(
            pk=project.pk,
            lead_organization_id=project.lead_organization_id,
            country_ids=list(project.country_ids),
            theme_ids=list(project.theme_ids),
            regions=list(project.regions),
            starts_on=project.starts_on,
            ends_on=project.ends_on,
        )


_CANDIDATES_SQL = """
WITH d AS (
    SELECT %s::bigint AS id, %s::bigint AS lead_organization_id, %s::int[] AS country_ids,
           %s::int[] AS theme_ids, %s::varchar[] AS regions, %s::date AS starts_on,
           %s::date AS ends_on
)
SELECT p.id, {score} AS score,
       ARRAY(SELECT unnest(p.country_ids) INTERSECT SELECT unnest(d.country_ids)),
       ARRAY(SELECT unnest(p.theme_ids) INTERSECT SELECT unnest(d.theme_ids)),
       ARRAY(SELECT unnest(p.regions) INTERSECT SELECT unnest(d.regions)),
       GREATEST(0, LEAST(p.ends_on, d.ends_on) - GREATEST(p.starts_on, d.starts_on) + 1)
FROM appeal_project p, d
WHERE {condition}
ORDER BY score DESC, p.code
LIMIT %s
""".format(score=score_sql("d", "p"), condition=_overlap_condition("d", "p"))


def find_overlaps(draft: Draft, *, limit: int = PROJECT_LIMIT) -> list[Overlap]:
    """Other entities' projects overlapping `draft`, strongest first (3 queries in all)."""
    if not draft.theme_ids or draft.starts_on is None or draft.ends_on is None:
        return []
    if not draft.country_ids and not draft.regions:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _CANDIDATES_SQL,
            [
                draft.pk or 0,
                draft.lead_organization_id or 0,
                list(draft.country_ids),
                list(draft.theme_ids),
                list(draft.regions),
                draft.starts_on,
                draft.ends_on,
                limit,
            ],
        )
        rows = cursor.fetchall()
    if not rows:
        return []
    projects = Project.objects.select_related("lead_organization").in_bulk([r[0] for r in rows])
    overlaps = [
        Overlap(
            other=projects[pk],
            score=score,
            shared_country_ids=[str(i) for i in sorted(countries)],
            shared_theme_ids=[str(i) for i in sorted(themes)],
            shared_regions=sorted(regions),
            overlap_days=days,
        )
        for pk, score, countries, themes, regions, days in rows
        if pk in projects
    ]
    if draft.pk:
        _attach_verdicts(draft.pk, overlaps)
    return overlaps


def _attach_verdicts(pk: int, overlaps: list[Overlap]) -> None:
    by_other = {o.other.pk: o for o in overlaps}
    verdicts = OverlapVerdict.objects.select_related("recorded_by", "project", "other").filter(
        Q(project_id=pk, other_id__in=by_other) | Q(other_id=pk, project_id__in=by_other)
    )
    for verdict in verdicts:
        other_pk = verdict.other_id if verdict.project_id == pk else verdict.project_id
        by_other[other_pk].verdicts.append(verdict)


def attach_focal_points(overlaps: list[Overlap]) -> None:
    """The other projects' lead-entity focal points (active ones, a few per entity; one query)."""
    entity_ids = {o.other.lead_organization_id for o in overlaps}
    if not entity_ids:
        return
    people: dict[int, list] = {}
    for fp in (
        FocalPoint.objects.active()
        .filter(organization_id__in=entity_ids)
        .select_related("user")
        .order_by("organization_id", "user__last_name", "user__first_name")
    ):
        bucket = people.setdefault(fp.organization_id, [])
        if len(bucket) < FOCAL_POINTS_PER_ENTITY:
            bucket.append(fp)
    for overlap in overlaps:
        overlap.focal_points = people.get(overlap.other.lead_organization_id, [])


def verdicts_of(project: Project):
    """Every verdict recorded on the project, from either side."""
    return (
        OverlapVerdict.objects.filter(Q(project=project) | Q(other=project))
        .select_related("project__lead_organization", "other__lead_organization", "recorded_by")
        .order_by("-recorded_at")
    )


# --- the Secretariat's overview ------------------------------------------------------------------

# Candidate pairs come from projects sharing a country (the country ids unnested and joined, so
# only projects in the same country meet: no pass over every pair of the portfolio), and from
# projects naming no country that share a region. Pairs of a country project and a regional one
# are left to each project's own page (`find_overlaps`): they score lower, and there are many.
_OVERVIEW_SQL = """
WITH pc AS (
    SELECT id, unnest(country_ids) AS k FROM appeal_project WHERE {active}
),
pr AS (
    SELECT id, unnest(regions) AS k FROM appeal_project
    WHERE cardinality(country_ids) = 0 AND {active}
),
pairs AS (
    SELECT x.id AS a_id, y.id AS b_id FROM pc x JOIN pc y ON x.k = y.k AND x.id < y.id
    UNION
    SELECT x.id, y.id FROM pr x JOIN pr y ON x.k = y.k AND x.id < y.id
)
SELECT a.id, b.id, {score} AS score
FROM pairs
JOIN appeal_project a ON a.id = pairs.a_id
JOIN appeal_project b ON b.id = pairs.b_id
WHERE {condition} AND {score} >= %s
ORDER BY score DESC, a.code, b.code
LIMIT %s
"""


@dataclass
class Pair:
    a: Project
    b: Project
    score: int
    verdicts: list = field(default_factory=list)

    @property
    def possible_duplication(self) -> bool:
        return self.score >= DUPLICATION_THRESHOLD


def strongest_overlaps(
    *, limit: int = OVERVIEW_LIMIT, min_score: int = 0, active_on=None
) -> list[Pair]:
    """The strongest overlapping pairs across the portfolio (3 queries; the pairs are cached
    until a project changes).

    `active_on`: only projects not ended by that day.
    """
    active = "ends_on >= %s" if active_on is not None else "TRUE"
    sql = _OVERVIEW_SQL.format(
        active=active, score=score_sql("a", "b"), condition=_overlap_condition("a", "b")
    )
    params = [active_on, active_on] if active_on is not None else []
    key = f"projects:overlaps:{portfolio_generation()}:{active_on}:{min_score}:{limit}"
    rows = cache.get(key)
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, min_score, limit])
            rows = cursor.fetchall()
        cache.set(key, rows, 300)
    ids = {pk for a_id, b_id, _s in rows for pk in (a_id, b_id)}
    projects = Project.objects.select_related("lead_organization").in_bulk(ids)
    pairs = [Pair(projects[a], projects[b], score) for a, b, score in rows]
    by_key = {(p.a.pk, p.b.pk): p for p in pairs}
    if by_key:
        verdicts = OverlapVerdict.objects.filter(
            project_id__in=ids, other_id__in=ids
        ).select_related("recorded_by")
        for verdict in verdicts:
            key = tuple(sorted((verdict.project_id, verdict.other_id)))
            if key in by_key:
                by_key[key].verdicts.append(verdict)
    return pairs
