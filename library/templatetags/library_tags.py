"""Library panels other pages include (person, entity, Member State pages).

A template-level link keeps the apps' import direction (entities never imports library): the
pages load these tags, and every panel goes through `Document.objects.visible_to(viewer)`.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from library.models import Document

register = template.Library()

PANEL_SIZE = 5


def _panel(viewer, documents, library_query=None):
    rows = list(
        documents.only("pk", "title", "doc_type", "publication_date", "created_at").order_by(
            "-publication_date", "-created_at"
        )[: PANEL_SIZE + 1]
    )
    more_url = ""
    if library_query and len(rows) > PANEL_SIZE:
        more_url = f"{reverse('library:index')}?{urlencode(library_query)}"
    return {"documents": rows[:PANEL_SIZE], "more_url": more_url}


@register.inclusion_tag("library/partials/_documents_panel.html")
def documents_added_by(viewer, user):
    """The latest documents a person shared that the viewer may see."""
    return _panel(viewer, Document.objects.visible_to(viewer).filter(created_by=user))


@register.inclusion_tag("library/partials/_documents_panel.html")
def documents_of_organization(viewer, organization):
    """Documents authored by an organization, or about a country, that the viewer may see."""
    visible = Document.objects.visible_to(viewer)
    if organization.kind == "member_state":
        return _panel(
            viewer,
            visible.filter(countries=organization),
            {"country": organization.slug},
        )
    return _panel(
        viewer,
        visible.filter(author_organizations=organization),
        {"organization": organization.slug},
    )
