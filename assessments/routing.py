"""Where a Member State's request for tailored support goes.

The rule, in two parts:

- **Working Groups**: every Working Group under the pillar of one of the request's themes, plus
  every Working Group that has a project (in the Matrix of UN projects) on one of the themes.
- **Entities**: the best-placed Compact entities for the themes in that State, as ranked by
  `assessments.synergies.candidate_entities` (projects on the themes in the country, on the
  themes elsewhere, presence in the country, focal points' expertise), at most `ENTITY_LIMIT`.

Who is notified: the active focal points of the routed entities and the group editors of the
routed groups (see `assessments.notifications`).
"""

from __future__ import annotations

from django.db.models import Q

from workinggroups.models import WorkingGroup

from .synergies import candidate_entities

ENTITY_LIMIT = 5


def route(state, themes) -> tuple[list[WorkingGroup], list]:
    from appeal.models import Project

    themes = list(themes)
    theme_ids = [theme.pk for theme in themes]
    pillar_ids = {theme.pillar_id for theme in themes if theme.pillar_id}
    project_groups = set()
    for group_ids in Project.objects.filter(theme_ids__overlap=theme_ids).values_list(
        "group_ids", flat=True
    ):
        project_groups.update(group_ids)
    groups = list(
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .filter(Q(pillar_id__in=pillar_ids) | Q(pk__in=project_groups))
        .order_by("number")
    )
    entities = [
        candidate.organization
        for candidate in candidate_entities(state.pk, theme_ids, limit=ENTITY_LIMIT)
    ]
    return groups, entities
