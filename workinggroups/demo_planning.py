"""Demo work plans: `seed_planning(scale)` gives the eight Working Groups about 60 activities per
unit of scale under the five JPOW 2024–2026 priorities.

Deterministic and idempotent: the same scale gives the same activities (keyed by group and title;
a second run creates nothing). Titles follow the Working Groups' mandates and the initiatives
reported in the "Compact in Review" newsletters; every lead entity takes part in its group (its
leadership first), partners are other entities of the group or regional organizations, and the
status and progress follow the dates as of the day of seeding.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from entities.models import Organization, Region

from .models import Activity, JointProgramme, WorkingGroup, WorkingGroupMembership

# Per group number: (title, priority number, region or None for global, countries (ISO3)).
TITLES: dict[int, list[tuple[str, int, str | None, tuple[str, ...]]]] = {
    1: [
        ("Regional PVE action plans: peer-learning workshops", 2, "Africa", ("KEN", "NGA", "SEN")),
        ("Youth engagement and resilience programme", 3, "Asia", ("KAZ", "KGZ", "TJK")),
        ("Guidance on PVE in schools and learning settings", 1, None, ()),
        ("Strategic communications against violent extremist narratives", 3, None, ()),
        ("Faith-based organizations dialogue on prevention", 3, "Africa", ("NGA", "MLI")),
        ("Gender-responsive PVE strategies: technical support", 5, "Africa", ("MRT",)),
        ("Mapping of UN PVE programming in Central Asia", 1, "Asia", ("UZB", "TKM")),
        ("Monitoring and evaluation framework for PVE projects", 4, None, ()),
    ],
    2: [
        ("Advance passenger information and PNR capacity building", 2, None, ("KEN", "TTO")),
        ("Border Security and Management Initiative: good practices addendum", 3, None, ()),
        ("Joint INTERPOL-UNODC operations on foreign terrorist fighters", 1, "Africa", ("SOM",)),
        ("Biometrics in counter-terrorism: technical guidance update", 1, None, ()),
        ("Maritime border security in the Gulf of Guinea", 2, "Africa", ("GHA", "TGO", "BEN")),
        ("Customs and counter-terrorism: WCO-led training series", 2, "Asia", ("PAK", "BGD")),
        ("Human rights compliant border screening toolkit", 5, None, ()),
        ("Joint assessment missions with CTED follow-up", 2, "Europe", ("MKD", "ALB")),
    ],
    3: [
        (
            "Vulnerable targets protection and unmanned aircraft systems workshops",
            2,
            "Africa",
            ("TGO", "BEN"),
        ),
        ("Responsible AI for law enforcement: global meeting", 3, None, ()),
        ("Protection of critical infrastructure against terrorist attacks", 1, None, ()),
        ("CBRN preparedness: joint tabletop exercises", 2, "Asia", ("PHL", "IDN")),
        ("Countering terrorist use of new technologies: policy brief", 1, None, ()),
        ("Cybersecurity of critical energy infrastructure", 3, "Europe", ()),
        ("Unmanned aircraft systems threat assessment", 4, None, ()),
    ],
    4: [
        (
            "Handling of electronic evidence: cross-regional roundtables",
            2,
            "Asia",
            ("MDV", "LKA", "BGD"),
        ),
        (
            "Countering the financing of terrorism: national risk assessments",
            2,
            "Africa",
            ("MOZ", "TZA"),
        ),
        ("Model legislative provisions for victims of terrorism", 5, "Asia", ("PHL",)),
        ("Management of radicalized inmates in prisons", 2, "Africa", ("MOZ", "NGA")),
        ("Prosecution, rehabilitation and reintegration strategies", 1, None, ()),
        ("Special investigative techniques training", 2, "Africa", ("NGA",)),
        ("Joint UNODC-CTED legal drafting assistance", 4, None, ()),
        ("Terrorist financing through crypto-assets: typology study", 3, None, ()),
    ],
    5: [
        ("UN Multi-Year Appeal for Counter-Terrorism 2025–2026", 4, None, ()),
        ("Joint resource mobilization briefings to donors", 4, None, ()),
        ("Common monitoring and evaluation framework", 4, None, ()),
        ("Matrix of UN counter-terrorism projects: annual update", 1, None, ()),
        ("Results-based reporting guidance for Compact entities", 1, None, ()),
        ("Donor coordination round table", 3, "Europe", ()),
        ("Evaluation of joint projects 2022–2024", 4, None, ()),
    ],
    6: [
        (
            "Support to national counter-terrorism strategies in West Africa",
            2,
            "Africa",
            ("SEN", "GHA", "BFA"),
        ),
        (
            "Regional strategy for Central Asia: joint plan of action review",
            2,
            "Asia",
            ("KAZ", "UZB", "TJK"),
        ),
        ("Guidance note on developing national strategies", 1, None, ()),
        ("Whole-of-society consultations on national strategies", 3, "Americas", ("TTO", "JAM")),
        ("Regional strategy workshops with the African Union", 3, "Africa", ()),
        ("Human rights review of national strategies", 5, None, ()),
        ("Peer reviews of strategy implementation", 2, "Europe", ("BIH", "MNE")),
    ],
    7: [
        ("Support to victims of terrorism associations", 5, None, ()),
        ("Human rights training for law enforcement", 5, "Africa", ("KEN", "UGA")),
        ("Guidance on human rights-compliant use of biometrics", 5, None, ()),
        ("Civil society space in counter-terrorism: consultations", 3, None, ()),
        ("Model legislative provisions for victims: national follow-up", 2, "Asia", ("PHL", "IRQ")),
        ("Rule of law in counter-terrorism detention settings", 5, "Asia", ("IRQ",)),
        ("International Day of Remembrance of Victims of Terrorism", 1, None, ()),
    ],
    8: [
        ("Gender analysis of terrorist threats and responses", 5, None, ()),
        ("Women's participation in PVE policy-making", 5, "Africa", ("NGA", "MLI")),
        ("Gender-sensitive criminal justice responses", 5, "Asia", ("IDN", "MYS")),
        ("Data disaggregated by sex in counter-terrorism assessments", 1, None, ()),
        ("Gender mainstreaming guidance for Compact Working Groups", 1, None, ()),
        ("Women peacebuilders network support", 3, "Americas", ("COL",)),
        ("Gender and online radicalization research", 3, None, ()),
    ],
}

DESCRIPTIONS = [
    "Planned and delivered jointly by the Working Group's entities, with the lead entity "
    "coordinating and reporting to the group.",
    "Builds on earlier work of the Compact entities and on CTED's assessments; results feed the "
    "group's progress reports.",
    "Co-designed with the beneficiary Member States; sessions alternate between the region and "
    "online meetings.",
    "Follows the Coordination Committee's guidance under the Joint Programme of Work.",
]

LEADERSHIP_ORDER = {
    WorkingGroupMembership.Role.CHAIR: 0,
    WorkingGroupMembership.Role.CO_CHAIR: 1,
    WorkingGroupMembership.Role.VICE_CHAIR: 2,
    WorkingGroupMembership.Role.MEMBER: 3,
    WorkingGroupMembership.Role.OBSERVER: 4,
}


def _status_and_progress(rng, starts_on, ends_on, today):
    if ends_on < today:
        roll = rng.random()
        if roll < 0.8:
            return Activity.Status.COMPLETED, 100
        if roll < 0.9:
            return Activity.Status.CANCELLED, rng.choice([10, 20, 30])
        return Activity.Status.DELAYED, rng.choice([70, 80, 90])
    if starts_on > today:
        return Activity.Status.PLANNED, 0
    elapsed = (today - starts_on).days / max((ends_on - starts_on).days, 1)
    progress = max(5, min(95, int(round(elapsed * 100 / 5)) * 5 + rng.choice([-10, -5, 0, 5])))
    if rng.random() < 0.2:
        return Activity.Status.DELAYED, max(5, progress - 20)
    return Activity.Status.ONGOING, progress


@transaction.atomic
def seed_planning(scale: int = 1) -> int:
    """Create the demo activities (about 60 per unit of scale); returns how many were created."""
    programme = JointProgramme.objects.filter(start_year=2024, end_year=2026).first()
    if programme is None:
        return 0
    priorities = {p.number: p for p in programme.priorities.all()}
    groups = {
        g.number: g for g in WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
    }
    entities: dict[int, list[Organization]] = {number: [] for number in groups}
    memberships = (
        WorkingGroupMembership.objects.filter(
            group__kind=WorkingGroup.Kind.WORKING_GROUP,
            organization__kind=Organization.Kind.COMPACT_ENTITY,
        )
        .select_related("group", "organization")
        .order_by("group__number", "organization__acronym")
    )
    for membership in sorted(
        memberships, key=lambda m: (m.group.number, LEADERSHIP_ORDER[m.role], m.organization.label)
    ):
        entities[membership.group.number].append(membership.organization)
    regional = list(
        Organization.objects.filter(kind=Organization.Kind.REGIONAL).order_by("acronym", "name")
    )
    states = {
        org.iso3: org
        for org in Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
        .exclude(iso3__isnull=True)
        .only("pk", "iso3")
    }
    existing = set(Activity.objects.values_list("group_id", "title"))
    today = timezone.localdate()
    created = 0
    for round_number in range(1, max(scale, 1) + 1):
        for number, titles in TITLES.items():
            group = groups.get(number)
            if group is None or not entities[number]:
                continue
            leads = entities[number]
            for index, (title, priority_number, region, iso3s) in enumerate(titles):
                if round_number > 1:
                    title = f"{title} (phase {round_number})"
                if (group.pk, title) in existing:
                    continue
                rng = random.Random(f"planning:{number}:{index}:{round_number}")
                lead = leads[(index + round_number - 1) % min(len(leads), 4)]
                year = 2024 + (index + round_number) % 3
                starts_on = datetime.date(year, rng.choice([1, 2, 3, 4, 6, 9, 10]), 1)
                ends_on = starts_on + datetime.timedelta(days=rng.choice([90, 180, 270, 365, 540]))
                ends_on = min(ends_on, datetime.date(2027, 6, 30))
                status, progress = _status_and_progress(rng, starts_on, ends_on, today)
                activity = Activity(
                    group=group,
                    priority=priorities.get(priority_number),
                    title=title,
                    description=rng.choice(DESCRIPTIONS),
                    lead_organization=lead,
                    regions=[region] if region in Region.values else [],
                    is_global=region is None and not iso3s,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    status=status,
                    progress=progress,
                )
                activity._change_reason = "Demo data"
                activity.save()
                others = [org for org in leads if org.pk != lead.pk]
                partners = rng.sample(others, k=min(len(others), rng.choice([0, 1, 2, 3])))
                if region and regional and rng.random() < 0.4:
                    partners.append(rng.choice(regional))
                activity.partners.set(partners)
                activity.countries.set([states[code] for code in iso3s if code in states])
                existing.add((group.pk, title))
                created += 1
    return created
