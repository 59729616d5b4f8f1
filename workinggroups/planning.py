"""Joint planning: who may see and manage work plan activities, and the reads the pages share.

Who may see: every signed-in, active account (the work plans are the Compact's shared picture of
who does what; nothing in an activity is restricted). `visible_activities(user)` is the one
queryset every list, matrix, timeline, panel and export starts from.

Who may change: the Secretariat, and group editors holding `workinggroups.manage_work_plan` on the
activity's group (a django-guardian object permission, see `workinggroups.permissions`). Editing
is checked here (`can_manage_work_plan`, `get_activity_for_user`) and enforced by the views.

The matrix (priorities × Working Groups) is one aggregate query over the filtered activities; the
timeline places each activity on a scale of whole years computed here, so the templates only
write SVG attributes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from entities.accounts import is_secretariat

from .models import Activity, JointProgramme, Meeting, Priority, WorkingGroup

STATUS_ORDER = [value for value, _label in Activity.Status.choices]
STATUS_LABELS = dict(Activity.Status.choices)


# --- Who may see, who may change --------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visible_activities(user) -> QuerySet[Activity]:
    """The activities the user may see (all of them for any signed-in, active account)."""
    if not _signed_in(user):
        return Activity.objects.none()
    return Activity.objects.all()


def get_activity_for_user(user, pk) -> Activity:
    """The activity, with its group, priority and lead; 404 if missing or not visible."""
    try:
        return (
            visible_activities(user)
            .select_related(
                "group", "priority", "priority__programme", "lead_organization", "created_by"
            )
            .get(pk=pk)
        )
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def working_groups() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).order_by("number")


def manageable_groups(user) -> QuerySet[WorkingGroup]:
    """The Working Groups whose work plan the user may change (one query when evaluated)."""
    if not _signed_in(user):
        return WorkingGroup.objects.none()
    if is_secretariat(user):
        return working_groups()
    return get_objects_for_user(
        user,
        "workinggroups.manage_work_plan",
        klass=working_groups(),
        accept_global_perms=False,
    ).order_by("number")


def can_manage_work_plan(user, group) -> bool:
    if not _signed_in(user) or group is None:
        return False
    if group.kind != WorkingGroup.Kind.WORKING_GROUP:
        return False
    if is_secretariat(user):
        return True
    return user.has_perm("workinggroups.manage_work_plan", group)


# --- The programme ---------------------------------------------------------------------------


def current_programme(today: datetime.date | None = None) -> JointProgramme | None:
    """The programme covering this year, else the latest one."""
    year = (today or timezone.localdate()).year
    programmes = JointProgramme.objects.select_related("adopted_by")
    return (
        programmes.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
        or programmes.order_by("-start_year").first()
    )


def adoption_meeting(programme: JointProgramme | None) -> Meeting | None:
    """The meeting of record at which the programme was adopted, if it is recorded."""
    if programme is None or not programme.adopted_on or not programme.adopted_by_id:
        return None
    return (
        Meeting.objects.filter(
            group_id=programme.adopted_by_id, starts_on__lte=programme.adopted_on
        )
        .filter(Q(ends_on__gte=programme.adopted_on) | Q(starts_on=programme.adopted_on))
        .order_by("-starts_on")
        .first()
    )


def status_mix(counts: dict[str, int]) -> list[dict]:
    """Status counts in a fixed order with their share (for the stacked bars), zeros left out."""
    total = sum(counts.values())
    mix = []
    offset = 0.0
    for status in STATUS_ORDER:
        count = counts.get(status, 0)
        if not count:
            continue
        share = 100.0 * count / total
        mix.append(
            {
                "status": status,
                "label": STATUS_LABELS[status],
                "count": count,
                "x": round(offset, 3),
                "width": round(share, 3),
            }
        )
        offset += share
    return mix


def priority_overview(programme: JointProgramme | None, activities: QuerySet[Activity]):
    """The programme's priorities, each with its activity count and status mix (two queries)."""
    if programme is None:
        return []
    priorities = list(programme.priorities.order_by("number"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        activities.filter(priority__programme=programme)
        .values("priority_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["priority_id"]][row["status"]] = row["n"]
    for priority in priorities:
        priority.status_counts = counts.get(priority.pk, {})
        priority.activity_count = sum(priority.status_counts.values())
        priority.mix = status_mix(priority.status_counts)
    return priorities


def group_work_plan_summary(group: WorkingGroup, user) -> dict:
    """A group's activities in figures, and the next few to watch (two queries)."""
    activities = visible_activities(user).filter(group=group)
    rows = list(
        activities.values("status").annotate(n=Count("pk"), avg_progress=Avg("progress")).order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    total = sum(counts.values())
    weighted = sum((row["avg_progress"] or 0) * row["n"] for row in rows)
    today = timezone.localdate()
    upcoming = list(
        activities.filter(ends_on__gte=today)
        .exclude(status__in=[Activity.Status.COMPLETED, Activity.Status.CANCELLED])
        .select_related("priority", "lead_organization")
        .order_by("ends_on", "pk")[:3]
    )
    return {
        "total": total,
        "mix": status_mix(counts),
        "average_progress": round(weighted / total) if total else 0,
        "upcoming": upcoming,
    }


# --- The matrix ------------------------------------------------------------------------------


@dataclass
class MatrixCell:
    priority_id: int | None
    group_id: int
    counts: dict[str, int] = field(default_factory=dict)
    url: str = ""
    label: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mix(self) -> list[dict]:
        return status_mix(self.counts)


@dataclass
class MatrixRow:
    priority: Priority | None
    cells: list[MatrixCell]
    counts: dict[str, int]
    url: str = ""
    label: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mix(self) -> list[dict]:
        return status_mix(self.counts)


@dataclass
class Matrix:
    groups: list[WorkingGroup]
    rows: list[MatrixRow]
    column_totals: list[MatrixCell]
    counts: dict[str, int]
    url: str = ""
    label: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mix(self) -> list[dict]:
        return status_mix(self.counts)


def build_matrix(
    activities: QuerySet[Activity], priorities: list[Priority], groups: list[WorkingGroup]
) -> Matrix:
    """Priorities (rows) × groups (columns): counts by status from ONE aggregate query.

    Activities without a priority, or under another programme's priority, form a last row
    ("No priority of this programme") when there are any.
    """
    priority_ids = {p.pk for p in priorities}
    group_ids = {g.pk for g in groups}
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        activities.filter(group_id__in=group_ids)
        .values("priority_id", "group_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        priority_id = row["priority_id"] if row["priority_id"] in priority_ids else None
        counts[(priority_id, row["group_id"])][row["status"]] += row["n"]

    def row_for(priority):
        key = priority.pk if priority else None
        cells = [MatrixCell(key, g.pk, dict(counts.get((key, g.pk), {}))) for g in groups]
        total: dict[str, int] = defaultdict(int)
        for cell in cells:
            for status, n in cell.counts.items():
                total[status] += n
        return MatrixRow(priority, cells, dict(total))

    rows = [row_for(p) for p in priorities]
    unassigned = row_for(None)
    if unassigned.total:
        rows.append(unassigned)
    columns = []
    for index, group in enumerate(groups):
        total: dict[str, int] = defaultdict(int)
        for row in rows:
            for status, n in row.cells[index].counts.items():
                total[status] += n
        columns.append(MatrixCell(None, group.pk, dict(total)))
    grand: dict[str, int] = defaultdict(int)
    for row in rows:
        for status, n in row.counts.items():
            grand[status] += n
    return Matrix(groups, rows, columns, dict(grand))


# --- The timeline ----------------------------------------------------------------------------

TIMELINE_WIDTH = 1000  # SVG user units of a track; the CSS stretches it to the column
MAX_TIMELINE_YEARS = 12


@dataclass
class Scale:
    start: datetime.date
    end: datetime.date  # exclusive: 1 January after the last year

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year))

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.start), self.end)
        return round(TIMELINE_WIDTH * (day - self.start).days / self.days, 2)

    def quarter_lines(self) -> list[dict]:
        lines = []
        for year in self.years:
            for month in (1, 4, 7, 10):
                day = datetime.date(year, month, 1)
                if day != self.start:
                    lines.append({"x": self.x(day), "year": month == 1})
        return lines


def timeline_scale(activities: QuerySet[Activity], programme: JointProgramme | None) -> Scale:
    """Whole years covering the programme and the filtered activities (at most 12 years)."""
    bounds = activities.order_by().aggregate(first=Min("starts_on"), last=Max("ends_on"))
    years = []
    if programme is not None:
        years += [programme.start_year, programme.end_year]
    if bounds["first"]:
        years += [bounds["first"].year, bounds["last"].year]
    if not years:
        years = [timezone.localdate().year]
    first, last = min(years), max(years)
    if last - first + 1 > MAX_TIMELINE_YEARS:
        anchor = programme.start_year if programme is not None else first
        first = max(first, anchor - 2)
        last = min(last, first + MAX_TIMELINE_YEARS - 1)
    return Scale(datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1))


def place_on_timeline(activity: Activity, scale: Scale) -> Activity:
    """Set the SVG geometry of the activity's bar (x, width, progress width) on the scale."""
    start = scale.x(activity.starts_on)
    end = scale.x(activity.ends_on + datetime.timedelta(days=1))
    width = max(end - start, 4.0)  # a one-day activity is still visible
    if start + width > TIMELINE_WIDTH:
        start = TIMELINE_WIDTH - width
    activity.bar_x = start
    activity.bar_width = round(width, 2)
    activity.progress_width = round(width * activity.progress / 100, 2)
    activity.clipped = activity.starts_on < scale.start or activity.ends_on >= scale.end
    return activity


def today_marker(scale: Scale) -> float | None:
    today = timezone.localdate()
    if scale.start <= today < scale.end:
        return scale.x(today)
    return None


def overlapping(qs: QuerySet[Activity], start=None, end=None) -> QuerySet[Activity]:
    """Activities running at some time within [start, end] (either bound optional)."""
    condition = Q()
    if start:
        condition &= Q(ends_on__gte=start)
    if end:
        condition &= Q(starts_on__lte=end)
    return qs.filter(condition)
