"""Demo discussions: threads and replies in several groups and the Collaboration area.

`seed_discussions(scale)` is idempotent and deterministic: a thread is identified by its area and
title, and created only when missing. Authors are the demo logins when they exist (see
`compact_portal.demo`) and otherwise demo focal points of organizations allowed to post there
(`workinggroups.discussions`). The rows are written directly — no notifications are recorded and
no email leaves for demo content. Library documents visible to everyone are attached when the
library's demo documents exist. `scale` > 1 adds generated threads to each Working Group (for
the benchmark).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from entities.models import FocalPoint, User

from .discussion_actions import sanitize_post_body
from .models import Post, Thread, ThreadSubscription, WorkingGroup, WorkingGroupMembership

logger = logging.getLogger(__name__)

GENERATED_PER_GROUP = 6  # extra threads per Working Group and unit of scale above 1


@dataclass(frozen=True)
class DemoPost:
    author: str  # a demo login's email, or "member:<n>" (the n-th eligible focal point)
    body: str
    mentions: tuple[str, ...] = ()
    attach: int = 0  # how many open library documents to attach


@dataclass(frozen=True)
class DemoThread:
    group: int | None  # Working Group number; None: the Collaboration area
    title: str
    posts: tuple[DemoPost, ...]
    days_ago: int
    pinned: bool = False
    locked: bool = False
    followers: tuple[str, ...] = field(default_factory=tuple)


CHAIR, ENTITY, SECRETARIAT = "chair@example.org", "entity@example.org", "secretariat@example.org"
STATE, REGIONAL = "state@example.org", "regional@example.org"

THREADS = [
    DemoThread(
        2,
        "Welcome to the Working Group's discussions",
        (
            DemoPost(
                CHAIR,
                "Dear colleagues,\n\nThis space is for questions and exchanges between meetings. "
                "Please follow the threads that matter to you: new posts are emailed according "
                "to your notification settings.",
            ),
            DemoPost(ENTITY, "Thank you, Lucía. Looking forward to working together."),
        ),
        days_ago=40,
        pinned=True,
    ),
    DemoThread(
        2,
        "Draft guidance on the use of battlefield evidence",
        (
            DemoPost(
                CHAIR,
                "The revised draft is attached. Comments are welcome until the end of the month, "
                "in particular on the chapter on the admissibility of military-collected "
                "evidence.",
                attach=1,
            ),
            DemoPost(
                ENTITY,
                "@Lucía Fernández — UNODC's comments on chapter 3 are in the attached note; the "
                "main point is the chain of custody.",
                mentions=(CHAIR,),
                attach=1,
            ),
            DemoPost("member:0", "We support the proposal to add a section on gender aspects."),
            DemoPost(CHAIR, "Noted, thank you both. A consolidated version will follow."),
        ),
        days_ago=12,
        followers=(SECRETARIAT,),
    ),
    DemoThread(
        2,
        "Mapping of technical assistance on criminal justice responses",
        (
            DemoPost(
                "member:1",
                "Could each entity share the countries where it currently delivers assistance "
                "on prosecuting terrorism cases? We would like to avoid duplication in 2026.",
            ),
            DemoPost(ENTITY, "UNODC will send its list by Friday."),
        ),
        days_ago=5,
    ),
    DemoThread(
        3,
        "Passenger data (API/PNR) — implementation support requests",
        (
            DemoPost(
                "member:0",
                "Several Member States asked about support for API/PNR systems this quarter. "
                "Which entities can take on new requests?",
            ),
            DemoPost(ENTITY, "UNODC can support two more States from March.", attach=1),
        ),
        days_ago=9,
    ),
    DemoThread(
        5,
        "Good practices on online radicalization prevention",
        (
            DemoPost(
                "member:0",
                "Sharing a short list of good practices collected at the last regional workshop.",
                attach=1,
            ),
            DemoPost("member:1", "Very useful. Could we add the youth engagement examples?"),
        ),
        days_ago=20,
    ),
    DemoThread(
        None,
        "Welcome to the Collaboration area",
        (
            DemoPost(
                SECRETARIAT,
                "This is the cross-cutting space of the Compact: every focal point — Compact "
                "entities, Member States, regional and international organizations — can start "
                "a discussion here. Please keep exchanges professional; the Secretariat "
                "moderates the area.",
            ),
        ),
        days_ago=60,
        pinned=True,
        locked=True,
    ),
    DemoThread(
        None,
        "Regional cooperation on the return of foreign terrorist fighters' families",
        (
            DemoPost(
                STATE,
                "Kenya would welcome exchanges with other States and regional organizations on "
                "rehabilitation and reintegration programmes.",
            ),
            DemoPost(
                REGIONAL,
                "@Wanjiru Kamau — the African Union can share its continental framework; "
                "happy to set up a call.",
                mentions=(STATE,),
            ),
            DemoPost(
                ENTITY,
                "UNODC has supported similar programmes; the handbook in the library may help.",
                attach=1,
            ),
        ),
        days_ago=7,
    ),
    DemoThread(
        None,
        "Upcoming Coordination Committee: topics for the agenda",
        (
            DemoPost(
                SECRETARIAT,
                "Which cross-cutting topics would you like the next Coordination Committee "
                "meeting to address? Replies by the 15th, please.",
            ),
            DemoPost(REGIONAL, "Financing of counter-terrorism capacity-building in the Sahel."),
            DemoPost(
                CHAIR, "An update on the battlefield evidence guidance, from Working Group 2."
            ),
        ),
        days_ago=3,
    ),
]

GENERATED_TOPICS = [
    "Coordination of upcoming workshops",
    "Request for comments on a concept note",
    "Lessons learned from recent assessments",
    "Call for contributions to the newsletter",
    "Sharing of training materials",
    "Follow-up to the last meeting",
]


def _members_of(group_id: int | None) -> list[User]:
    """Active focal points allowed to post in the area, in a fixed order."""
    people = FocalPoint.objects.filter(user__is_active=True).select_related("user")
    if group_id is not None:
        organizations = WorkingGroupMembership.objects.filter(group_id=group_id).values(
            "organization_id"
        )
        people = people.filter(organization_id__in=organizations)
    return [
        fp.user for fp in people.exclude(user__email__endswith="@example.org").order_by("pk")[:50]
    ]


def _resolve(key: str, logins: dict[str, User], members: list[User]) -> User | None:
    if key.startswith("member:"):
        index = int(key.split(":", 1)[1])
        return members[index % len(members)] if members else None
    return logins.get(key) or (members[0] if members else None)


def _open_documents(count: int):
    try:
        from library.models import Document
    except ImportError:  # pragma: no cover
        return []
    return list(
        Document.objects.filter(
            status=Document.Status.PUBLISHED, visibility=Document.Visibility.ALL
        ).order_by("pk")[:count]
    )


def _create(spec: DemoThread, group, logins, members, documents, now) -> Thread | None:
    authors = [_resolve(post.author, logins, members) for post in spec.posts]
    if any(author is None for author in authors):
        return None
    started = now - datetime.timedelta(days=spec.days_ago)
    thread = Thread.objects.create(
        group=group,
        title=spec.title,
        created_by=authors[0],
        last_post_at=started,
        pinned=spec.pinned,
        locked=spec.locked,
    )
    followers = set()
    attach_cursor = 0
    when = started
    for index, (post_spec, author) in enumerate(zip(spec.posts, authors, strict=True)):
        when = started + datetime.timedelta(hours=5 * index, minutes=7 * index)
        post = Post.objects.create(
            thread=thread, author=author, body=sanitize_post_body(post_spec.body)
        )
        Post.objects.filter(pk=post.pk).update(created_at=when)
        mentioned = [logins[email] for email in post_spec.mentions if email in logins]
        if mentioned:
            post.mentions.set(mentioned)
        if post_spec.attach and documents:
            chosen = [
                documents[(attach_cursor + offset) % len(documents)]
                for offset in range(post_spec.attach)
            ]
            attach_cursor += post_spec.attach
            post.documents.set(chosen)
        followers.update([author.pk, *(user.pk for user in mentioned)])
    followers.update(logins[email].pk for email in spec.followers if email in logins)
    Thread.objects.filter(pk=thread.pk).update(
        created_at=started, last_post_at=when, post_count=len(spec.posts)
    )
    ThreadSubscription.objects.bulk_create(
        [ThreadSubscription(thread=thread, user_id=pk) for pk in sorted(followers)],
        ignore_conflicts=True,
    )
    return thread


def _generated(group: WorkingGroup, scale: int) -> list[DemoThread]:
    threads = []
    for index in range(GENERATED_PER_GROUP * max(0, scale - 1)):
        topic = GENERATED_TOPICS[index % len(GENERATED_TOPICS)]
        replies = 2 + (index * 7 + group.number) % 5
        posts = [
            DemoPost(
                f"member:{(index + n) % 9}",
                f"{topic} — message {n + 1}. Please see the details below and share any "
                "comments with the group.",
            )
            for n in range(replies)
        ]
        threads.append(
            DemoThread(
                group.number,
                f"{topic} (#{index + 1})",
                tuple(posts),
                days_ago=90 - (index % 80),
            )
        )
    return threads


@transaction.atomic
def seed_discussions(scale: int = 1) -> int:
    """Create the demo threads that are missing; returns how many were created."""
    scale = max(1, int(scale))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    logins = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    groups = {group.number: group for group in WorkingGroup.objects.filter(number__isnull=False)}
    existing = set(Thread.objects.values_list("group_id", "title"))
    documents = _open_documents(6)
    members_cache: dict[int | None, list[User]] = {}
    specs = list(THREADS)
    for number in sorted(groups):
        specs += _generated(groups[number], scale)
    created = 0
    for spec in specs:
        group = groups.get(spec.group) if spec.group is not None else None
        if spec.group is not None and group is None:
            continue
        group_id = group.pk if group else None
        if (group_id, spec.title) in existing:
            continue
        if group_id not in members_cache:
            members_cache[group_id] = _members_of(group_id)
        if _create(spec, group, logins, members_cache[group_id], documents, now):
            created += 1
            existing.add((group_id, spec.title))
    logger.info("discussions demo: %s thread(s) created", created)
    return created
