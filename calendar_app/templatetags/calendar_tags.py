"""Calendar panels other pages include (the Working Group space page).

`{% group_events group %}` lists the group's next five and last five occurrences the viewer may
see (through `Event.objects.visible_to`), in the viewer's time zone.
"""

import datetime as dt

from django import template
from django.utils import timezone

from calendar_app.models import Event
from calendar_app.preferences import viewer_timezone
from calendar_app.recurrence import occurrences_of

register = template.Library()

PANEL_SIZE = 5
LOOK_AROUND = dt.timedelta(days=730)


def group_occurrences(viewer, group, now=None):
    """(upcoming, past): the next and the last PANEL_SIZE occurrences of the group's events."""
    now = now or timezone.now()
    events = (
        Event.objects.visible_to(viewer)
        .filter(working_group=group)
        .in_window(now - LOOK_AROUND, now + LOOK_AROUND)
        .select_related("organizer")
        .prefetch_related("exceptions")
    )
    found = occurrences_of(events, now - LOOK_AROUND, now + LOOK_AROUND)
    upcoming = [occurrence for occurrence in found if occurrence.end > now][:PANEL_SIZE]
    past = [occurrence for occurrence in found if occurrence.end <= now][-PANEL_SIZE:]
    past.reverse()
    return upcoming, past


@register.inclusion_tag("calendar_app/partials/_group_events.html", takes_context=True)
def group_events(context, group):
    """The group's next 5 and last 5 events the viewer may see."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    upcoming, past = group_occurrences(viewer, group)
    return {
        "group": group,
        "upcoming": upcoming,
        "past": past,
        "viewer_tz": viewer_timezone(viewer),
    }


def organization_occurrences(viewer, organization, now=None):
    """(upcoming, past) occurrences of the events a Member State hosts, or an organization
    organizes or co-organizes — only those the viewer may see."""
    from calendar_app.selectors import filtered_events

    now = now or timezone.now()
    by = "country" if organization.kind == "member_state" else "organizer"
    events = (
        filtered_events(viewer, {by: organization})
        .in_window(now - LOOK_AROUND, now + LOOK_AROUND)
        .select_related("organizer")
        .prefetch_related("exceptions")
    )
    found = occurrences_of(events, now - LOOK_AROUND, now + LOOK_AROUND)
    upcoming = [occurrence for occurrence in found if occurrence.end > now][:PANEL_SIZE]
    past = [occurrence for occurrence in found if occurrence.end <= now][-PANEL_SIZE:]
    past.reverse()
    return upcoming, past


@register.inclusion_tag("calendar_app/partials/_organization_events.html", takes_context=True)
def organization_events(context, organization):
    """An organization page's events panel: the next and the last five events it is part of."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    upcoming, past = organization_occurrences(viewer, organization)
    if organization.kind == "member_state":
        query = f"country={organization.iso3}"
    else:
        query = f"organizer={organization.slug}"
    return {
        "organization": organization,
        "upcoming": upcoming,
        "past": past,
        "query": query,
        "viewer_tz": viewer_timezone(viewer),
    }


@register.simple_tag
def occurrence_url(occurrence):
    """The event page, pointing at this occurrence for recurring events."""
    from django.urls import reverse

    url = reverse("calendar_app:detail", args=[occurrence.event.pk])
    if occurrence.event.rrule:
        url += f"?occurrence={occurrence.key}"
    return url


@register.inclusion_tag("calendar_app/partials/_document_events.html", takes_context=True)
def document_events(context, document):
    """The events (the viewer may see) whose agenda or documents include `document`."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    events = list(
        Event.objects.visible_to(viewer)
        .filter(documents=document)
        .select_related("organizer")
        .order_by("-starts_at")[:PANEL_SIZE]
    )
    return {"events": events, "viewer_tz": viewer_timezone(viewer)}
