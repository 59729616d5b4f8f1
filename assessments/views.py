"""Pages of CTED assessments, TA recommendations and their uptake.

Confidential: every read starts from `visible_to(user)` (`assessments.visibility`); what a person
may not see answers 404 whatever the URL; the pages are sent with `Cache-Control: no-store` and
every read of an assessment, a recommendation or a report file is logged (`portal.audit`).
Creating and editing is for CTED focal points and the Secretariat (others who see: 403).
"""

from __future__ import annotations

import functools
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from library.views import content_disposition

from . import actions, exports, selectors, synergies
from .forms import (
    AssessmentFilterForm,
    AssessmentForm,
    RecommendationFilterForm,
    RecommendationForm,
    ReportFileForm,
    StatusForm,
    UptakeForm,
)
from .models import Assessment, Recommendation, Uptake
from .visibility import (
    get_assessment_for_user,
    get_recommendation_for_user,
    get_report_file_for_user,
    viewer_of,
)

audit_log = logging.getLogger("portal.audit")

ASSESSMENTS_PER_PAGE = 25
RECOMMENDATIONS_PER_PAGE = 50
UPTAKE_STATES_PER_PAGE = 40


def confidential(view):
    """No caching anywhere; 404 for people who may see no assessment at all."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = viewer_of(request.user)
        if viewer.user_id is None or not (viewer.sees_all_assessments or viewer.is_state):
            raise Http404
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _require_manager(request):
    if not viewer_of(request.user).may_manage:
        raise PermissionDenied


def _log_read(request, kind: str, pk) -> None:
    audit_log.info("assessments: %s %s read by user %s", kind, pk, request.user.pk)


def project_url(project) -> str:
    """The project's page once the projects pages exist (`projects:detail`), else ""."""
    if project is None:
        return ""
    try:
        return reverse("projects:detail", args=[project.pk])
    except NoReverseMatch:
        return ""


def _page(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page_obj, paginator.get_elided_page_range(page_obj.number)


def _render_list(request, template, partial, context):
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        response = render(request, partial, context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _cleaned(form) -> dict:
    """Valid filters only: an unknown value is shown as an error and otherwise ignored."""
    if form.is_bound and not form.is_valid():
        return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    return form.cleaned_data if form.is_bound else {}


# --- Assessments ---------------------------------------------------------------------------------


def _assessment_search(request):
    states = selectors.visible_states(request.user)
    form = AssessmentFilterForm(request.GET or None, states=states)
    data = _cleaned(form)
    return form, selectors.filter_assessments(request.user, data)


@require_GET
@confidential
def assessment_list(request):
    form, queryset = _assessment_search(request)
    page_obj, page_range = _page(request, queryset, ASSESSMENTS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "page_range": page_range,
        "viewer": viewer_of(request.user),
        "query": query.urlencode(),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return _render_list(
        request,
        "assessments/assessment_list.html",
        "assessments/partials/_assessment_results.html",
        context,
    )


@require_GET
@confidential
def assessment_export(request):
    kind = request.GET.get("format", "csv")
    if kind not in exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    _form, queryset = _assessment_search(request)
    audit_log.info("assessments: list exported (%s) by user %s", kind, request.user.pk)
    return exports.export(exports.assessment_rows(queryset), kind, "cted-assessments")


@require_GET
@confidential
def assessment_detail(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    _log_read(request, "assessment", assessment.pk)
    recommendations = list(
        assessment.recommendations.select_related("theme")
        .annotate(covered=selectors.covered_by_project())
        .order_by("number")
    )
    viewer = viewer_of(request.user)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "recommendations": recommendations,
            "files": list(assessment.files.select_related("uploaded_by")),
            "viewer": viewer,
            "file_form": ReportFileForm() if viewer.may_manage else None,
            "covered_count": sum(1 for r in recommendations if r.covered),
        },
    )


@require_http_methods(["GET", "POST"])
@confidential
def assessment_new(request):
    _require_manager(request)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = actions.create_assessment(form.cleaned_data, actor=request.user)
        messages.success(request, _("The assessment has been created."))
        return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@confidential
def assessment_edit(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    _require_manager(request)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        fresh = Assessment.objects.get(pk=assessment.pk)
        actions.update_assessment(fresh, form.cleaned_data, actor=request.user)
        messages.success(request, _("The assessment has been saved."))
        return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request, "assessments/assessment_form.html", {"form": form, "assessment": assessment}
    )


@require_POST
@confidential
def report_file_upload(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    _require_manager(request)
    form = ReportFileForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_report_file(
            assessment,
            form.cleaned_data["file"],
            form.inspected,
            title=form.cleaned_data["title"],
            actor=request.user,
        )
        messages.success(request, _("The report file has been added."))
        return redirect("assessments:detail", pk=assessment.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("assessments:detail", pk=assessment.pk)


@require_GET
@confidential
def report_file_download(request, pk: int):
    report = get_report_file_for_user(request.user, pk)
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    audit_log.info(
        "assessments: report file %s of assessment %s downloaded by user %s",
        report.pk,
        report.assessment_id,
        request.user.pk,
    )
    response = FileResponse(handle, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition("attachment", report.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --- Recommendations -----------------------------------------------------------------------------


def _recommendation_search(request):
    states = selectors.visible_states(request.user)
    form = RecommendationFilterForm(request.GET or None, states=states)
    data = _cleaned(form)
    return form, selectors.filter_recommendations(request.user, data)


@require_GET
@confidential
def recommendation_list(request):
    form, queryset = _recommendation_search(request)
    page_obj, page_range = _page(request, queryset, RECOMMENDATIONS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "page_range": page_range,
        "viewer": viewer_of(request.user),
        "query": query.urlencode(),
        "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
    }
    return _render_list(
        request,
        "assessments/recommendation_list.html",
        "assessments/partials/_recommendation_results.html",
        context,
    )


@require_GET
@confidential
def recommendation_export(request):
    kind = request.GET.get("format", "csv")
    if kind not in exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    _form, queryset = _recommendation_search(request)
    audit_log.info("assessments: recommendations exported (%s) by user %s", kind, request.user.pk)
    return exports.export(exports.recommendation_rows(queryset), kind, "ta-recommendations")


def _uptakes(recommendation):
    return list(
        recommendation.uptakes.select_related(
            "organization", "project__lead_organization", "created_by", "confirmed_by"
        )
    )


def _history(recommendation):
    records = list(
        recommendation.history.select_related("history_user").order_by("-history_date")[:30]
    )
    rows = []
    for record in records:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [change.field for change in delta.changes]
        rows.append({"record": record, "changes": changes})
    return rows


@require_GET
@confidential
def recommendation_detail(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk)
    _log_read(request, "recommendation", recommendation.pk)
    viewer = viewer_of(request.user)
    uptakes = _uptakes(recommendation)
    for uptake in uptakes:
        uptake.project_url = project_url(uptake.project)
    context = {
        "recommendation": recommendation,
        "assessment": recommendation.assessment,
        "uptakes": uptakes,
        "history": _history(recommendation),
        "viewer": viewer,
        "status_form": StatusForm(initial={"status": recommendation.status})
        if viewer.may_manage
        else None,
        "may_take_up": viewer.is_entity and not viewer.is_cted,
    }
    if recommendation.is_open and (viewer.sees_all_assessments):
        linked = [u.project_id for u in uptakes if u.project_id]
        context["candidates"] = synergies.candidate_entities(
            recommendation.assessment.state_id, [recommendation.theme_id]
        )
        projects = synergies.absorbing_projects(
            recommendation.assessment.state, recommendation.theme_id, exclude_ids=linked
        )
        for project in projects:
            project.url = project_url(project)
        context["absorbing_projects"] = projects
    return render(request, "assessments/recommendation_detail.html", context)


@require_http_methods(["GET", "POST"])
@confidential
def recommendation_new(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    _require_manager(request)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recommendation = actions.create_recommendation(
            assessment, form.cleaned_data, actor=request.user
        )
        messages.success(
            request,
            _("Recommendation %(reference)s has been added.")
            % {"reference": recommendation.reference},
        )
        return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request,
        "assessments/recommendation_form.html",
        {"form": form, "assessment": assessment},
    )


@require_http_methods(["GET", "POST"])
@confidential
def recommendation_edit(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk)
    _require_manager(request)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        fresh = Recommendation.objects.get(pk=recommendation.pk)
        actions.update_recommendation(fresh, form.cleaned_data, actor=request.user)
        messages.success(request, _("The recommendation has been saved."))
        return redirect("assessments:recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "assessments/recommendation_form.html",
        {
            "form": form,
            "assessment": recommendation.assessment,
            "recommendation": recommendation,
        },
    )


@require_POST
@confidential
def recommendation_status(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk)
    _require_manager(request)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown status."))
    if actions.change_recommendation_status(
        recommendation, form.cleaned_data["status"], actor=request.user
    ):
        messages.success(
            request,
            _("The status is now “%(status)s”.") % {"status": recommendation.get_status_display()},
        )
    return redirect("assessments:recommendation_detail", pk=recommendation.pk)


@require_http_methods(["GET", "POST"])
@confidential
def recommendation_take_up(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk)
    viewer = viewer_of(request.user)
    if not viewer.is_entity or viewer.is_cted:
        raise PermissionDenied  # entities implement; CTED assesses and confirms
    organization = request.user.focal_point.organization
    form = UptakeForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            actions.take_up_recommendation(
                recommendation,
                organization=organization,
                project=form.cleaned_data["project"],
                intention=form.cleaned_data["intention"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you: CTED will confirm that %(entity)s takes up this recommendation.")
                % {"entity": organization.label},
            )
            return redirect("assessments:recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "assessments/take_up.html",
        {"form": form, "recommendation": recommendation, "organization": organization},
    )


@require_POST
@confidential
def uptake_confirm(request, pk: int):
    try:
        uptake = Uptake.objects.visible_to(request.user).get(pk=pk)
    except (Uptake.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _require_manager(request)
    if actions.confirm_uptake(uptake, actor=request.user):
        messages.success(request, _("The uptake has been confirmed."))
    return redirect("assessments:recommendation_detail", pk=uptake.recommendation_id)


@require_GET
@confidential
def uptake_overview(request):
    table = selectors.uptake_table(request.user)
    # The totals cover every State; the rows are shown a page of States at a time.
    page_obj, page_range = _page(request, table["rows"], UPTAKE_STATES_PER_PAGE)
    return render(
        request,
        "assessments/uptake.html",
        {
            "table": table,
            "page_obj": page_obj,
            "page_range": page_range,
            "viewer": viewer_of(request.user),
        },
    )
