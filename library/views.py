"""Library pages: add a document, the document page, edit, add a file version, file downloads.

Every read goes through `Document.objects.visible_to(user)` (`library.visibility`): what a person
may not see answers 404, whatever the URL. Files are served only here, never from MEDIA_URL.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from .actions import add_file_version, create_document, update_document
from .files import INLINE_KINDS
from .forms import DocumentForm, FileVersionForm, NewDocumentForm, language_name
from .models import Document, DocumentFile
from .visibility import (
    audience_of,
    can_edit_document,
    can_upload,
    get_document_for_user,
    get_file_for_user,
)

logger = logging.getLogger(__name__)
audit_log = logging.getLogger("portal.audit")

RELATED_LIMIT = 6
PREVIEW_SNIPPET_CHARS = 1200


def _metadata(cleaned_data: dict) -> dict:
    return {name: value for name, value in cleaned_data.items() if name in DocumentForm.Meta.fields}


def new_document(request):
    if not can_upload(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = NewDocumentForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            document = create_document(
                _metadata(form.cleaned_data),
                upload=form.cleaned_data["file"],
                file_language=form.cleaned_data["file_language"],
                inspected=form.inspected,
                actor=request.user,
            )
            messages.success(
                request, _("The document has been added. Its text is being extracted for search.")
            )
            return redirect("library:detail", pk=document.pk)
    else:
        form = NewDocumentForm(user=request.user)
    return render(request, "library/document_form.html", {"form": form, "is_new": True})


def _document_with_details(user, pk):
    document = get_document_for_user(user, pk)
    files = DocumentFile.objects.select_related("uploaded_by").order_by("language", "-version")
    return (
        Document.objects.filter(pk=document.pk)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("files", queryset=files),
            "themes",
            "pillars",
            "working_groups",
            "author_organizations",
            "countries",
            "audience_groups",
            "audience_organizations",
        )
        .get()
    )


def _files_by_language(document: Document) -> list[dict]:
    """[{language, name, current, history: [older versions]}] with the current file first."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for document_file in document.files.all():
        group = groups.setdefault(
            document_file.language,
            {
                "code": document_file.language,
                "name": language_name(document_file.language),
                "current": None,
                "history": [],
            },
        )
        if document_file.is_current and group["current"] is None:
            group["current"] = document_file
        else:
            group["history"].append(document_file)
    for group in groups.values():
        if group["current"] is None and group["history"]:
            group["current"] = group["history"].pop(0)
        current = group["current"]
        group["previewable"] = current is not None and current.content_type in INLINE_KINDS
        group["is_pdf"] = current is not None and current.content_type == "application/pdf"
        group["is_image"] = current is not None and current.content_type.startswith("image/")
        group["snippet"] = (current.extracted_text or "")[:PREVIEW_SNIPPET_CHARS] if current else ""
    return list(groups.values())


def _related_documents(user, document: Document) -> list[Document]:
    """Up to six visible documents sharing themes or Working Groups, most shared first (1 query)."""
    theme_ids = [theme.pk for theme in document.themes.all()]
    group_ids = [group.pk for group in document.working_groups.all()]
    if not theme_ids and not group_ids:
        return []
    shared = Q()
    if theme_ids:
        shared |= Q(themes__in=theme_ids)
    if group_ids:
        shared |= Q(working_groups__in=group_ids)
    return list(
        Document.objects.visible_to(user)
        .filter(status=Document.Status.PUBLISHED)
        .filter(shared)
        .exclude(pk=document.pk)
        .annotate(
            shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            shared_groups=Count(
                "working_groups", filter=Q(working_groups__in=group_ids), distinct=True
            ),
        )
        .order_by("-shared_themes", "-shared_groups", "-publication_date", "-pk")
        .only("pk", "title", "doc_type", "publication_date")[:RELATED_LIMIT]
    )


def document_detail(request, pk: int):
    document = _document_with_details(request.user, pk)
    can_edit = can_edit_document(request.user, document)
    context = {
        "document": document,
        "file_groups": _files_by_language(document),
        "related": _related_documents(request.user, document),
        "can_edit": can_edit,
        "language_names": [language_name(code) for code in document.languages],
        "is_secretariat": audience_of(request.user).secretariat,
    }
    return render(request, "library/document_detail.html", context)


def _editable_document(request, pk: int) -> Document:
    document = get_document_for_user(request.user, pk)
    if not can_edit_document(request.user, document):
        raise PermissionDenied
    return document


def edit_document(request, pk: int):
    document = _editable_document(request, pk)
    if request.method == "POST":
        form = DocumentForm(request.POST, instance=document, user=request.user)
        if form.is_valid():
            # The form only validated; the action saves (and audits) the change.
            fresh = Document.objects.get(pk=document.pk)
            update_document(fresh, _metadata(form.cleaned_data), actor=request.user)
            messages.success(request, _("The document has been saved."))
            return redirect("library:detail", pk=document.pk)
    else:
        form = DocumentForm(instance=document, user=request.user)
    return render(
        request,
        "library/document_form.html",
        {"form": form, "document": document, "is_new": False},
    )


def add_version(request, pk: int):
    document = _editable_document(request, pk)
    if request.method == "POST":
        form = FileVersionForm(request.POST, request.FILES, user=request.user, document=document)
        if form.is_valid():
            document_file = add_file_version(
                document,
                form.cleaned_data["file"],
                form.cleaned_data["language"],
                inspected=form.inspected,
                actor=request.user,
            )
            messages.success(
                request,
                _("Version %(version)s of the %(language)s file has been added.")
                % {
                    "version": document_file.version,
                    "language": language_name(document_file.language),
                },
            )
            return redirect("library:detail", pk=document.pk)
    else:
        initial = {"language": request.GET.get("language") or (document.languages or ["en"])[0]}
        form = FileVersionForm(user=request.user, document=document, initial=initial)
    return render(request, "library/add_version.html", {"form": form, "document": document})


def content_disposition(disposition: str, filename: str) -> str:
    """RFC 6266 / 5987: an ASCII fallback name, and the real one as filename* (UTF-8)."""
    fallback = (
        "".join(
            ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;' else "_" for ch in filename
        ).strip()
        or "download"
    )
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _file_response(request, document_file: DocumentFile, *, inline: bool) -> FileResponse:
    try:
        handle = document_file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=document_file.content_type)
    response["Content-Disposition"] = content_disposition(
        "inline" if inline else "attachment", document_file.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Framed by our own document page only; nothing in the file may load or run anything.
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'"
    document = document_file.document
    if document.visibility != Document.Visibility.ALL or document.status != "published":
        audit_log.info(
            "restricted file %s of document %s %s by user %s",
            document_file.pk,
            document.pk,
            "viewed" if inline else "downloaded",
            request.user.pk,
        )
    return response


@require_GET
def download_file(request, pk: int):
    return _file_response(request, get_file_for_user(request.user, pk), inline=False)


@require_GET
@xframe_options_sameorigin
def inline_file(request, pk: int):
    document_file = get_file_for_user(request.user, pk)
    if document_file.content_type not in INLINE_KINDS:
        # Only PDFs and images are shown in the page; anything else is a download.
        return redirect(reverse("library:download", args=[document_file.pk]))
    return _file_response(request, document_file, inline=True)
