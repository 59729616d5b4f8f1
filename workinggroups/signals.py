"""Keep group editors' object permissions in step, whatever path a change takes.

The actions call `sync_group_editor_permissions` themselves; these receivers cover the other paths
(the admin's inlines, `load_compact`, the shell, the account actions in `entities.accounts`).
A sync that finds nothing to change costs two queries.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from entities.accounts import Handover, handover_requested, user_deactivated, user_reactivated
from entities.models import FocalPoint, User

from .actions import DesignationError, designate_group_editor, remove_group_editor
from .models import GroupEditor, WorkingGroupMembership
from .permissions import sync_group_editor_permissions


def _touches(update_fields, *names) -> bool:
    return update_fields is None or any(name in update_fields for name in names)


@receiver(post_save, sender=GroupEditor, dispatch_uid="sync_editors_on_designation_save")
@receiver(post_delete, sender=GroupEditor, dispatch_uid="sync_editors_on_designation_delete")
def designation_changed(sender, instance, **kwargs):
    sync_group_editor_permissions(group=instance.group_id, user=instance.user_id)


@receiver(post_save, sender=WorkingGroupMembership, dispatch_uid="sync_editors_on_membership_save")
def membership_saved(sender, instance, created, update_fields, **kwargs):
    if created or _touches(update_fields, "role", "organization", "group"):
        sync_group_editor_permissions(group=instance.group_id)


@receiver(
    post_delete, sender=WorkingGroupMembership, dispatch_uid="sync_editors_on_membership_delete"
)
def membership_deleted(sender, instance, **kwargs):
    sync_group_editor_permissions(group=instance.group_id)


@receiver(post_save, sender=FocalPoint, dispatch_uid="sync_editors_on_focal_point_save")
def focal_point_saved(sender, instance, created, update_fields, **kwargs):
    if created or _touches(update_fields, "organization", "user"):
        sync_group_editor_permissions(user=instance.user_id)


@receiver(post_save, sender=User, dispatch_uid="sync_editors_on_user_save")
def user_saved(sender, instance, created, update_fields, **kwargs):
    # Not on sign-in (update_fields={"last_login"}), only when the active flag may have changed.
    if not created and _touches(update_fields, "is_active"):
        sync_group_editor_permissions(user=instance.pk)


@receiver(user_deactivated, dispatch_uid="sync_editors_on_deactivation")
@receiver(user_reactivated, dispatch_uid="sync_editors_on_reactivation")
def account_state_changed(sender, user, **kwargs):
    sync_group_editor_permissions(user=user.pk)


@receiver(handover_requested, dispatch_uid="hand_over_group_editor_designations")
def hand_over_designations(sender, user, alternate, actor, **kwargs) -> list[Handover]:
    """A deactivated editor's designations move to their alternate, through the actions (so the
    permissions follow); where the alternate cannot take one over it stays, reported unowned."""
    items = []
    designations = GroupEditor.objects.filter(user_id=user.pk).select_related("group")
    for designation in designations.order_by("group__kind", "group__number", "group__pk"):
        group = designation.group
        if alternate is not None:
            try:
                designate_group_editor(group, alternate, actor=actor)
            except DesignationError:
                pass
            else:
                remove_group_editor(group, user, actor=actor)
                items.append(
                    Handover(_("Group editor of %(group)s") % {"group": group}, handed_to=alternate)
                )
                continue
        others = (
            GroupEditor.objects.filter(group_id=group.pk, user__is_active=True)
            .exclude(user_id=user.pk)
            .count()
        )
        items.append(
            Handover(
                _("Group editor of %(group)s (other active editors: %(count)s)")
                % {"group": group, "count": others}
            )
        )
    return items
