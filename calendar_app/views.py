"""The calendar's views: month grid, week and agenda, in the viewer's time zone.

Every view reads `Event.objects.visible_to(user)` through `selectors.filtered_events`, so filters,
counts and "my calendar" never show what the viewer may not see. Bad parameters fall back to
defaults (never a 500).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from compact_portal.i18n import week_start

from .forms import CalendarFilterForm
from .preferences import viewer_timezone
from .selectors import (
    day_start,
    days_with_occurrences,
    filtered_events,
    local_days,
    month_bounds,
    window_occurrences,
)
from .visibility import can_create_events

AGENDA_DAYS = 92
AGENDA_PAGE_SIZE = 30
MARGIN = dt.timedelta(days=1)  # all-day events in far-away zones


def _filters(request):
    form = CalendarFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
    else:
        filters = {}
        if form.is_bound:
            # Keep the valid parts of a half-broken query.
            for name in form.fields:
                field_form = CalendarFilterForm({name: request.GET.get(name, "")})
                if field_form.is_valid() and field_form.cleaned_data.get(name):
                    filters[name] = field_form.cleaned_data[name]
    query = {
        key: value
        for key, value in request.GET.items()
        if key in CalendarFilterForm.base_fields and value
    }
    return form, filters, urlencode(query)


def _parse_date(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except (TypeError, ValueError):
        return default


def _context(request, form, filters, query, **extra):
    return {
        "filter_form": form,
        "filters": filters,
        "query": query,
        "can_create": can_create_events(request.user),
        **extra,
    }


@require_GET
def month(request):
    tz = viewer_timezone(request.user)
    today = timezone.now().astimezone(tz).date()
    form, filters, query = _filters(request)
    try:
        year, month_number = (int(part) for part in request.GET.get("month", "").split("-"))
        first_of_month = dt.date(year, month_number, 1)
        if not 1900 <= year <= 2200:
            raise ValueError
    except (TypeError, ValueError):
        first_of_month = today.replace(day=1)
    first, last, grid_start, grid_end = month_bounds(first_of_month.year, first_of_month.month)
    window_start = day_start(grid_start, tz)
    window_end = day_start(grid_end + dt.timedelta(days=1), tz)
    found = window_occurrences(
        filtered_events(request.user, filters), window_start - MARGIN, window_end + MARGIN
    )
    days = days_with_occurrences(grid_start, grid_end, found, tz, period=(first, last), today=today)
    in_month = [
        occurrence
        for occurrence in found
        if local_days(occurrence, tz)[0] <= last and local_days(occurrence, tz)[1] >= first
    ]
    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "calendar_app/month.html",
        _context(
            request,
            form,
            filters,
            query,
            view="month",
            period_date=today if first <= today <= last else first,
            viewer_tz=tz,
            month=first,
            weeks=[days[index : index + 7] for index in range(0, len(days), 7)],
            month_days=[day for day in days if day.in_period and day.occurrences],
            count=len(in_month),
            previous_month=previous_month,
            next_month=next_month,
            this_month=today.replace(day=1),
        ),
    )


@require_GET
def week(request):
    tz = viewer_timezone(request.user)
    today = timezone.now().astimezone(tz).date()
    form, filters, query = _filters(request)
    day = _parse_date(request.GET.get("date"), today)
    if not dt.date(1900, 1, 8) <= day <= dt.date(2200, 1, 1):
        day = today
    # "monday" and "sunday": the first and last day of the locale's week (Monday in most).
    monday = week_start(day)
    sunday = monday + dt.timedelta(days=6)
    window_start = day_start(monday, tz)
    window_end = day_start(sunday + dt.timedelta(days=1), tz)
    found = window_occurrences(
        filtered_events(request.user, filters), window_start - MARGIN, window_end + MARGIN
    )
    days = days_with_occurrences(monday, sunday, found, tz, today=today)
    count = len({(o.event.pk, o.original_start) for d in days for o in d.occurrences})
    return render(
        request,
        "calendar_app/week.html",
        _context(
            request,
            form,
            filters,
            query,
            view="week",
            period_date=monday if not monday <= today <= sunday else today,
            viewer_tz=tz,
            days=days,
            monday=monday,
            sunday=sunday,
            count=count,
            previous_week=monday - dt.timedelta(days=7),
            next_week=monday + dt.timedelta(days=7),
            this_week=today,
        ),
    )


@require_GET
def agenda(request):
    tz = viewer_timezone(request.user)
    today = timezone.now().astimezone(tz).date()
    form, filters, query = _filters(request)
    start_day = _parse_date(request.GET.get("from"), today)
    if not dt.date(1900, 1, 1) <= start_day <= dt.date(2200, 1, 1):
        start_day = today
    end_day = start_day + dt.timedelta(days=AGENDA_DAYS)
    window_start = day_start(start_day, tz)
    window_end = day_start(end_day, tz)
    found = window_occurrences(filtered_events(request.user, filters), window_start, window_end)
    rows = [
        {"occurrence": occurrence, "day": max(local_days(occurrence, tz)[0], start_day)}
        for occurrence in found
    ]
    paginator = Paginator(rows, AGENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "calendar_app/agenda.html",
        _context(
            request,
            form,
            filters,
            query,
            view="agenda",
            period_date=start_day,
            viewer_tz=tz,
            page_obj=page,
            start_day=start_day,
            end_day=end_day - dt.timedelta(days=1),
            count=paginator.count,
            previous_from=start_day - dt.timedelta(days=AGENDA_DAYS),
            next_from=end_day,
            title=pgettext("calendar view", "Agenda"),
        ),
    )
