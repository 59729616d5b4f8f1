"""Who may see CTED assessments, recommendations and support requests: the ONE rule per model.

Assessments and their recommendations (and uptake, and report files) are confidential. They are
visible only to:

- the Secretariat (`entities.accounts.is_secretariat`): everything;
- focal points of a Compact entity: every assessment;
- focal points of a Member State: the assessments **of their own State**;
- nobody else (regional and other organizations, accounts without a focal-point profile,
  anonymous and inactive users).

Support requests are visible to the requesting State's focal points, to focal points of the
entities they were routed to and of organizations belonging to a Working Group they were routed
to, and to the Secretariat.

Every list, detail, count, export, download, template tag and notification goes through
`<Model>.objects.visible_to(user)` or the `get_*_for_user` helpers below, which answer 404 for
"missing" and "not allowed" alike. The viewer's organization is looked up once per request and
kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from entities.accounts import is_secretariat
from entities.models import FocalPoint, Organization

CTED_ACRONYM = "CTED"
_CACHE_ATTRIBUTE = "_assessments_viewer"


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    secretariat: bool = False
    organization_id: int | None = None
    organization_kind: str = ""
    organization_acronym: str = ""

    @property
    def is_entity(self) -> bool:
        return self.organization_kind == Organization.Kind.COMPACT_ENTITY

    @property
    def is_state(self) -> bool:
        return self.organization_kind == Organization.Kind.MEMBER_STATE

    @property
    def is_cted(self) -> bool:
        return self.is_entity and self.organization_acronym.upper() == CTED_ACRONYM

    @property
    def sees_all_assessments(self) -> bool:
        return self.secretariat or self.is_entity

    @property
    def may_manage(self) -> bool:
        """CTED focal points and the Secretariat create and edit assessments and recommendations."""
        return self.secretariat or self.is_cted


def viewer_of(user) -> Viewer:
    """The viewer's facts (cached on the user object for the rest of the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Viewer(user_id=None)
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    row = (
        FocalPoint.objects.filter(user_id=user.pk)
        .values_list("organization_id", "organization__kind", "organization__acronym")
        .first()
    )
    organization_id, kind, acronym = row if row else (None, "", "")
    viewer = Viewer(
        user_id=user.pk,
        secretariat=is_secretariat(user),
        organization_id=organization_id,
        organization_kind=kind or "",
        organization_acronym=acronym or "",
    )
    setattr(user, _CACHE_ATTRIBUTE, viewer)
    return viewer


EVERYTHING, NOTHING = "everything", "nothing"


def _state_condition(user, state_field: str):
    """EVERYTHING, NOTHING, or the Q on the assessed State (see the module docstring)."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    if viewer.sees_all_assessments:
        return EVERYTHING
    if viewer.is_state:
        return Q(**{state_field: viewer.organization_id})
    return NOTHING


class _StateScopedQuerySet(models.QuerySet):
    state_field = ""

    def visible_to(self, user):
        condition = _state_condition(user, self.state_field)
        if condition is EVERYTHING:
            return self.all()
        if condition is NOTHING:
            return self.none()
        return self.filter(condition)


class AssessmentQuerySet(_StateScopedQuerySet):
    state_field = "state_id"


class RecommendationQuerySet(_StateScopedQuerySet):
    state_field = "assessment__state_id"


class UptakeQuerySet(_StateScopedQuerySet):
    state_field = "recommendation__assessment__state_id"


class SupportRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        viewer = viewer_of(user)
        if viewer.user_id is None:
            return self.none()
        if viewer.secretariat:
            return self.all()
        if viewer.organization_id is None:
            return self.none()
        from workinggroups.models import WorkingGroupMembership

        condition = Q(state_id=viewer.organization_id)
        entities_through = self.model.routed_entities.through
        condition |= Exists(
            entities_through.objects.filter(
                supportrequest_id=OuterRef("pk"), organization_id=viewer.organization_id
            )
        )
        groups_through = self.model.routed_groups.through
        member_groups = WorkingGroupMembership.objects.filter(
            organization_id=viewer.organization_id
        ).values("group_id")
        condition |= Exists(
            groups_through.objects.filter(
                supportrequest_id=OuterRef("pk"), workinggroup_id__in=member_groups
            )
        )
        return self.filter(condition)


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_assessment_for_user(user, pk):
    from .models import Assessment

    return _get(Assessment.objects.visible_to(user).select_related("state"), pk)


def get_recommendation_for_user(user, pk):
    from .models import Recommendation

    return _get(
        Recommendation.objects.visible_to(user).select_related(
            "assessment__state", "theme__pillar"
        ),
        pk,
    )


def get_report_file_for_user(user, pk):
    from .models import Assessment, AssessmentFile

    return _get(
        AssessmentFile.objects.select_related("assessment").filter(
            assessment__in=Assessment.objects.visible_to(user).values("pk")
        ),
        pk,
    )


def get_support_request_for_user(user, pk):
    from .models import SupportRequest

    return _get(SupportRequest.objects.visible_to(user).select_related("state", "created_by"), pk)


def may_post_support_request(user) -> bool:
    """Member State focal points post requests for their own State."""
    viewer = viewer_of(user)
    return viewer.user_id is not None and viewer.is_state


def may_respond(user, support_request) -> bool:
    """Focal points of a Compact entity who can see the request (the Secretariat included)."""
    viewer = viewer_of(user)
    return (
        viewer.user_id is not None
        and viewer.is_entity
        and support_request.status != support_request.Status.CLOSED
    )


def may_close(user, support_request) -> bool:
    viewer = viewer_of(user)
    if viewer.user_id is None or support_request.status == support_request.Status.CLOSED:
        return False
    return viewer.secretariat or (
        viewer.is_state and viewer.organization_id == support_request.state_id
    )
