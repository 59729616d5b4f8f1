"""Deterministic demo people for the contact directory and the rest of the portal.

At scale 1 the volumes of the source documents: 1,050 focal points, from 137 Member States,
14 regional and international organizations and the Compact entities. Scale N multiplies the
people (not the organizations). Re-running adds nothing that is already there.

For the directory, a few people have fixed names the search must find ("Zoë Ångström" and the
Voronkov family, with its transliterations), and the directory upkeep has something to show:
most people confirmed their entry at some point in the last year, some never did, a few have an
open or flagged confirmation request, and the first person of each organization names the second
as their alternate (`seed_directory_upkeep`; it only fills what is empty, so it never undoes
what happened since).
"""

from __future__ import annotations

import datetime
import random
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .actions import hash_token
from .models import ConfirmationRequest, FocalPoint, Organization, Theme, User

NAMES_FILE = Path(__file__).resolve().parent / "data" / "demo_names.yaml"
SEED = 20180223  # the day the Compact was signed

FOCAL_POINTS = 1050
STATES_WITH_FOCAL_POINTS = 137
REGIONAL_WITH_FOCAL_POINTS = 14
STATE_SHARE = 0.40
REGIONAL_SHARE = 0.07

# Member States whose demo names come from the "Arab" name group (League of Arab States members).
ARAB_STATES = {
    "DZA",
    "BHR",
    "COM",
    "DJI",
    "EGY",
    "IRQ",
    "JOR",
    "KWT",
    "LBN",
    "LBY",
    "MRT",
    "MAR",
    "OMN",
    "QAT",
    "SAU",
    "SOM",
    "SDN",
    "SYR",
    "TUN",
    "ARE",
    "YEM",
}
LANGUAGES_BY_REGION = {
    "Africa": ["en", "fr"],
    "Arab": ["ar", "en", "fr"],
    "Americas": ["es", "en"],
    "Asia": ["en", "zh", "ru"],
    "Europe": ["en", "fr", "ru"],
    "Oceania": ["en", "fr"],
}


# The n-th person of the Europe name group gets a fixed name, so the search demo always works.
# (The random draws still happen, so everybody else keeps the name they had before.)
FEATURED_PEOPLE = {
    5: ("Zoë", "Ångström"),
    30: ("Dmitri", "Voronkov"),
    60: ("Olga", "Voronkova"),
    90: ("Tatiana", "Woronkow"),
    120: ("Pavel", "Voronkoff"),
}
UPKEEP_SEED = SEED + 1  # a separate stream: the upkeep plan never shifts the people's names


@dataclass(frozen=True)
class PersonPlan:
    email: str
    first_name: str
    last_name: str
    organization_id: int
    country_id: int | None
    position: str
    languages: list
    theme_ids: list
    joined: datetime.datetime
    show_phone: bool
    phone: str
    replaces: str = ""  # a featured person's email before it was featured (renamed in place)


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.lower() if c.isalnum()) or "x"


def _name_group(state: Organization | None) -> str | None:
    if state is None:
        return None
    if state.iso3 in ARAB_STATES:
        return "Arab"
    return state.region


def plan_people(scale: int = 1) -> list[PersonPlan]:
    """The demo people, computed from the reference data alone: same input, same people."""
    rng = random.Random(SEED)
    names = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    states = list(Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("iso3"))
    regional = list(Organization.objects.filter(kind=Organization.Kind.REGIONAL).order_by("slug"))
    entities = list(
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by("slug")
    )
    theme_ids = list(Theme.objects.order_by("slug").values_list("pk", flat=True))
    if not (states and entities and theme_ids):
        raise RuntimeError("Load the reference data first: manage.py load_compact")

    kenya = next((s for s in states if s.iso3 == "KEN"), None)
    nominating_states = rng.sample(states, min(STATES_WITH_FOCAL_POINTS, len(states)))
    if kenya and kenya not in nominating_states:
        nominating_states[-1] = kenya
    nominating_regional = regional[:REGIONAL_WITH_FOCAL_POINTS]

    total = FOCAL_POINTS * scale
    state_count = int(total * STATE_SHARE)
    regional_count = int(total * REGIONAL_SHARE) if nominating_regional else 0
    entity_count = total - state_count - regional_count

    # Every nominating organization gets at least one person, then the rest at random.
    slots: list[tuple[Organization, Organization | None]] = []
    for group, count in (
        (nominating_states, state_count),
        (nominating_regional, regional_count),
        (entities, entity_count),
    ):
        if not group:
            continue
        chosen = list(group) + [rng.choice(group) for _ in range(max(0, count - len(group)))]
        for org in chosen:
            slots.append((org, org if org.kind == Organization.Kind.MEMBER_STATE else None))

    start = datetime.datetime(2020, 3, 1, tzinfo=datetime.UTC)
    span_days = (datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) - start).days
    seen_emails: set[str] = set()
    people = []
    europeans = 0
    for index, (org, home_state) in enumerate(slots):
        country = home_state or rng.choice(states)
        group = _name_group(country) or "Europe"
        first = rng.choice(names["given_names"][group])
        last = rng.choice(names["family_names"][group])
        domain = f"{ascii_slug(org.acronym or org.slug)}.example.org"
        replaces = ""
        if group == "Europe":
            featured = FEATURED_PEOPLE.get(europeans)
            europeans += 1
            if featured:
                replaces = f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}"
                first, last = featured
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{local}@{domain}"
        if email in seen_emails:
            email = f"{local}.{index}@{domain}"
        seen_emails.add(email)
        spoken = LANGUAGES_BY_REGION[group]
        languages = sorted(set(rng.sample(spoken, k=rng.randint(1, len(spoken)))) | {"en"})
        people.append(
            PersonPlan(
                email=email,
                first_name=first,
                last_name=last,
                organization_id=org.pk,
                country_id=country.pk,
                position=rng.choice(names["positions"]),
                languages=languages,
                theme_ids=rng.sample(theme_ids, k=rng.randint(1, 4)),
                joined=start
                + datetime.timedelta(days=rng.randrange(span_days), minutes=rng.randrange(1440)),
                show_phone=rng.random() < 0.4,
                phone=f"+{rng.randint(1, 998)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                replaces=replaces if replaces != email else "",
            )
        )
    return people


@dataclass(frozen=True)
class UpkeepPlan:
    confirmed_days_ago: int | None  # when they last confirmed their entry (None: never)
    request: str  # "" (none), "open" or "flagged"
    requested_days_ago: int
    alternate_email: str


def plan_upkeep(people: list[PersonPlan]) -> dict[str, UpkeepPlan]:
    """The directory upkeep of the demo people: confirmations, requests, alternates."""
    rng = random.Random(UPKEEP_SEED)
    by_organization = defaultdict(list)
    for person in people:
        by_organization[person.organization_id].append(person.email)
    alternates = {}
    for emails in by_organization.values():
        emails.sort()
        if len(emails) >= 2:
            alternates[emails[0]] = emails[1]
    plans = {}
    for person in people:
        draw = rng.random()
        if draw < 0.70:
            confirmed = rng.randint(1, 170)  # within the interval: not due
        elif draw < 0.80:
            confirmed = rng.randint(190, 400)  # due
        else:
            confirmed = None  # never confirmed: due once their entry is half a year old
        request, requested = "", 0
        if confirmed is None or confirmed > 182:
            draw = rng.random()
            if draw < 0.06:
                request, requested = "flagged", rng.randint(35, 90)
            elif draw < 0.10:
                request, requested = "open", rng.randint(1, 25)
        plans[person.email] = UpkeepPlan(
            confirmed, request, requested, alternates.get(person.email, "")
        )
    return plans


def seed_directory_upkeep(plans: list[PersonPlan], *, today=None) -> dict:
    """Fill in confirmations, requests and alternates where they are still empty (idempotent).

    Dates count back from `today` (midnight UTC); nothing is dated before the person joined.
    People who went through a confirmation cycle since are left alone.
    """
    today = today or timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    upkeep = plan_upkeep(plans)
    focal_points = {
        fp.user.email: fp
        for fp in FocalPoint.objects.filter(user__email__in=list(upkeep)).select_related("user")
    }
    asked = set(
        ConfirmationRequest.objects.filter(focal_point__in=focal_points.values()).values_list(
            "focal_point_id", flat=True
        )
    )
    confirmed, alternated, requests = [], [], []
    for email, plan in upkeep.items():
        fp = focal_points.get(email)
        if fp is None:
            continue
        if fp.pk not in asked and fp.last_confirmed_at is None and plan.confirmed_days_ago:
            when = today - datetime.timedelta(days=plan.confirmed_days_ago)
            if when >= fp.created_at:
                fp.last_confirmed_at = when
                confirmed.append(fp)
        alternate = focal_points.get(plan.alternate_email)
        if fp.alternate_id is None and alternate is not None:
            fp.alternate_id = alternate.pk
            alternated.append(fp)
        if fp.pk not in asked and plan.request:
            requested_at = today - datetime.timedelta(days=plan.requested_days_ago)
            if requested_at >= fp.created_at:
                flagged_at = None
                if plan.request == "flagged":
                    flagged_at = requested_at + datetime.timedelta(days=31)
                # The token is thrown away: demo links cannot be followed.
                requests.append(
                    ConfirmationRequest(
                        focal_point=fp,
                        token_hash=hash_token(secrets.token_urlsafe(32)),
                        flagged_at=flagged_at,
                    )
                )
    FocalPoint.objects.bulk_update(confirmed, ["last_confirmed_at"], batch_size=2000)
    FocalPoint.objects.bulk_update(alternated, ["alternate"], batch_size=2000)
    created = ConfirmationRequest.objects.bulk_create(requests, batch_size=2000)
    for request in created:
        plan = upkeep[request.focal_point.user.email]
        request.requested_at = today - datetime.timedelta(days=plan.requested_days_ago)
    ConfirmationRequest.objects.bulk_update(created, ["requested_at"], batch_size=2000)
    return {"confirmed": len(confirmed), "alternates": len(alternated), "requests": len(created)}


def rename_featured_people(plans: list[PersonPlan]) -> int:
    """Give featured people their fixed names in a database seeded before they were featured."""
    renamed = 0
    for plan in plans:
        if not plan.replaces or User.objects.filter(email=plan.email).exists():
            continue
        renamed += User.objects.filter(email=plan.replaces).update(
            email=plan.email, first_name=plan.first_name, last_name=plan.last_name
        )
    return renamed


@transaction.atomic
def seed_focal_points(scale: int = 1) -> int:
    """Create the planned people who do not exist yet; returns how many were created."""
    plans = plan_people(scale)
    rename_featured_people(plans)
    existing = set(
        User.objects.filter(email__in=[p.email for p in plans]).values_list("email", flat=True)
    )
    missing = [p for p in plans if p.email not in existing]
    if not missing:
        seed_directory_upkeep(plans)
        return 0
    unusable = make_password(None)  # demo people cannot sign in; only the demo logins can
    users = User.objects.bulk_create(
        [
            User(
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                password=unusable,
                date_joined=p.joined,
            )
            for p in missing
        ],
        batch_size=2000,
    )
    focal_points = FocalPoint.objects.bulk_create(
        [
            FocalPoint(
                user=user,
                organization_id=p.organization_id,
                country_id=p.country_id,
                position=p.position,
                languages=p.languages,
                phone=p.phone,
                show_phone=p.show_phone,
            )
            for user, p in zip(users, missing, strict=True)
        ],
        batch_size=2000,
    )
    Through = FocalPoint.themes.through
    Through.objects.bulk_create(
        [
            Through(focalpoint_id=fp.pk, theme_id=theme_id)
            for fp, p in zip(focal_points, missing, strict=True)
            for theme_id in p.theme_ids
        ],
        batch_size=5000,
    )
    # created_at mirrors when the person joined the network, so "newest members" reads true.
    for fp, p in zip(focal_points, missing, strict=True):
        fp.created_at = p.joined
    FocalPoint.objects.bulk_update(focal_points, ["created_at"], batch_size=2000)
    seed_directory_upkeep(plans)
    return len(missing)
