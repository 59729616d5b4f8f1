"""The annual report: the list of years, a year's compiled report (printable), the Secretariat's
narrative editor, publishing, and the DOCX download.

Unpublished years are the Secretariat's only (404 for anyone else, whatever the URL); a published
year is read by every focal point, who get 403 on the edit and publish URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entities.accounts import is_secretariat

from . import report_actions as actions
from .annual_report import check_annual_report_visible, compile_annual_report, years_for
from .annual_report_docx import build_annual_report_docx
from .report_forms import AnnualReportForm, YearForm, valid_year

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def annual_index(request):
    secretariat = is_secretariat(request.user)
    form = None
    if secretariat:
        form = YearForm(request.GET or None)
        if request.GET and form.is_valid():
            return redirect("reports:annual_detail", form.cleaned_data["year"])
    return render(
        request,
        "workinggroups/reports/annual_index.html",
        {
            "years": years_for(request.user, secretariat=secretariat),
            "secretariat": secretariat,
            "form": form,
        },
    )


@require_GET
def annual_detail(request, year):
    secretariat = is_secretariat(request.user)
    check_annual_report_visible(request.user, year, secretariat=secretariat)
    compiled = compile_annual_report(year)
    return render(
        request,
        "workinggroups/reports/annual_detail.html",
        {"compiled": compiled, "year": year, "can_edit": secretariat},
    )


def _check_secretariat(request, year) -> None:
    """404 for who may not read the year, 403 for who may read it but not change it."""
    secretariat = is_secretariat(request.user)
    check_annual_report_visible(request.user, year, secretariat=secretariat)
    if not secretariat:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def annual_edit(request, year):
    _check_secretariat(request, year)
    compiled = compile_annual_report(year)
    if request.method == "POST":
        form = AnnualReportForm(request.POST)
        if form.is_valid():
            actions.save_annual_report(year, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The annual report is saved."))
            return redirect("reports:annual_detail", year)
    else:
        annual = compiled.annual
        form = AnnualReportForm(
            initial={name: getattr(annual, name, "") for name in actions.ANNUAL_SECTIONS}
        )
    return render(
        request,
        "workinggroups/reports/annual_edit.html",
        {"compiled": compiled, "year": year, "form": form},
    )


@require_POST
def annual_publish(request, year):
    _check_secretariat(request, year)
    published = request.POST.get("published") == "1"
    actions.set_annual_report_published(year, published, actor=request.user)
    if published:
        messages.success(request, _("The annual report is published to all focal points."))
    else:
        messages.success(
            request, _("The annual report is withdrawn: only the Secretariat sees it.")
        )
    return redirect("reports:annual_detail", year)


@require_GET
def annual_docx(request, year):
    if not valid_year(year):
        raise Http404
    check_annual_report_visible(request.user, year, secretariat=is_secretariat(request.user))
    content = build_annual_report_docx(compile_annual_report(year))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="compact-annual-report-{year}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response
