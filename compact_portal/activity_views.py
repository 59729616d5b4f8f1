"""Activity pages of a Working Group (or the Coordination Committee), a Compact entity, a Member
State and a regional organization, and the "Latest activity" panel their pages load with htmx
(`?panel=1`), so the panel adds no query to the page itself.

Every signed-in person may open them; each item is filtered by its own feature's rule
(`compact_portal.activity`). Pagination is by page number over the merged stream: page n asks
each source for n × PER_PAGE + 1 items (a fixed number of queries per page), up to MAX_PAGES.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from entities import organizations as org_selectors
from workinggroups import space_selectors
from workinggroups.models import WorkingGroup

from .activity import stream_for_groups, stream_for_organization

PER_PAGE = 25
PANEL_SIZE = 8
MAX_PAGES = 40


def _page_number(request) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGES)


def _render(request, *, subject, subject_url, stream, activity_url):
    if request.GET.get("panel"):
        items = stream(PANEL_SIZE)
        return render(
            request,
            "activity/partials/_panel_items.html",
            {"items": items, "activity_url": activity_url},
        )
    number = _page_number(request)
    wanted = number * PER_PAGE + 1
    items = stream(wanted)
    page_items = items[(number - 1) * PER_PAGE : number * PER_PAGE]
    if number > 1 and not page_items:
        raise Http404
    return render(
        request,
        "activity/stream.html",
        {
            "subject": subject,
            "subject_url": subject_url,
            "items": page_items,
            "page_number": number,
            "has_previous": number > 1,
            "has_next": len(items) > number * PER_PAGE and number < MAX_PAGES,
            "show_where": False,
        },
    )


def _group_url(group: WorkingGroup) -> str:
    if group.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE:
        return reverse("workinggroups:committee")
    return reverse("workinggroups:detail", args=[group.slug])


@require_GET
def group_activity(request, slug):
    group = space_selectors.get_group(slug)
    return _render(
        request,
        subject=group,
        subject_url=_group_url(group),
        stream=lambda limit: stream_for_groups(request.user, [group], limit=limit),
        activity_url=reverse("group_activity", args=[group.slug]),
    )


def _organization_page(request, organization, activity_url):
    return _render(
        request,
        subject=organization,
        subject_url=org_selectors.organization_url(organization),
        stream=lambda limit: stream_for_organization(request.user, organization, limit=limit),
        activity_url=activity_url,
    )


@require_GET
def entity_activity(request, slug):
    organization = org_selectors.get_entity(slug)
    return _organization_page(
        request, organization, reverse("entity_activity", args=[organization.slug])
    )


@require_GET
def member_state_activity(request, iso3):
    organization = org_selectors.get_member_state(iso3)
    return _organization_page(
        request, organization, reverse("member_state_activity", args=[organization.iso3])
    )


@require_GET
def regional_activity(request, slug):
    organization = org_selectors.get_regional(slug)
    return _organization_page(
        request, organization, reverse("regional_activity", args=[organization.slug])
    )
