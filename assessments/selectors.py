"""Reads of assessments and recommendations, always starting from `visible_to(user)`."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Count, Exists, OuterRef, Q

from entities.models import Organization

from .models import Assessment, Recommendation, Uptake

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def covered_by_project():
    """An Exists: the recommendation has an uptake that links a project."""
    return Exists(Uptake.objects.filter(recommendation_id=OuterRef("pk"), project__isnull=False))


def visible_states(user):
    """The Member States with at least one assessment the user may see (for filter choices)."""
    return Organization.objects.filter(
        pk__in=Assessment.objects.visible_to(user).values("state_id")
    ).order_by("name")


def filter_assessments(user, data: dict):
    queryset = Assessment.objects.visible_to(user)
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(summary__icontains=text)
            | Q(state__name__icontains=text)
            | Q(state__iso3__iexact=text)
        )
    if data.get("state"):
        queryset = queryset.filter(state=data["state"])
    if data.get("type"):
        queryset = queryset.filter(assessment_type=data["type"])
    if data.get("year"):
        queryset = queryset.filter(starts_on__year=data["year"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    return (
        queryset.select_related("state")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            open_count=Count(
                "recommendations",
                filter=Q(recommendations__status__in=Recommendation.OPEN_STATUSES),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "pk")
    )


RECOMMENDATION_SORTS = {
    "reference": ["assessment__state__name", "-assessment__starts_on", "number"],
    "-updated": ["-updated_at", "pk"],
    "priority": ["priority_rank", "assessment__state__name", "number"],
    "status": ["status", "assessment__state__name", "number"],
}


def filter_recommendations(user, data: dict):
    from django.db.models import Case, IntegerField, Value, When

    queryset = Recommendation.objects.visible_to(user).annotate(covered=covered_by_project())
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(text__icontains=text) | Q(assessment__state__name__icontains=text)
        )
    if data.get("state"):
        queryset = queryset.filter(assessment__state=data["state"])
    if data.get("theme"):
        queryset = queryset.filter(theme=data["theme"])
    if data.get("priority"):
        queryset = queryset.filter(priority=data["priority"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("coverage") == "covered":
        queryset = queryset.filter(covered=True)
    elif data.get("coverage") == "uncovered":
        queryset = queryset.filter(covered=False)
    sort = data.get("sort") or "reference"
    if sort == "priority":
        queryset = queryset.annotate(
            priority_rank=Case(
                *[When(priority=key, then=Value(rank)) for key, rank in PRIORITY_ORDER.items()],
                default=Value(9),
                output_field=IntegerField(),
            )
        )
    return queryset.select_related("assessment__state", "theme").order_by(
        *RECOMMENDATION_SORTS.get(sort, RECOMMENDATION_SORTS["reference"])
    )


def uptake_table(user) -> dict:
    """States x thematic areas: recommendations, and how many a project covers (ONE query)."""
    cells = (
        Recommendation.objects.visible_to(user)
        .annotate(is_covered=covered_by_project())
        .values(
            "assessment__state_id",
            "assessment__state__name",
            "assessment__state__iso3",
            "theme_id",
            "theme__name",
            "theme__slug",
        )
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(is_covered=True)))
        .order_by("assessment__state__name", "theme__name")
    )
    themes: dict[int, dict] = {}
    states: OrderedDict[int, dict] = OrderedDict()
    for cell in cells:
        theme_id = cell["theme_id"]
        themes.setdefault(
            theme_id,
            {"id": theme_id, "name": cell["theme__name"], "slug": cell["theme__slug"]},
        )
        state = states.setdefault(
            cell["assessment__state_id"],
            {
                "name": cell["assessment__state__name"],
                "iso3": cell["assessment__state__iso3"],
                "cells": {},
                "total": 0,
                "covered": 0,
            },
        )
        state["cells"][theme_id] = {"total": cell["total"], "covered": cell["covered"]}
        state["total"] += cell["total"]
        state["covered"] += cell["covered"]
    columns = sorted(themes.values(), key=lambda theme: theme["name"])
    column_totals = {theme["id"]: {"total": 0, "covered": 0} for theme in columns}
    rows = []
    for state in states.values():
        state["row"] = []
        for theme in columns:
            cell = state["cells"].get(theme["id"]) or {"total": 0, "covered": 0}
            state["row"].append(
                {
                    **cell,
                    "gap": cell["covered"] < cell["total"],
                    # The recommendation list's query for this cell's uncovered recommendations.
                    "query": f"state={state['iso3']}&theme={theme['slug']}&coverage=uncovered",
                }
            )
            column_totals[theme["id"]]["total"] += cell["total"]
            column_totals[theme["id"]]["covered"] += cell["covered"]
        state["uncovered"] = state["total"] - state["covered"]
        rows.append(state)
    total = sum(state["total"] for state in rows)
    covered = sum(state["covered"] for state in rows)
    return {
        "columns": columns,
        "rows": rows,
        "column_totals": [column_totals[theme["id"]] for theme in columns],
        "total": total,
        "covered": covered,
        "uncovered": total - covered,
    }
