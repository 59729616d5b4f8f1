"""Event pages: create and edit (with the conflict-warning step), detail, occurrences, attendance,
attendee lists and exports.

Reads go through `get_event_for_user` (404 for missing or not visible); changes need
`can_manage_event` (403 for those who see the event but may not change it).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entities.exports import table_response
from library.models import Document

from .actions import (
    EventFull,
    answer_event,
    cancel_event,
    create_event,
    places_left,
    set_occurrence_exception,
    update_event,
)
from .conflicts import find_conflicts
from .forms import AttendanceForm, EventForm, OccurrenceForm
from .models import Attendance, Event
from .preferences import viewer_timezone
from .recurrence import RecurrenceError, occurrences, parse_occurrence_key
from .visibility import can_create_events, can_manage_event, get_event_for_user

UPCOMING_OCCURRENCES = 6
EXPORT_FORMATS = {"csv", "xlsx"}


def _conflicts_or_none(request, form, *, exclude_pk=None):
    """The conflicts to show, or None when saving may go ahead."""
    if not form.timing_changed():
        return None
    if form.cleaned_data.get("acknowledged") == form.signature():
        return None
    candidate, organizers, groups = form.conflict_inputs()
    conflicts = find_conflicts(
        request.user,
        candidate,
        organizer_ids=organizers,
        group_ids=groups,
        exclude_pk=exclude_pk,
    )
    return conflicts or None


def _form_page(request, form, *, event=None, conflicts=None):
    return render(
        request,
        "calendar_app/event_form.html",
        {
            "form": form,
            "event": event,
            "conflicts": conflicts,
            "signature": form.signature() if conflicts else "",
            "viewer_tz": viewer_timezone(request.user),
        },
        status=200,
    )


def create(request):
    if not can_create_events(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            conflicts = _conflicts_or_none(request, form)
            if conflicts:
                return _form_page(request, form, conflicts=conflicts)
            event = create_event(form.event_values(), actor=request.user)
            messages.success(request, _("The event is in the calendar."))
            return redirect("calendar_app:detail", pk=event.pk)
    else:
        initial = {}
        day = request.GET.get("date")
        if day:
            with contextlib.suppress(ValueError):
                initial["start_date"] = dt.date.fromisoformat(day)
        form = EventForm(user=request.user, initial=initial)
    return _form_page(request, form)


def edit(request, pk):
    event = get_event_for_user(request.user, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user, instance=event)
        if form.is_valid():
            conflicts = _conflicts_or_none(request, form, exclude_pk=event.pk)
            if conflicts:
                return _form_page(request, form, event=event, conflicts=conflicts)
            update_event(event, form.event_values(), actor=request.user)
            messages.success(request, _("The event has been updated."))
            return redirect("calendar_app:detail", pk=event.pk)
    else:
        form = EventForm(user=request.user, instance=event)
    return _form_page(request, form, event=event)


def detail(request, pk):
    event = get_event_for_user(request.user, pk)
    tz = viewer_timezone(request.user)
    exceptions = list(event.exceptions.all())
    now = timezone.now()
    selected = None
    if event.rrule:
        upcoming = occurrences(event, now, now + dt.timedelta(days=400), exceptions)[
            :UPCOMING_OCCURRENCES
        ]
        key = request.GET.get("occurrence")
        if key:
            try:
                moment = parse_occurrence_key(key)
            except RecurrenceError:
                moment = None
            if moment is not None:
                around = occurrences(
                    event,
                    moment - dt.timedelta(days=60),
                    moment + dt.timedelta(days=60),
                    exceptions,
                )
                selected = next((o for o in around if o.original_start == moment), None)
    else:
        upcoming = occurrences(event, event.starts_at, event.ends_at, exceptions)
    shown = selected or (upcoming[0] if upcoming else None)
    days = None
    if shown is not None and event.all_day:
        first = shown.start.astimezone(event.tz).date()
        last = shown.end.astimezone(event.tz).date() - dt.timedelta(days=1)
        days = (first, last if last > first else None)
    manage = can_manage_event(request.user, event)
    attendance = Attendance.objects.filter(event=event, user=request.user).first()
    counts = Attendance.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=Attendance.Status.REGISTERED)),
        in_person=Count(
            "pk",
            filter=Q(status=Attendance.Status.REGISTERED, mode=Attendance.Mode.IN_PERSON),
        ),
    )
    context = {
        "event": event,
        "viewer_tz": tz,
        "co_organizers": list(event.co_organizers.all()),
        "participant_groups": list(event.participant_groups.all()),
        "countries": list(event.countries.all()),
        "documents": list(
            Document.objects.visible_to(request.user)
            .filter(pk__in=event.documents.values("pk"))
            .only("pk", "title", "doc_type", "publication_date")
        ),
        "upcoming": upcoming,
        "selected": selected,
        "shown": shown,
        "days": days,
        "cancelled_occurrences": [e for e in exceptions if e.cancelled],
        "can_manage": manage,
        "attendance": attendance,
        "counts": counts,
        "places_left": None
        if event.capacity is None
        else max(event.capacity - counts["in_person"], 0),
        "occurrence_form": OccurrenceForm(event=event) if manage and event.rrule else None,
        "attendance_modes": Attendance.Mode.choices,
        "is_past": event.series_ends_at is not None and event.series_ends_at < now,
    }
    return render(request, "calendar_app/event_detail.html", context)


@require_POST
def cancel(request, pk):
    event = get_event_for_user(request.user, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    if not event.is_cancelled:
        cancel_event(event, actor=request.user)
        messages.success(request, _("The event is cancelled; registered attendees are told."))
    return redirect("calendar_app:detail", pk=event.pk)


@require_POST
def occurrence(request, pk):
    event = get_event_for_user(request.user, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    form = OccurrenceForm(request.POST, event=event)
    if form.is_valid() and event.rrule:
        data = form.cleaned_data
        if data["action"] == "move" and not request.POST.get("acknowledged"):
            conflicts = _occurrence_conflicts(request.user, event, data)
            if conflicts:
                return render(
                    request,
                    "calendar_app/occurrence_confirm.html",
                    {
                        "event": event,
                        "conflicts": conflicts,
                        "data": request.POST,
                        "new_start": data["starts_at"],
                        "new_end": data["ends_at"],
                        "viewer_tz": viewer_timezone(request.user),
                    },
                )
        try:
            set_occurrence_exception(
                event,
                data["original_start"],
                cancelled=data["action"] == "cancel",
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                actor=request.user,
            )
        except RecurrenceError:
            messages.error(request, _("That is not an occurrence of this event."))
        else:
            messages.success(request, _("The occurrence has been changed."))
    else:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, errors or _("Nothing was changed."))
    return redirect("calendar_app:detail", pk=event.pk)


def _occurrence_conflicts(user, event, data):
    """Conflicts of one occurrence at its new time (the series' other occurrences aside)."""
    candidate = Event(
        all_day=event.all_day,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        start_date=event.start_date,
        end_date=event.end_date,
        timezone=event.timezone,
        working_group_id=event.working_group_id,
        organizer_id=event.organizer_id,
    )
    organizers = {event.organizer_id} | {org.pk for org in event.co_organizers.all()}
    groups = {group.pk for group in event.participant_groups.all()}
    if event.working_group_id:
        groups.add(event.working_group_id)
    return find_conflicts(
        user, candidate, organizer_ids=organizers, group_ids=groups, exclude_pk=event.pk
    )


@require_POST
def attendance(request, pk):
    event = get_event_for_user(request.user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you attend."))
        return redirect("calendar_app:detail", pk=event.pk)
    status = form.cleaned_data["status"]
    mode = form.cleaned_data.get("mode") or Attendance.Mode.IN_PERSON
    try:
        answer_event(event, actor=request.user, status=status, mode=mode)
    except EventFull as error:
        if str(error) == "cancelled":
            messages.error(request, _("This event is cancelled."))
        else:
            messages.error(
                request, _("No in-person place is left. You may still register to attend online.")
            )
    else:
        if status == Attendance.Status.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.success(request, _("You have declined."))
    return redirect("calendar_app:detail", pk=event.pk)


def _attendee_rows(event):
    return (
        Attendance.objects.filter(event=event)
        .select_related("user", "user__focal_point__organization")
        .order_by("status", "user__last_name", "user__first_name")
    )


def attendees(request, pk):
    event = get_event_for_user(request.user, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    rows = list(_attendee_rows(event))
    export = request.GET.get("format")
    if export in EXPORT_FORMATS:
        return _export(event, rows, export)
    return render(
        request,
        "calendar_app/attendees.html",
        {
            "event": event,
            "rows": rows,
            "places_left": places_left(event),
            "registered": sum(1 for row in rows if row.status == Attendance.Status.REGISTERED),
        },
    )


def _export_table(rows):
    header = [
        _("Name"),
        _("Email"),
        _("Organization"),
        _("Answer"),
        _("Taking part"),
        _("Answered"),
    ]
    table = []
    for row in rows:
        focal_point = getattr(row.user, "focal_point", None)
        table.append(
            [
                row.user.get_full_name() or row.user.email,
                row.user.email,
                focal_point.organization.label if focal_point else "",
                row.get_status_display(),
                row.get_mode_display(),
                row.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            ]
        )
    return header, table


def _export(event, rows, export):
    header, table = _export_table(rows)
    return table_response(
        f"event-{event.pk}-attendees",
        header,
        table,
        export,
        sheet=_("Attendees"),
        dated=False,
        stream=False,
    )
