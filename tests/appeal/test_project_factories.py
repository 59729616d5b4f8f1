"""Helpers shared by the project tests (no tests here): build projects through the actions."""

import datetime
from decimal import Decimal

from appeal.project_actions import create_project
from entities.models import Organization, Pillar, Theme
from workinggroups.models import WorkingGroup


def entity(acronym):
    return Organization.objects.get(kind="compact_entity", acronym=acronym)


def make_project(
    code,
    lead="UNODC",
    *,
    countries=("KEN",),
    themes=("criminal-justice",),
    regions=(),
    partners=(),
    pillars=None,
    groups=(),
    starts_on=datetime.date(2024, 1, 1),
    ends_on=datetime.date(2025, 12, 31),
    budget="100000",
    status="ongoing",
    funding="partial",
    title=None,
    actor=None,
):
    theme_objects = list(Theme.objects.filter(slug__in=themes))
    if pillars is None:
        pillar_objects = list(Pillar.objects.filter(theme__in=theme_objects).distinct())
    else:
        pillar_objects = list(Pillar.objects.filter(number__in=pillars))
    return create_project(
        {
            "code": code,
            "title": title or f"Project {code}",
            "lead_organization": entity(lead),
            "partners": [entity(p) for p in partners],
            "donors": [],
            "countries": list(Organization.objects.filter(iso3__in=countries)),
            "regions": list(regions),
            "is_global": False,
            "pillars": pillar_objects,
            "themes": theme_objects,
            "working_groups": list(WorkingGroup.objects.filter(number__in=groups)),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "budget_usd": None if budget is None else Decimal(budget),
            "funding_status": funding,
            "status": status,
            "description": "",
            "beneficiaries": "",
        },
        actor=actor,
    )
