"""Library background work: text extraction and search indexing. Thin: primary keys in, then the
extraction module and the indexing module do the work."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from . import extraction, indexing
from .models import DocumentFile

logger = logging.getLogger(__name__)

TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)

# Extraction of one file is bounded in time: the soft limit ends it as "not extracted".
EXTRACTION_SOFT_TIME_LIMIT = 120
EXTRACTION_TIME_LIMIT = 150


@shared_task(
    name="library.tasks.extract_document_file",
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=EXTRACTION_TIME_LIMIT,
)
def extract_document_file(file_pk: int, force: bool = False) -> str | None:
    """Extract one file's text, store it with its state, then reindex its document.

    Idempotent: a file already extracted (any final state) is left alone unless `force`.
    """
    states = [DocumentFile.Extraction.PENDING]
    if force:
        states = list(DocumentFile.Extraction.values)
    document_file = (
        DocumentFile.objects.filter(pk=file_pk, extraction__in=states)
        .only("pk", "document_id", "file", "content_type", "extraction")
        .first()
    )
    if document_file is None:  # gone, or already done by an earlier delivery
        return None
    try:
        with document_file.file.open("rb") as handle:
            result = extraction.extract(handle, document_file.content_type)
    except (FileNotFoundError, PermissionError):
        result = extraction.Extracted(
            extraction.NOT_EXTRACTED, error="The stored file could not be opened."
        )
    with transaction.atomic():
        changed = DocumentFile.objects.filter(pk=file_pk, extraction__in=states).update(
            extraction=result.state,
            extraction_error=result.error[:300],
            extracted_text=result.text,
            page_count=result.page_count,
        )
        if changed:
            indexing.update_search_vectors([document_file.document_id])
    logger.info("library: file %s extraction %s", file_pk, result.state)
    return result.state


@shared_task(
    name="library.tasks.reindex_document",
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def reindex_document(doc_pk: int) -> int:
    """Rebuild one document's search vectors (harmless to run twice), then recount the browse
    page's stored slices here rather than in the next visitor's request."""
    updated = indexing.update_search_vectors([doc_pk])
    refresh_facet_summaries()
    return updated


@shared_task(
    name="library.tasks.reindex_documents",
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def reindex_documents(doc_pks: list[int]) -> int:
    updated = indexing.update_search_vectors(doc_pks)
    refresh_facet_summaries()
    return updated


def refresh_facet_summaries() -> None:
    from .search import refresh_facet_summaries as refresh

    refresh()


# Registered with the worker through this module (Celery autodiscovers `library.tasks` only).
from .subscription_tasks import notify_subscribers_task, send_document_digests  # noqa: E402,F401
