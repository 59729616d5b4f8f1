"""Reads for the site-wide pages."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from entities.models import FocalPoint, Organization, Pillar
from workinggroups.models import JointProgramme, WorkingGroup, WorkingGroupMembership


def compact_figures():
    organizations = Organization.objects.aggregate(
        # distinct: the focal-point join below repeats each organization once per person.
        entities=Count("pk", filter=Q(kind=Organization.Kind.COMPACT_ENTITY), distinct=True),
        states=Count(
            "pk",
            filter=Q(kind=Organization.Kind.MEMBER_STATE, focal_points__user__is_active=True),
            distinct=True,
        ),
        regional=Count(
            "pk",
            filter=Q(kind=Organization.Kind.REGIONAL, focal_points__user__is_active=True),
            distinct=True,
        ),
    )
    focal_points = FocalPoint.objects.active().count()
    groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).count()
    return [
        {"label": _("Compact entities"), "value": organizations["entities"], "note": ""},
        {
            "label": _("Member States with focal points"),
            "value": organizations["states"],
            "note": "",
        },
        {
            "label": _("International and regional organizations"),
            "value": organizations["regional"],
            "note": "",
        },
        {"label": _("Focal points"), "value": focal_points, "note": ""},
        {"label": _("Working Groups"), "value": groups, "note": ""},
    ]


def pillars_with_groups():
    leaders = WorkingGroupMembership.objects.filter(
        role__in=WorkingGroupMembership.LEADERSHIP_ROLES
    ).select_related("organization")
    groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).prefetch_related(
        Prefetch("memberships", queryset=leaders, to_attr="leader_memberships")
    )
    pillars = list(
        Pillar.objects.prefetch_related(
            Prefetch("working_groups", queryset=groups, to_attr="groups")
        )
    )
    role_order = {role: i for i, role in enumerate(WorkingGroupMembership.LEADERSHIP_ROLES)}
    for pillar in pillars:
        for group in pillar.groups:
            group.leaders = [
                {"role": m.get_role_display(), "acronym": m.organization.label}
                for m in sorted(
                    group.leader_memberships,
                    key=lambda m: (role_order[m.role], m.organization.label),
                )
            ]
    return pillars


def current_programme():
    return JointProgramme.objects.prefetch_related("priorities").first()


def home_context(user):
    return {
        "figures": compact_figures(),
        "pillars": pillars_with_groups(),
        "programme": current_programme(),
    }
