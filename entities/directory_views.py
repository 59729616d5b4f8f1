"""The contact directory pages: the searchable list, its exports, and a person's vCard."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from . import exports
from .directory import (
    PAGE_SIZE,
    DirectoryForm,
    NarrowPaginator,
    Viewer,
    build_search,
    get_directory_focal_point,
    present_rows,
    reveal_contacts,
)

STATE_KEYS = ("q", *DirectoryForm.FILTERS, "sort")


def _state_url(name, values, **changes):
    """The URL of the directory (or its export) for `values` with `changes`; empty keys dropped."""
    state = {key: values.get(key, "") for key in STATE_KEYS}
    state.update(changes)
    query = urlencode([(key, value) for key, value in state.items() if value])
    url = reverse(name)
    return f"{url}?{query}" if query else url


def _viewer_or_404(request) -> Viewer:
    viewer = Viewer.of(request.user)
    if not viewer.may_use_directory:
        raise Http404
    return viewer


@require_GET
def directory(request):
    viewer = _viewer_or_404(request)
    form, search = build_search(request.GET)
    paginator = NarrowPaginator(search.queryset(), PAGE_SIZE, count_with_keys=bool(search.query))
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = present_rows(reveal_contacts(page_obj.object_list, viewer))
    values = search.values
    canonical = _state_url("directory", values)
    page_url = _state_url(
        "directory", values, page=str(page_obj.number) if page_obj.number > 1 else ""
    )
    context = {
        "form": form,
        "search": search,
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2),
        "rows": rows,
        "viewer": viewer,
        "sort": search.sort,
        "active_filters": [
            (label, shown, _state_url("directory", values, **{name: ""}))
            for name, label, shown in search.active_filters()
        ],
        "clear_url": reverse("directory"),
        "sort_urls": {
            key: _state_url("directory", values, sort=key)
            for key in ("name", "organization", "country")
        },
        "export_csv_url": _state_url("directory_export", values, format="csv")
        if viewer.may_export
        else "",
        "export_xlsx_url": _state_url("directory_export", values, format="xlsx")
        if viewer.may_export
        else "",
        "canonical_url": canonical,
        # The filter panel (hundreds of options) depends on the filter values and the reference
        # data only: cached per combination, so typing a search does not re-render it.
        "filters_cache_key": _state_url("directory", values, q="", sort="", page=""),
        "filters_generation": search.options.generation,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "entities/directory/partials/_results.html", context)
        # The address bar shows the clean state (no empty parameters): bookmarkable and shareable.
        response = push_url(response, page_url)
    else:
        response = render(request, "entities/directory/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def directory_export(request):
    viewer = _viewer_or_404(request)
    if not viewer.may_export:
        raise PermissionDenied
    kind = request.GET.get("format", "csv")
    if kind not in exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    _form, search = build_search(request.GET)
    response = exports.export(search.queryset(), kind)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def person_vcard(request, pk):
    viewer = _viewer_or_404(request)
    focal_point = get_directory_focal_point(viewer, pk)
    if focal_point is None:
        raise Http404
    (focal_point,) = reveal_contacts([focal_point], viewer)
    response = HttpResponse(exports.vcard(focal_point), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.safe_filename(focal_point.user.get_full_name())}.vcf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
