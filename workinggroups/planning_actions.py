"""State changes of the work plans: create, update and delete activities.

Each action checks that the actor may manage the group's work plan (`PermissionDenied`
otherwise: the views answer 403), runs in a transaction and writes a `portal.audit` line. The
activity's own history (django-simple-history) records who changed which field and when; changes
of partners and countries (many-to-many, not in the historical table) are written into the
historical record's change reason, so the detail page shows them too.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Activity, WorkingGroup
from .planning import can_manage_work_plan

audit_log = logging.getLogger("portal.audit")

FIELDS = (
    "priority",
    "title",
    "description",
    "lead_organization",
    "regions",
    "is_global",
    "starts_on",
    "ends_on",
    "status",
    "progress",
)
M2M_FIELDS = ("partners", "countries")
REASON_MAX = 2000  # history_change_reason is a text column (settings)


def _check(actor, group: WorkingGroup) -> None:
    if not can_manage_work_plan(actor, group):
        audit_log.warning(
            "refused work plan change of group %s to user %s",
            getattr(group, "pk", None),
            getattr(actor, "pk", None),
        )
        raise PermissionDenied


def _labels(organizations) -> list[str]:
    return sorted(org.label for org in organizations)


def _m2m_reason(activity: Activity | None, data: dict) -> str:
    """ "Partners: +UNODC −INTERPOL; countries: +Kenya" for what the update changes."""
    parts = []
    for name, title in (("partners", "Partners"), ("countries", "Countries")):
        if name not in data:
            continue
        new = {org.pk: org.label for org in data[name]}
        old = (
            {} if activity is None else {org.pk: org.label for org in getattr(activity, name).all()}
        )
        added = sorted(new[pk] for pk in new.keys() - old.keys())
        removed = sorted(old[pk] for pk in old.keys() - new.keys())
        if added or removed:
            change = " ".join([f"+{label}" for label in added] + [f"−{label}" for label in removed])
            parts.append(f"{title}: {change}")
    reason = "; ".join(parts)
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    return reason


@transaction.atomic
def create_activity(group: WorkingGroup, data: dict, *, actor) -> Activity:
    """A new activity of the group's work plan from cleaned form data."""
    _check(actor, group)
    activity = Activity(group=group, created_by=actor)
    for name in FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    activity._change_reason = _m2m_reason(None, data)
    activity._history_user = actor
    activity.full_clean(exclude=["created_by"])
    activity.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(activity, name).set(data[name])
    audit_log.info("activity %s created in group %s (by user %s)", activity.pk, group.pk, actor.pk)
    return activity


@transaction.atomic
def update_activity(activity: Activity, data: dict, *, actor) -> list[str]:
    """Apply cleaned form data to the activity; returns the names of the fields that changed.

    Only changed fields are saved (`update_fields`); an update that changes nothing writes no
    history record.
    """
    _check(actor, activity.group)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    changed = [name for name in FIELDS if name in data and getattr(locked, name) != data[name]]
    reason = _m2m_reason(locked, data)
    m2m_changed = [
        name
        for name in M2M_FIELDS
        if name in data
        and {org.pk for org in data[name]}
        != set(getattr(locked, name).values_list("pk", flat=True))
    ]
    if not changed and not m2m_changed:
        return []
    for name in changed:
        setattr(locked, name, data[name])
    locked.full_clean(exclude=["created_by"])
    locked._change_reason = reason
    locked._history_user = actor
    locked.save(update_fields=[*changed, "updated_at"])
    for name in m2m_changed:
        getattr(locked, name).set(data[name])
    audit_log.info(
        "activity %s updated (%s) (by user %s)",
        locked.pk,
        ", ".join(changed + m2m_changed),
        actor.pk,
    )
    # the caller's copy follows
    for name in changed:
        setattr(activity, name, getattr(locked, name))
    activity.updated_at = locked.updated_at
    return changed + m2m_changed


@transaction.atomic
def delete_activity(activity: Activity, *, actor) -> None:
    """Delete the activity (its history keeps a deletion record with who and when)."""
    _check(actor, activity.group)
    pk, group_id = activity.pk, activity.group_id
    activity._change_reason = ""
    activity._history_user = actor
    activity.delete()
    audit_log.info("activity %s deleted from group %s (by user %s)", pk, group_id, actor.pk)
