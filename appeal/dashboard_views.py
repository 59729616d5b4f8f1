"""The dashboard of a cycle (requirements vs funded vs gap, by every axis) and its exports."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import appeal_access as access
from . import dashboard as board_module
from . import dashboard_charts as charts
from . import dashboard_exports as exports


@require_GET
def dashboard_by_period(request, start_year, end_year):
    """The same page at a stable address (`/appeal/cycles/2021-2022/dashboard/`), for links
    that outlive database ids (and the benchmark's probe)."""
    cycle = (
        access.cycles_visible_to(request.user)
        .filter(start_year=start_year, end_year=end_year)
        .first()
    )
    if cycle is None:
        raise Http404
    return _render_dashboard(request, cycle)


@require_GET
def dashboard(request, cycle_id):
    return _render_dashboard(request, access.get_cycle_for_user(request.user, cycle_id))


def _render_dashboard(request, cycle):
    board = board_module.build_dashboard(request.user, cycle)
    sections = []
    for slug, breakdown in board.breakdowns.items():
        sections.append(
            {"breakdown": breakdown, "chart": charts.bar_chart(breakdown), "slug": slug}
        )
    return render(
        request,
        "appeal/dashboard.html",
        {
            "cycle": cycle,
            "board": board,
            "sections": sections,
            "line": charts.line_chart(board.months, board.total.requirement),
            "top_unfunded": board.top_unfunded,
            "can_manage": access.can_manage(request.user),
        },
    )


@require_GET
def dashboard_export(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    by = request.GET.get("by", "")
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        raise Http404
    if by not in board_module.BREAKDOWNS and by not in ("projects", "months"):
        raise Http404
    board = board_module.build_dashboard(request.user, cycle)
    if by == "projects":
        return exports.export_projects(board, fmt)
    if by == "months":
        return exports.export_months(board, fmt)
    return exports.export_breakdown(board, by, fmt)
