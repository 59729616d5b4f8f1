"""Progress report pages of a Working Group: the list, a report (printable), writing a draft,
submitting it, and the Secretariat returning a submitted report to draft.

Reads go through `workinggroups.reports` (a report someone may not read answers 404); changing a
report one may read but not change answers 403, on GET and on direct POSTs alike.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entities.accounts import is_secretariat

from . import report_actions as actions
from .models import ProgressReport
from .report_forms import ProgressReportForm, ReturnForm, default_half_year
from .reports import (
    can_change_report,
    can_write_reports,
    get_report_for_user,
    get_reporting_group,
    reports_visible_to,
)

PER_PAGE = 20
SORTS = {"-period": ("-period_end", "-pk"), "period": ("period_start", "pk")}


@require_GET
def group_reports(request, slug):
    group = get_reporting_group(slug)
    secretariat = is_secretariat(request.user)
    reports = reports_visible_to(request.user, secretariat=secretariat).filter(group=group)
    status = request.GET.get("status", "")
    if status in ProgressReport.Status.values:
        reports = reports.filter(status=status)
    else:
        status = ""
    sort = request.GET.get("sort", "-period")
    if sort not in SORTS:
        sort = "-period"
    reports = reports.select_related("submitted_by").order_by(*SORTS[sort])
    paginator = Paginator(reports, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "workinggroups/reports/report_list.html",
        {
            "group": group,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "status": status,
            "sort": sort,
            "statuses": ProgressReport.Status.choices,
            "can_write": can_write_reports(request.user, group, secretariat=secretariat),
        },
    )


@require_http_methods(["GET", "POST"])
def report_new(request, slug):
    group = get_reporting_group(slug)
    if not can_write_reports(request.user, group):
        raise PermissionDenied
    if request.method == "POST":
        form = ProgressReportForm(request.POST, group=group)
        if form.is_valid():
            try:
                report = actions.create_progress_report(
                    group, actor=request.user, **form.cleaned_data
                )
            except IntegrityError:  # the same period was saved a moment ago
                form.add_error(None, _("The group already has a report for this period."))
            else:
                messages.success(request, _("The draft is saved. Submit it when it is ready."))
                return redirect("reports:detail", group.slug, report.pk)
    else:
        start, end = default_half_year()
        form = ProgressReportForm(group=group, initial={"period_start": start, "period_end": end})
    return render(request, "workinggroups/reports/report_form.html", {"group": group, "form": form})


def _return_note(report: ProgressReport):
    """The latest "returned to draft" record of a draft, if it was returned."""
    if report.status != ProgressReport.Status.DRAFT:
        return None
    return (
        report.history.filter(history_change_reason__isnull=False, status="draft")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )


@require_GET
def report_detail(request, slug, pk):
    group = get_reporting_group(slug)
    report = get_report_for_user(request.user, group, pk)
    secretariat = is_secretariat(request.user)
    can_write = can_write_reports(request.user, group, secretariat=secretariat)
    activities = list(
        report.activities.select_related("priority", "lead_organization").order_by(
            "starts_on", "pk"
        )
    )
    return render(
        request,
        "workinggroups/reports/report_detail.html",
        {
            "group": group,
            "report": report,
            "activities": activities,
            "can_edit": can_write and (secretariat or report.status == "draft"),
            "can_submit": can_write and report.status == "draft",
            "can_return": secretariat and report.status == "submitted",
            "return_note": _return_note(report) if can_write else None,
        },
    )


def _report_to_change(request, slug, pk) -> ProgressReport:
    group = get_reporting_group(slug)
    report = get_report_for_user(request.user, group, pk)
    if not can_change_report(request.user, report):
        raise PermissionDenied
    return report


@require_http_methods(["GET", "POST"])
def report_edit(request, slug, pk):
    report = _report_to_change(request, slug, pk)
    group = report.group
    if request.method == "POST":
        form = ProgressReportForm(request.POST, group=group, report=report)
        if form.is_valid():
            try:
                actions.update_progress_report(report, actor=request.user, **form.cleaned_data)
            except actions.ReportStateError:
                raise PermissionDenied from None  # submitted meanwhile
            except IntegrityError:
                form.add_error(None, _("The group already has a report for this period."))
            else:
                messages.success(request, _("The report is saved."))
                return redirect("reports:detail", group.slug, report.pk)
    else:
        form = ProgressReportForm(
            group=group,
            report=report,
            initial={
                "period_start": report.period_start,
                "period_end": report.period_end,
                "achievements": report.achievements,
                "challenges": report.challenges,
                "next_steps": report.next_steps,
                "activities": list(report.activities.values_list("pk", flat=True)),
            },
        )
    return render(
        request,
        "workinggroups/reports/report_form.html",
        {"group": group, "form": form, "report": report},
    )


@require_POST
def report_submit(request, slug, pk):
    group = get_reporting_group(slug)
    report = get_report_for_user(request.user, group, pk)
    if not can_write_reports(request.user, group):
        raise PermissionDenied
    if actions.submit_progress_report(report, actor=request.user):
        messages.success(request, _("The report is submitted; the Secretariat has been told."))
    else:
        messages.info(request, _("The report was already submitted."))
    return redirect("reports:detail", group.slug, report.pk)


@require_http_methods(["GET", "POST"])
def report_return(request, slug, pk):
    group = get_reporting_group(slug)
    report = get_report_for_user(request.user, group, pk)
    if not is_secretariat(request.user):
        raise PermissionDenied
    if report.status != ProgressReport.Status.SUBMITTED:
        messages.info(request, _("The report is a draft already."))
        return redirect("reports:detail", group.slug, report.pk)
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            actions.return_progress_report(
                report, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, _("The report is a draft again; its author has been told."))
            return redirect("reports:detail", group.slug, report.pk)
    else:
        form = ReturnForm()
    return render(
        request,
        "workinggroups/reports/report_return.html",
        {"group": group, "report": report, "form": form},
    )


@require_http_methods(["GET", "POST"])
def report_delete(request, slug, pk):
    report = _report_to_change(request, slug, pk)
    group = report.group
    if report.status != ProgressReport.Status.DRAFT:
        raise PermissionDenied
    if request.method == "POST":
        try:
            actions.delete_progress_report(report, actor=request.user)
        except actions.ReportStateError:
            raise PermissionDenied from None
        messages.success(request, _("The draft is deleted."))
        return redirect("reports:group_reports", group.slug)
    return render(
        request, "workinggroups/reports/report_delete.html", {"group": group, "report": report}
    )
