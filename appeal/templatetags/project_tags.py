"""Template helpers of the project pages: money, and shares of a chart's width."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape as esc

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def usd(value) -> str:
    """$1,250,000 (whole dollars), or an empty string for no value."""
    if value in (None, ""):
        return ""
    try:
        whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"${intcomma(int(whole))}"


@register.filter
def usd_short(value) -> str:
    """$1.3 M, $450 k: for cells and charts where space is short (display only: floats)."""
    if value in (None, ""):
        return ""
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return ""
    if amount >= 1e9:
        return f"${amount / 1e9:.1f} bn"
    if amount >= 1e6:
        return f"${amount / 1e6:.1f} M"
    if amount >= 1e3:
        return f"${amount / 1e3:.0f} k"
    return f"${amount:.0f}"


@register.filter
def scaled(value, factor) -> str:
    """`value × factor`, for SVG coordinates in percent (e.g. a bar of 42% of 60% of the width)."""
    try:
        return f"{float(value) * float(factor):.2f}"
    except (TypeError, ValueError):
        return "0"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def matrix_body(grid, empty_label):
    """The matrix's <tbody> rows.

    Thousands of cells at scale 10: the template engine (and even `format_html`, through its lazy
    wrappers) takes most of a second for 4,000 cells, so they are written here with the standard
    library's `html.escape` (what Django's `escape` calls) applied to every interpolated value.
    """
    empty = (
        '<td class="projects-matrix__cell projects-matrix__cell--empty">'
        f'<span class="visually-hidden">{esc(str(empty_label))}</span></td>'
    )
    rows = []
    for row in grid.rows:
        cells = "".join(
            (
                f'<td class="projects-matrix__cell"><a href="{esc(url)}" '
                f'data-cell-count="{int(cell.count)}"><span class="projects-matrix__n">'
                f'{int(cell.count)}</span> <span class="projects-matrix__budget">'
                f"{esc(usd_short(cell.budget))}</span></a></td>"
            )
            if cell
            else empty
            for cell, url in row.cells
        )
        rows.append(
            f'<tr><th scope="row"><a href="{esc(row.url)}">{esc(str(row.member.label))}</a></th>'
            f'{cells}<td class="projects-matrix__total"><span class="projects-matrix__n">'
            f'{int(row.total.count)}</span> <span class="projects-matrix__budget">'
            f"{esc(usd_short(row.total.budget))}</span></td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


PANEL_SIZE = 5


@register.inclusion_tag("appeal/projects/partials/_organization_projects.html", takes_context=True)
def organization_projects(context, organization):
    """An organization page's projects panel: the projects in a Member State, or those an
    organization leads, is a partner in or funds — the five latest and how many in all."""
    from django.db.models import Q

    from appeal.projects import projects_visible_to

    request = context.get("request")
    projects = projects_visible_to(getattr(request, "user", None))
    if organization.kind == "member_state":
        projects = projects.filter(country_ids__contains=[organization.pk])
        query = f"country={organization.iso3}"
    elif organization.kind == "compact_entity":
        projects = projects.filter(entity_ids__contains=[organization.pk])
        query = f"entity={organization.slug}"
    else:
        projects = projects.filter(
            Q(partners=organization) | Q(donors=organization) | Q(lead_organization=organization)
        ).distinct()
        query = ""
    total = projects.count()
    latest = list(
        projects.select_related("lead_organization").order_by("-starts_on", "code")[:PANEL_SIZE]
    )
    return {"projects": latest, "total": total, "query": query, "more": total - len(latest)}
