"""Panels other pages show (the Member State page): a State's CTED assessments and its requests
for support — rendered only for viewers who may see them, and otherwise as nothing at all.

    {% load assessment_tags %}
    {% state_assessments organization %}
    {% state_support_requests organization %}
"""

from django import template
from django.db.models import Count, Q
from django.template.loader import render_to_string

from ..models import Assessment, Recommendation, SupportRequest
from ..visibility import viewer_of

register = template.Library()

PANEL_LIMIT = 10


def _may_see_state_assessments(user, organization) -> bool:
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return False
    return viewer.sees_all_assessments or (
        viewer.is_state and viewer.organization_id == organization.pk
    )


@register.simple_tag(takes_context=True)
def state_assessments(context, organization):
    request = context.get("request")
    user = getattr(request, "user", None)
    if organization is None or user is None or not _may_see_state_assessments(user, organization):
        return ""
    assessments = list(
        Assessment.objects.visible_to(user)
        .filter(state=organization)
        .annotate(
            recommendation_count=Count("recommendations"),
            open_count=Count(
                "recommendations",
                filter=Q(recommendations__status__in=Recommendation.OPEN_STATUSES),
            ),
        )
        .order_by("-starts_on", "pk")[:PANEL_LIMIT]
    )
    return render_to_string(
        "assessments/partials/_state_assessments.html",
        {"assessments": assessments, "organization": organization},
        request=request,
    )


@register.simple_tag(takes_context=True)
def state_support_requests(context, organization):
    request = context.get("request")
    user = getattr(request, "user", None)
    if organization is None or user is None:
        return ""
    requests = list(
        SupportRequest.objects.visible_to(user)
        .filter(state=organization)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")[:PANEL_LIMIT]
    )
    viewer = viewer_of(user)
    own_state = viewer.is_state and viewer.organization_id == organization.pk
    if not requests and not own_state:
        return ""
    return render_to_string(
        "assessments/partials/_state_support_requests.html",
        {"requests": requests, "organization": organization, "own_state": own_state},
        request=request,
    )


@register.simple_tag(takes_context=True)
def project_recommendations(context, project):
    """The TA recommendations a project takes up — only those the viewer may see (nothing at
    all for viewers who may see none)."""
    from ..models import Uptake

    request = context.get("request")
    user = getattr(request, "user", None)
    uptakes = list(
        Uptake.objects.visible_to(user)
        .filter(project=project)
        .select_related("recommendation__assessment__state", "recommendation__theme")
        .order_by("recommendation__assessment__state__name", "recommendation_id")[:PANEL_LIMIT]
    )
    if not uptakes:
        return ""
    return render_to_string(
        "assessments/partials/_project_recommendations.html",
        {"uptakes": uptakes},
        request=request,
    )
