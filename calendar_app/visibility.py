"""Who may see which event, and who may create or change one: the ONE rule for the calendar.

`Event.objects.visible_to(user)` follows the library's rule (`library.visibility`), with the same
audience facts (`audience_of`, cached on the user object):

- anonymous and inactive users: nothing; accounts without a focal-point profile: what they created;
- the Secretariat: everything;
- everyone else, by the event's visibility: ``all`` every focal point; ``compact`` focal points of a
  Compact entity; ``groups`` focal points whose organization belongs to one of `audience_groups`;
  ``organizations`` focal points of one of `audience_organizations`; ``secretariat`` nobody else;
- and always the events they created themselves.

It is a single WHERE clause (EXISTS sub-selects), so it composes with counts, window filters,
feeds, exports and pagination.

Who may create: the Secretariat anything; group editors (`workinggroups.edit_space` on the group)
events of their group; focal points of a Compact entity events their organization organizes.
Who may change an event: the Secretariat, its creator, and whoever could create it now.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from entities.models import Organization
from library.visibility import Audience, audience_of
from workinggroups.models import WorkingGroup, WorkingGroupMembership

EDIT_PERMISSION = "workinggroups.edit_space"
_LEAD_ROLES = WorkingGroupMembership.LEADERSHIP_ROLES


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        audience = audience_of(user)
        if audience.user_id is None:
            return self.none()
        if audience.secretariat:
            return self.all()
        if audience.organization_id is None:
            return self.filter(created_by_id=audience.user_id)
        return self.filter(self._audience_condition(audience))

    def _audience_condition(self, audience: Audience) -> Q:
        Visibility = self.model.Visibility
        by_audience = Q(visibility=Visibility.ALL)
        if audience.organization_kind == Organization.Kind.COMPACT_ENTITY:
            by_audience |= Q(visibility=Visibility.COMPACT)
        member_groups = WorkingGroupMembership.objects.filter(
            organization_id=audience.organization_id
        ).values("group_id")
        groups_through = self.model.audience_groups.through
        by_audience |= Q(visibility=Visibility.GROUPS) & Exists(
            groups_through.objects.filter(
                event_id=OuterRef("pk"), workinggroup_id__in=member_groups
            )
        )
        organizations_through = self.model.audience_organizations.through
        by_audience |= Q(visibility=Visibility.ORGANIZATIONS) & Exists(
            organizations_through.objects.filter(
                event_id=OuterRef("pk"), organization_id=audience.organization_id
            )
        )
        return by_audience | Q(created_by_id=audience.user_id)

    def in_window(self, start, end):
        """Events that may have an occurrence overlapping [start, end)."""
        return self.filter(starts_at__lt=end).filter(
            Q(series_ends_at__gt=start) | Q(series_ends_at__isnull=True)
        )


def get_event_for_user(user, pk):
    """The event if `user` may see it; 404 for "missing" and "not yours" alike."""
    from .models import Event

    try:
        return (
            Event.objects.visible_to(user)
            .select_related("organizer", "working_group", "meeting")
            .get(pk=pk)
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def editable_groups(user):
    """Working Groups (and the Coordination Committee) whose events `user` may create."""
    audience = audience_of(user)
    if audience.user_id is None:
        return WorkingGroup.objects.none()
    if audience.secretariat:
        return WorkingGroup.objects.all()
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(
        user, EDIT_PERMISSION, klass=WorkingGroup, accept_global_perms=False
    )


def organizer_choices(user):
    """Organizations `user` may name as an event's organizer."""
    audience = audience_of(user)
    if audience.user_id is None:
        return Organization.objects.none()
    if audience.secretariat:
        return Organization.objects.exclude(kind=Organization.Kind.MEMBER_STATE)
    groups = editable_groups(user)
    if groups.exists():
        # Group editors organize their group's meetings on behalf of the leading organizations.
        return Organization.objects.filter(
            Q(pk=audience.organization_id)
            | Q(group_memberships__group__in=groups, group_memberships__role__in=_LEAD_ROLES)
        ).distinct()
    if audience.organization_kind == Organization.Kind.COMPACT_ENTITY:
        return Organization.objects.filter(pk=audience.organization_id)
    return Organization.objects.none()


def can_create_events(user) -> bool:
    audience = audience_of(user)
    if audience.user_id is None:
        return False
    if audience.secretariat or audience.organization_kind == Organization.Kind.COMPACT_ENTITY:
        return True
    return editable_groups(user).exists()


def may_create(user, *, organizer_id, working_group_id) -> bool:
    """May `user` create an event with this organizer and group?"""
    audience = audience_of(user)
    if audience.user_id is None:
        return False
    if audience.secretariat:
        return True
    if working_group_id is not None:
        if editable_groups(user).filter(pk=working_group_id).exists():
            return organizer_choices(user).filter(pk=organizer_id).exists()
        # Only the group's editors schedule events in a group's name.
        return False
    return (
        audience.organization_kind == Organization.Kind.COMPACT_ENTITY
        and organizer_id == audience.organization_id
    )


def can_manage_event(user, event) -> bool:
    """May `user` change `event`, see its attendees and export them?"""
    audience = audience_of(user)
    if audience.user_id is None:
        return False
    if audience.secretariat:
        return True
    if event.created_by_id is not None and event.created_by_id == audience.user_id:
        return True
    if (
        audience.organization_kind == Organization.Kind.COMPACT_ENTITY
        and event.organizer_id == audience.organization_id
    ):
        return True
    return event.working_group_id is not None and user.has_perm(
        EDIT_PERMISSION, event.working_group
    )
