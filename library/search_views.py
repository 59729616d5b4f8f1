"""The library's search page (`/library/`): thin — parse the query string, search, render.

An htmx request (live results) gets the results and facets partial only; the URL carries the whole
state, so any search can be bookmarked, shared or reloaded.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .search import FACETS, parse_params, search
from .visibility import can_upload

FACET_TITLES = {
    "type": _("Type"),
    "theme": _("Theme"),
    "pillar": _("Pillar"),
    "group": _("Working Group"),
    "organization": _("Author organization"),
    "country": _("Country"),
    "language": _("Language"),
    "year": _("Year"),
}

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
]


@require_GET
def index(request):
    params = parse_params(request.GET)
    results = search(request.user, params)
    active_filters = [
        {
            "title": FACET_TITLES[facet.name],
            "value": value.label,
            "remove_url": _url_without(request, facet.name, value.key),
        }
        for facet in results.facets
        for value in facet.values
        if value.selected
    ]
    context = {
        "params": params,
        "results": results,
        "page_obj": results.page_obj,
        "page_range": results.page_obj.paginator.get_elided_page_range(
            results.page_obj.number, on_each_side=2, on_ends=1
        ),
        "facets": [
            {"name": f.name, "title": FACET_TITLES[f.name], "values": f.values, "more": f.more}
            for f in results.facets
        ],
        "facet_names": FACETS,
        "active_filters": active_filters,
        "sort_choices": SORT_CHOICES if params.q else SORT_CHOICES[1:],
        "can_upload": can_upload(request.user),
        "clear_filters_url": _url_without(request, *FACETS),
    }
    if request.htmx and request.htmx.target == "library-results":
        return render(request, "library/partials/_search_results.html", context)
    return render(request, "library/search.html", context)


def _url_without(request, *names, value=None):
    """This search's URL without the given filters (or one value of one filter); page 1."""
    query = request.GET.copy()
    query.pop("page", None)
    if value is None and len(names) == 2 and names[0] in FACETS and names[1] not in FACETS:
        name, value = names
        query.setlist(name, [v for v in query.getlist(name) if v != value])
    else:
        for name in names:
            query.pop(name, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
