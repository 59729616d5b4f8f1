"""Group editors' object permissions (django-guardian), derived from one rule.

A user holds the editor permissions (`EDITOR_PERMISSIONS`) on a Working Group if and only if
1. the Secretariat designated them for that group (a `GroupEditor` row),
2. their account is active, and
3. their focal point's organization currently chairs, co-chairs or vice-chairs the group
   (a `WorkingGroupMembership` with a leadership role).

`sync_group_editor_permissions` makes the grants in `WorkingGroupUserObjectPermission` match the
rule: it computes the wanted (user, group) pairs with one query, reads the current grants with one
query, and adds and removes the difference. The receivers in `workinggroups/signals.py` call it
whenever a designation, a membership, a focal point's organization or an account's active flag
changes; `manage.py sync_roles` runs it for everyone.

Only the four editor codenames are managed here: other object permissions are left alone.
Every grant and revocation is written to the `portal.audit` log.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from simple_history.utils import bulk_create_with_history

from compact_portal.audit import delete_with_history

from .models import GroupEditor, WorkingGroupMembership, WorkingGroupUserObjectPermission

audit_log = logging.getLogger("portal.audit")

EDITOR_PERMISSIONS = (
    "edit_space",
    "moderate_discussions",
    "manage_work_plan",
    "submit_progress_report",
)


def _pk(value):
    return getattr(value, "pk", value)


def leadership_memberships() -> QuerySet[WorkingGroupMembership]:
    return WorkingGroupMembership.objects.filter(role__in=WorkingGroupMembership.LEADERSHIP_ROLES)


def effective_designations() -> QuerySet[GroupEditor]:
    """Designations that confer the editor permissions now (the rule above, as one query)."""
    leads = leadership_memberships().filter(
        group_id=OuterRef("group_id"),
        organization_id=OuterRef("user__focal_point__organization_id"),
    )
    return GroupEditor.objects.filter(user__is_active=True).filter(Exists(leads))


def organization_leads_group(organization_id, group_id) -> bool:
    if organization_id is None or group_id is None:
        return False
    return (
        leadership_memberships().filter(group_id=group_id, organization_id=organization_id).exists()
    )


def _editor_grants() -> QuerySet[WorkingGroupUserObjectPermission]:
    return WorkingGroupUserObjectPermission.objects.filter(
        permission__content_type__app_label="workinggroups",
        permission__content_type__model="workinggroup",
        permission__codename__in=EDITOR_PERMISSIONS,
    )


def sync_group_editor_permissions(group=None, user=None) -> tuple[int, int]:
    """Add and remove editor grants so they match the rule; returns (added, removed).

    `group` and `user` (instances or primary keys) narrow the work to one group and/or one person;
    with neither, every designation and grant is checked. A sync that changes nothing costs two
    queries, whatever the number of editors.
    """
    wanted = effective_designations()
    current = _editor_grants()
    if group is not None:
        wanted = wanted.filter(group_id=_pk(group))
        current = current.filter(content_object_id=_pk(group))
    if user is not None:
        wanted = wanted.filter(user_id=_pk(user))
        current = current.filter(user_id=_pk(user))

    wanted_pairs = set(wanted.values_list("user_id", "group_id"))
    existing = {
        (user_id, group_id, codename): pk
        for pk, user_id, group_id, codename in current.values_list(
            "pk", "user_id", "content_object_id", "permission__codename"
        )
    }
    desired = {
        (user_id, group_id, codename)
        for user_id, group_id in wanted_pairs
        for codename in EDITOR_PERMISSIONS
    }
    to_add = sorted(desired - existing.keys())
    to_remove = sorted(key for key in existing if key not in desired)
    if not to_add and not to_remove:
        return 0, 0

    with transaction.atomic():
        if to_add:
            permission_ids = dict(
                Permission.objects.filter(
                    content_type__app_label="workinggroups",
                    content_type__model="workinggroup",
                    codename__in=EDITOR_PERMISSIONS,
                ).values_list("codename", "pk")
            )
            # With history, so the Secretariat's audit log shows who granted what.
            bulk_create_with_history(
                [
                    WorkingGroupUserObjectPermission(
                        user_id=user_id,
                        content_object_id=group_id,
                        permission_id=permission_ids[codename],
                    )
                    for user_id, group_id, codename in to_add
                ],
                WorkingGroupUserObjectPermission,
                ignore_conflicts=True,  # a concurrent sync may have added the same grant
            )
        if to_remove:
            delete_with_history(
                WorkingGroupUserObjectPermission.objects.filter(
                    pk__in=[existing[key] for key in to_remove]
                )
            )
    for user_id, group_id, codename in to_add:
        audit_log.info(
            "granted workinggroups.%s on group %s to user %s", codename, group_id, user_id
        )
    for user_id, group_id, codename in to_remove:
        audit_log.info(
            "revoked workinggroups.%s on group %s from user %s", codename, group_id, user_id
        )
    return len(to_add), len(to_remove)
