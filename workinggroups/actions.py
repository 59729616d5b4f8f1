"""State changes of Working Groups: group editors, memberships and roles.

Each action runs in a transaction, writes an audit record (an admin `LogEntry` on the group, which
the Secretariat reads in the group's history, plus a `portal.audit` log line) and leaves the
editors' object permissions in step with `workinggroups.permissions`.
"""

from __future__ import annotations

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from entities.models import FocalPoint

from .models import GroupEditor, WorkingGroup, WorkingGroupMembership
from .permissions import organization_leads_group, sync_group_editor_permissions

audit_log = logging.getLogger("portal.audit")


class DesignationError(ValueError):
    """The person cannot be designated as an editor of the group (the message says why)."""


def _record(actor, group: WorkingGroup, message: str) -> None:
    audit_log.info("group %s: %s (by user %s)", group.pk, message, getattr(actor, "pk", None))
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(WorkingGroup),
            object_id=str(group.pk),
            object_repr=str(group)[:200],
            action_flag=CHANGE,
            change_message=message,
        )


def check_designation(group: WorkingGroup, user) -> None:
    """Raise DesignationError unless the user may be designated an editor of the group."""
    if not user.is_active:
        raise DesignationError(_("%(user)s's account is deactivated.") % {"user": user})
    try:
        organization = user.focal_point.organization
    except FocalPoint.DoesNotExist:
        raise DesignationError(
            _("%(user)s has no focal-point profile, so no organization.") % {"user": user}
        ) from None
    if not organization_leads_group(organization.pk, group.pk):
        raise DesignationError(
            _(
                "%(organization)s is not chair, co-chair or vice-chair of %(group)s: only focal "
                "points of the group's leading organizations can be its editors."
            )
            % {"organization": organization.label, "group": group}
        )


@transaction.atomic
def designate_group_editor(group: WorkingGroup, user, *, actor) -> GroupEditor:
    """Make `user` an editor of `group` (idempotent); raises DesignationError if not allowed."""
    check_designation(group, user)
    designation, created = GroupEditor.objects.get_or_create(
        group=group, user=user, defaults={"designated_by": actor}
    )
    if created:
        _record(actor, group, f"Designated {user.email} as group editor.")
    sync_group_editor_permissions(group=group, user=user)
    return designation


@transaction.atomic
def remove_group_editor(group: WorkingGroup, user, *, actor) -> bool:
    """End the designation; the object permissions go with it. False if there was none."""
    deleted, _details = GroupEditor.objects.filter(group=group, user=user).delete()
    if deleted:
        _record(actor, group, f"Removed {user.email} as group editor.")
    sync_group_editor_permissions(group=group, user=user)
    return bool(deleted)


@transaction.atomic
def change_membership_role(
    membership: WorkingGroupMembership, role: str, *, actor
) -> WorkingGroupMembership:
    """Change an organization's role in a group; its designated editors follow automatically."""
    if role not in WorkingGroupMembership.Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    previous = membership.role
    if previous == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    _record(
        actor,
        membership.group,
        f"Role of {membership.organization.label} changed from {previous} to {role}.",
    )
    sync_group_editor_permissions(group=membership.group_id)
    return membership


@transaction.atomic
def add_group_member(
    group: WorkingGroup, organization, *, role: str = WorkingGroupMembership.Role.MEMBER, actor
) -> WorkingGroupMembership:
    """Add an organization to a group (or change its role if it is there already)."""
    membership, created = WorkingGroupMembership.objects.get_or_create(
        group=group, organization=organization, defaults={"role": role}
    )
    if not created:
        return change_membership_role(membership, role, actor=actor)
    _record(actor, group, f"Added {organization.label} as {role}.")
    sync_group_editor_permissions(group=group)
    return membership


@transaction.atomic
def remove_group_member(membership: WorkingGroupMembership, *, actor) -> None:
    """Remove an organization from a group; its editors lose their permissions on it."""
    group = membership.group
    label = membership.organization.label
    membership.delete()
    _record(actor, group, f"Removed {label} from the group.")
    sync_group_editor_permissions(group=group)
