"""Reads for the group spaces and the Coordination Committee space.

Everyone signed in reads the spaces; only the Secretariat and the holders of the
`workinggroups.edit_space` object permission on a group change it (`can_edit_space`).
Featured documents go through `Document.objects.visible_to(viewer)`, so a space never shows a
document its reader may not see. Every page runs a bounded number of queries: lists come with
`select_related`/`Prefetch`, focal points are capped, the history is paginated over one UNION.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value, Window
from django.db.models.functions import Lag
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from entities.accounts import is_secretariat
from entities.models import FocalPoint, Organization, Pillar
from library.models import Document

from .models import (
    Announcement,
    Decision,
    FeaturedDocument,
    FollowUpAction,
    Meeting,
    SpaceSection,
    WorkingGroup,
    WorkingGroupMembership,
)

Role = WorkingGroupMembership.Role
ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}

FOCAL_POINTS_SHOWN = 12
ANNOUNCEMENTS_SHOWN = 10
MEETINGS_SHOWN = 5


# --- Permissions --------------------------------------------------------------------------------


def can_edit_space(user, group: WorkingGroup) -> bool:
    """The Secretariat, and the group's editors (object permission `edit_space`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_secretariat(user):
        return True
    return user.has_perm("workinggroups.edit_space", group)


# --- Fetching -----------------------------------------------------------------------------------


def get_group(slug: str) -> WorkingGroup:
    """A Working Group or the Coordination Committee by slug, or 404."""
    group = WorkingGroup.objects.select_related("pillar").filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def get_committee() -> WorkingGroup:
    group = (
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
        .order_by("pk")
        .first()
    )
    if group is None:
        raise Http404
    return group


def _get_in_group(queryset, group: WorkingGroup, pk):
    obj = queryset.filter(pk=pk, **{_group_path(queryset.model): group}).first()
    if obj is None:
        raise Http404
    return obj


def _group_path(model) -> str:
    if model in (Decision, FollowUpAction):
        return "meeting__group"
    return "group"


def get_announcement(group, pk) -> Announcement:
    return _get_in_group(Announcement.objects.all(), group, pk)


def get_section(group, pk) -> SpaceSection:
    return _get_in_group(SpaceSection.objects.all(), group, pk)


def get_featured(group, pk) -> FeaturedDocument:
    return _get_in_group(FeaturedDocument.objects.select_related("document"), group, pk)


def get_meeting(group, pk) -> Meeting:
    return _get_in_group(Meeting.objects.all(), group, pk)


def get_decision(group, pk) -> Decision:
    return _get_in_group(Decision.objects.select_related("meeting"), group, pk)


def get_follow_up_action(group, pk) -> FollowUpAction:
    return _get_in_group(
        FollowUpAction.objects.select_related("meeting", "owner", "decision"), group, pk
    )


# --- The index ----------------------------------------------------------------------------------


def _leaders(memberships) -> list[WorkingGroupMembership]:
    leaders = [m for m in memberships if m.role in WorkingGroupMembership.LEADERSHIP_ROLES]
    return sorted(leaders, key=lambda m: (ROLE_ORDER[m.role], m.organization.label))


def groups_by_pillar() -> list[Pillar]:
    """The pillars, each with its Working Groups (`pillar.groups`), their leaders and counts."""
    leaders = WorkingGroupMembership.objects.filter(
        role__in=WorkingGroupMembership.LEADERSHIP_ROLES
    ).select_related("organization")
    groups = (
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .annotate(
            member_count=Count("memberships", filter=~Q(memberships__role=Role.OBSERVER)),
            observer_count=Count("memberships", filter=Q(memberships__role=Role.OBSERVER)),
        )
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))
        .order_by("number")
    )
    pillars = list(
        Pillar.objects.order_by("number").prefetch_related(
            Prefetch("working_groups", queryset=groups, to_attr="groups")
        )
    )
    for pillar in pillars:
        for group in pillar.groups:
            group.leaders = _leaders(group.leader_memberships)
    return pillars


# --- A group's space ----------------------------------------------------------------------------


def memberships_of(group: WorkingGroup) -> dict:
    """The group's organizations: leadership (in role order), members, observers."""
    memberships = list(
        WorkingGroupMembership.objects.filter(group=group)
        .select_related("organization")
        .order_by("organization__acronym", "organization__name")
    )
    return {
        "leaders": _leaders(memberships),
        "members": [m for m in memberships if m.role == Role.MEMBER],
        "observers": [m for m in memberships if m.role == Role.OBSERVER],
        "all": memberships,
    }


def focal_points_of(group: WorkingGroup) -> QuerySet[FocalPoint]:
    """Active focal points of the group's organizations (any role)."""
    return (
        FocalPoint.objects.active()
        .filter(organization__group_memberships__group=group)
        .select_related("user", "organization")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def current_announcements(group: WorkingGroup, now=None) -> QuerySet[Announcement]:
    """Announcements not expired, pinned first, then newest."""
    now = now or timezone.now()
    return (
        Announcement.objects.filter(group=group)
        .current(now)
        .select_related("created_by")
        .order_by("-pinned", "-created_at", "-pk")
    )


def sections_of(group: WorkingGroup, *, include_hidden: bool = False) -> QuerySet[SpaceSection]:
    queryset = SpaceSection.objects.filter(group=group).order_by("position", "pk")
    return queryset if include_hidden else queryset.filter(is_visible=True)


def featured_documents_of(group: WorkingGroup, viewer) -> QuerySet[FeaturedDocument]:
    """The group's featured documents the viewer may see, in the editors' order."""
    visible = Document.objects.visible_to(viewer).values("pk")
    return (
        FeaturedDocument.objects.filter(group=group, document_id__in=visible)
        .select_related("document")
        .order_by("position", "-added_at", "pk")
    )


def pickable_documents(group: WorkingGroup, viewer, text: str = "") -> QuerySet[Document]:
    """Documents the editor may see and that are not featured yet, best matches first."""
    queryset = Document.objects.visible_to(viewer).exclude(
        pk__in=FeaturedDocument.objects.filter(group=group).values("document_id")
    )
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return queryset.only("pk", "title", "doc_type", "publication_date", "created_at").order_by(
        "-publication_date", "-created_at", "-pk"
    )


def meetings_of(group: WorkingGroup) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(group=group)
        .annotate(
            decision_count=Count("decisions", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def meeting_record(meeting: Meeting, viewer) -> dict:
    """A meeting with its decisions, follow-up actions and the documents the viewer may see."""
    visible = Document.objects.visible_to(viewer).values("pk")
    return {
        "decisions": list(meeting.decisions.order_by("number")),
        "actions": list(
            meeting.actions.select_related("owner", "decision").order_by("due_on", "pk")
        ),
        "documents": list(
            meeting.documents.filter(pk__in=visible).only(
                "pk", "title", "doc_type", "publication_date"
            )
        ),
    }


# --- Follow-up actions (the Coordination Committee's list, filters) ------------------------------

OPEN_STATUSES = (FollowUpAction.Status.OPEN, FollowUpAction.Status.IN_PROGRESS)


def follow_up_actions(group: WorkingGroup, *, state: str = "", owner=None, today=None):
    """The group's follow-up actions; `state` is "", "open" or "overdue"."""
    today = today or timezone.localdate()
    queryset = FollowUpAction.objects.filter(meeting__group=group).select_related(
        "owner", "meeting", "decision"
    )
    if state in ("open", "overdue"):
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if state == "overdue":
        queryset = queryset.filter(due_on__lt=today)
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    return queryset.order_by(F("due_on").asc(nulls_last=True), "pk")


def viewer_organization_id(user):
    return (
        FocalPoint.objects.filter(user_id=user.pk).values_list("organization_id", flat=True).first()
    )


def committee_composition(committee: WorkingGroup) -> dict:
    """All Compact entities (members and observers) plus the Working Groups' leadership."""
    composition = memberships_of(committee)
    leaders = list(
        WorkingGroupMembership.objects.filter(
            group__kind=WorkingGroup.Kind.WORKING_GROUP,
            role__in=WorkingGroupMembership.LEADERSHIP_ROLES,
        )
        .select_related("organization", "group")
        .order_by("group__number", "role", "organization__acronym")
    )
    composition["group_leaders"] = leaders
    return composition


# --- Edit history -------------------------------------------------------------------------------


@dataclass
class Change:
    """One line of the history: one historical record and what it changed."""

    kind: str
    record: object
    action: str  # "created", "changed", "deleted"
    changes: list = field(default_factory=list)  # [(label, old, new)]

    @property
    def user(self):
        return self.record.history_user

    @property
    def date(self) -> datetime.datetime:
        return self.record.history_date


# (key, model, label) — labels are model verbose names, translated in the template.
HISTORY_MODELS = (
    ("group", WorkingGroup),
    ("announcement", Announcement),
    ("section", SpaceSection),
    ("featured", FeaturedDocument),
    ("meeting", Meeting),
    ("decision", Decision),
    ("action", FollowUpAction),
)

# Bookkeeping fields the history does not show as changes.
HIDDEN_FIELDS = {
    "updated_at",
    "created_at",
    "added_at",
    "group",
    "meeting",
    "created_by",
    "added_by",
}


def _history_querysets(group: WorkingGroup) -> dict:
    meeting_ids = Meeting.history.filter(group_id=group.pk).values("id")
    return {
        "group": WorkingGroup.history.filter(id=group.pk),
        "announcement": Announcement.history.filter(group_id=group.pk),
        "section": SpaceSection.history.filter(group_id=group.pk),
        "featured": FeaturedDocument.history.filter(group_id=group.pk),
        "meeting": Meeting.history.filter(group_id=group.pk),
        "decision": Decision.history.filter(meeting_id__in=meeting_ids),
        "action": FollowUpAction.history.filter(meeting_id__in=meeting_ids),
    }


def history_index(group: WorkingGroup):
    """One UNION of the group's historical records: (kind, history_id, date, previous id).

    The previous record of the same object comes from a window function, so a page of the
    history diffs its records without one query per line.
    """
    parts = []
    for key, queryset in _history_querysets(group).items():
        parts.append(
            queryset.annotate(
                kind=Value(key),
                previous_id=Window(
                    Lag("history_id"),
                    partition_by=[F("id")],
                    order_by=[F("history_date").asc(), F("history_id").asc()],
                ),
            ).values_list("kind", "history_id", "history_date", "previous_id")
        )
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _value(model, name, value, documents):
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name in documents:  # foreign keys shown by name: {"document": {pk: title}, ...}
        return documents[name].get(value, value)
    return value


def _mirrored_fields(model) -> set[str]:
    """Translated fields' original columns, which repeat the English one ("objectives" and
    "objectives [en]"): only the per-language columns are shown."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _labelled_changes(model, old, new, documents) -> list:
    mirrored = _mirrored_fields(model)
    excluded = [
        f.name
        for f in old._meta.fields
        if f.name in HIDDEN_FIELDS or f.name in mirrored or f.name.startswith("history")
    ]
    delta = new.diff_against(old, excluded_fields=excluded)
    rows = []
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        label = model._meta.get_field(change.field).verbose_name
        rows.append(
            (
                label,
                _value(model, change.field, change.old, documents),
                _value(model, change.field, change.new, documents),
            )
        )
    return rows


def _initial_values(model, record, documents) -> list:
    rows = []
    mirrored = _mirrored_fields(model)
    for model_field in model._meta.concrete_fields:
        name = model_field.name
        if name in HIDDEN_FIELDS or name in mirrored or model_field.primary_key:
            continue
        attname = model_field.attname
        value = getattr(record, attname, None)
        if value in (None, "", [], False):
            continue
        label = model_field.verbose_name
        rows.append((label, None, _value(model, name, value, documents)))
    return rows


def history_page(rows: list) -> list[Change]:
    """The Change lines for one page of `history_index` rows (one query per kind present)."""
    models = dict(HISTORY_MODELS)
    wanted: dict[str, set] = {}
    for kind, history_id, _date, previous_id in rows:
        wanted.setdefault(kind, set()).add(history_id)
        if previous_id is not None:
            wanted[kind].add(previous_id)
    records = {}
    for kind, ids in wanted.items():
        historical = models[kind].history.model
        queryset = historical.objects.filter(history_id__in=ids).select_related("history_user")
        for record in queryset:
            records[(kind, record.history_id)] = record

    def ids(kind, attribute):
        return {
            getattr(record, attribute)
            for (record_kind, _id), record in records.items()
            if record_kind == kind and getattr(record, attribute) is not None
        }

    # Foreign keys are shown by name (one query per kind of name, only when needed).
    documents = {
        "document": dict(
            Document.objects.filter(pk__in=ids("featured", "document_id")).values_list(
                "pk", "title"
            )
        ),
        "owner": {
            org.pk: org.label
            for org in Organization.objects.filter(pk__in=ids("action", "owner_id"))
        },
        "decision": {
            pk: gettext("Decision %(number)s") % {"number": number}
            for pk, number in Decision.objects.filter(
                pk__in=ids("action", "decision_id")
            ).values_list("pk", "number")
        },
        "pillar": {
            pillar.pk: str(pillar)
            for pillar in Pillar.objects.filter(pk__in=ids("group", "pillar_id"))
        },
    }

    changes = []
    for kind, history_id, _date, previous_id in rows:
        record = records.get((kind, history_id))
        if record is None:
            continue
        model = models[kind]
        previous = records.get((kind, previous_id)) if previous_id is not None else None
        if record.history_type == "-":
            line = Change(kind, record, "deleted")
        elif record.history_type == "+" or previous is None:
            line = Change(kind, record, "created", _initial_values(model, record, documents))
        else:
            line = Change(
                kind, record, "changed", _labelled_changes(model, previous, record, documents)
            )
        line.label = getattr(record, "title", "") or _describe(kind, record, documents)
        line.model_name = model._meta.verbose_name
        changes.append(line)
    return changes


def _describe(kind, record, documents) -> str:
    if kind == "group":
        return record.short_name or record.name
    if kind == "featured":
        return documents["document"].get(record.document_id, "")
    if kind == "decision":
        return f"{record.number}. {record.text[:80]}"
    if kind == "action":
        return record.description[:80]
    return str(record.pk)
