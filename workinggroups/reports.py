"""Who may see and write the Working Groups' progress reports (reads only; changes are in
`report_actions`).

- **Submitted** reports are read by every focal point (anyone with a visibility tier).
- **Drafts** are read and written only by the group's editors holding the object permission
  `workinggroups.submit_progress_report` and by the Secretariat.
- Only the Secretariat changes a submitted report, or returns it to draft (with a reason).

A report someone may not see answers 404 (as if it did not exist); a report they may see but not
change answers 403 on the edit, submit and return URLs. Progress reports belong to Working Groups
only (not the Coordination Committee).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from entities.accounts import is_secretariat, visibility_tier

from .models import (
    ProgressReport,
    WorkingGroup,
    WorkingGroupGroupObjectPermission,
    WorkingGroupUserObjectPermission,
)

SUBMIT_PERMISSION = "submit_progress_report"


def reporting_groups() -> QuerySet[WorkingGroup]:
    """The groups that report: the Working Groups (the Coordination Committee does not)."""
    return WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)


def writable_group_ids(user) -> QuerySet:
    """A subquery of the ids of groups where `user` holds the submit permission on the object
    (directly or through one of their auth groups); global permissions are not accepted."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkingGroup.objects.none().values("pk")
    direct = WorkingGroupUserObjectPermission.objects.filter(
        user_id=user.pk,
        permission__codename=SUBMIT_PERMISSION,
        permission__content_type__app_label="workinggroups",
    ).values("content_object_id")
    via_groups = WorkingGroupGroupObjectPermission.objects.filter(
        group__user=user,
        permission__codename=SUBMIT_PERMISSION,
        permission__content_type__app_label="workinggroups",
    ).values("content_object_id")
    return WorkingGroup.objects.filter(Q(pk__in=direct) | Q(pk__in=via_groups)).values("pk")


def reports_visible_to(user, *, secretariat: bool | None = None) -> QuerySet[ProgressReport]:
    """The progress reports `user` may read (the module docstring's rule, as one query)."""
    reports = ProgressReport.objects.filter(group__kind=WorkingGroup.Kind.WORKING_GROUP)
    if secretariat is None:
        secretariat = is_secretariat(user)
    if secretariat:
        return reports
    if visibility_tier(user) is None:
        return reports.none()
    return reports.filter(
        Q(status=ProgressReport.Status.SUBMITTED) | Q(group_id__in=writable_group_ids(user))
    )


def can_write_reports(user, group: WorkingGroup, *, secretariat: bool | None = None) -> bool:
    """May `user` start and edit the group's draft reports and submit them?"""
    if group.kind != WorkingGroup.Kind.WORKING_GROUP:
        return False
    if secretariat is None:
        secretariat = is_secretariat(user)
    if secretariat:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm(f"workinggroups.{SUBMIT_PERMISSION}", group)


def can_change_report(user, report: ProgressReport, *, secretariat: bool | None = None) -> bool:
    """Drafts: the group's report writers; submitted reports: the Secretariat only."""
    if secretariat is None:
        secretariat = is_secretariat(user)
    if secretariat:
        return True
    if report.status != ProgressReport.Status.DRAFT:
        return False
    return can_write_reports(user, report.group, secretariat=False)


def get_reporting_group(slug: str) -> WorkingGroup:
    return get_object_or_404(reporting_groups().select_related("pillar"), slug=slug)


def get_report_for_user(user, group: WorkingGroup, pk: int) -> ProgressReport:
    """The group's report if `user` may read it, else 404 ("missing" and "not allowed" alike)."""
    report = (
        reports_visible_to(user)
        .filter(group=group, pk=pk)
        .select_related("submitted_by", "created_by")
        .first()
    )
    if report is None:
        raise Http404
    report.group = group
    return report
