"""Demo events for the Joint Calendar: `seed_events(scale)`, called by `manage.py seed_demo`.

Two years of events, December 2025 to November 2027 (a fixed window, so runs agree): per unit of
scale about 110 Working Group meetings (eight groups, every six to eight weeks, some restricted to
the group's members), two monthly online coordination calls (recurring, with a cancelled and a
moved occurrence), four Coordination Committee meetings (two days each, all-day), high-level
events, workshops, trainings, webinars and field missions across regions and time zones. About
one in twenty is cancelled, a few postponed. The demo logins attend some of them.

Deterministic (event *i* of a kind comes from its own `random.Random`) and idempotent: an event is
identified by its title and start, and existing ones are skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import zoneinfo

from django.db import transaction

from entities.models import Organization, User
from workinggroups.models import WorkingGroup, WorkingGroupMembership

from .actions import create_event
from .models import Attendance, Event, OccurrenceException

logger = logging.getLogger(__name__)

SEED = 20180223
FIRST_DAY = dt.date(2025, 12, 1)
LAST_DAY = dt.date(2027, 11, 30)

PLACES = [
    ("UN Headquarters, New York", "America/New_York", "Americas"),
    ("Vienna International Centre", "Europe/Vienna", "Europe"),
    ("Palais des Nations, Geneva", "Europe/Zurich", "Europe"),
    ("UN Office at Nairobi", "Africa/Nairobi", "Africa"),
    ("UN Conference Centre, Bangkok", "Asia/Bangkok", "Asia"),
    ("UNOCT Programme Office, Rabat", "Africa/Casablanca", "Africa"),
    ("UN House, Doha", "Asia/Qatar", "Asia"),
]
TOPICS = [
    "border security and management",
    "countering the financing of terrorism",
    "victims of terrorism",
    "preventing violent extremism",
    "human rights and the rule of law",
    "biometrics and advance passenger information",
    "prison management and rehabilitation",
    "gender dimensions of counter-terrorism",
    "emerging technologies",
    "protection of critical infrastructure",
]
KIND_COUNTS = {  # per unit of scale, over the two years
    Event.Type.HIGH_LEVEL: 6,
    Event.Type.WORKSHOP: 22,
    Event.Type.TRAINING: 16,
    Event.Type.WEBINAR: 16,
    Event.Type.FIELD_MISSION: 6,
}
KIND_LABELS = {
    Event.Type.HIGH_LEVEL: "High-level conference on",
    Event.Type.WORKSHOP: "Regional workshop on",
    Event.Type.TRAINING: "Training course on",
    Event.Type.WEBINAR: "Webinar:",
    Event.Type.FIELD_MISSION: "Joint field mission on",
}


def _moment(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def _all_day(day: dt.date, days: int, zone: str) -> dict:
    tz = zoneinfo.ZoneInfo(zone)
    last = day + dt.timedelta(days=days - 1)
    return {
        "all_day": True,
        "start_date": day,
        "end_date": last,
        "starts_at": dt.datetime.combine(day, dt.time(), tzinfo=tz),
        "ends_at": dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz),
        "timezone": zone,
    }


def _timed(day: dt.date, hour: int, hours: int, zone: str) -> dict:
    start = _moment(day, hour, 0, zone)
    return {
        "all_day": False,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=hours),
        "timezone": zone,
    }


def _status(rng: random.Random, day: dt.date) -> str:
    roll = rng.random()
    if roll < 0.05:
        return Event.Status.CANCELLED
    if roll < 0.08:
        return Event.Status.POSTPONED
    if day < dt.date(2026, 11, 1) or roll < 0.6:
        return Event.Status.CONFIRMED
    return Event.Status.PLANNED


def _group_meetings(groups, leaders) -> list[dict]:
    specs = []
    for group in groups:
        if group.kind != WorkingGroup.Kind.WORKING_GROUP:
            continue
        rng = random.Random(f"{SEED}:wg:{group.number}")
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(0, 30))
        number = 0
        while day <= LAST_DAY:
            number += 1
            place, zone, region = PLACES[rng.randrange(len(PLACES))]
            online = rng.random() < 0.5
            restricted = rng.random() < 0.25
            specs.append(
                {
                    "title": f"{group.acronym or f'WG {group.number}'} meeting {number}: "
                    f"{rng.choice(TOPICS)}",
                    "event_type": Event.Type.WG_MEETING,
                    "status": _status(rng, day),
                    "organizer": leaders.get(group.pk),
                    "working_group": group,
                    "venue": "" if online else place,
                    "online_url": f"https://meet.example.org/wg{group.number}-{number}"
                    if online or rng.random() < 0.4
                    else "",
                    "region": "" if online else region,
                    "visibility": Event.Visibility.GROUPS if restricted else Event.Visibility.ALL,
                    "audience_groups": [group] if restricted else [],
                    "description": f"<p>Meeting {number} of the "
                    f"{group.short_name or group.name}.</p>",
                    **_timed(day, rng.choice([9, 10, 14]), rng.choice([2, 3]), zone),
                }
            )
            day += dt.timedelta(days=rng.randrange(42, 60))
    return specs


def _coordination_calls(groups, leaders) -> list[dict]:
    specs = []
    for group in [g for g in groups if g.number in (1, 5)]:
        specs.append(
            {
                "title": f"{group.acronym or f'WG {group.number}'} monthly coordination call",
                "event_type": Event.Type.WEBINAR,
                "status": Event.Status.CONFIRMED,
                "organizer": leaders.get(group.pk),
                "working_group": group,
                "online_url": f"https://meet.example.org/wg{group.number}-monthly",
                "visibility": Event.Visibility.GROUPS,
                "audience_groups": [group],
                "rrule": "FREQ=MONTHLY;BYDAY=2TU;COUNT=24",
                "description": "<p>The chairs and members review the work plan.</p>",
                **_timed(dt.date(2025, 12, 9), 15, 1, "Europe/Zurich"),
            }
        )
    return specs


def _coordination_committee(committee, unoct) -> list[dict]:
    specs = []
    if committee is None:
        return specs
    for index, day in enumerate(
        [dt.date(2026, 1, 21), dt.date(2026, 7, 8), dt.date(2027, 1, 20), dt.date(2027, 7, 7)]
    ):
        place, zone = ("UN Headquarters, New York", "America/New_York")
        if index % 2:
            place, zone = ("Palais des Nations, Geneva", "Europe/Zurich")
        specs.append(
            {
                "title": f"Coordination Committee, {12 + index}th meeting",
                "event_type": Event.Type.CC_MEETING,
                "status": Event.Status.CONFIRMED,
                "organizer": unoct,
                "working_group": committee,
                "venue": place,
                "visibility": Event.Visibility.COMPACT,
                "capacity": 120,
                "description": "<p>The Compact entities, the chairs and vice-chairs of the "
                "Working Groups review the Joint Programme of Work.</p>",
                **_all_day(day, 2, zone),
            }
        )
    return specs


def _other_events(scale, entities, countries, groups) -> list[dict]:
    specs = []
    for kind, per_scale in KIND_COUNTS.items():
        for index in range(per_scale * scale):
            rng = random.Random(f"{SEED}:{kind}:{index}")
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(0, (LAST_DAY - FIRST_DAY).days))
            place, zone, region = PLACES[rng.randrange(len(PLACES))]
            organizer = entities[rng.randrange(len(entities))]
            topic = rng.choice(TOPICS)
            spec = {
                "title": f"{KIND_LABELS[kind]} {topic} ({index + 1})",
                "event_type": kind,
                "status": _status(rng, day),
                "organizer": organizer,
                "co_organizers": rng.sample(entities, 2) if rng.random() < 0.3 else [],
                "countries": rng.sample(countries, rng.randrange(1, 4)) if countries else [],
                "region": region,
                "visibility": Event.Visibility.ALL
                if rng.random() < 0.85
                else Event.Visibility.COMPACT,
                "description": f"<p>{KIND_LABELS[kind]} {topic}, organized by "
                f"{organizer.label}.</p>",
            }
            if kind == Event.Type.WEBINAR:
                spec.update(online_url=f"https://meet.example.org/webinar-{index}", region="")
                spec.update(_timed(day, rng.choice([9, 13, 15]), 2, zone))
            elif kind == Event.Type.HIGH_LEVEL:
                spec.update(venue=place, capacity=rng.choice([150, 300, 500]))
                spec["participant_groups"] = rng.sample(groups, 3)
                spec.update(_all_day(day, rng.choice([1, 2, 3]), zone))
            elif kind == Event.Type.FIELD_MISSION:
                spec.update(venue=place, visibility=Event.Visibility.COMPACT)
                spec.update(_all_day(day, rng.choice([3, 4, 5]), zone))
            else:
                spec.update(venue=place, capacity=rng.choice([None, 25, 40, 60]))
                if rng.random() < 0.3:
                    spec["online_url"] = f"https://meet.example.org/{kind}-{index}"
                days = rng.choice([1, 1, 2, 3])
                if days == 1:
                    spec.update(_timed(day, rng.choice([9, 10]), rng.choice([3, 6]), zone))
                else:
                    spec.update(_all_day(day, days, zone))
            specs.append(spec)
    return specs


def _attend(events, users) -> int:
    created = 0
    for index, event in enumerate(events):
        for offset, user in enumerate(users):
            if (index + offset) % 7 or event.is_cancelled:
                continue
            if not Event.objects.visible_to(user).filter(pk=event.pk).exists():
                continue
            _, made = Attendance.objects.get_or_create(
                event=event,
                user=user,
                defaults={
                    "status": Attendance.Status.REGISTERED,
                    "mode": Attendance.Mode.ONLINE
                    if event.online_url and not event.venue
                    else Attendance.Mode.IN_PERSON,
                },
            )
            created += made
    return created


def seed_events(scale: int = 1) -> int:
    """Create the demo events that are missing; returns how many were created."""
    groups = list(WorkingGroup.objects.order_by("kind", "number"))
    if not groups:
        return 0
    unoct = Organization.objects.filter(acronym="UNOCT").first()
    entities = list(
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by("acronym")
    )
    countries = list(
        Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("iso3")[:60]
    )
    leaders = {}
    for membership in WorkingGroupMembership.objects.filter(
        role=WorkingGroupMembership.Role.CHAIR
    ).select_related("organization"):
        leaders.setdefault(membership.group_id, membership.organization)
    committee = next(
        (g for g in groups if g.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE), None
    )
    working_groups = [g for g in groups if g.kind == WorkingGroup.Kind.WORKING_GROUP]
    specs = (
        _group_meetings(working_groups, leaders)
        + _coordination_calls(working_groups, leaders)
        + _coordination_committee(committee, unoct)
        + _other_events(scale, entities, countries, working_groups)
    )
    existing = set(Event.objects.values_list("title", "starts_at"))
    author = User.objects.filter(email="secretariat@example.org").first()
    created = []
    with transaction.atomic():
        for spec in specs:
            spec["organizer"] = spec.get("organizer") or unoct
            key = (spec["title"], spec["starts_at"].astimezone(dt.UTC))
            if key in existing:
                continue
            created.append(create_event(spec, actor=author))
        for event in created:
            if event.rrule:
                _exceptions(event)
        users = list(
            User.objects.filter(
                email__in=["entity@example.org", "state@example.org", "chair@example.org"]
            )
        )
        if users:
            _attend(
                Event.objects.filter(starts_at__gte=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)),
                users,
            )
    logger.info("calendar demo: %s events created", len(created))
    return len(created)


def _exceptions(event) -> None:
    """The demo series skip their third occurrence and move their fifth by a day."""
    from .recurrence import occurrences

    found = occurrences(event, event.starts_at, event.starts_at + dt.timedelta(days=200), [])
    if len(found) < 5:
        return
    OccurrenceException.objects.get_or_create(
        event=event, original_start=found[2].start, defaults={"cancelled": True}
    )
    moved = found[4]
    OccurrenceException.objects.get_or_create(
        event=event,
        original_start=moved.start,
        defaults={
            "cancelled": False,
            "starts_at": moved.start + dt.timedelta(days=1),
            "ends_at": moved.end + dt.timedelta(days=1),
        },
    )
