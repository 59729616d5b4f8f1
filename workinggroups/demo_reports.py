"""Demo progress reports and annual report: `seed_reports(scale)`, called by `manage.py seed_demo`.

Every Working Group gets half-year progress reports for 2024 and 2025: submitted (by a focal point
of its chair organization, three weeks after the period ends), except the last half-year of two
groups — WG 6 has a draft in progress and WG 8 has not reported yet, so the 2025 annual report
lists a missing group. The Secretariat's 2024 annual report narrative is written and published;
2025 is left for the Secretariat to compile. Each report links the group's work plan activities
that ran during its period (from `seed_planning`, if it ran first; none otherwise).

The text follows the Working Groups' mandates and the events reported in the seeds (the
"Compact in Review" of January–February 2024, the 2022 brochure): nothing is random. Scale 2 and
more add earlier years (2023, 2022, ...) with the same half-year pattern, back to 2019.

Deterministic and idempotent: reports are keyed by group and period and the annual report by year;
an existing row is left as it is (a second run creates nothing, and demo edits survive).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from entities.models import FocalPoint, User

from .models import Activity, AnnualReport, ProgressReport, WorkingGroup, WorkingGroupMembership
from .report_actions import sanitize_report_html

FIRST_YEAR = 2019
YEARS = (2024, 2025)
ACTIVITIES_LINKED = 4
# (group number, year, half) left as a draft, and left unreported.
DRAFTS = {(6, 2025, 2)}
UNREPORTED = {(8, 2025, 2)}

# Per group: achievements by half-year (1 or 2), then the challenges and next steps it reports.
ACHIEVEMENTS: dict[int, dict[int, list[str]]] = {
    1: {
        1: [
            "Peer-learning workshops on regional PVE action plans with Member States of East and "
            "West Africa, building on the Coordination Committee's discussion of strategic "
            "coordination in Africa (24–25 January).",
            "Interactive event with the Permanent Mission of Iraq on the International Day for "
            "the Prevention of Violent Extremism.",
            "A mapping of UN PVE programming in Central Asia shared with the Group's members.",
        ],
        2: [
            "Technical support to gender-responsive PVE strategies, following the UNICRI workshop "
            "in Mauritania.",
            "Dialogue with faith-based organizations on their role in prevention, with UNAOC.",
            "Guidance on PVE in schools and learning settings drafted with UNESCO.",
        ],
    },
    2: {
        1: [
            "First workshop of the GCTF Border Security and Management Initiative (22 February), "
            "with UNOCT, towards an addendum to the 2016 good practices.",
            "Advance passenger information and PNR capacity building for Trinidad and Tobago and "
            "Kenya through the CT TECH initiative.",
            "Technical guidance on the responsible use of biometrics in counter-terrorism updated.",
        ],
        2: [
            "Joint INTERPOL–UNODC support on the detection of foreign terrorist fighters at border "
            "crossings.",
            "Maritime border security needs assessed with Gulf of Guinea States.",
            "Cooperation with WCO on customs controls of strategic goods.",
        ],
    },
    3: {
        1: [
            "Fourth INTERPOL–UNICRI Global Meeting on Responsible AI for Law Enforcement (20–23 "
            "February) reaffirmed the commitment to responsible AI innovation.",
            "UNOCT workshop on vulnerable targets protection and unmanned aircraft systems in Togo "
            "(31 January).",
        ],
        2: [
            "Memorandum of understanding between UNOCT and the Counter Terrorism Preparedness "
            "Network on CBRN defences.",
            "Exercises on the protection of critical infrastructure against terrorist attacks, "
            "with OPCW and UNODA.",
            "Palau's accession to ICSANT (the 124th State party) supported through outreach.",
        ],
    },
    4: {
        1: [
            "UNODC–UNOCT project for the Philippines on the Model Legislative Provisions to "
            "support the rights and needs of victims of terrorism, with a workshop "
            "(16–18 January).",
            "Cross-regional legislative roundtable in Malé on handling electronic evidence, for "
            "South and South-East Asian countries (25–29 February).",
        ],
        2: [
            "Support to Mozambique on countering the financing of terrorism, and training of "
            "correctional officers on the management of radicalized inmates.",
            "Renovated evidence storage facility handed over to the Nigeria Police Force after a "
            "training on special investigative techniques.",
            "Joint outreach with FATF on risk-based measures for the non-profit sector.",
        ],
    },
    5: {
        1: [
            "Launch of the consultations on the next UN Multi-Year Appeal for Counter-Terrorism "
            "with the Compact entities.",
            "Updated Matrix of UN projects on preventing and countering terrorism shared with "
            "Member States.",
        ],
        2: [
            "Common monitoring and evaluation indicators agreed for joint projects.",
            "Briefing to donors on the Appeal's funding gaps and jointly designed projects.",
        ],
    },
    6: {
        1: [
            "Support to national and regional counter-terrorism strategies in Central Asia, "
            "following the high-level briefing on UNOCT programmes in the region (23 January).",
            "Meetings with the African Union and CAERT on updating the matrix of joint initiatives "
            "(25 January and 8 February).",
        ],
        2: [
            "Peer review of two national strategies with the Group's members.",
            "Regional workshop on integrating prevention into national action plans.",
        ],
    },
    7: {
        1: [
            "Briefing by the Special Rapporteur on counter-terrorism and human rights to EU Member "
            "States on international humanitarian law (12 January).",
            "Dialogue with the Raphael Lemkin Champions of Prevention on the prevention of "
            "genocide and related crimes (12 February).",
        ],
        2: [
            "Guidance on human rights due diligence in counter-terrorism assistance circulated to "
            "the Compact entities.",
            "Support to associations of victims of terrorism for the International Day of "
            "Remembrance.",
        ],
    },
    8: {
        1: [
            "Gender analysis of the Group members' PVE programming completed.",
            "Workshop on gender-responsive approaches to rehabilitation and reintegration.",
        ],
        2: [
            "Training module on gender mainstreaming in counter-terrorism for Compact entities.",
            "Regional consultations with women-led civil society organizations.",
        ],
    },
}

# 2025: the follow-up of the 2024 work (the next steps the groups announced).
ACHIEVEMENTS_2025: dict[int, dict[int, list[str]]] = {
    1: {
        1: [
            "PVE guidance for schools and learning settings published with UNESCO.",
            "Peer-learning series on regional PVE action plans extended to Central Asia.",
        ],
        2: [
            "Youth engagement and resilience programme reviewed with the Group's members.",
            "Strategic communications workshop against violent extremist narratives.",
        ],
    },
    2: {
        1: [
            "Addendum to the GCTF good practices on border security and management finalized.",
            "Second cohort of API/PNR capacity-building assistance started.",
        ],
        2: [
            "Biometrics technical guidance presented to Member States.",
            "Joint follow-up with WCO and INTERPOL on the Gulf of Guinea assessment.",
        ],
    },
    3: {
        1: [
            "Toolkit on responsible AI for law enforcement published with UNICRI.",
            "Tabletop exercise on threats posed by unmanned aircraft systems.",
        ],
        2: [
            "Guidance on protecting vulnerable targets shared with regional organizations.",
            "CBRN preparedness dialogue with OPCW and UNODA members.",
        ],
    },
    4: {
        1: [
            "Second roundtable on electronic evidence, for Central Asian countries.",
            "Victims' legislation support extended to two more Member States.",
        ],
        2: [
            "Joint FATF–UNODC outreach on risk-based measures for non-profit organizations.",
            "Training on special investigative techniques for prosecutors.",
        ],
    },
    5: {
        1: [
            "Next UN Multi-Year Appeal for Counter-Terrorism launched with jointly designed "
            "projects.",
            "First report on the common monitoring and evaluation indicators.",
        ],
        2: [
            "Matrix of UN projects updated with the entities' 2025 projects.",
            "Donor briefing on the Appeal's progress and funding gaps.",
        ],
    },
    6: {
        1: [
            "Peer reviews of three national counter-terrorism strategies.",
            "Regional follow-up meeting with the African Union and CAERT.",
        ],
        2: ["Draft guidance on reviewing national strategies shared with members."],
    },
    7: {
        1: [
            "Human rights due-diligence guidance rolled out to the Compact entities.",
            "Meeting of the victims of terrorism support network.",
        ],
        2: [
            "Human rights training for Compact entities' programme staff.",
            "Joint statement for the International Day of Remembrance of victims of terrorism.",
        ],
    },
    8: {
        1: [
            "Pilot of the gender mainstreaming training module with three entities.",
            "Gender analysis of PVE programming published.",
        ],
        2: [],
    },
}

CHALLENGES: dict[int, list[str]] = {
    1: [
        "Unpredictable funding for multi-year prevention programmes.",
        "Measuring the results of prevention work.",
    ],
    2: [
        "Uneven legal frameworks for the use of passenger data across regions.",
        "Staff turnover in national border agencies.",
    ],
    3: [
        "The pace of technological change outruns guidance.",
        "Limited access to sensitive information on critical infrastructure.",
    ],
    4: [
        "Handling of electronic evidence across borders remains slow.",
        "Rising demand for technical assistance against available resources.",
    ],
    5: ["Earmarked contributions limit joint programming.", "Fragmented project data."],
    6: [
        "Keeping strategies current as threats evolve.",
        "Coordination between national agencies.",
    ],
    7: [
        "Ensuring human rights safeguards in all technical assistance.",
        "Reaching victims in conflict-affected areas.",
    ],
    8: ["Sex-disaggregated data is rarely collected.", "Gender expertise is thinly spread."],
}

NEXT_STEPS: dict[int, list[str]] = {
    1: ["Publish the PVE guidance for schools.", "Extend the peer-learning series to Asia."],
    2: ["Finalize the BSM good-practices addendum.", "Second cohort of API/PNR assistance."],
    3: ["Publish the AI toolkit for law enforcement.", "A tabletop exercise on drone threats."],
    4: ["Extend the victims' legislation support.", "A second electronic evidence roundtable."],
    5: ["Launch the next Multi-Year Appeal.", "Report on the common indicators."],
    6: ["Peer reviews of three more strategies.", "Regional follow-up with the African Union."],
    7: ["Roll out the due-diligence guidance.", "A victims' support network meeting."],
    8: ["Pilot the training module.", "Publish the gender analysis."],
}

ANNUAL_2024 = {
    "introduction": (
        "<p>In 2024 the Global Counter-Terrorism Coordination Compact brought together 45 "
        "entities, 137 Member States with focal points and 14 international and regional "
        "organizations, around 1,050 focal points in all, under the Joint Programme of Work "
        "2024–2026 adopted by the Coordination Committee on 24 January 2024.</p>"
        "<p>This report gathers the progress reported by the eight Working Groups and the "
        "Secretariat's account of the year.</p>"
    ),
    "consolidation": (
        "<p>The Joint Programme of Work set five priorities for the Compact:</p><ol>"
        "<li>Enhance coordination and coherence of United Nations counter-terrorism efforts</li>"
        "<li>Strengthen engagement with Member States</li>"
        "<li>Advance partnerships with regional entities, civil society, academia and the "
        "private sector</li>"
        "<li>Consolidate joint planning and resource mobilization</li>"
        "<li>Ensure mainstreaming of gender, human rights and the rule of law</li></ol>"
        "<p>Each Working Group aligned its work plan with these priorities, and the Coordination "
        "Platform's Working Group spaces, library and directory became the shared place of "
        "work.</p>"
    ),
    "strategic_leadership": (
        "<p>The tenth meeting of the Coordination Committee (24–25 January) discussed the "
        "strategic coordination of counter-terrorism initiatives in Africa. Heads of entities "
        "underlined that the collective response to terrorism must be grounded in respect for "
        "human rights and the rule of law, and that the transnational nature of terrorism "
        "requires stronger international cooperation and innovative partnerships, especially "
        "with regional organizations.</p>"
    ),
    "capacity_building": (
        "<p>Compact entities delivered joint capacity-building support, among others:</p><ul>"
        "<li>UNODC and UNOCT support to the Philippines on the rights and needs of victims of "
        "terrorism;</li>"
        "<li>UNODC support to Mozambique on countering the financing of terrorism;</li>"
        "<li>CT TECH support to Trinidad and Tobago and Kenya;</li>"
        "<li>the Connect and Learn Platform, which won the gold medal at the 2024 Learning "
        "Platform of the Year Awards.</li></ul>"
    ),
}


def _html_list(items: list[str]) -> str:
    # The seed text is ours (no markup), but it goes through the same sanitiser as user input.
    from django.utils.html import format_html, format_html_join

    return sanitize_report_html(
        format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))
    )


def _achievements(group, year, half, start, end) -> list[str]:
    if year == 2024:
        return ACHIEVEMENTS.get(group.number, {}).get(half, [])
    if year == 2025:
        return ACHIEVEMENTS_2025.get(group.number, {}).get(half, [])
    # Earlier years (scale > 1): what the group's work plan says about the period.
    activities = Activity.objects.filter(
        group=group, starts_on__lte=end, ends_on__gte=start
    ).order_by("starts_on", "pk")[:ACTIVITIES_LINKED]
    return [f"{a.title} ({a.get_status_display().lower()})" for a in activities] or [
        "Regular meetings of the Working Group and exchange of information among its members."
    ]


def _period(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def _writers() -> dict[int, User | None]:
    """Per group id: its designated editor from the chair organization, else the first active
    focal point of the chair organization (None if it has none)."""
    from .models import GroupEditor

    chairs = dict(
        WorkingGroupMembership.objects.filter(
            group__kind=WorkingGroup.Kind.WORKING_GROUP, role=WorkingGroupMembership.Role.CHAIR
        ).values_list("group_id", "organization_id")
    )
    writers: dict[int, User | None] = {}
    for group_id, organization_id in chairs.items():
        editor = (
            GroupEditor.objects.filter(
                group_id=group_id,
                user__is_active=True,
                user__focal_point__organization_id=organization_id,
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if editor is not None:
            writers[group_id] = editor.user
            continue
        focal_point = (
            FocalPoint.objects.filter(organization_id=organization_id, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        writers[group_id] = focal_point.user if focal_point else None
    return writers


def _years(scale: int) -> list[int]:
    earliest = max(FIRST_YEAR, YEARS[0] - max(scale, 1) + 1)
    return [*range(earliest, YEARS[0]), *YEARS]


@transaction.atomic
def seed_reports(scale: int = 1) -> int:
    """Create the demo progress reports and the 2024 annual report; returns how many reports."""
    groups = list(WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP))
    writers = _writers()
    existing = set(ProgressReport.objects.values_list("group_id", "period_start", "period_end"))
    today = timezone.localdate()
    created = 0
    for group in sorted(groups, key=lambda g: g.number):
        for year in _years(scale):
            for half in (1, 2):
                key = (group.number, year, half)
                start, end = _period(year, half)
                if key in UNREPORTED or end >= today or (group.pk, start, end) in existing:
                    continue
                writer = writers.get(group.pk)
                draft = key in DRAFTS
                submitted_at = timezone.make_aware(
                    datetime.datetime.combine(end + datetime.timedelta(days=21), datetime.time(10))
                )
                report = ProgressReport.objects.create(
                    group=group,
                    period_start=start,
                    period_end=end,
                    achievements=_html_list(_achievements(group, year, half, start, end)),
                    challenges=_html_list(CHALLENGES.get(group.number, [])),
                    next_steps=_html_list(NEXT_STEPS.get(group.number, [])),
                    status="draft" if draft else "submitted",
                    created_by=writer,
                    submitted_by=None if draft else writer,
                    submitted_at=None if draft else min(submitted_at, timezone.now()),
                )
                activities = Activity.objects.filter(
                    group=group, starts_on__lte=end, ends_on__gte=start
                ).order_by("starts_on", "pk")[:ACTIVITIES_LINKED]
                report.activities.set(list(activities))
                created += 1
    if not AnnualReport.objects.filter(year=2024).exists():
        AnnualReport.objects.create(year=2024, published=True, **ANNUAL_2024)
    return created
