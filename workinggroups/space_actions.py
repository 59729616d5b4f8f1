"""State changes of group spaces and meetings of record.

Views check permissions (`workinggroups.space_selectors.can_edit_space`) before calling these.
Every function takes the acting user as `actor`, runs in a transaction, saves with
`update_fields` where it changes an existing row, and names the actor as the history user, so the
django-simple-history records say who changed what even outside a request (tests, the shell).
Rich text is stored only in its sanitised form (nh3, the allow-list of the organization profiles).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from entities.organization_actions import sanitize_rich_text

from .models import (
    Announcement,
    Decision,
    FeaturedDocument,
    FollowUpAction,
    Meeting,
    SpaceSection,
    WorkingGroup,
)

audit_log = logging.getLogger("portal.audit")


def _log(actor, group_id, message: str) -> None:
    audit_log.info(
        "space of group %s: %s (by user %s)", group_id, message, getattr(actor, "pk", None)
    )


def _as(instance, actor):
    """Name the actor in the history record the next save writes."""
    instance._history_user = actor
    return instance


def _changed(instance, values: dict) -> list[str]:
    """Set the values that differ on `instance`; returns the names of the fields changed."""
    changed = []
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def _save_changes(instance, values: dict, actor, *, touch=()) -> bool:
    changed = _changed(instance, values)
    if not changed:
        return False
    _as(instance, actor).save(update_fields=[*changed, *touch])
    return True


def _delete(instance, actor) -> None:
    _as(instance, actor).delete()


# --- The group's own texts ----------------------------------------------------------------------


@transaction.atomic
def update_group_texts(group: WorkingGroup, *, objectives: str, description: str, actor) -> bool:
    """Change the objectives and the description (plain text); True if anything changed."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    values = {
        "objectives": (objectives or "").replace("\r\n", "\n").strip(),
        "description": (description or "").replace("\r\n", "\n").strip(),
    }
    changed = _save_changes(group, values, actor)
    if changed:
        _log(actor, group.pk, "objectives/description updated")
    return changed


# --- Announcements ------------------------------------------------------------------------------


@transaction.atomic
def create_announcement(
    group: WorkingGroup, *, title: str, body: str, pinned: bool, expires_at, actor
) -> Announcement:
    announcement = _as(
        Announcement(
            group=group,
            title=title.strip(),
            body=sanitize_rich_text(body),
            pinned=pinned,
            expires_at=expires_at,
            created_by=actor,
        ),
        actor,
    )
    announcement.save()
    _log(actor, group.pk, f"announcement {announcement.pk} posted")
    return announcement


@transaction.atomic
def update_announcement(
    announcement: Announcement, *, title: str, body: str, pinned: bool, expires_at, actor
) -> bool:
    values = {
        "title": title.strip(),
        "body": sanitize_rich_text(body),
        "pinned": pinned,
        "expires_at": expires_at,
    }
    changed = _save_changes(announcement, values, actor, touch=["updated_at"])
    if changed:
        _log(actor, announcement.group_id, f"announcement {announcement.pk} edited")
    return changed


@transaction.atomic
def delete_announcement(announcement: Announcement, *, actor) -> None:
    _log(actor, announcement.group_id, f"announcement {announcement.pk} deleted")
    _delete(announcement, actor)


# --- Space sections -----------------------------------------------------------------------------


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def create_section(
    group: WorkingGroup, *, title: str, body: str, is_visible: bool = True, actor
) -> SpaceSection:
    # Lock the group row so two editors adding a section at once get distinct positions.
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    section = _as(
        SpaceSection(
            group=group,
            title=title.strip(),
            body=sanitize_rich_text(body),
            is_visible=is_visible,
            position=_next_position(SpaceSection.objects.filter(group=group)),
        ),
        actor,
    )
    section.save()
    _log(actor, group.pk, f"section {section.pk} added")
    return section


@transaction.atomic
def update_section(
    section: SpaceSection, *, title: str, body: str, is_visible: bool, actor
) -> bool:
    values = {"title": title.strip(), "body": sanitize_rich_text(body), "is_visible": is_visible}
    changed = _save_changes(section, values, actor, touch=["updated_at"])
    if changed:
        _log(actor, section.group_id, f"section {section.pk} edited")
    return changed


@transaction.atomic
def set_section_visibility(section: SpaceSection, *, visible: bool, actor) -> bool:
    changed = _save_changes(section, {"is_visible": visible}, actor, touch=["updated_at"])
    if changed:
        _log(actor, section.group_id, f"section {section.pk} {'shown' if visible else 'hidden'}")
    return changed


@transaction.atomic
def delete_section(section: SpaceSection, *, actor) -> None:
    _log(actor, section.group_id, f"section {section.pk} deleted")
    _delete(section, actor)


def _move(items: list, item, direction: str, actor) -> bool:
    """Swap `item` with its neighbour in `items` (ordered) and renumber positions 0..n-1."""
    index = next((i for i, candidate in enumerate(items) if candidate.pk == item.pk), None)
    if index is None:
        return False
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, candidate in enumerate(items):
        if candidate.position != position:
            candidate.position = position
            _as(candidate, actor).save(update_fields=["position"])
    return True


@transaction.atomic
def move_section(section: SpaceSection, *, direction: str, actor) -> bool:
    """Move a section one place up or down in the space; False at either end."""
    items = list(
        SpaceSection.objects.select_for_update()
        .filter(group_id=section.group_id)
        .order_by("position", "pk")
    )
    moved = _move(items, section, direction, actor)
    if moved:
        _log(actor, section.group_id, f"section {section.pk} moved {direction}")
    return moved


# --- Featured documents -------------------------------------------------------------------------


@transaction.atomic
def feature_document(group: WorkingGroup, document, *, actor) -> tuple[FeaturedDocument, bool]:
    """Feature a library document in the space (at the end); idempotent."""
    existing = FeaturedDocument.objects.filter(group=group, document=document).first()
    if existing is not None:
        return existing, False
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    featured = _as(
        FeaturedDocument(
            group=group,
            document=document,
            added_by=actor,
            position=_next_position(FeaturedDocument.objects.filter(group=group)),
        ),
        actor,
    )
    featured.save()
    _log(actor, group.pk, f"document {document.pk} featured")
    return featured, True


@transaction.atomic
def unfeature_document(featured: FeaturedDocument, *, actor) -> None:
    _log(actor, featured.group_id, f"document {featured.document_id} no longer featured")
    _delete(featured, actor)


@transaction.atomic
def move_featured_document(featured: FeaturedDocument, *, direction: str, actor) -> bool:
    items = list(
        FeaturedDocument.objects.select_for_update()
        .filter(group_id=featured.group_id)
        .order_by("position", "-added_at", "pk")
    )
    return _move(items, featured, direction, actor)


# --- Meetings of record, decisions and follow-up actions -----------------------------------------

MEETING_FIELDS = ("number", "title", "starts_on", "ends_on", "venue", "agenda", "summary")
RICH_MEETING_FIELDS = ("agenda", "summary")


def _meeting_values(values: dict) -> dict:
    cleaned = {field: values.get(field) for field in MEETING_FIELDS}
    cleaned["title"] = (cleaned["title"] or "").strip()
    cleaned["venue"] = (cleaned["venue"] or "").strip()
    for field in RICH_MEETING_FIELDS:
        cleaned[field] = sanitize_rich_text(cleaned[field] or "")
    return cleaned


@transaction.atomic
def create_meeting(group: WorkingGroup, *, actor, documents: Iterable = (), **values) -> Meeting:
    meeting = _as(Meeting(group=group, **_meeting_values(values)), actor)
    meeting.save()
    if documents:
        meeting.documents.set(documents)
    _log(actor, group.pk, f"meeting {meeting.pk} recorded")
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, actor, documents=None, **values) -> bool:
    changed = _save_changes(meeting, _meeting_values(values), actor, touch=["updated_at"])
    if documents is not None:
        wanted = {document.pk for document in documents}
        current = set(meeting.documents.values_list("pk", flat=True))
        if wanted != current:
            meeting.documents.set(list(documents))
            changed = True
    if changed:
        _log(actor, meeting.group_id, f"meeting {meeting.pk} edited")
    return changed


@transaction.atomic
def delete_meeting(meeting: Meeting, *, actor) -> None:
    _log(actor, meeting.group_id, f"meeting {meeting.pk} deleted")
    for action in meeting.actions.all():
        _delete(action, actor)
    for decision in meeting.decisions.all():
        _delete(decision, actor)
    _delete(meeting, actor)


def next_decision_number(meeting: Meeting) -> int:
    highest = meeting.decisions.aggregate(highest=Max("number"))["highest"]
    return 1 if highest is None else highest + 1


@transaction.atomic
def create_decision(meeting: Meeting, *, number: int, text: str, actor) -> Decision:
    decision = _as(Decision(meeting=meeting, number=number, text=text.strip()), actor)
    decision.save()
    _log(actor, meeting.group_id, f"decision {decision.pk} recorded")
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, number: int, text: str, actor) -> bool:
    return _save_changes(decision, {"number": number, "text": text.strip()}, actor)


@transaction.atomic
def delete_decision(decision: Decision, *, actor) -> None:
    _log(actor, decision.meeting.group_id, f"decision {decision.pk} deleted")
    _delete(decision, actor)


ACTION_FIELDS = ("decision", "description", "owner", "due_on", "status")


@transaction.atomic
def create_follow_up_action(meeting: Meeting, *, actor, **values) -> FollowUpAction:
    fields = {field: values.get(field) for field in ACTION_FIELDS}
    fields["description"] = (fields["description"] or "").strip()
    fields["status"] = fields["status"] or FollowUpAction.Status.OPEN
    action = _as(FollowUpAction(meeting=meeting, **fields), actor)
    action.save()
    _log(actor, meeting.group_id, f"follow-up action {action.pk} recorded")
    return action


@transaction.atomic
def update_follow_up_action(action: FollowUpAction, *, actor, **values) -> bool:
    fields = {field: values[field] for field in ACTION_FIELDS if field in values}
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    changed = _save_changes(action, fields, actor, touch=["updated_at"])
    if changed:
        _log(actor, action.meeting.group_id, f"follow-up action {action.pk} edited")
    return changed


@transaction.atomic
def delete_follow_up_action(action: FollowUpAction, *, actor) -> None:
    _log(actor, action.meeting.group_id, f"follow-up action {action.pk} deleted")
    _delete(action, actor)
