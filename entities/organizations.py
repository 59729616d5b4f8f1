"""Reads for the organization pages: Compact entities, Member States, regional organizations.

Every page runs a bounded number of queries whatever the number of focal points: lists are
annotated in one query, focal points are paginated, memberships come with `select_related`.

Who may change what:
- a Compact entity's mandate summary: the Secretariat only (`can_edit_mandate`);
- a Member State's or a regional/international organization's profile: the Secretariat and that
  organization's own active focal points (`can_edit_profile`).
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from workinggroups.models import WorkingGroup, WorkingGroupMembership

from . import names
from .accounts import is_secretariat
from .models import FocalPoint, Organization, OrganizationProfile, OrganizationProfileRevision

Kind = Organization.Kind

# Organizations with a profile page (priorities, challenges, good practices).
PROFILE_KINDS = (Kind.MEMBER_STATE, Kind.REGIONAL, Kind.OTHER)
# Regional and international organizations share one index; "other" ones (GCTF, Hedayah, ... and
# those created from access requests) are international organizations too.
REGIONAL_KINDS = (Kind.REGIONAL, Kind.OTHER)

ACTIVE_FOCAL_POINTS = Q(focal_points__user__is_active=True)


def organization_url(organization: Organization) -> str:
    """The canonical page of any organization, whatever its kind."""
    if organization.kind == Kind.MEMBER_STATE:
        return reverse("member_state_detail", args=[organization.iso3.upper()])
    if organization.kind in REGIONAL_KINDS:
        return reverse("regional_detail", args=[organization.slug])
    return reverse("organization_detail", args=[organization.slug])


def focal_points_of(organization: Organization, user) -> QuerySet[FocalPoint]:
    """The organization's active focal points the viewer may see.

    Uses `FocalPoint.objects.visible_to(user)` once the directory defines it; every signed-in
    member of the network sees every active focal point until then.
    """
    manager = FocalPoint.objects
    queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.active()
    return (
        queryset.active()
        .filter(organization=organization)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- Compact entities ---------------------------------------------------------------------------


def entity_list(*, text: str = "", group: WorkingGroup | None = None) -> QuerySet[Organization]:
    """The Compact's entities with their focal-point count and the number of groups they lead."""
    queryset = Organization.objects.filter(kind=Kind.COMPACT_ENTITY).annotate(
        focal_point_count=Count("focal_points", filter=ACTIVE_FOCAL_POINTS, distinct=True),
        groups_led=Count(
            "group_memberships",
            filter=Q(group_memberships__role__in=WorkingGroupMembership.LEADERSHIP_ROLES),
            distinct=True,
        ),
    )
    if text:
        queryset = queryset.filter(
            names.contains("name", text)
            | Q(acronym__unaccent__icontains=text)
            | names.contains("official_name", text)
        )
    if group is not None:
        queryset = queryset.filter(group_memberships__group=group)
    # By acronym, as the list shows them ("UNODC"); acronyms are the same in every language.
    return queryset.order_by(names.name_order(F("acronym")), names.sort_key("name"), "pk")


def get_entity(slug: str) -> Organization:
    """A Compact entity by slug, or 404."""
    try:
        return Organization.objects.get(slug=slug, kind=Kind.COMPACT_ENTITY)
    except Organization.DoesNotExist:
        raise Http404 from None


def memberships_of(organization: Organization) -> QuerySet[WorkingGroupMembership]:
    return (
        WorkingGroupMembership.objects.filter(organization=organization)
        .select_related("group", "group__pillar")
        .order_by("group__kind", "group__number", "group__name")
    )


def can_edit_mandate(user) -> bool:
    return is_secretariat(user)


# --- Member States and regional organizations --------------------------------------------------


def member_state_list(
    *, text: str = "", region: str = "", with_focal_points: bool = False
) -> QuerySet[Organization]:
    queryset = Organization.objects.filter(kind=Kind.MEMBER_STATE).annotate(
        focal_point_count=Count("focal_points", filter=ACTIVE_FOCAL_POINTS)
    )
    if text:
        queryset = queryset.filter(
            names.contains("name", text)
            | names.contains("official_name", text)
            | Q(iso3__iexact=text)
        )
    if region:
        queryset = queryset.filter(region=region)
    if with_focal_points:
        queryset = queryset.filter(focal_point_count__gt=0)
    # By name in the reader's language: "Égypte" among the E's, not after "Zimbabwe".
    return queryset.order_by("region", names.sort_key("name"), "pk")


def member_state_regions() -> list[str]:
    return list(
        Organization.objects.filter(kind=Kind.MEMBER_STATE)
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


def regional_list(*, text: str = "") -> QuerySet[Organization]:
    queryset = Organization.objects.filter(kind__in=REGIONAL_KINDS).annotate(
        focal_point_count=Count("focal_points", filter=ACTIVE_FOCAL_POINTS)
    )
    if text:
        queryset = queryset.filter(
            names.contains("name", text)
            | Q(acronym__unaccent__icontains=text)
            | names.contains("official_name", text)
        )
    return queryset.order_by("kind", names.sort_key("name"), "pk")


def get_member_state(iso3: str) -> Organization:
    """A Member State by ISO3 code (any case), or 404."""
    if len(iso3) != 3:
        raise Http404
    try:
        return Organization.objects.get(iso3__iexact=iso3, kind=Kind.MEMBER_STATE)
    except Organization.DoesNotExist:
        raise Http404 from None


def get_regional(slug: str) -> Organization:
    """A regional, international or other organization by slug, or 404."""
    try:
        return Organization.objects.get(slug=slug, kind__in=REGIONAL_KINDS)
    except Organization.DoesNotExist:
        raise Http404 from None


def profile_of(organization: Organization) -> OrganizationProfile | None:
    return (
        OrganizationProfile.objects.filter(organization=organization)
        .select_related("updated_by")
        .first()
    )


def revisions_of(profile: OrganizationProfile | None) -> QuerySet[OrganizationProfileRevision]:
    if profile is None:
        return OrganizationProfileRevision.objects.none()
    return profile.revisions.select_related("edited_by").order_by("-edited_at", "-pk")


def can_edit_profile(user, organization: Organization) -> bool:
    """The Secretariat, and the organization's own active focal points."""
    if organization.kind not in PROFILE_KINDS:
        return False
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_secretariat(user):
        return True
    try:
        return user.focal_point.organization_id == organization.pk
    except FocalPoint.DoesNotExist:
        return False
