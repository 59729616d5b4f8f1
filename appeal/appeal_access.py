"""Who may see and change what in the Multi-Year Appeal: the ONE rule, used by every page.

Viewers (`viewer_of(user)`, cached on the user object for the request):

- the **Secretariat** (`entities.accounts.is_secretariat`) sees and manages everything: cycles
  (published or not), every appeal project in every status, every contribution;
- every other active focal point sees **published** cycles, their **included** projects, and
  the contributions to them, except confidential ones;
- a **Compact entity**'s focal points also see their entity's own appeal projects (the entity is
  the project's lead organization) in every status, propose projects for a cycle open for
  proposals, edit their **drafts** (narrative and requirements) and submit them, and record
  contributions to their own included projects;
- **confidential contributions** are seen only by the Secretariat, the donor's focal points and
  the receiving entity's focal points. For everyone else they do not exist: they are left out of
  lists, exports, dashboards and totals alike (not even as an "undisclosed" aggregate, which
  would reveal a single donor's pledge by subtraction). Each viewer's totals therefore still
  reconcile with the rows they may see; the Secretariat's figures are the complete ones.

Objects a viewer may not see answer 404; objects they may see but not change answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from entities.models import Organization
from library.visibility import audience_of

from .models import AppealCycle, AppealProject, Contribution, Interest


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    secretariat: bool = False
    organization_id: int | None = None
    organization_kind: str = ""

    @property
    def sees_nothing(self) -> bool:
        return self.user_id is None or (not self.secretariat and self.organization_id is None)

    @property
    def entity_id(self) -> int | None:
        """The viewer's Compact entity, if they are one of its focal points."""
        if self.organization_kind == Organization.Kind.COMPACT_ENTITY:
            return self.organization_id
        return None

    @property
    def is_donor(self) -> bool:
        """Member State focal points browse the appeal as donors and express interest."""
        return self.organization_kind == Organization.Kind.MEMBER_STATE


def viewer_of(user) -> Viewer:
    """The viewer's facts, from the library's audience (one query per request, cached on the
    user object and shared by every feature that asks)."""
    audience = audience_of(user)
    return Viewer(
        user_id=audience.user_id,
        secretariat=audience.secretariat,
        organization_id=audience.organization_id,
        organization_kind=audience.organization_kind,
    )


# --- cycles ---------------------------------------------------------------------------------


def cycles_visible_to(user) -> QuerySet[AppealCycle]:
    viewer = viewer_of(user)
    if viewer.secretariat:
        return AppealCycle.objects.all()
    if viewer.sees_nothing:
        return AppealCycle.objects.none()
    return AppealCycle.objects.filter(published=True)


def get_cycle_for_user(user, pk) -> AppealCycle:
    cycle = cycles_visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return cycle


def can_manage(user) -> bool:
    """Cycles, inclusion and everything else: the Secretariat."""
    return viewer_of(user).secretariat


# --- appeal projects ------------------------------------------------------------------------


def entries_visible_to(user) -> QuerySet[AppealProject]:
    viewer = viewer_of(user)
    if viewer.secretariat:
        return AppealProject.objects.all()
    if viewer.sees_nothing:
        return AppealProject.objects.none()
    rule = Q(status=AppealProject.Status.INCLUDED)
    if viewer.entity_id:
        rule |= Q(project__lead_organization_id=viewer.entity_id)
    return AppealProject.objects.filter(rule, cycle__published=True)


def get_entry_for_user(user, pk) -> AppealProject:
    entry = (
        entries_visible_to(user)
        .select_related("cycle", "project", "project__lead_organization")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def is_own_entry(user, entry: AppealProject) -> bool:
    entity_id = viewer_of(user).entity_id
    return entity_id is not None and entry.project.lead_organization_id == entity_id


def can_propose(user, cycle: AppealCycle) -> bool:
    viewer = viewer_of(user)
    if not cycle.accepts_proposals:
        return viewer.secretariat
    return viewer.secretariat or viewer.entity_id is not None


def can_edit_entry(user, entry: AppealProject) -> bool:
    """The Secretariat always; the appealing entity while it is a draft."""
    if viewer_of(user).secretariat:
        return True
    return entry.status == AppealProject.Status.DRAFT and is_own_entry(user, entry)


def can_submit_entry(user, entry: AppealProject) -> bool:
    if entry.status != AppealProject.Status.DRAFT:
        return False
    return viewer_of(user).secretariat or is_own_entry(user, entry)


def can_decide_entry(user, entry: AppealProject) -> bool:
    return viewer_of(user).secretariat and entry.status == AppealProject.Status.SUBMITTED


# --- contributions --------------------------------------------------------------------------


def contributions_visible_to(user) -> QuerySet[Contribution]:
    viewer = viewer_of(user)
    if viewer.secretariat:
        return Contribution.objects.all()
    if viewer.sees_nothing:
        return Contribution.objects.none()
    may_see_confidential = Q(donor_id=viewer.organization_id)
    if viewer.entity_id:
        may_see_confidential |= Q(entry__project__lead_organization_id=viewer.entity_id)
    return Contribution.objects.filter(
        Q(confidential=False) | may_see_confidential, cycle__published=True
    ).filter(Q(entry__isnull=True) | Q(entry__status=AppealProject.Status.INCLUDED))


def get_contribution_for_user(user, pk) -> Contribution:
    contribution = (
        contributions_visible_to(user)
        .select_related("cycle", "entry__project", "donor")
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution


def can_record_contribution(user, entry: AppealProject | None) -> bool:
    """The Secretariat (earmarked or not); the receiving entity, to its own included projects."""
    if viewer_of(user).secretariat:
        return True
    return (
        entry is not None
        and entry.status == AppealProject.Status.INCLUDED
        and is_own_entry(user, entry)
    )


def can_record_any_contribution(user) -> bool:
    viewer = viewer_of(user)
    return viewer.secretariat or viewer.entity_id is not None


def can_edit_contribution(user, contribution: Contribution) -> bool:
    if viewer_of(user).secretariat:
        return True
    return contribution.entry is not None and is_own_entry(user, contribution.entry)


# --- expressions of interest ----------------------------------------------------------------


def interests_visible_to(user) -> QuerySet[Interest]:
    """Secretariat: all; an entity: interests in its projects; a donor: its own organization's."""
    viewer = viewer_of(user)
    if viewer.secretariat:
        return Interest.objects.all()
    if viewer.sees_nothing:
        return Interest.objects.none()
    rule = Q(donor_id=viewer.organization_id)
    if viewer.entity_id:
        rule |= Q(entry__project__lead_organization_id=viewer.entity_id)
    return Interest.objects.filter(rule)


def can_express_interest(user, entry: AppealProject) -> bool:
    return (
        viewer_of(user).is_donor
        and entry.status == AppealProject.Status.INCLUDED
        and entry.cycle.published
    )
