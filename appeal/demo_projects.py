"""Demo projects for the Matrix of UN projects: `seed_projects(scale)`, called by `seed_demo`.

About 400 projects per unit of scale, led by the Compact entities (the big implementers more
often), in Member States (more in Africa, the Middle East and Asia, where most counter-terrorism
technical assistance goes), regional or global, on one to three themes, with the pillars and
Working Groups those themes belong to, realistic titles, budgets and donors. About one project in
twenty is a deliberate near-duplicate of an earlier one (another entity, the same countries and
themes, overlapping dates), so the synergy finder has something to find.

Deterministic: project *i* comes from its own `random.Random(f"{SEED}:{i}")`, and its code is
`DEMO-<i>`; scale 2 is scale 1 plus 400 more. Idempotent: codes already there are skipped. The id
arrays are computed here directly (no `refresh_project_arrays` per row), and everything is
inserted with `bulk_create`, so seeding scale 10 takes seconds.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from entities.models import Organization, Theme
from workinggroups.models import WorkingGroup

from .models import Project
from .projects import portfolio_changed

SEED = 20180223
PROJECTS_PER_SCALE = 400
DUPLICATE_EVERY = 20
REFERENCE_DAY = datetime.date(2026, 6, 30)  # fixed, so statuses do not change from day to day

BIG_IMPLEMENTERS = {
    "UNODC": 12,
    "UNOCT": 12,
    "UNDP": 6,
    "INTERPOL": 5,
    "IOM": 4,
    "UNICRI": 4,
    "UNESCO": 3,
    "CTED": 3,
    "OHCHR": 3,
    "UN Women": 3,
    "UNICEF": 3,
    "ICAO": 2,
    "IMO": 2,
    "WCO": 2,
    "UNODA": 2,
    "UNAOC": 2,
    "UNITAR": 2,
}
DONOR_ISO3 = [
    "USA",
    "DEU",
    "GBR",
    "JPN",
    "NLD",
    "NOR",
    "CAN",
    "SAU",
    "QAT",
    "ARE",
    "FRA",
    "ITA",
    "ESP",
    "CHE",
    "SWE",
    "DNK",
    "AUS",
    "KOR",
    "CHN",
    "RUS",
    "IND",
    "KAZ",
    "MAR",
    "TUR",
]
REGION_WEIGHTS = {"Africa": 5, "Asia": 5, "Americas": 1, "Europe": 1, "Oceania": 1}

ACTIONS = [
    "Strengthening",
    "Enhancing",
    "Supporting",
    "Building capacity for",
    "Countering",
    "Preventing",
    "Promoting",
    "Integrated support to",
    "Technical assistance on",
    "Towards",
]
THEME_PHRASES = {
    "pcve": [
        "community resilience against violent extremism",
        "the prevention of violent extremism",
    ],
    "conditions-conducive": ["addressing conditions conducive to terrorism", "conflict prevention"],
    "youth": ["youth engagement in preventing violent extremism", "young peacebuilders"],
    "strategic-communications": ["strategic communications and counter-narratives"],
    "border-management": ["border security and management", "integrated border management"],
    "law-enforcement": ["law enforcement cooperation", "counter-terrorism policing"],
    "aviation-security": ["aviation security and advance passenger information", "API/PNR systems"],
    "maritime-security": ["maritime security", "port and coastal security"],
    "cbrn": ["preparedness for chemical and biological attacks", "CBRN terrorism prevention"],
    "critical-infrastructure": ["the protection of critical infrastructure and soft targets"],
    "new-technologies": ["countering terrorist use of new technologies", "responses to drones"],
    "small-arms-explosives": ["control of small arms and explosives", "countering IEDs"],
    "criminal-justice": ["criminal justice responses to terrorism", "terrorism prosecutions"],
    "cft": ["countering the financing of terrorism", "financial intelligence units"],
    "ftf-prosecution-rehabilitation": [
        "prosecution, rehabilitation and reintegration",
        "returning foreign terrorist fighters and their families",
    ],
    "capacity-building": ["national counter-terrorism capacities"],
    "national-regional-strategies": ["national and regional counter-terrorism strategies"],
    "resource-mobilization": ["joint resource mobilization"],
    "human-rights": ["human rights compliance in counter-terrorism", "the rule of law"],
    "victims": ["support to victims of terrorism", "the rights and needs of victims"],
    "gender": [
        "gender-sensitive counter-terrorism",
        "women's participation in preventing extremism",
    ],
}
BENEFICIARIES = [
    "Prosecutors, judges and investigators",
    "Border and customs officials",
    "Civil society organizations and youth leaders",
    "National counter-terrorism coordination bodies",
    "Financial intelligence units and supervisors",
    "Prison and probation services",
    "Police services",
    "Survivors and victims' associations",
    "Parliamentarians and their staff",
    "Women-led community organizations",
]


class _Reference:
    def __init__(self):
        entities = list(
            Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by("pk")
        )
        self.entities = entities
        self.entity_weights = [BIG_IMPLEMENTERS.get(e.acronym, 1) for e in entities]
        countries = list(
            Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
            .exclude(region="")
            .order_by("pk")
            .values_list("pk", "region", "name")
        )
        self.countries = countries
        self.country_weights = [REGION_WEIGHTS.get(region, 1) for _pk, region, _n in countries]
        self.country_region = {pk: region for pk, region, _name in countries}
        self.country_name = {pk: name for pk, _region, name in countries}
        self.donors = list(
            Organization.objects.filter(iso3__in=DONOR_ISO3)
            .order_by("pk")
            .values_list("pk", flat=True)
        ) + list(
            Organization.objects.filter(kind=Organization.Kind.REGIONAL, acronym__in=["EU", "OSCE"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.themes = list(Theme.objects.order_by("pk").values_list("pk", "slug", "pillar_id"))
        self.groups_by_pillar: dict[int, list[int]] = {}
        for pk, pillar_id in (
            WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
            .order_by("number")
            .values_list("pk", "pillar_id")
        ):
            self.groups_by_pillar.setdefault(pillar_id, []).append(pk)


def _plan(i: int, ref: _Reference, planned: dict) -> dict:
    rng = random.Random(f"{SEED}:{i}")
    original = None
    if i % DUPLICATE_EVERY == DUPLICATE_EVERY - 1 and (i - 7) in planned:
        original = planned[i - 7]
    if original is not None:
        # A near-duplicate: another entity, the same places and themes, overlapping dates.
        lead = rng.choices(ref.entities, weights=ref.entity_weights)[0]
        while lead.pk == original["lead"].pk:
            lead = rng.choices(ref.entities, weights=ref.entity_weights)[0]
        country_ids = list(original["country_ids"])
        regions = list(original["regions"])
        is_global = original["is_global"]
        themes = list(original["themes"])
        starts_on = original["starts_on"] + datetime.timedelta(days=rng.randint(-120, 180))
        ends_on = original["ends_on"] + datetime.timedelta(days=rng.randint(-90, 240))
        title = original["title"].replace(original["action"], rng.choice(ACTIONS), 1)
        action = ""
    else:
        lead = rng.choices(ref.entities, weights=ref.entity_weights)[0]
        scope = rng.random()
        is_global = scope < 0.05
        country_ids: list[int] = []
        regions: list[str] = []
        if is_global:
            pass
        elif scope < 0.15:
            regions = [rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()))[0]]
        else:
            picked = set()
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
                picked.add(rng.choices(ref.countries, weights=ref.country_weights)[0][0])
            country_ids = sorted(picked)
        themes = rng.sample(ref.themes, rng.choice([1, 2, 2, 3]))
        year = rng.randint(2018, 2026)
        starts_on = datetime.date(year, rng.choice([1, 1, 4, 7, 10]), 1)
        ends_on = starts_on + datetime.timedelta(days=rng.choice([365, 547, 730, 1095, 1460]) - 1)
        action = rng.choice(ACTIONS)
        phrase = rng.choice(THEME_PHRASES.get(themes[0][1], ["counter-terrorism cooperation"]))
        if is_global:
            place = "worldwide"
        elif regions:
            place = {"Americas": "the Americas"}.get(regions[0], regions[0])
        elif len(country_ids) == 1:
            place = ref.country_name[country_ids[0]]
        else:
            place = f"{ref.country_name[country_ids[0]]} and neighbouring countries"
        title = f"{action} {phrase} in {place}"
    if ends_on < starts_on:
        ends_on = starts_on + datetime.timedelta(days=364)
    regions = sorted(set(regions) | {ref.country_region[c] for c in country_ids})
    partners = [
        e.pk for e in rng.sample(ref.entities, rng.choice([0, 0, 1, 1, 2])) if e.pk != lead.pk
    ]
    donors = rng.sample(ref.donors, min(len(ref.donors), rng.choice([0, 1, 1, 2, 3])))
    pillar_ids = sorted({pillar for _pk, _slug, pillar in themes if pillar})
    group_ids = sorted(
        {
            rng.choice(ref.groups_by_pillar[p])
            for p in pillar_ids
            if ref.groups_by_pillar.get(p) and rng.random() < 0.7
        }
    )
    if ends_on < REFERENCE_DAY:
        status = Project.Status.COMPLETED
    elif starts_on > REFERENCE_DAY:
        status = Project.Status.PIPELINE
    else:
        status = Project.Status.ONGOING
    if rng.random() < 0.04:
        status = Project.Status.SUSPENDED
    budget = None
    if rng.random() > 0.06:
        budget = Decimal(int(rng.lognormvariate(14, 1.1) // 1000 * 1000)).quantize(Decimal("1"))
        budget = max(budget, Decimal(50_000))
    funding = rng.choices(
        [Project.Funding.FUNDED, Project.Funding.PARTIAL, Project.Funding.UNFUNDED],
        weights=[5, 4, 2],
    )[0]
    return {
        "code": f"DEMO-{i:05d}",
        "title": title[:300],
        "action": action,
        "lead": lead,
        "partners": partners,
        "donors": donors,
        "country_ids": country_ids,
        "regions": regions,
        "is_global": is_global,
        "themes": themes,
        "pillar_ids": pillar_ids,
        "group_ids": group_ids,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
        "budget": budget,
        "funding": funding,
        "beneficiaries": rng.choice(BENEFICIARIES),
    }


def _description(plan: dict) -> str:
    return (
        f"{plan['title']}. Led by {plan['lead'].label}"
        + (" with partner entities" if plan["partners"] else "")
        + ". The project delivers training, legislative and policy advice, and mentoring, "
        "in line with the UN Global Counter-Terrorism Strategy and the relevant Security Council "
        "resolutions, and reports to the Compact's Working Groups."
    )


@transaction.atomic
def seed_projects(scale: int = 1) -> int:
    """Create the demo projects missing for `scale`; returns how many were created."""
    ref = _Reference()
    if not ref.entities or not ref.countries or not ref.themes:
        return 0
    total = PROJECTS_PER_SCALE * max(scale, 0)
    existing = set(Project.objects.filter(code__startswith="DEMO-").values_list("code", flat=True))
    planned: dict[int, dict] = {}
    for i in range(total):
        planned[i] = _plan(i, ref, planned)
    new = [plan for plan in planned.values() if plan["code"] not in existing]
    if not new:
        return 0
    projects = Project.objects.bulk_create(
        [
            Project(
                code=plan["code"],
                title=plan["title"],
                lead_organization=plan["lead"],
                regions=plan["regions"],
                is_global=plan["is_global"],
                starts_on=plan["starts_on"],
                ends_on=plan["ends_on"],
                budget_usd=plan["budget"],
                funding_status=plan["funding"],
                status=plan["status"],
                description=_description(plan),
                beneficiaries=plan["beneficiaries"],
                country_ids=plan["country_ids"],
                theme_ids=sorted(pk for pk, _slug, _pillar in plan["themes"]),
                pillar_ids=plan["pillar_ids"],
                group_ids=plan["group_ids"],
                entity_ids=sorted({plan["lead"].pk, *plan["partners"]}),
            )
            for plan in new
        ],
        batch_size=500,
    )
    links = {
        "partners": (Project.partners.through, "organization_id"),
        "donors": (Project.donors.through, "organization_id"),
        "countries": (Project.countries.through, "organization_id"),
        "themes": (Project.themes.through, "theme_id"),
        "pillars": (Project.pillars.through, "pillar_id"),
        "working_groups": (Project.working_groups.through, "workinggroup_id"),
    }
    rows: dict[str, list] = {name: [] for name in links}
    for project, plan in zip(projects, new, strict=True):
        values = {
            "partners": plan["partners"],
            "donors": plan["donors"],
            "countries": plan["country_ids"],
            "themes": [pk for pk, _slug, _pillar in plan["themes"]],
            "pillars": plan["pillar_ids"],
            "working_groups": plan["group_ids"],
        }
        for name, (through, column) in links.items():
            rows[name].extend(
                through(project_id=project.pk, **{column: pk}) for pk in sorted(set(values[name]))
            )
    for name, (through, _column) in links.items():
        through.objects.bulk_create(rows[name], batch_size=2000, ignore_conflicts=True)
    _link_documents(projects)
    portfolio_changed()
    return len(projects)


def _link_documents(projects) -> None:
    """Link about one project in five to one or two library documents, if there are any."""
    from library.models import Document

    document_ids = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    if not document_ids:
        return
    through = Project.documents.through
    rows = []
    for project in projects:
        rng = random.Random(f"{SEED}:documents:{project.code}")
        if rng.random() < 0.2:
            for pk in rng.sample(document_ids, min(len(document_ids), rng.choice([1, 2]))):
                rows.append(through(project_id=project.pk, document_id=pk))
    through.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
