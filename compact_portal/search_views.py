"""The global search page (`/search/`): thin — read the box, search every section, render.

An htmx request from the page's own box (live results as you type) gets the results partial only;
the URL carries the query, so a search can be bookmarked and works without JavaScript.
"""

from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from .search import MAX_QUERY_CHARS, global_search

RESULTS_ID = "search-results"


@require_GET
def search(request):
    results = global_search(request.user, request.GET.get("q", ""))
    context = {"results": results, "query": results.query, "max_length": MAX_QUERY_CHARS}
    if request.htmx and request.htmx.target == RESULTS_ID:
        response = render(request, "search/partials/_results.html", context)
    else:
        response = render(request, "search/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    # Results may name confidential CTED assessments: never kept by a browser or proxy cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
