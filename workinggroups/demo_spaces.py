"""Demo content for the group spaces and the Coordination Committee (`seed_spaces`).

Idempotent and deterministic: every record is looked up by a natural key before it is created,
and created through `workinggroups.space_actions`, so the spaces' edit history shows it (by the
Secretariat's demo login where it exists). The Committee's meetings of record follow the sources
(`/work/shared/seeds`): the inaugural meeting (6 December 2018), the 16 April 2019 meeting that
approved the Working Groups' terms of reference, the eighth (8 June 2022) and the tenth
(24–25 January 2024, adoption of the Joint Programme of Work 2024–2026); the reference data
(`entities/data/compact.yaml`) carries their numbers, dates and titles.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from entities.models import Organization, User
from library.models import Document

from . import space_actions as actions
from .models import (
    Announcement,
    Decision,
    FeaturedDocument,
    FollowUpAction,
    Meeting,
    SpaceSection,
    WorkingGroup,
)

SECRETARIAT_LOGIN = "secretariat@example.org"
FEATURED_PER_GROUP = 4

SECTIONS = [
    (
        "Terms of reference",
        "<p>The Working Group promotes coordination and coherence among the Compact entities in "
        "its area of the UN Global Counter-Terrorism Strategy. It meets at least twice a year, "
        "shares information on ongoing and planned activities, identifies gaps and overlaps, and "
        "develops joint initiatives for Member States' benefit.</p>"
        "<p>The Chair convenes the meetings and, with the Vice-Chairs, reports to the "
        "Coordination Committee.</p>",
    ),
    (
        "How we work",
        "<ul><li>Regular meetings, in person and online</li>"
        "<li>A work plan aligned with the priorities of the Joint Programme of Work 2024–2026</li>"
        "<li>Progress reports to the Coordination Committee</li>"
        "<li>Discussions in this space between meetings</li></ul>",
    ),
]

ANNOUNCEMENTS = [
    (
        "Work plan 2025: contributions welcome",
        "<p>Member entities are invited to propose activities for the group's 2025 work plan, "
        "aligned with the five priorities of the Joint Programme of Work.</p>",
        True,
    ),
    (
        "Summary of the last meeting available",
        "<p>The summary and the follow-up actions of the last meeting are in the space.</p>",
        False,
    ),
]

JPOW_PRIORITIES = (
    "<ol><li>Enhance coordination and coherence of United Nations counter-terrorism efforts</li>"
    "<li>Strengthen engagement with Member States</li>"
    "<li>Advance partnerships with regional entities, civil society, academia and the private "
    "sector</li><li>Consolidate joint planning and resource mobilization</li>"
    "<li>Ensure mainstreaming of gender, human rights and the rule of law</li></ol>"
)

# number, title, first day, last day, venue, agenda, summary, decisions, actions
# actions: (description, owner acronym, due date, status, decision number or None)
COMMITTEE_MEETINGS = [
    {
        "number": 1,
        "title": "Inaugural meeting of the Counter-Terrorism Compact Coordination Committee",
        "starts_on": datetime.date(2018, 12, 6),
        "ends_on": datetime.date(2018, 12, 6),
        "venue": "New York",
        "agenda": "<ol><li>Launch of the Coordination Committee</li>"
        "<li>Oversight of the inter-agency Working Groups</li></ol>",
        "summary": "<p>The Committee was launched in the presence of the heads and principals of "
        "the participating entities.</p>",
        "decisions": [
            "The Coordination Committee will provide oversight and strategic guidance to the "
            "inter-agency Working Groups on the implementation of the Strategy.",
        ],
        "actions": [
            (
                "Propose terms of reference for the Working Groups",
                "UNOCT",
                (2019, 3, 31),
                "done",
                1,
            ),
        ],
    },
    {
        "number": None,
        "title": "Approval of the Working Groups' terms of reference and initial work plans",
        "starts_on": datetime.date(2019, 4, 16),
        "ends_on": None,
        "venue": "New York",
        "agenda": "<ol><li>Terms of reference of the eight Working Groups</li>"
        "<li>Initial work plans</li><li>Catalytic funding for joint projects</li></ol>",
        "summary": "<p>The Committee approved the terms of reference and initial work plans of "
        "the eight new inter-agency Working Groups. UNOCT announced catalytic funding in "
        "support of joint projects of the Working Groups.</p>",
        "decisions": [
            "The terms of reference and initial work plans of the eight Working Groups are "
            "approved.",
            "UNOCT will provide catalytic funding for joint projects of the Working Groups.",
        ],
        "actions": [
            ("Open the call for catalytic funding proposals", "UNOCT", (2019, 9, 30), "done", 2),
        ],
    },
    {
        "number": 8,
        "title": "Strengthening international and regional cooperation to address the "
        "increasing terrorist threat in Africa",
        "starts_on": datetime.date(2022, 6, 8),
        "ends_on": datetime.date(2022, 6, 8),
        "venue": "New York",
        "agenda": "<ol><li>Opening by the Secretary-General</li>"
        "<li>The terrorist threat in Africa</li><li>International and regional cooperation</li>"
        "</ol>",
        "summary": "<p>Opened by Secretary-General Guterres, the meeting gathered over 150 "
        "participants from 28 Compact entities.</p>",
        "decisions": [
            "Compact entities will strengthen their coordination in support of African Member "
            "States and regional organizations.",
        ],
        "actions": [
            ("Map Compact entities' programmes in Africa", "UNOCT", (2022, 12, 31), "done", 1),
        ],
    },
    {
        "number": 10,
        "title": "Strategic coordination of counter-terrorism initiatives in Africa; adoption "
        "of the Joint Programme of Work 2024-2026",
        "starts_on": datetime.date(2024, 1, 24),
        "ends_on": datetime.date(2024, 1, 25),
        "venue": "New York",
        "agenda": "<ol><li>Strategic coordination of counter-terrorism initiatives in Africa</li>"
        "<li>Joint Programme of Work 2024–2026</li><li>Any other business</li></ol>",
        "summary": "<p>The Committee discussed strategic coordination of counter-terrorism "
        "initiatives in Africa and adopted its Joint Programme of Work for 2024–2026, with five "
        "priorities:</p>" + JPOW_PRIORITIES,
        "decisions": [
            "The Joint Programme of Work 2024–2026 is adopted, with its five priorities.",
            "Each Working Group will align its work plan with the priorities of the Joint "
            "Programme of Work.",
            "The Working Groups will report on their progress to the Committee every year.",
        ],
        "actions": [
            (
                "Circulate the adopted Joint Programme of Work to all entities",
                "UNOCT",
                (2024, 2, 15),
                "done",
                1,
            ),
            (
                "Align the Working Group 2 work plan with the JPOW priorities",
                "CTED",
                (2024, 6, 30),
                "in_progress",
                2,
            ),
            (
                "Align the Working Group 4 work plan with the JPOW priorities",
                "UNODC",
                (2024, 6, 30),
                "open",
                2,
            ),
            (
                "Compile the first annual report from the groups' progress reports",
                "UNOCT",
                (2025, 3, 31),
                "open",
                3,
            ),
        ],  # fmt: skip
    },
]

GROUP_MEETING = {
    "title": "Working Group plenary meeting",
    "starts_on": datetime.date(2024, 3, 12),
    "venue": "Online",
    "agenda": "<ol><li>Work plan 2024 and the JPOW priorities</li><li>Joint initiatives</li></ol>",
    "decisions": ["The group's 2024 work plan is endorsed."],
}


def _actor():
    return User.objects.filter(email=SECRETARIAT_LOGIN).first()


def _featurable_documents(group, count):
    """Published documents every focal point may see, about the group first, newest first."""
    visible = Document.objects.filter(
        status=Document.Status.PUBLISHED, visibility=Document.Visibility.ALL
    ).order_by("-publication_date", "-pk")
    picked = list(visible.filter(working_groups=group)[:count])
    if len(picked) < count:
        more = visible.exclude(pk__in=[d.pk for d in picked])[: count - len(picked)]
        picked.extend(more)
    return picked


def _seed_meeting(group, data, organizations, actor) -> int:
    created = 0
    lookup = {"group": group}
    lookup.update({"number": data["number"]} if data.get("number") else {"title": data["title"]})
    meeting = Meeting.objects.filter(**lookup).first()
    if meeting is None:
        meeting = actions.create_meeting(
            group,
            number=data.get("number"),
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            venue=data.get("venue", ""),
            agenda=data.get("agenda", ""),
            summary=data.get("summary", ""),
            actor=actor,
        )
        created += 1
    decisions = {}
    for number, text in enumerate(data.get("decisions", []), start=1):
        decision = Decision.objects.filter(meeting=meeting, number=number).first()
        if decision is None:
            decision = actions.create_decision(meeting, number=number, text=text, actor=actor)
            created += 1
        decisions[number] = decision
    for description, owner, due, status, decision_number in data.get("actions", []):
        if FollowUpAction.objects.filter(meeting=meeting, description=description).exists():
            continue
        actions.create_follow_up_action(
            meeting,
            description=description,
            owner=organizations[owner],
            due_on=datetime.date(*due),
            status=status,
            decision=decisions.get(decision_number),
            actor=actor,
        )
        created += 1
    return created


@transaction.atomic
def seed_spaces(scale: int = 1) -> int:
    """Announcements, sections, featured documents and meetings of record; returns rows added."""
    actor = _actor()
    created = 0
    organizations = {
        org.acronym: org
        for org in Organization.objects.filter(acronym__in=["UNOCT", "CTED", "UNODC"])
    }
    groups = list(WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP))
    for group in groups:
        for title, body in SECTIONS:
            if not SpaceSection.objects.filter(group=group, title=title).exists():
                actions.create_section(group, title=title, body=body, actor=actor)
                created += 1
        for title, body, pinned in ANNOUNCEMENTS:
            if not Announcement.objects.filter(group=group, title=title).exists():
                actions.create_announcement(
                    group, title=title, body=body, pinned=pinned, expires_at=None, actor=actor
                )
                created += 1
        wanted = FEATURED_PER_GROUP * max(1, scale)
        have = FeaturedDocument.objects.filter(group=group).count()
        if have < wanted:
            for document in _featurable_documents(group, wanted):
                if have >= wanted:
                    break
                _featured, added = actions.feature_document(group, document, actor=actor)
                if added:
                    created += 1
                    have += 1
        leader = group.memberships.filter(role="chair").select_related("organization").first()
        if leader is not None:
            organizations.setdefault(leader.organization.acronym, leader.organization)
            data = {
                **GROUP_MEETING,
                "title": f"{GROUP_MEETING['title']} — WG {group.number}",
                "actions": [
                    (
                        "Share the updated work plan with the group's members",
                        leader.organization.acronym,
                        (2024, 4, 30),
                        "done",
                        1,
                    )
                ],
            }
            created += _seed_meeting(group, data, organizations, actor)

    committee = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE).first()
    if committee is not None:
        title = "Joint Programme of Work 2024–2026 adopted"
        if not Announcement.objects.filter(group=committee, title=title).exists():
            actions.create_announcement(
                committee,
                title=title,
                body="<p>The Coordination Committee adopted its Joint Programme of Work on 24 "
                "January 2024, with five priorities guiding its work and that of the eight "
                "Working Groups.</p>",
                pinned=True,
                expires_at=None,
                actor=actor,
            )
            created += 1
        for data in COMMITTEE_MEETINGS:
            created += _seed_meeting(committee, data, organizations, actor)
    return created
