"""Demo CTED assessments, TA recommendations, uptake and support requests: `seed_assessments`.

At scale 1: 28 assessments and 842 recommendations (as in the Compact's documents), × scale.
Deterministic (one `random.Random` per assessment) and idempotent (rows are found by natural
keys: an assessment by State, type and start date; a recommendation by assessment and number).
Uptake links existing demo projects of the Matrix when there are any (a project on the theme in
the country first, else on the theme anywhere), and otherwise declares intentions.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from entities.models import Organization, Theme

from .models import Assessment, Recommendation, SupportRequest, SupportResponse, Uptake
from .visibility import CTED_ACRONYM

SEED = "assessments-demo-v1"
ASSESSMENTS = 28
RECOMMENDATIONS = 842
SUPPORT_REQUESTS = 5
# Kenya first: the demo State login (state@example.org) sees its own assessment.
FIRST_STATES = ["KEN", "NGA", "IRQ", "IDN", "TUN", "PHL", "MLI", "JOR", "KAZ", "COL", "BEL"]

TYPE_WEIGHTS = [
    (Assessment.Type.COMPREHENSIVE, 40),
    (Assessment.Type.FOCUSED, 25),
    (Assessment.Type.FOLLOW_UP, 20),
    (Assessment.Type.DESK_REVIEW, 15),
]
STATUS_WEIGHTS = [
    (Recommendation.Status.UNADDRESSED, 34),
    (Recommendation.Status.PLANNED, 20),
    (Recommendation.Status.FUNDED, 12),
    (Recommendation.Status.IN_IMPLEMENTATION, 16),
    (Recommendation.Status.REPORTED, 10),
    (Recommendation.Status.VERIFIED, 8),
]
PRIORITY_WEIGHTS = [
    (Recommendation.Priority.HIGH, 30),
    (Recommendation.Priority.MEDIUM, 50),
    (Recommendation.Priority.LOW, 20),
]

OPENERS = [
    "CTED recommends that {state}",
    "{state} should",
    "CTED encourages {state} to",
    "The delegation recommends that the authorities of {state}",
]
# What each thematic area's recommendations ask for (the verb phrase follows an opener).
ACTIONS = {
    "pcve": [
        "develop a national action plan to prevent violent extremism conducive to terrorism, "
        "with a whole-of-society approach involving civil society, women and youth",
        "strengthen the role of local authorities and community leaders in early "
        "identification of and response to radicalization to violence",
    ],
    "conditions-conducive": [
        "address the conditions conducive to the spread of terrorism identified in the "
        "border regions through targeted development and governance programmes",
    ],
    "youth": [
        "involve youth organizations in the design and evaluation of prevention programmes",
    ],
    "strategic-communications": [
        "develop a strategic communications approach to counter terrorist narratives online, "
        "in partnership with the private sector and civil society",
    ],
    "border-management": [
        "establish Advance Passenger Information and Passenger Name Record systems in line "
        "with Security Council resolution 2396 (2017)",
        "connect all border crossing points to INTERPOL databases, including at land borders",
        "adopt a coordinated border management strategy among the agencies present at the border",
    ],
    "law-enforcement": [
        "strengthen inter-agency information-sharing on terrorism cases, including through a "
        "joint analysis platform",
        "enhance the specialized counter-terrorism training of its police and investigators",
    ],
    "aviation-security": [
        "implement the ICAO Global Aviation Security Plan and strengthen screening at its "
        "international airports",
    ],
    "maritime-security": [
        "strengthen port facility security and maritime domain awareness against terrorist use "
        "of the sea",
    ],
    "cbrn": [
        "review its legislation to criminalize the full range of offences related to chemical, "
        "biological, radiological and nuclear materials",
    ],
    "critical-infrastructure": [
        "develop a national strategy to protect critical infrastructure and soft targets, with "
        "public–private partnerships",
    ],
    "new-technologies": [
        "strengthen its capacity to investigate terrorist use of information and communications "
        "technologies, including the collection of digital evidence",
        "assess the threat posed by unmanned aircraft systems to critical infrastructure",
    ],
    "small-arms-explosives": [
        "strengthen controls over small arms, light weapons and explosive precursors to "
        "prevent their acquisition by terrorists",
    ],
    "criminal-justice": [
        "amend its counter-terrorism legislation so that the definition of terrorist offences "
        "meets the principle of legal certainty",
        "strengthen the capacity of prosecutors and judges to handle complex terrorism cases, "
        "including the use of battlefield evidence",
        "expand international judicial cooperation, including mutual legal assistance and "
        "extradition, in terrorism cases",
    ],
    "cft": [
        "conduct a terrorism financing risk assessment covering the non-profit sector, in line "
        "with the FATF standards",
        "implement targeted financial sanctions without delay, as required by Security Council "
        "resolution 1373 (2001)",
    ],
    "ftf-prosecution-rehabilitation": [
        "develop comprehensive prosecution, rehabilitation and reintegration strategies for "
        "returning foreign terrorist fighters and their family members",
        "ensure child-sensitive treatment of children associated with terrorist groups",
    ],
    "capacity-building": [
        "identify its technical assistance needs and coordinate donor support through a "
        "national focal point",
    ],
    "national-regional-strategies": [
        "adopt and implement a comprehensive and integrated national counter-terrorism "
        "strategy, with a monitoring and evaluation mechanism",
    ],
    "resource-mobilization": [
        "allocate dedicated budget lines to the implementation of its counter-terrorism strategy",
    ],
    "human-rights": [
        "ensure that counter-terrorism measures comply with international human rights law, "
        "including independent oversight of detention",
        "establish an independent oversight body for its intelligence and security services",
    ],
    "victims": [
        "adopt a legal framework recognizing the rights of victims of terrorism, including "
        "access to support and compensation",
    ],
    "gender": [
        "integrate a gender perspective into its counter-terrorism and prevention policies, "
        "and increase the participation of women in law enforcement",
    ],
}
GENERIC_ACTIONS = [
    "strengthen the capacity of the relevant national authorities in this area",
    "review and update its legal and institutional framework in this area",
]
CLOSINGS = [
    ".",
    ", with the support of the relevant Compact entities.",
    ", in line with its obligations under international law.",
    ", and report on progress before CTED's follow-up visit.",
]
SUMMARIES = [
    "The visit assessed the implementation of Security Council resolutions 1373 (2001), "
    "1624 (2005), 2178 (2014) and 2396 (2017), covering legislation, law enforcement, border "
    "security, countering the financing of terrorism and prevention.",
    "The assessment welcomed progress since the previous visit and identified remaining gaps "
    "in border management, criminal justice and international cooperation.",
    "A desk review of developments in counter-terrorism legislation and practice, based on "
    "information provided by the State and open sources.",
]
SUPPORT_REQUESTS_PLAN = [
    (
        "Digital evidence in terrorism investigations",
        ["new-technologies", "criminal-justice"],
        "Our investigators and prosecutors need training and equipment to collect, preserve "
        "and use digital evidence from online service providers in terrorism cases.",
        SupportRequest.Urgency.PRIORITY,
    ),
    (
        "Advance Passenger Information system",
        ["border-management", "aviation-security"],
        "We seek support to set up an Advance Passenger Information and Passenger Name Record "
        "system at our two international airports.",
        SupportRequest.Urgency.URGENT,
    ),
    (
        "Rehabilitation of returnees and their families",
        ["ftf-prosecution-rehabilitation", "human-rights"],
        "We ask for advice on screening, prosecution, rehabilitation and reintegration of "
        "nationals returning from conflict zones, including women and children.",
        SupportRequest.Urgency.PRIORITY,
    ),
    (
        "Terrorism financing risk assessment",
        ["cft"],
        "Support is requested to conduct a national terrorism financing risk assessment, "
        "including the non-profit sector.",
        SupportRequest.Urgency.ROUTINE,
    ),
    (
        "National prevention action plan",
        ["pcve", "youth"],
        "We would welcome support to draft a national action plan to prevent violent extremism "
        "with the participation of youth and civil society.",
        SupportRequest.Urgency.ROUTINE,
    ),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _states(count: int) -> list[Organization]:
    states = list(Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("iso3"))
    by_iso = {state.iso3: state for state in states}
    first = [by_iso[code] for code in FIRST_STATES if code in by_iso]
    rest = [state for state in states if state not in first]
    random.Random(SEED).shuffle(rest)
    ordered = first + rest
    # More assessments than States (scale > 7): visit the same States again, later.
    return [ordered[i % len(ordered)] for i in range(count)]


def _recommendation_counts(count: int, total: int, rng) -> list[int]:
    base, extra = divmod(total, count)
    counts = [base + (1 if i < extra else 0) for i in range(count)]
    for i in range(0, count - 1, 2):
        delta = rng.randint(0, min(12, counts[i + 1] - 1))
        counts[i] += delta
        counts[i + 1] -= delta
    return counts


def _text(rng, state, theme) -> str:
    opener = rng.choice(OPENERS).format(state=state.name)
    action = rng.choice(ACTIONS.get(theme.slug) or GENERIC_ACTIONS)
    text = f"{opener} {action}{rng.choice(CLOSINGS)}"
    return text[0].upper() + text[1:]


@transaction.atomic
def seed_assessments(scale: int = 1) -> int:
    """Create what is missing of the demo assessments; answer how many rows were created."""
    scale = max(1, int(scale))
    themes = list(Theme.objects.order_by("slug"))
    if not themes:
        return 0
    count = ASSESSMENTS * scale
    states = _states(count)
    rng = random.Random(f"{SEED}:counts:{scale}")
    counts = _recommendation_counts(count, RECOMMENDATIONS * scale, rng)
    existing = {
        (a.state_id, a.assessment_type, a.starts_on): a
        for a in Assessment.objects.filter(state__in=set(states))
    }
    created = 0
    assessments = []
    for index, state in enumerate(states):
        arng = random.Random(f"{SEED}:{index}")
        kind = _weighted(arng, TYPE_WEIGHTS)
        year = 2018 + (index * 7 + arng.randint(0, 3)) % 8  # 2018–2025
        starts = datetime.date(year, arng.randint(1, 11), arng.randint(1, 25))
        key = (state.pk, kind, starts)
        assessment = existing.get(key)
        if assessment is None:
            assessment = Assessment.objects.create(
                state=state,
                assessment_type=kind,
                starts_on=starts,
                ends_on=starts
                if kind == Assessment.Type.DESK_REVIEW
                else starts + datetime.timedelta(days=arng.randint(2, 5)),
                status=(
                    Assessment.Status.FOLLOWED_UP
                    if year <= 2020
                    else Assessment.Status.TRANSMITTED
                    if year <= 2024
                    else Assessment.Status.DRAFTING
                ),
                summary=arng.choice(SUMMARIES),
            )
            existing[key] = assessment
            created += 1
        assessments.append((assessment, arng, counts[index]))

    have = set(
        Recommendation.objects.filter(assessment__in=[a for a, _r, _c in assessments]).values_list(
            "assessment_id", "number"
        )
    )
    new_recommendations = []
    for assessment, arng, n in assessments:
        focus = arng.sample(themes, k=min(len(themes), arng.randint(6, 12)))
        older = assessment.starts_on.year <= 2021
        for number in range(1, n + 1):
            theme = arng.choice(focus)
            status = _weighted(arng, STATUS_WEIGHTS)
            if not older and status == Recommendation.Status.VERIFIED:
                status = Recommendation.Status.IN_IMPLEMENTATION
            text = _text(arng, assessment.state, theme)
            priority = _weighted(arng, PRIORITY_WEIGHTS)
            if (assessment.pk, number) in have:
                continue
            new_recommendations.append(
                Recommendation(
                    assessment=assessment,
                    number=number,
                    theme=theme,
                    priority=priority,
                    text=text,
                    status=status,
                )
            )
    if new_recommendations:
        bulk_create_with_history(new_recommendations, Recommendation, batch_size=1000)
        created += len(new_recommendations)
    created += _seed_uptake([a for a, _r, _c in assessments])
    created += _seed_support_requests(scale)
    return created


def _seed_uptake(assessments) -> int:
    from appeal.models import Project

    recommendations = list(
        Recommendation.objects.filter(assessment__in=assessments)
        .exclude(status=Recommendation.Status.UNADDRESSED)
        .exclude(pk__in=Uptake.objects.values("recommendation_id"))
        .select_related("assessment")
        .order_by("pk")
    )
    if not recommendations:
        return 0
    projects = list(
        Project.objects.values_list("pk", "lead_organization_id", "theme_ids", "country_ids")
    )
    by_theme: dict[int, list] = {}
    by_theme_country: dict[tuple[int, int], list] = {}
    for pk, lead, theme_ids, country_ids in projects:
        for theme_id in theme_ids:
            by_theme.setdefault(theme_id, []).append((pk, lead))
            for country_id in country_ids:
                by_theme_country.setdefault((theme_id, country_id), []).append((pk, lead))
    entities = list(
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY)
        .exclude(acronym__iexact=CTED_ACRONYM)
        .order_by("acronym")
    )
    cted_confirmer = None
    uptakes = []
    used_pairs = set()
    now = timezone.now()
    for recommendation in recommendations:
        rng = random.Random(f"{SEED}:uptake:{recommendation.assessment_id}:{recommendation.number}")
        confirmed = recommendation.status in (
            Recommendation.Status.REPORTED,
            Recommendation.Status.VERIFIED,
            Recommendation.Status.IN_IMPLEMENTATION,
        )
        options = by_theme_country.get(
            (recommendation.theme_id, recommendation.assessment.state_id)
        ) or by_theme.get(recommendation.theme_id)
        if options and recommendation.status != Recommendation.Status.PLANNED:
            project_id, lead_id = rng.choice(options)
            if (recommendation.pk, project_id) in used_pairs:
                continue
            used_pairs.add((recommendation.pk, project_id))
            uptakes.append(
                Uptake(
                    recommendation=recommendation,
                    organization_id=lead_id,
                    project_id=project_id,
                    confirmed_at=now if confirmed else None,
                    confirmed_by=cted_confirmer,
                )
            )
        elif entities and rng.random() < 0.6:
            entity = rng.choice(entities)
            uptakes.append(
                Uptake(
                    recommendation=recommendation,
                    organization=entity,
                    intention=(
                        f"{entity.label} intends to address this recommendation in its next "
                        "programming cycle, in consultation with the national authorities."
                    ),
                    confirmed_at=now if confirmed else None,
                )
            )
    if uptakes:
        bulk_create_with_history(uptakes, Uptake, batch_size=1000)
    return len(uptakes)


def _seed_support_requests(scale: int) -> int:
    from .routing import route

    states = _states(SUPPORT_REQUESTS * scale)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    now = timezone.now()
    for index in range(SUPPORT_REQUESTS * scale):
        title, slugs, description, urgency = SUPPORT_REQUESTS_PLAN[
            index % len(SUPPORT_REQUESTS_PLAN)
        ]
        state = states[index]
        if SupportRequest.objects.filter(state=state, title=title).exists():
            continue
        request_themes = [themes[slug] for slug in slugs if slug in themes]
        support_request = SupportRequest.objects.create(
            state=state, title=title, description=description, urgency=urgency
        )
        support_request.themes.set(request_themes)
        groups, entities = route(state, request_themes)
        support_request.routed_groups.set(groups)
        support_request.routed_entities.set(entities)
        posted = now - datetime.timedelta(days=3 + index * 4)
        fields = {"created_at": posted}
        if entities and index % 2 == 0:
            answered = posted + datetime.timedelta(hours=20 + index * 7)
            response = SupportResponse.objects.create(
                request=support_request,
                organization=entities[0],
                text=(
                    f"{entities[0].label} can support this request through its ongoing "
                    "programme; our focal point will contact your mission to plan a first "
                    "scoping mission."
                ),
            )
            SupportResponse.objects.filter(pk=response.pk).update(created_at=answered)
            fields.update(first_response_at=answered, status=SupportRequest.Status.ANSWERED)
        SupportRequest.objects.filter(pk=support_request.pk).update(**fields)
        created += 1
    return created
