"""The bulk import of projects: upload → preview with per-row errors → confirm (good rows only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entities.exports import XLSX_TYPE

from . import imports
from .project_actions import import_project_rows
from .project_forms import ImportUploadForm
from .projects import viewer_of


def _importer(request):
    viewer = viewer_of(request.user)
    if not viewer.may_see:
        raise Http404
    if not viewer.may_create:
        raise PermissionDenied
    return viewer


def _preview(request, token: str, stash: dict):
    rows = imports.validate_rows(stash["rows"], request.user)
    good = [row for row in rows if row.ok]
    bad = [row for row in rows if not row.ok]
    return render(
        request,
        "appeal/projects/import_preview.html",
        {
            "token": token,
            "file_name": stash["name"],
            "rows": rows,
            "good": good,
            "bad": bad,
            "creates": sum(1 for row in good if row.action == "create"),
            "updates": sum(1 for row in good if row.action == "update"),
        },
    )


def project_import(request):
    _importer(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            token = imports.stash_rows(request.user, form.raw_rows, upload.name[:200])
            return redirect(f"{request.path}?token={token}")
    else:
        token = request.GET.get("token", "")
        if token:
            stash = imports.load_rows(request.user, token)
            if stash is None:
                messages.warning(
                    request, _("That preview has expired or is not yours: upload the file again.")
                )
                return redirect("projects:import")
            return _preview(request, token, stash)
        form = ImportUploadForm()
    return render(request, "appeal/projects/import.html", {"form": form})


@require_POST
def project_import_confirm(request):
    _importer(request)
    token = request.POST.get("token", "")
    stash = imports.load_rows(request.user, token)
    if stash is None:
        messages.warning(
            request, _("That preview has expired or is not yours: upload the file again.")
        )
        return redirect("projects:import")
    # Validated again: the portfolio or the reference data may have changed since the preview.
    rows = imports.validate_rows(stash["rows"], request.user)
    good = [row for row in rows if row.ok]
    bad = [row for row in rows if not row.ok]
    created, updated = import_project_rows(good, actor=request.user) if good else (0, 0)
    imports.drop_rows(request.user, token)
    return render(
        request,
        "appeal/projects/import_done.html",
        {"created": created, "updated": updated, "bad": bad, "file_name": stash["name"]},
    )


@require_GET
def project_import_template(request):
    _importer(request)
    kind = request.GET.get("format", "csv")
    if kind == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
        name = "projects-template.csv"
    elif kind == "xlsx":
        response = HttpResponse(imports.template_xlsx(), content_type=XLSX_TYPE)
        name = "projects-template.xlsx"
    else:
        return HttpResponseBadRequest(_("Unknown template format."))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
