"""Conflict warnings: a coordination aid shown before an event is saved, never a block.

An event (or, for a recurring one, each of its occurrences in the coming year) conflicts with an
occurrence of another event that overlaps it in time, is not cancelled, and shares
- the Working Group, or
- an organizer (the organizer or a co-organizer on either side), or
- a group whose high-level participants are expected (`participant_groups` or the Working Group).

Only events the person creating may see are considered, so a warning never reveals a restricted
event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from .models import Event
from .recurrence import Occurrence, occurrences

HORIZON = dt.timedelta(days=366)
MAX_CANDIDATE_OCCURRENCES = 60
MAX_CONFLICTS = 20


@dataclass
class Conflict:
    occurrence: Occurrence
    reasons: list[str]


def find_conflicts(
    user,
    candidate: Event,
    *,
    organizer_ids: set[int],
    group_ids: set[int],
    exclude_pk: int | None = None,
) -> list[Conflict]:
    """Overlapping events for `candidate` (an unsaved or changed Event, see module docstring).

    `organizer_ids` are the organizer and co-organizers; `group_ids` the Working Group and the
    high-level participants' groups.
    """
    from django.utils.translation import gettext as _

    start = candidate.starts_at
    horizon_end = start + HORIZON
    mine = occurrences(candidate, start, horizon_end, [])[:MAX_CANDIDATE_OCCURRENCES]
    if not mine:
        return []
    window_start = min(occurrence.start for occurrence in mine)
    window_end = max(occurrence.end for occurrence in mine)

    related = Q(pk__in=[])
    if candidate.working_group_id:
        related |= Q(working_group_id=candidate.working_group_id)
    if organizer_ids:
        related |= Q(organizer_id__in=organizer_ids) | Q(co_organizers__in=organizer_ids)
    if group_ids:
        related |= Q(working_group_id__in=group_ids) | Q(participant_groups__in=group_ids)
    others = (
        Event.objects.visible_to(user)
        .in_window(window_start, window_end)
        .exclude(status=Event.Status.CANCELLED)
        .filter(pk__in=Event.objects.filter(related).values("pk"))
        .select_related("organizer", "working_group")
        .prefetch_related("exceptions", "co_organizers", "participant_groups")
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)

    conflicts = []
    for other in others:
        other_organizers = {other.organizer_id} | {org.pk for org in other.co_organizers.all()}
        other_groups = {group.pk for group in other.participant_groups.all()}
        if other.working_group_id:
            other_groups.add(other.working_group_id)
        reasons = []
        same_group = bool(
            candidate.working_group_id and other.working_group_id == candidate.working_group_id
        )
        if same_group:
            reasons.append(_("same Working Group"))
        if organizer_ids & other_organizers:
            reasons.append(_("same organizer"))
        if group_ids & other_groups and not same_group:
            reasons.append(_("same high-level participants' groups"))
        if not reasons:
            continue
        theirs = occurrences(other, window_start, window_end, list(other.exceptions.all()))
        for occurrence in theirs:
            if any(o.start < occurrence.end and o.end > occurrence.start for o in mine):
                conflicts.append(Conflict(occurrence, reasons))
                if len(conflicts) >= MAX_CONFLICTS:
                    break
        if len(conflicts) >= MAX_CONFLICTS:
            break
    conflicts.sort(key=lambda conflict: conflict.occurrence.start)
    return conflicts
