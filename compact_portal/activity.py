"""What happened lately in a Working Group, an organization or a Member State, as its viewer may
see it.

The stream is read from the features' own tables (documents, discussions, meetings, events,
work-plan activities, reports, projects, memberships), each source filtered by the same
`visible_to` rule as its own pages, newest first. Nothing is recorded twice.

Each source is ONE query, limited to the number of items wanted, and the sources are merged in
Python; so a stream costs a fixed number of queries whatever the size of the tables:

- documents: `Document.objects.visible_to(viewer)`, published ones;
- discussions: new threads and replies in the areas the viewer may read
  (`workinggroups.discussions.readable_threads_condition`), never hidden ones;
- meetings of record and their decisions (decisions from their history's creation records);
- calendar events: `Event.objects.visible_to(viewer)`;
- work-plan activities: `workinggroups.planning.visible_activities` (by last update);
- submitted progress reports: `workinggroups.reports.reports_visible_to`;
- projects (organizations): `appeal.projects.projects_visible_to`;
- CTED assessments and support requests (organizations): only through
  `assessments.visibility` (`Assessment.objects.visible_to`, `SupportRequest.objects.visible_to`);
- membership and role changes: the memberships' history.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ActivityItem:
    when: datetime
    kind: str  # a short machine name: "document", "thread", "post", "meeting", "event", ...
    kind_label: str  # translated, for display ("Document shared", "New discussion", ...)
    title: str
    url: str
    where: str = ""  # the group or organization it happened in, for mixed streams
    who: str = ""  # the organization or person it is credited to, when known


# The most items a full activity page may ask each source for (page × page size).
MAX_ITEMS = 1000


def _group_ids_and_labels(groups) -> tuple[list[int], dict[int, object]]:
    """Ids of `groups` (objects, ids or a queryset) and the group objects where known."""
    from workinggroups.models import WorkingGroup

    if hasattr(groups, "model") and hasattr(groups, "values_list"):
        groups = list(groups.only("pk", "kind", "slug", "number", "name", "short_name"))
    ids, known = [], {}
    for group in groups or ():
        if isinstance(group, WorkingGroup):
            ids.append(group.pk)
            known[group.pk] = group
        elif group is not None:
            ids.append(int(group))
    return ids, known


def _group_url(group) -> str:
    from workinggroups.models import WorkingGroup

    if group.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE:
        return reverse("workinggroups:committee")
    return reverse("workinggroups:detail", args=[group.slug])


def _merge(sources, limit: int) -> list[ActivityItem]:
    items = [item for source in sources for item in source if item.when is not None]
    return heapq.nlargest(limit, items, key=lambda item: (item.when, item.kind, item.url))


# --- Sources shared by both streams -----------------------------------------------------------


def _document_item(document, where: str) -> ActivityItem:
    return ActivityItem(
        when=document.created_at,
        kind="document",
        kind_label=_("Document shared"),
        title=document.title,
        url=reverse("library:detail", args=[document.pk]),
        where=where,
    )


def _documents(viewer, condition, limit, where_of=None) -> list[ActivityItem]:
    from library.models import Document

    documents = (
        Document.objects.visible_to(viewer)
        .filter(condition, status=Document.Status.PUBLISHED)
        .only("pk", "title", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        _document_item(document, where_of(document) if where_of else "") for document in documents
    ]


def _events(viewer, condition, limit, where_of=None) -> list[ActivityItem]:
    from calendar_app.models import Event

    events = (
        Event.objects.visible_to(viewer)
        .filter(condition)
        .select_related("organizer")
        .only(
            "pk",
            "title",
            "created_at",
            "starts_at",
            "status",
            "working_group",
            "organizer__acronym",
            "organizer__name",
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    items = []
    for event in events:
        label = (
            _("Event cancelled") if event.status == Event.Status.CANCELLED else _("Event planned")
        )
        items.append(
            ActivityItem(
                when=event.created_at,
                kind="event",
                kind_label=label,
                title=event.title,
                url=reverse("calendar_app:detail", args=[event.pk]),
                where=where_of(event) if where_of else "",
                who=event.organizer.label,
            )
        )
    return items


def _activities(viewer, condition, limit, where_of=None) -> list[ActivityItem]:
    from workinggroups.planning import visible_activities

    activities = (
        visible_activities(viewer)
        .filter(condition)
        .select_related("lead_organization")
        .only(
            "pk",
            "title",
            "updated_at",
            "group_id",
            "lead_organization__acronym",
            "lead_organization__name",
        )
        .order_by("-updated_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=activity.updated_at,
            kind="activity",
            kind_label=_("Work plan activity updated"),
            title=activity.title,
            url=reverse("planning:activity_detail", args=[activity.pk]),
            where=where_of(activity) if where_of else "",
            who=activity.lead_organization.label,
        )
        for activity in activities
    ]


def _membership_title(record) -> tuple[str, str]:
    organization = record.organization.label if record.organization else "?"
    role = record.get_role_display()
    if record.history_type == "+":
        return _("Joined"), _("%(organization)s joined as %(role)s") % {
            "organization": organization,
            "role": role,
        }
    if record.history_type == "-":
        return _("Left"), _("%(organization)s left") % {"organization": organization}
    return _("Role changed"), _("%(organization)s is now %(role)s") % {
        "organization": organization,
        "role": role,
    }


def _memberships(condition, limit, group_of) -> list[ActivityItem]:
    from workinggroups.models import WorkingGroupMembership

    # Changes people made (a signed-in user is recorded); loading the reference data is not news.
    records = (
        WorkingGroupMembership.history.filter(condition, history_user__isnull=False)
        .select_related("organization", "group")
        .order_by("-history_date", "-history_id")[:limit]
    )
    items = []
    for record in records:
        label, title = _membership_title(record)
        group = record.group
        items.append(
            ActivityItem(
                when=record.history_date,
                kind="membership",
                kind_label=label,
                title=title,
                url=_group_url(group) if group else "",
                where=group_of(record, group),
            )
        )
    return items


# --- Working Groups ---------------------------------------------------------------------------


def stream_for_groups(viewer, groups, *, limit: int = 10) -> list[ActivityItem]:
    """The latest items of these Working Groups that `viewer` may see, newest first."""
    from workinggroups.models import WorkingGroup

    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return []
    ids, known = _group_ids_and_labels(groups)
    if not ids or limit <= 0:
        return []
    limit = min(limit, MAX_ITEMS)
    missing = [pk for pk in ids if pk not in known]
    if missing:
        known.update(
            (group.pk, group)
            for group in WorkingGroup.objects.filter(pk__in=missing).only(
                "pk", "kind", "slug", "number", "name", "short_name"
            )
        )
    ids = [pk for pk in ids if pk in known]
    if not ids:
        return []
    mixed = len(ids) > 1

    def where(group_id) -> str:
        return str(known[group_id]) if mixed and group_id in known else ""

    return _merge(
        [
            _group_documents(viewer, ids, limit, where),
            _group_threads(viewer, ids, limit, known, where),
            _group_posts(viewer, ids, limit, known, where),
            _group_meetings(ids, limit, known, where),
            _group_decisions(ids, limit, known, where),
            _events(
                viewer,
                Q(working_group_id__in=ids),
                limit,
                lambda event: where(event.working_group_id),
            ),
            _activities(
                viewer, Q(group_id__in=ids), limit, lambda activity: where(activity.group_id)
            ),
            _group_reports(viewer, ids, limit, known, where),
            _memberships(Q(group_id__in=ids), limit, lambda record, group: where(record.group_id)),
        ],
        limit,
    )


def _group_documents(viewer, ids, limit, where) -> list[ActivityItem]:
    from library.models import Document

    through = Document.working_groups.through
    in_groups = through.objects.filter(document_id=OuterRef("pk"), workinggroup_id__in=ids)
    documents = (
        Document.objects.visible_to(viewer)
        .filter(Exists(in_groups), status=Document.Status.PUBLISHED)
        .annotate(
            first_group=Subquery(
                in_groups.order_by("workinggroup_id").values("workinggroup_id")[:1]
            )
        )
        .only("pk", "title", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [_document_item(document, where(document.first_group)) for document in documents]


def _thread_url(thread_id, group) -> str:
    return reverse("discussions:group_thread", args=[group.slug, thread_id])


def _group_threads(viewer, ids, limit, known, where) -> list[ActivityItem]:
    from workinggroups.discussions import readable_threads_condition
    from workinggroups.models import Thread

    threads = (
        Thread.objects.filter(readable_threads_condition(viewer))
        .filter(group_id__in=ids, hidden=False)
        .only("pk", "title", "created_at", "group_id")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=thread.created_at,
            kind="thread",
            kind_label=_("New discussion"),
            title=thread.title,
            url=_thread_url(thread.pk, known[thread.group_id]),
            where=where(thread.group_id),
        )
        for thread in threads
    ]


def _group_posts(viewer, ids, limit, known, where) -> list[ActivityItem]:
    """Replies (not a thread's opening post, which is the thread itself)."""
    from workinggroups.discussions import readable_threads_condition
    from workinggroups.models import Post, Thread

    readable = Thread.objects.filter(readable_threads_condition(viewer)).filter(
        group_id__in=ids, hidden=False
    )
    earlier = Post.objects.filter(thread_id=OuterRef("thread_id"), pk__lt=OuterRef("pk"))
    posts = (
        Post.objects.filter(thread__in=readable.values("pk"), hidden=False)
        .filter(Exists(earlier))
        .select_related("thread")
        .only("pk", "created_at", "thread__id", "thread__title", "thread__group_id")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=post.created_at,
            kind="post",
            kind_label=_("Reply"),
            title=post.thread.title,
            url=_thread_url(post.thread_id, known[post.thread.group_id]) + f"#post-{post.pk}",
            where=where(post.thread.group_id),
        )
        for post in posts
    ]


def _group_meetings(ids, limit, known, where) -> list[ActivityItem]:
    from workinggroups.models import Meeting

    meetings = (
        Meeting.objects.filter(group_id__in=ids)
        .only("pk", "title", "created_at", "group_id")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=meeting.created_at,
            kind="meeting",
            kind_label=_("Meeting recorded"),
            title=meeting.title,
            url=reverse(
                "workinggroups:meeting_detail", args=[known[meeting.group_id].slug, meeting.pk]
            ),
            where=where(meeting.group_id),
        )
        for meeting in meetings
    ]


def _group_decisions(ids, limit, known, where) -> list[ActivityItem]:
    """Decisions have no date of their own: when their history says they were recorded."""
    from workinggroups.models import Decision, Meeting

    records = (
        Decision.history.filter(
            history_type="+",
            meeting_id__in=Meeting.objects.filter(group_id__in=ids).values("pk"),
        )
        .filter(Exists(Decision.objects.filter(pk=OuterRef("id"))))
        .select_related("meeting")
        .only(
            "id",
            "number",
            "text",
            "history_date",
            "meeting__id",
            "meeting__group_id",
            "meeting__title",
        )
        .order_by("-history_date", "-history_id")[:limit]
    )
    items = []
    for record in records:
        meeting = record.meeting
        text = record.text if len(record.text) <= 120 else record.text[:119] + "…"
        items.append(
            ActivityItem(
                when=record.history_date,
                kind="decision",
                kind_label=_("Decision"),
                title=_("%(meeting)s, decision %(number)s: %(text)s")
                % {"meeting": meeting.title, "number": record.number, "text": text},
                url=reverse(
                    "workinggroups:meeting_detail",
                    args=[known[meeting.group_id].slug, meeting.pk],
                ),
                where=where(meeting.group_id),
            )
        )
    return items


def _group_reports(viewer, ids, limit, known, where) -> list[ActivityItem]:
    from library.visibility import audience_of
    from workinggroups.models import ProgressReport
    from workinggroups.reports import reports_visible_to

    reports = (
        reports_visible_to(viewer, secretariat=audience_of(viewer).secretariat)
        .filter(group_id__in=ids, status=ProgressReport.Status.SUBMITTED)
        .only("pk", "group_id", "period_start", "period_end", "submitted_at")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=report.submitted_at,
            kind="report",
            kind_label=_("Progress report submitted"),
            title=_("Progress report %(start)s – %(end)s")
            % {
                "start": report.period_start.strftime("%Y-%m"),
                "end": report.period_end.strftime("%Y-%m"),
            },
            url=reverse("reports:detail", args=[known[report.group_id].slug, report.pk]),
            where=where(report.group_id),
        )
        for report in reports
    ]


# --- Organizations (Compact entities, Member States, regional organizations) -------------------


def stream_for_organization(viewer, organization, *, limit: int = 10) -> list[ActivityItem]:
    """The latest items of an entity, a Member State or a regional organization."""
    from appeal.models import Project
    from calendar_app.models import Event
    from entities.models import Organization
    from library.models import Document

    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return []
    if organization is None or limit <= 0:
        return []
    limit = min(limit, MAX_ITEMS)
    pk = organization.pk
    is_state = organization.kind == Organization.Kind.MEMBER_STATE

    documents = Exists(
        Document.author_organizations.through.objects.filter(
            document_id=OuterRef("pk"), organization_id=pk
        )
    ) | Exists(
        Document.countries.through.objects.filter(document_id=OuterRef("pk"), organization_id=pk)
    )
    events = (
        Q(organizer_id=pk)
        | Exists(
            Event.co_organizers.through.objects.filter(event_id=OuterRef("pk"), organization_id=pk)
        )
        | Exists(
            Event.countries.through.objects.filter(event_id=OuterRef("pk"), organization_id=pk)
        )
    )
    activities = Q(lead_organization_id=pk) | Q(pk__in=_activity_ids_with(pk))
    sources = [
        _documents(viewer, documents, limit),
        _events(viewer, events, limit),
        _activities(viewer, activities, limit),
        _projects(viewer, pk, limit, Project),
        _memberships(
            Q(organization_id=pk), limit, lambda record, group: str(group) if group else ""
        ),
        _support_requests(viewer, pk, limit),
    ]
    if is_state:
        sources.append(_assessments(viewer, pk, limit))
    return _merge(sources, limit)


def _activity_ids_with(organization_id):
    from workinggroups.models import Activity

    partners = Activity.partners.through.objects.filter(organization_id=organization_id)
    countries = Activity.countries.through.objects.filter(organization_id=organization_id)
    return partners.values("activity_id").union(countries.values("activity_id"))


def _projects(viewer, organization_id, limit, Project) -> list[ActivityItem]:
    from appeal.projects import projects_visible_to

    involved = (
        Q(lead_organization_id=organization_id)
        | Exists(
            Project.partners.through.objects.filter(
                project_id=OuterRef("pk"), organization_id=organization_id
            )
        )
        | Exists(
            Project.countries.through.objects.filter(
                project_id=OuterRef("pk"), organization_id=organization_id
            )
        )
        | Exists(
            Project.donors.through.objects.filter(
                project_id=OuterRef("pk"), organization_id=organization_id
            )
        )
    )
    projects = (
        projects_visible_to(viewer)
        .filter(involved)
        .select_related("lead_organization")
        .only(
            "pk",
            "code",
            "title",
            "created_at",
            "lead_organization__acronym",
            "lead_organization__name",
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=project.created_at,
            kind="project",
            kind_label=_("Project added"),
            title=str(project),
            url=reverse("projects:detail", args=[project.pk]),
            who=project.lead_organization.label,
        )
        for project in projects
    ]


def _assessments(viewer, state_id, limit) -> list[ActivityItem]:
    from assessments.models import Assessment

    assessments = (
        Assessment.objects.visible_to(viewer)
        .filter(state_id=state_id)
        .select_related("state")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=assessment.created_at,
            kind="assessment",
            kind_label=_("CTED assessment"),
            title=str(assessment),
            url=reverse("assessments:detail", args=[assessment.pk]),
            who="CTED",
        )
        for assessment in assessments
    ]


def _support_requests(viewer, organization_id, limit) -> list[ActivityItem]:
    from assessments.models import SupportRequest

    routed = SupportRequest.routed_entities.through.objects.filter(
        supportrequest_id=OuterRef("pk"), organization_id=organization_id
    )
    requests = (
        SupportRequest.objects.visible_to(viewer)
        .filter(Q(state_id=organization_id) | Exists(routed))
        .select_related("state")
        .only("pk", "title", "created_at", "state__acronym", "state__name")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            when=request.created_at,
            kind="support_request",
            kind_label=_("Support requested"),
            title=request.title,
            url=reverse("assessments:support_detail", args=[request.pk]),
            who=request.state.label,
        )
        for request in requests
    ]
