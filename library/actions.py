"""State changes of the library: documents, their metadata and their files (versions).

Each action runs in a transaction, writes an audit record (an admin `LogEntry` on the document,
which the Secretariat reads in its history, plus a `portal.audit` log line) and, for a new file,
asks for its text to be extracted once the transaction has committed.
"""

from __future__ import annotations

import logging

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max

from .files import InspectedFile, inspect_upload
from .models import Document, DocumentFile

audit_log = logging.getLogger("portal.audit")

SCALAR_FIELDS = [
    "title",
    "summary",
    "doc_type",
    "status",
    "visibility",
    "languages",
    "publication_date",
    "period_start",
    "period_end",
]
M2M_FIELDS = [
    "themes",
    "pillars",
    "working_groups",
    "author_organizations",
    "countries",
    "audience_groups",
    "audience_organizations",
]
# Who may see it: a change to these is always written to the audit history.
AUDIENCE_FIELDS = {"status", "visibility", "audience_groups", "audience_organizations"}


def _record(actor, document: Document, message: str, flag=CHANGE) -> None:
    audit_log.info("document %s: %s (by user %s)", document.pk, message, getattr(actor, "pk", None))
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(document.pk),
            object_repr=str(document)[:200],
            action_flag=flag,
            change_message=message,
        )


def enqueue_extraction(file_pk: int) -> None:
    """Ask the worker to extract the file's text (once l2's task exists; until then, skip)."""
    try:
        from library.tasks import extract_document_file
    except ImportError:
        audit_log.debug("library.tasks.extract_document_file missing; file %s not queued", file_pk)
        return
    from compact_portal.resilience import enqueue

    # A broker outage does not fail the upload: the file stays "pending" and the sweeper
    # (compact_portal.tasks.sweep_pending_work) enqueues it again.
    enqueue(extract_document_file, file_pk)


@transaction.atomic
def create_document(
    fields: dict,
    *,
    upload=None,
    file_language: str = "",
    inspected: InspectedFile | None = None,
    actor,
) -> Document:
    """A new document with the given metadata (and, if `upload` is given, its first file)."""
    document = Document(created_by=actor)
    for name in SCALAR_FIELDS:
        if name in fields:
            setattr(document, name, fields[name])
    if upload is not None and file_language and file_language not in (document.languages or []):
        document.languages = [*(document.languages or []), file_language]
    document.full_clean(exclude=["created_by", *M2M_FIELDS])
    document.save()
    for name in M2M_FIELDS:
        if name in fields and fields[name] is not None:
            getattr(document, name).set(fields[name])
    _record(
        actor,
        document,
        f"Added ({document.get_status_display()}, visible to: "
        f"{document.get_visibility_display()}).",
        flag=ADDITION,
    )
    if upload is not None:
        _store_file(document, upload, file_language, inspected=inspected, actor=actor)
    _after_change(document, audience_changed=True)
    return document


def _after_change(document: Document, *, audience_changed: bool) -> None:
    """Keep the search index current, and tell followers who may now see the document."""
    from .indexing import schedule_reindex
    from .subscriptions import schedule_notifications

    schedule_reindex(document)
    if audience_changed and document.status == Document.Status.PUBLISHED:
        schedule_notifications(document.pk)  # repeat calls only reach people newly able to see it


@transaction.atomic
def update_document(document: Document, fields: dict, *, actor) -> Document:
    """Change a document's metadata; changes to who may see it are recorded in its history."""
    changed = []
    for name in SCALAR_FIELDS:
        if name in fields and getattr(document, name) != fields[name]:
            setattr(document, name, fields[name])
            changed.append(name)
    if changed:
        document.full_clean(exclude=["created_by", *M2M_FIELDS])
        document.save(update_fields=[*changed, "updated_at"])
    for name in M2M_FIELDS:
        if name not in fields or fields[name] is None:
            continue
        manager = getattr(document, name)
        new_ids = {obj.pk for obj in fields[name]}
        if set(manager.values_list("pk", flat=True)) != new_ids:
            manager.set(list(new_ids))
            changed.append(name)
    if changed:
        audience = sorted(AUDIENCE_FIELDS.intersection(changed))
        message = f"Changed {', '.join(changed)}."
        if audience:
            message += (
                f" Now {document.get_status_display()}, visible to: "
                f"{document.get_visibility_display()}."
            )
        _record(actor, document, message)
        _after_change(document, audience_changed=bool(audience))
    return document


def _store_file(
    document: Document, upload, language: str, *, inspected: InspectedFile | None, actor
) -> DocumentFile:
    if inspected is None:
        inspected = inspect_upload(upload)  # raises ValidationError when refused
    # One version number at a time per document: lock it while numbering.
    Document.objects.select_for_update().filter(pk=document.pk).values_list("pk").first()
    latest = document.files.filter(language=language).aggregate(latest=Max("version"))["latest"]
    document.files.filter(language=language, is_current=True).update(is_current=False)
    upload.seek(0)
    document_file = DocumentFile(
        document=document,
        language=language,
        version=(latest or 0) + 1,
        is_current=True,
        original_name=inspected.original_name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor,
    )
    # upload_to gives a random name; the original is kept in `original_name` only.
    document_file.file.save(inspected.original_name, upload, save=False)
    document_file.save()
    file_pk = document_file.pk
    transaction.on_commit(lambda: enqueue_extraction(file_pk))
    return document_file


@transaction.atomic
def add_file_version(
    document: Document,
    upload,
    language: str,
    *,
    inspected: InspectedFile | None = None,
    actor,
) -> DocumentFile:
    """A new file for `document` in `language`: version n+1, now the current one; history kept."""
    document_file = _store_file(document, upload, language, inspected=inspected, actor=actor)
    fields = ["updated_at"]
    if language and language not in (document.languages or []):
        document.languages = [*(document.languages or []), language]
        fields.append("languages")
    document.save(update_fields=fields)
    _record(
        actor,
        document,
        f"Added file {document_file.original_name} ({language or 'no language'}, "
        f"version {document_file.version}).",
    )
    return document_file
