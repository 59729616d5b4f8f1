"""State changes of progress reports and the annual report.

Workflow of a progress report (decided here, enforced on the server):

- A group's report writers (editors holding `workinggroups.submit_progress_report` on the group)
  and the Secretariat create and edit **drafts**.
- `submit_progress_report` turns a draft into a **submitted** report, recording who and when, and
  emails every Secretariat member (after the commit, through the outbox).
- A submitted report is frozen for the group: only the Secretariat may still correct it, or
  return it to draft with a reason (`return_progress_report`). The reason is kept in the
  report's history (the change reason of the historical record) and emailed to the person who
  submitted it; the group then edits and submits again.

The annual report of a year is written by the Secretariat (`save_annual_report`) and published to
all focal points or withdrawn (`set_annual_report_published`).

Every change is recorded by django-simple-history (who, when, what) and logged to `portal.audit`.
Rich text is stored only sanitised (`sanitize_report_html`, an nh3 allow-list).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from entities.accounts import is_secretariat, secretariat_recipients
from entities.organization_actions import sanitize_rich_text

from .models import Activity, AnnualReport, ProgressReport, WorkingGroup

audit_log = logging.getLogger("portal.audit")

REPORT_SECTIONS = ("achievements", "challenges", "next_steps")
# The reason is the change reason of the report's historical record (a text column).
RETURN_REASON_MAX_LENGTH = 2000
ANNUAL_SECTIONS = ("introduction", "consolidation", "strategic_leadership", "capacity_building")


class ReportStateError(ValueError):
    """The change is not allowed in the report's current state (the message says why)."""


def sanitize_report_html(value: str) -> str:
    """The allow-listed HTML a report section is stored (and shown) as: the same rule as the
    organization profiles and group spaces (`entities.organization_actions.sanitize_rich_text`)."""
    return sanitize_rich_text(value)


def _activities_of(group: WorkingGroup, activities) -> list[Activity]:
    """Only the group's own activities can be linked; others are ignored."""
    ids = [getattr(a, "pk", a) for a in (activities or [])]
    if not ids:
        return []
    return list(Activity.objects.filter(group=group, pk__in=ids))


def _person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


def _report_url(report: ProgressReport) -> str:
    path = reverse("reports:detail", args=[report.group.slug, report.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@transaction.atomic
def create_progress_report(
    group: WorkingGroup,
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    achievements: str = "",
    challenges: str = "",
    next_steps: str = "",
    activities=(),
    actor,
) -> ProgressReport:
    """Start a draft report of `group` for a period (one report per group and period)."""
    if group.kind != WorkingGroup.Kind.WORKING_GROUP:
        raise ReportStateError("Only Working Groups write progress reports.")
    if period_end < period_start:
        raise ReportStateError("The period must end after it starts.")
    report = ProgressReport(
        group=group,
        period_start=period_start,
        period_end=period_end,
        achievements=sanitize_report_html(achievements),
        challenges=sanitize_report_html(challenges),
        next_steps=sanitize_report_html(next_steps),
        created_by=actor,
    )
    report._history_user = actor
    report.save()
    report.activities.set(_activities_of(group, activities))
    audit_log.info(
        "progress report %s of group %s created (by user %s)",
        report.pk,
        group.pk,
        getattr(actor, "pk", None),
    )
    return report


def _lock(report: ProgressReport) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().select_related("group").get(pk=report.pk)
    return locked


@transaction.atomic
def update_progress_report(
    report: ProgressReport,
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    achievements: str,
    challenges: str,
    next_steps: str,
    activities=(),
    actor,
) -> ProgressReport:
    """Change a draft (its writers) or a submitted report (the Secretariat only)."""
    current = _lock(report)
    if current.status != ProgressReport.Status.DRAFT and not is_secretariat(actor):
        raise ReportStateError("A submitted report can only be corrected by the Secretariat.")
    if period_end < period_start:
        raise ReportStateError("The period must end after it starts.")
    current.period_start = period_start
    current.period_end = period_end
    current.achievements = sanitize_report_html(achievements)
    current.challenges = sanitize_report_html(challenges)
    current.next_steps = sanitize_report_html(next_steps)
    current._history_user = actor
    current.save(
        update_fields=[
            "period_start",
            "period_end",
            "achievements",
            "challenges",
            "next_steps",
            "updated_at",
        ]
    )
    current.activities.set(_activities_of(current.group, activities))
    audit_log.info(
        "progress report %s updated (by user %s)", current.pk, getattr(actor, "pk", None)
    )
    return current


@transaction.atomic
def submit_progress_report(report: ProgressReport, *, actor) -> bool:
    """Draft → submitted; the Secretariat is told by email. False if it was already submitted."""
    current = _lock(report)
    if current.status != ProgressReport.Status.DRAFT:
        return False
    current.status = ProgressReport.Status.SUBMITTED
    current.submitted_by = actor
    current.submitted_at = timezone.now()
    current._history_user = actor
    current.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    audit_log.info(
        "progress report %s submitted (by user %s)", current.pk, getattr(actor, "pk", None)
    )
    _tell_secretariat(current, actor)
    return True


def _tell_secretariat(report: ProgressReport, actor) -> None:
    from entities.emails import queue_email

    recipients = secretariat_recipients().select_related("focal_point")
    stamp = report.submitted_at.strftime("%Y%m%dT%H%M%S.%f")
    context = {
        "report": report,
        "group": report.group,
        "submitted_by": _person(actor),
        "report_url": _report_url(report),
    }
    for recipient in recipients:
        focal_point = getattr(recipient, "focal_point", None)
        if focal_point is not None and focal_point.notification_frequency == "never":
            continue
        queue_email(
            f"progress-report:{report.pk}:submitted:{stamp}:{recipient.pk}",
            recipient.email,
            "progress_report_submitted",
            {**context, "user": recipient},
        )


@transaction.atomic
def return_progress_report(report: ProgressReport, *, reason: str, actor) -> bool:
    """Submitted → draft, by the Secretariat, with a reason (kept in the history and emailed to
    whoever submitted it). False if the report was a draft already."""
    from entities.emails import queue_email

    if not is_secretariat(actor):
        raise ReportStateError("Only the Secretariat returns a submitted report.")
    reason = (reason or "").strip()
    if not reason:
        raise ReportStateError("Say why the report is returned.")
    current = _lock(report)
    if current.status != ProgressReport.Status.SUBMITTED:
        return False
    submitter = current.submitted_by
    current.status = ProgressReport.Status.DRAFT
    current.submitted_by = None
    current.submitted_at = None
    current._history_user = actor
    current._change_reason = reason[:RETURN_REASON_MAX_LENGTH]
    current.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    audit_log.info(
        "progress report %s returned to draft (by user %s)", current.pk, getattr(actor, "pk", None)
    )
    if submitter is not None and submitter.is_active:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%f")
        queue_email(
            f"progress-report:{current.pk}:returned:{stamp}:{submitter.pk}",
            submitter.email,
            "progress_report_returned",
            {
                "user": submitter,
                "report": current,
                "group": current.group,
                "reason": reason,
                "returned_by": _person(actor),
                "report_url": _report_url(current),
            },
        )
    return True


@transaction.atomic
def delete_progress_report(report: ProgressReport, *, actor) -> None:
    """Delete a draft (a submitted report is never deleted here)."""
    current = _lock(report)
    if current.status != ProgressReport.Status.DRAFT:
        raise ReportStateError("Only a draft can be deleted.")
    current._history_user = actor
    current.delete()
    audit_log.info("progress report %s deleted (by user %s)", report.pk, getattr(actor, "pk", None))


# --- the annual report ---------------------------------------------------------------------------


@transaction.atomic
def save_annual_report(year: int, *, actor, **sections: str) -> AnnualReport:
    """Write the narrative sections of the year's annual report (the Secretariat's)."""
    unknown = set(sections) - set(ANNUAL_SECTIONS)
    if unknown:
        raise ValueError(f"Unknown sections: {sorted(unknown)}")
    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    for name in ANNUAL_SECTIONS:
        if name in sections:
            setattr(report, name, sanitize_report_html(sections[name]))
    report.updated_by = actor
    report._history_user = actor
    report.save(update_fields=[*ANNUAL_SECTIONS, "updated_by", "updated_at"])
    audit_log.info("annual report %s saved (by user %s)", year, getattr(actor, "pk", None))
    return report


@transaction.atomic
def set_annual_report_published(year: int, published: bool, *, actor) -> AnnualReport:
    """Publish the year's annual report to all focal points, or withdraw it (Secretariat)."""
    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    if report.published != published:
        report.published = published
        report.updated_by = actor
        report._history_user = actor
        report.save(update_fields=["published", "updated_by", "updated_at"])
        audit_log.info(
            "annual report %s %s (by user %s)",
            year,
            "published" if published else "withdrawn",
            getattr(actor, "pk", None),
        )
    return report
