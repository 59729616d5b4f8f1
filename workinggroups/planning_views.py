"""Joint planning pages: the JPOW overview, the activity list and exports, the matrix, the timeline,
an activity's page with its history, and the work plan managers' create / edit / delete.

Thin views: reads in `workinggroups.planning`, forms in `planning_forms`, changes in
`planning_actions`. Every page reads `visible_activities(request.user)`; edit pages answer 403 on
GET and POST alike to anyone who may not manage the group's work plan.
"""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entities.models import Organization, Region

from . import planning
from . import planning_actions as actions
from .models import Activity, Priority
from .planning_exports import FORMATS, export
from .planning_forms import NO_PRIORITY, ActivityFilterForm, ActivityForm, priorities_of

ACTIVITIES_PER_PAGE = 25
TIMELINE_PER_PAGE = 50
HISTORY_LIMIT = 50
REGIONS = dict(Region.choices)
LIST_FILTERS = (*ActivityFilterForm.FILTER_FIELDS, "sort")
MATRIX_FILTERS = tuple(
    name for name in ActivityFilterForm.FILTER_FIELDS if name not in ("group", "priority")
)
TIMELINE_FILTERS = (*ActivityFilterForm.FILTER_FIELDS, "by")


def _render(request, template, partial, context):
    """A full page, or only the results partial for htmx requests (live filtering)."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        response = render(request, partial, context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _filtered(request):
    """(programme, priorities, groups, filter form, filtered visible activities)."""
    programme = planning.current_programme()
    priorities = list(priorities_of(programme))
    groups = list(planning.working_groups())
    form = ActivityFilterForm(request.GET, priorities=priorities, groups=groups)
    activities = form.filter(planning.visible_activities(request.user))
    return programme, priorities, groups, form, activities


def _page(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page_obj, paginator.get_elided_page_range(page_obj.number)


@require_GET
def index(request):
    programme = planning.current_programme()
    activities = planning.visible_activities(request.user)
    priorities = planning.priority_overview(programme, activities)
    total = sum(p.activity_count for p in priorities)
    return render(
        request,
        "workinggroups/planning/index.html",
        {
            "programme": programme,
            "meeting": planning.adoption_meeting(programme),
            "priorities": priorities,
            "total": total,
            "manageable": list(planning.manageable_groups(request.user)),
        },
    )


@require_GET
def activity_list(request):
    programme, priorities, groups, form, activities = _filtered(request)
    activities = form.order(activities).select_related("group", "priority", "lead_organization")
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return export(activities, fmt)
    page_obj, page_range = _page(request, activities, ACTIVITIES_PER_PAGE)
    return _render(
        request,
        "workinggroups/planning/activity_list.html",
        "workinggroups/planning/partials/_activity_results.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": page_range,
            "manageable": list(planning.manageable_groups(request.user)),
            "export_query": form.query_without("format"),
            "filter_fields": [form[name] for name in LIST_FILTERS],
        },
    )


@require_GET
def matrix(request):
    programme, priorities, groups, form, activities = _filtered(request)
    # the matrix shows every priority × group: those two filters belong to the cells
    base = form.query_without("group", "priority", "sort", "by", "view")
    grid = planning.build_matrix(activities, priorities, groups)
    list_url = reverse("planning:activities")

    def link(**params):
        query = "&".join(filter(None, [base, urlencode(params)]))
        return f"{list_url}?{query}" if query else list_url

    for row in grid.rows:
        priority = str(row.priority.pk) if row.priority else NO_PRIORITY
        row_name = (
            _("Priority %(number)s") % {"number": row.priority.number}
            if row.priority
            else _("No priority")
        )
        row.url, row.label = link(priority=priority), _("%(row)s, all groups") % {"row": row_name}
        for group, cell in zip(grid.groups, row.cells, strict=True):
            cell.url = link(group=group.slug, priority=priority)
            cell.label = _("%(row)s, WG %(number)s") % {"row": row_name, "number": group.number}
    for group, cell in zip(grid.groups, grid.column_totals, strict=True):
        cell.url = link(group=group.slug)
        cell.label = _("WG %(number)s, all priorities") % {"number": group.number}
    grid.url, grid.label = link(), _("All activities")
    return render(
        request,
        "workinggroups/planning/matrix.html",
        {
            "programme": programme,
            "form": form,
            "matrix": grid,
            "base_query": base,
            "filter_fields": [form[name] for name in MATRIX_FILTERS],
            "status_choices": Activity.Status.choices,
        },
    )


@require_GET
def timeline(request):
    programme, priorities, groups, form, activities = _filtered(request)
    grouping = form.grouping
    if grouping == "priority":
        ordering = ("priority__number", "group__number", "starts_on", "pk")
    else:
        ordering = ("group__number", "starts_on", "pk")
    scale = planning.timeline_scale(activities, programme)
    rows = activities.select_related("group", "priority", "lead_organization").order_by(*ordering)
    page_obj, page_range = _page(request, rows, TIMELINE_PER_PAGE)
    placed = [planning.place_on_timeline(activity, scale) for activity in page_obj]
    key = (lambda a: a.priority) if grouping == "priority" else (lambda a: a.group)
    sections = [(heading, list(items)) for heading, items in groupby(placed, key=key)]
    return render(
        request,
        "workinggroups/planning/timeline.html",
        {
            "programme": programme,
            "form": form,
            "grouping": grouping,
            "scale": scale,
            "quarters": scale.quarter_lines(),
            "today_x": planning.today_marker(scale),
            "sections": sections,
            "page_obj": page_obj,
            "page_range": page_range,
            "as_table": request.GET.get("view") == "table",
            "view_query": form.query_without("view"),
            "width": planning.TIMELINE_WIDTH,
            "filter_fields": [form[name] for name in TIMELINE_FILTERS],
            "keep": [("view", "table")] if request.GET.get("view") == "table" else [],
            "status_choices": Activity.Status.choices,
        },
    )


def _history(activity: Activity) -> list[dict]:
    """The activity's historical records, newest first, each with what changed (3 queries)."""
    records = list(
        activity.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_LIMIT + 1
        ]
    )
    org_ids, priority_ids = set(), set()
    for record in records:
        org_ids.add(record.lead_organization_id)
        priority_ids.add(record.priority_id)
    names = {org.pk: org.label for org in Organization.objects.filter(pk__in=org_ids - {None})}
    priorities = {p.pk: str(p) for p in Priority.objects.filter(pk__in=priority_ids - {None})}
    statuses = dict(Activity.Status.choices)
    labels = {f.name: f.verbose_name for f in Activity._meta.fields}

    def shown(field, value):
        if field == "lead_organization":
            return names.get(value, value)
        if field == "priority":
            return priorities.get(value, _("none")) if value else _("none")
        if field == "status":
            return statuses.get(value, value)
        if field == "regions":
            return ", ".join(value) if value else _("none")
        if field == "is_global":
            return _("yes") if value else _("no")
        if value in ("", None):
            return _("empty")
        return value

    entries = []
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["updated_at", "created_by"])
            for change in delta.changes:
                changes.append(
                    {
                        "field": labels.get(change.field, change.field),
                        "old": shown(change.field, change.old),
                        "new": shown(change.field, change.new),
                        "long": change.field == "description",
                    }
                )
        entries.append(
            {
                "record": record,
                "changes": changes,
                "reason": record.history_change_reason or "",
            }
        )
    return entries


@require_GET
def activity_detail(request, pk):
    activity = planning.get_activity_for_user(request.user, pk)
    return render(
        request,
        "workinggroups/planning/activity_detail.html",
        {
            "activity": activity,
            "partners": list(activity.partners.order_by("acronym", "name")),
            "countries": list(activity.countries.order_by("name")),
            "regions": [REGIONS.get(code, code) for code in activity.regions],
            "history": _history(activity),
            "can_manage": planning.can_manage_work_plan(request.user, activity.group),
        },
    )


@require_GET
def activity_create_choose(request):
    """Where "Add an activity" leads when the user manages several groups (or none: 403)."""
    groups = list(planning.manageable_groups(request.user))
    if not groups:
        raise PermissionDenied
    if len(groups) == 1:
        return redirect("planning:activity_create", groups[0].slug)
    return render(request, "workinggroups/planning/activity_choose_group.html", {"groups": groups})


def _form_priorities():
    return priorities_of(planning.current_programme())


@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    group = get_object_or_404(planning.working_groups(), slug=slug)
    if not planning.can_manage_work_plan(request.user, group):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, group=group, priorities=_form_priorities())
    if request.method == "POST" and form.is_valid():
        activity = actions.create_activity(group, form.cleaned_data, actor=request.user)
        messages.success(request, _("The activity was added to the work plan."))
        return redirect("planning:activity_detail", activity.pk)
    return render(
        request,
        "workinggroups/planning/activity_form.html",
        {"form": form, "group": group, "activity": None},
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = planning.get_activity_for_user(request.user, pk)
    if not planning.can_manage_work_plan(request.user, activity.group):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        group=activity.group,
        priorities=_form_priorities(),
    )
    if request.method == "POST" and form.is_valid():
        # the action compares with the stored row (the form already wrote into `activity`)
        changed = actions.update_activity(activity, form.cleaned_data, actor=request.user)
        if changed:
            messages.success(request, _("The activity was saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("planning:activity_detail", activity.pk)
    return render(
        request,
        "workinggroups/planning/activity_form.html",
        {"form": form, "group": activity.group, "activity": activity},
    )


@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    activity = planning.get_activity_for_user(request.user, pk)
    if not planning.can_manage_work_plan(request.user, activity.group):
        raise PermissionDenied
    if request.method == "POST":
        group = activity.group
        actions.delete_activity(activity, actor=request.user)
        messages.success(request, _("The activity was deleted."))
        return redirect(f"{reverse('planning:activities')}?group={group.slug}")
    return render(request, "workinggroups/planning/activity_delete.html", {"activity": activity})
