"""Pages of the Matrix of UN projects: list, exports, detail, edit, matrix, charts, overlaps.

Reads go through `appeal.projects` (`projects_visible_to`, `get_project_for_user`: 404 for
"missing or not allowed"); changes go through `appeal.project_actions` after `can_edit_project`
(403 for people who see a project but may not change it). The bulk import lives in
`appeal.project_import_views`.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entities.models import Organization, Region
from library.models import Document

from . import project_exports
from .matrix import build_charts, build_matrix
from .models import OverlapVerdict, Project
from .project_actions import create_project, delete_project, record_verdict, update_project
from .project_forms import VERDICT_CHOICES, ProjectForm, VerdictForm, posted_verdicts
from .projects import (
    AXES,
    FILTER_KEYS,
    PAGE_SIZE,
    SORTS,
    active_filters,
    can_edit_project,
    filter_projects,
    get_project_for_user,
    parse_filters,
    projects_visible_to,
    reference,
    sort_projects,
    viewer_of,
)
from .synergy import (
    DUPLICATION_THRESHOLD,
    Draft,
    attach_focal_points,
    find_overlaps,
    strongest_overlaps,
    verdicts_of,
)

HISTORY_SHOWN = 10
MATRIX_FILTERS = ("year_from", "year_to", "status", "entity", "wg", "funding")


def _viewer_or_404(request):
    viewer = viewer_of(request.user)
    if not viewer.may_see:
        raise Http404
    return viewer


def _url(name, values: dict, **changes) -> str:
    state = {key: values.get(key, "") for key in (*FILTER_KEYS, "sort")}
    state.update(changes)
    query = urlencode([(k, v) for k, v in state.items() if v not in (None, "")])
    url = reverse(name)
    return f"{url}?{query}" if query else url


# --- the list and its exports --------------------------------------------------------------------


@require_GET
def project_list(request):
    viewer = _viewer_or_404(request)
    form, values = parse_filters(request.GET)
    queryset = sort_projects(
        filter_projects(projects_visible_to(request.user), values), values.get("sort", "code")
    ).select_related("lead_organization")
    paginator = Paginator(queryset, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    ref = reference()
    rows = []
    for project in page_obj.object_list:
        project.country_labels = [
            ref["country"][str(i)].label for i in project.country_ids if str(i) in ref["country"]
        ]
        project.theme_labels = [
            ref["theme"][str(i)].label for i in project.theme_ids if str(i) in ref["theme"]
        ]
        rows.append(project)
    sort = values.get("sort", "code")
    context = {
        "form": form,
        "values": values,
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2),
        "rows": rows,
        "sort": sort,
        "sort_urls": {key: _url("projects:index", values, sort=key) for key in SORTS},
        "active_filters": [
            (label, shown, _url("projects:index", values, **{name: ""}))
            for name, label, shown in active_filters(values)
        ],
        "export_csv_url": _url("projects:export", values, format="csv"),
        "export_xlsx_url": _url("projects:export", values, format="xlsx"),
        "matrix_url": _url("projects:matrix", {k: v for k, v in values.items() if k != "sort"}),
        "charts_url": _url("projects:charts", {k: v for k, v in values.items() if k != "sort"}),
        "may_create": viewer.may_create,
        "viewer": viewer,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "appeal/projects/partials/_results.html", context)
    else:
        response = render(request, "appeal/projects/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def project_export(request):
    _viewer_or_404(request)
    kind = request.GET.get("format", "csv")
    if kind not in project_exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    _form, values = parse_filters(request.GET)
    queryset = sort_projects(
        filter_projects(projects_visible_to(request.user), values), values.get("sort", "code")
    )
    response = project_exports.export(queryset, kind)
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- one project ---------------------------------------------------------------------------------


def _history(project: Project) -> list:
    records = list(
        project.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_SHOWN + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:HISTORY_SHOWN]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["updated_at"])
            changed = [str(Project._meta.get_field(c.field).verbose_name) for c in delta.changes]
        entries.append({"record": record, "changed": changed})
    return entries


def _labels(ids, axis: str) -> list:
    members = reference()[axis]
    return [members[str(i)] for i in ids if str(i) in members]


@require_GET
def project_detail(request, pk):
    viewer = _viewer_or_404(request)
    project = get_project_for_user(request.user, pk)
    ref_partners = list(_labels(project.entity_ids, "entity"))
    partners = [m for m in ref_partners if m.id != str(project.lead_organization_id)]
    donors = list(project.donors.order_by("name").only("name", "acronym", "kind"))
    documents = list(
        Document.objects.visible_to(request.user)
        .filter(pk__in=project.documents.values("pk"))
        .order_by("-pk")[:50]
    )
    overlaps = find_overlaps(Draft.of(project))
    attach_focal_points(overlaps)
    may_edit = viewer.may_edit(project)
    context = {
        "project": project,
        "partners": partners,
        "donors": donors,
        "countries": _labels(project.country_ids, "country"),
        "themes": _labels(project.theme_ids, "theme"),
        "pillars": _labels(project.pillar_ids, "pillar"),
        "groups": _labels(project.group_ids, "wg"),
        "regions": [str(Region(r).label) for r in project.regions if r in Region.values],
        "documents": documents,
        "history": _history(project),
        "overlaps": overlaps,
        "verdicts": list(verdicts_of(project)),
        "threshold": DUPLICATION_THRESHOLD,
        "may_edit": may_edit,
        "verdict_choices": OverlapVerdict.Verdict.choices,
        "ref": reference(),
    }
    return render(request, "appeal/projects/detail.html", context)


def _project_for_edit(request, pk) -> Project:
    project = get_project_for_user(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    return project


def _form_data(form: ProjectForm) -> dict:
    return dict(form.cleaned_data)


def project_new(request):
    viewer = _viewer_or_404(request)
    if not viewer.may_create:
        raise PermissionDenied
    if request.method == "POST":
        form = ProjectForm(request.POST, viewer=viewer)
        if form.is_valid():
            project = create_project(
                _form_data(form), actor=request.user, verdicts=posted_verdicts(request.POST)
            )
            messages.success(request, _("The project has been added."))
            return redirect("projects:detail", pk=project.pk)
    else:
        form = ProjectForm(viewer=viewer)
    return render(request, "appeal/projects/form.html", {"form": form, "project": None})


def project_edit(request, pk):
    viewer = _viewer_or_404(request)
    project = _project_for_edit(request, pk)
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=Project.objects.get(pk=project.pk), viewer=viewer)
        if form.is_valid():
            update_project(
                project,
                _form_data(form),
                actor=request.user,
                verdicts=posted_verdicts(request.POST),
            )
            messages.success(request, _("The project has been saved."))
            return redirect("projects:detail", pk=project.pk)
    else:
        form = ProjectForm(instance=project, viewer=viewer)
    overlaps = find_overlaps(Draft.of(project))
    attach_focal_points(overlaps)
    return render(
        request,
        "appeal/projects/form.html",
        {"form": form, "project": project, "overlaps": overlaps, **_overlap_context({})},
    )


def project_delete(request, pk):
    _viewer_or_404(request)
    project = _project_for_edit(request, pk)
    if request.method == "POST":
        delete_project(project, actor=request.user)
        messages.success(request, _("The project has been deleted."))
        return redirect("projects:index")
    return render(request, "appeal/projects/delete.html", {"project": project})


@require_POST
def project_verdict(request, pk):
    _viewer_or_404(request)
    project = _project_for_edit(request, pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a verdict."))
    other = get_project_for_user(request.user, form.cleaned_data["other"])
    if other.pk == project.pk:
        return HttpResponseBadRequest(_("A project cannot overlap itself."))
    record_verdict(
        project,
        other,
        form.cleaned_data["verdict"],
        form.cleaned_data["note"],
        actor=request.user,
    )
    messages.success(
        request,
        _("Your verdict on %(other)s has been recorded; it shows on both projects.")
        % {"other": other.code},
    )
    return redirect(reverse("projects:detail", args=[project.pk]) + "#synergies")


# --- the overlap check while editing ------------------------------------------------------------


def _int_list(values) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdigit() and len(str(v)) < 12})


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _overlap_context(posted: dict) -> dict:
    return {
        "verdict_choices": VERDICT_CHOICES,
        "posted_verdicts": posted,
        "threshold": DUPLICATION_THRESHOLD,
    }


@require_POST
def overlap_check(request):
    """The htmx check of the project form: likely overlaps of what is typed, before saving."""
    viewer = _viewer_or_404(request)
    if not viewer.may_create:
        raise PermissionDenied
    data = request.POST
    pk = data.get("project")
    project = None
    if pk:
        project = get_project_for_user(request.user, pk)
        if not viewer.may_edit(project):
            raise PermissionDenied
    lead = viewer.organization_id
    if viewer.secretariat:
        lead = (_int_list([data.get("lead_organization", "")]) or [None])[0]
        if lead is None and project is not None:
            lead = project.lead_organization_id
    country_ids = _int_list(data.getlist("countries"))[:300]
    regions = {r for r in data.getlist("regions") if r in Region.values}
    regions |= {
        region
        for region in Organization.objects.filter(
            pk__in=country_ids, kind=Organization.Kind.MEMBER_STATE
        ).values_list("region", flat=True)
        if region in Region.values
    }
    starts_on, ends_on = _date(data.get("starts_on")), _date(data.get("ends_on"))
    overlaps = []
    incomplete = not (starts_on and ends_on and data.getlist("themes"))
    if not incomplete and ends_on >= starts_on:
        draft = Draft(
            pk=project.pk if project else None,
            lead_organization_id=lead,
            country_ids=country_ids,
            theme_ids=_int_list(data.getlist("themes"))[:100],
            regions=sorted(regions),
            starts_on=starts_on,
            ends_on=ends_on,
        )
        overlaps = find_overlaps(draft)
        attach_focal_points(overlaps)
    posted = {pk: verdict for pk, (verdict, _note) in posted_verdicts(data).items()}
    notes = {
        int(key.removeprefix("verdict_note_")): value
        for key, value in data.items()
        if key.startswith("verdict_note_") and key.removeprefix("verdict_note_").isdigit()
    }
    for overlap in overlaps:
        overlap.posted_verdict = posted.get(overlap.other.pk, "")
        overlap.posted_note = notes.get(overlap.other.pk, "")
    return render(
        request,
        "appeal/projects/partials/_overlap_check.html",
        {
            "overlaps": overlaps,
            "incomplete": incomplete,
            "checked": True,
            **_overlap_context(posted),
        },
    )


# --- the Secretariat's overview of overlaps ------------------------------------------------------


@require_GET
def overlaps_overview(request):
    viewer = _viewer_or_404(request)
    if not viewer.secretariat:
        raise PermissionDenied
    current = request.GET.get("current") == "1"
    duplicates_only = request.GET.get("duplicates") == "1"
    pairs = strongest_overlaps(
        min_score=DUPLICATION_THRESHOLD if duplicates_only else 0,
        active_on=timezone.localdate() if current else None,
    )
    return render(
        request,
        "appeal/projects/overlaps.html",
        {
            "pairs": pairs,
            "threshold": DUPLICATION_THRESHOLD,
            "current": current,
            "duplicates_only": duplicates_only,
        },
    )


# --- the matrix and the charts -------------------------------------------------------------------


def _matrix_values(values: dict) -> dict:
    return {key: value for key, value in values.items() if key in MATRIX_FILTERS}


@require_GET
def matrix(request):
    _viewer_or_404(request)
    form, values = parse_filters(request.GET)
    values = _matrix_values(values)
    rows_axis = request.GET.get("rows") or "country"
    columns_axis = request.GET.get("columns") or "theme"
    axis_error = ""
    if rows_axis not in AXES or columns_axis not in AXES:
        axis_error = _("Choose the rows and the columns from the lists.")
        rows_axis, columns_axis = "country", "theme"
    elif rows_axis == columns_axis:
        axis_error = _("Rows and columns must show different things.")
        columns_axis = "theme" if rows_axis != "theme" else "pillar"
    queryset = filter_projects(projects_visible_to(request.user), values)
    list_url = reverse("projects:index")
    grid = build_matrix(queryset, rows_axis, columns_axis, list_url, values)
    columns = [
        (member, tally, f"{list_url}?{urlencode({**values, AXES[columns_axis][2]: member.key})}")
        for member, tally in grid.columns
    ]
    context = {
        "form": form,
        "values": values,
        "axes": [(key, label) for key, (label, _a, _f) in AXES.items()],
        "rows_axis": rows_axis,
        "columns_axis": columns_axis,
        "rows_label": AXES[rows_axis][0],
        "columns_label": AXES[columns_axis][0],
        "axis_error": axis_error,
        "grid": grid,
        "columns": columns,
        "total_url": f"{list_url}?{urlencode(values)}" if values else list_url,
        "charts_url": _url("projects:charts", values),
        "active_filters": [
            (label, shown, _matrix_url(values, rows_axis, columns_axis, **{name: ""}))
            for name, label, shown in active_filters(values)
        ],
    }
    return render(request, "appeal/projects/matrix.html", context)


def _matrix_url(values: dict, rows_axis: str, columns_axis: str, **changes) -> str:
    state = {**values, **changes, "rows": rows_axis, "columns": columns_axis}
    query = urlencode([(k, v) for k, v in state.items() if v not in (None, "")])
    return f"{reverse('projects:matrix')}?{query}"


@require_GET
def charts(request):
    _viewer_or_404(request)
    form, values = parse_filters(request.GET)
    values.pop("sort", None)
    queryset = filter_projects(projects_visible_to(request.user), values)
    context = {
        "form": form,
        "values": values,
        "charts": build_charts(queryset, reverse("projects:index"), values),
        "total": queryset.count(),
        "list_url": _url("projects:index", values),
        "matrix_url": _url("projects:matrix", _matrix_values(values)),
        "active_filters": [
            (label, shown, _url("projects:charts", values, **{name: ""}))
            for name, label, shown in active_filters(values)
        ],
    }
    return render(request, "appeal/projects/charts.html", context)
