"""Demo data for the Multi-Year Appeal: `seed_appeal(scale)`.

Three cycles — 2021–2022 (52 projects, as in the real appeal), 2023–2024 and 2025–2026 (open for
proposals, with drafts and submissions waiting) — with requirements per year, pledges and
contributions from Member State donors in their currencies (some confidential, some
un-earmarked), and a few expressions of interest (Kenya's among them, for the demo login).

Projects: the appeal uses projects of the matrix. Existing projects (e.g. the projects seed's
`DEMO-…`) are taken first, in code order; when there are not enough, the seed creates the
missing ones itself with codes `MYA-0001`… so both seeds can run in any order and coexist.

Idempotent and deterministic: a fixed random seed; a cycle that already has projects is left as
it is (re-running adds nothing). `scale` multiplies the number of contributions per project.
Rows are written with `bulk_create_with_history`, so the audit page has their creation records.
"""

from __future__ import annotations

import logging
import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from entities.models import Organization, Pillar, Region, Theme
from workinggroups.models import WorkingGroup

from .appeal_actions import to_usd
from .models import AppealCycle, AppealProject, Contribution, Interest, Project, Requirement

logger = logging.getLogger(__name__)

SEED = 2026
CYCLES = [
    # start, end, projects, of which included, open for proposals, share funded (Decimal)
    (2021, 2022, 52, 52, False, Decimal("0.62")),
    (2023, 2024, 44, 40, False, Decimal("0.48")),
    (2025, 2026, 38, 30, True, Decimal("0.22")),
]
NARRATIVES = {
    2021: "The second UN Multi-Year Appeal for Counter-Terrorism brings together the projects of "
    "the Compact's entities that need voluntary funding in 2021 and 2022, so that donors can "
    "see the whole picture and fund what is most needed.",
    2023: "The 2023–2024 appeal follows the Global Counter-Terrorism Strategy's eighth review, "
    "with a stronger focus on prevention, human rights and gender.",
    2025: "The 2025–2026 appeal supports the Joint Programme of Work 2024–2026 and its five "
    "priorities. Entities propose their projects until the Secretariat closes the call.",
}
# donor ISO3 -> (currency, USD per unit)
DONORS = {
    "USA": ("USD", Decimal("1")),
    "DEU": ("EUR", Decimal("1.08345000")),
    "NLD": ("EUR", Decimal("1.08345000")),
    "ESP": ("EUR", Decimal("1.08345000")),
    "GBR": ("GBP", Decimal("1.26910000")),
    "JPN": ("JPY", Decimal("0.00667200")),
    "NOR": ("NOK", Decimal("0.09420000")),
    "CHE": ("CHF", Decimal("1.12480000")),
    "CAN": ("CAD", Decimal("0.73610000")),
    "AUS": ("AUD", Decimal("0.66020000")),
    "KOR": ("KRW", Decimal("0.00075100")),
    "SAU": ("SAR", Decimal("0.26660000")),
    "QAT": ("QAR", Decimal("0.27470000")),
    "KEN": ("KES", Decimal("0.00775000")),
}
TITLES = [
    "Strengthening border security and management",
    "Countering the financing of terrorism",
    "Preventing violent extremism through education",
    "Support to victims of terrorism",
    "Protecting critical infrastructure",
    "Prosecution, rehabilitation and reintegration",
    "Countering terrorist use of the internet",
    "Aviation security and API/PNR",
    "Human rights-compliant counter-terrorism responses",
    "Youth engagement and resilience",
    "Gender dimensions of counter-terrorism",
    "Protection of vulnerable targets",
    "Biological and chemical terrorism preparedness",
    "Maritime security against terrorism",
    "Prison management and radicalization",
]
LEADS = ["UNOCT", "UNODC", "CTED", "UNDP", "UNICRI", "INTERPOL", "IOM", "UN Women", "OHCHR"]


def _rng_amount(rng: random.Random, low: int, high: int, step: int = 1000) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def _leads():
    found = {
        o.acronym: o
        for o in Organization.objects.filter(
            kind=Organization.Kind.COMPACT_ENTITY, acronym__in=LEADS
        )
    }
    leads = [found[a] for a in LEADS if a in found]
    return leads or list(Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY)[:5])


def _projects(needed: int, used: set[int], rng: random.Random) -> list[Project]:
    """`needed` projects not in `used`: existing ones first, then `MYA-` ones created here."""
    available = list(
        Project.objects.exclude(pk__in=used)
        .exclude(code__startswith="MYA-")
        .filter(lead_organization__kind=Organization.Kind.COMPACT_ENTITY)
        .order_by("code")[:needed]
    )
    if len(available) >= needed:
        return available
    mya = list(
        Project.objects.filter(code__startswith="MYA-").exclude(pk__in=used).order_by("code")
    )
    available += mya[: needed - len(available)]
    missing = needed - len(available)
    if missing <= 0:
        return available
    leads = _leads()
    pillars = list(Pillar.objects.order_by("number"))
    themes = list(Theme.objects.order_by("slug"))
    groups = list(WorkingGroup.objects.filter(number__isnull=False).order_by("number"))
    start = Project.objects.filter(code__startswith="MYA-").count() + 1
    created = []
    for n in range(start, start + missing):
        lead = leads[n % len(leads)]
        title = TITLES[n % len(TITLES)]
        year = 2020 + n % 6
        picked_pillars = rng.sample(pillars, k=rng.choice([1, 1, 1, 2])) if pillars else []
        picked_themes = rng.sample(themes, k=rng.choice([1, 2, 2, 3])) if themes else []
        picked_groups = rng.sample(groups, k=rng.choice([1, 1, 2])) if groups else []
        regions = rng.sample(Region.values, k=rng.choice([0, 1, 1, 2]))
        project = Project.objects.create(
            code=f"MYA-{n:04d}",
            title=f"{title} ({lead.label})",
            lead_organization=lead,
            regions=regions,
            is_global=not regions,
            starts_on=date(year, 1, 1),
            ends_on=date(year + 3, 12, 31),
            status=Project.Status.ONGOING,
            description=f"{title}: a project of {lead.name} in the Multi-Year Appeal.",
            pillar_ids=[p.pk for p in picked_pillars],
            theme_ids=[t.pk for t in picked_themes],
            group_ids=[g.pk for g in picked_groups],
            entity_ids=[lead.pk],
        )
        project.pillars.set(picked_pillars)
        project.themes.set(picked_themes)
        project.working_groups.set(picked_groups)
        created.append(project)
    return available + created


@transaction.atomic
def seed_appeal(scale: int = 1) -> int:
    """Create the demo appeal (see the module docstring); returns how many rows were created."""
    rng = random.Random(SEED)
    scale = max(1, int(scale))
    donors = {
        o.iso3: o for o in Organization.objects.filter(iso3__in=list(DONORS), kind="member_state")
    }
    if not donors:
        return 0
    created = 0
    used = set(AppealProject.objects.values_list("project_id", flat=True))
    for start, end, count, included_count, accepts, funded_share in CYCLES:
        cycle, new_cycle = AppealCycle.objects.get_or_create(
            start_year=start,
            end_year=end,
            defaults={
                "title": f"Multi-Year Appeal {start}–{end}",
                "narrative": NARRATIVES[start],
                "accepts_proposals": accepts,
                "published": True,
            },
        )
        created += int(new_cycle)
        if cycle.entries.exists():
            continue
        projects = _projects(count, used, rng)
        used.update(p.pk for p in projects)
        entries = []
        for i, project in enumerate(projects):
            if i < included_count:
                status = AppealProject.Status.INCLUDED
            elif accepts:
                status = [AppealProject.Status.SUBMITTED, AppealProject.Status.DRAFT][i % 2]
            else:
                status = AppealProject.Status.DECLINED
            entries.append(
                AppealProject(
                    cycle=cycle,
                    project=project,
                    status=status,
                    narrative=f"{project.title}: what the funding will achieve in {start}–{end}.",
                )
            )
        entries = bulk_create_with_history(entries, AppealProject)
        entries = list(AppealProject.objects.filter(cycle=cycle).select_related("project"))
        requirements = []
        amounts: dict[int, Decimal] = {}
        for entry in entries:
            total = Decimal("0")
            for year in cycle.years:
                amount = _rng_amount(rng, 150_000, 2_400_000)
                requirements.append(Requirement(entry=entry, year=year, amount_usd=amount))
                total += amount
            amounts[entry.pk] = total
        bulk_create_with_history(requirements, Requirement)
        created += len(entries) + len(requirements)

        donor_list = [donors[k] for k in DONORS if k in donors]
        contributions = []
        historical = end < 2025
        for entry in entries:
            if entry.status != AppealProject.Status.INCLUDED:
                continue
            target = amounts[entry.pk] * funded_share
            if rng.random() < 0.2:  # some projects get nothing at all
                continue
            for _ in range(rng.randint(1, 3) * scale):
                donor = rng.choice(donor_list)
                contributions.append(
                    _contribution(rng, cycle, entry, donor, target / 2, historical)
                )
        for _ in range(3 * scale):  # un-earmarked contributions to the cycle
            contributions.append(
                _contribution(
                    rng, cycle, None, rng.choice(donor_list), Decimal("800000"), historical
                )
            )
        bulk_create_with_history(contributions, Contribution)
        created += len(contributions)

        if accepts:
            open_entries = [e for e in entries if e.status == AppealProject.Status.INCLUDED][:6]
            interests = []
            for i, entry in enumerate(open_entries):
                donor = donors.get("KEN") if i % 3 == 0 else rng.choice(donor_list)
                interests.append(
                    Interest(
                        entry=entry,
                        donor=donor,
                        message="We would like to discuss co-funding the next phase.",
                        status=Interest.Status.OPEN,
                    )
                )
            seen = set()
            unique = []
            for interest in interests:
                if (interest.entry_id, interest.donor_id) not in seen:
                    seen.add((interest.entry_id, interest.donor_id))
                    unique.append(interest)
            Interest.objects.bulk_create(unique)
            created += len(unique)
    logger.info("appeal demo: %s rows created", created)
    return created


def _contribution(rng, cycle, entry, donor, around: Decimal, historical: bool) -> Contribution:
    currency, rate = DONORS[donor.iso3]
    usd_target = max(Decimal("10000"), around * Decimal(rng.randint(30, 120)) / 100)
    amount = (usd_target / rate).quantize(Decimal("1000"))
    if amount <= 0:
        amount = Decimal("1000")
    year = rng.choice(cycle.years)
    month = rng.randint(1, 12)
    if historical:
        status = rng.choice([Contribution.Status.RECEIVED] * 3 + [Contribution.Status.SIGNED])
    else:
        year = min(year, 2026)
        status = rng.choice(
            [Contribution.Status.PLEDGED, Contribution.Status.SIGNED, Contribution.Status.RECEIVED]
        )
    return Contribution(
        cycle=cycle,
        entry=entry,
        donor=donor,
        amount=amount,
        currency=currency,
        rate_to_usd=rate,
        amount_usd=to_usd(amount, rate),
        received_on=date(year, month, rng.randint(1, 28)),
        status=status,
        confidential=rng.random() < 0.12,
        notes="",
    )
