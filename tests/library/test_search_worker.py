"""Extraction and indexing in Celery: eagerly for the task's contract, then with a real worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from library.actions import create_document
from library.models import Document, DocumentFile
from library.search import parse_params, search
from library.tasks import extract_document_file, reindex_document
from tests.workers import celery_worker, wait_for

from .conftest import docx_bytes, pdf_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def media_root(tmp_path, settings, monkeypatch):
    """Uploads in a temporary folder, shared with the worker process (same MEDIA_ROOT)."""
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def add_document(user, title, data, name, *, visibility=Document.Visibility.ALL):
    return create_document(
        {
            "title": title,
            "doc_type": Document.Type.REPORT,
            "visibility": visibility,
            "status": Document.Status.PUBLISHED,
        },
        upload=SimpleUploadedFile(name, data),
        file_language="en",
        actor=user,
    )


def found(user, q):
    return [r.document.title for r in search(user, parse_params({"q": [q]})).results]


# --- the task's contract (run in-process) -------------------------------------------------------


@pytest.mark.django_db
def test_extraction_stores_text_and_indexes_the_document(media_root, entity_user, state_user):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        document = add_document(
            entity_user, "Quarterly", pdf_bytes("The xylophonist spoke"), "q.pdf"
        )
    document_file = document.files.get()
    assert extract_document_file(document_file.pk) == "done"
    document_file.refresh_from_db()
    assert document_file.extraction == "done"
    assert "xylophonist" in document_file.extracted_text
    assert document_file.page_count == 1
    assert found(state_user, "xylophonist") == ["Quarterly"]


@pytest.mark.django_db
def test_extraction_is_idempotent(media_root, entity_user):
    document = add_document(entity_user, "Once", pdf_bytes("Only once"), "o.pdf")
    pk = document.files.get().pk
    assert extract_document_file(pk) == "done"
    DocumentFile.objects.filter(pk=pk).update(extracted_text="kept")
    assert extract_document_file(pk) is None  # already done: left alone
    assert DocumentFile.objects.get(pk=pk).extracted_text == "kept"
    assert extract_document_file(pk, force=True) == "done"  # the reindex command's re-extraction
    assert extract_document_file(999_999) is None  # gone: quietly nothing


@pytest.mark.django_db
def test_missing_stored_file_is_not_extracted(media_root, entity_user):
    document = add_document(entity_user, "Lost", pdf_bytes("x"), "l.pdf")
    document_file = document.files.get()
    document_file.file.storage.delete(document_file.file.name)
    assert extract_document_file(document_file.pk) == "not_extracted"


@pytest.mark.django_db
def test_reindex_document_after_metadata_change(make_document, state_user):
    document = make_document("Before")
    Document.objects.filter(pk=document.pk).update(title="After hedgehog")
    assert found(state_user, "hedgehog") == []
    reindex_document(document.pk)
    assert found(state_user, "hedgehog") == ["After hedgehog"]


@pytest.mark.django_db
def test_schedule_reindex_runs_on_commit(
    make_document, state_user, django_capture_on_commit_callbacks
):
    from compact_portal.celery import app
    from library.indexing import schedule_reindex

    document = make_document("Plain")
    Document.objects.filter(pk=document.pk).update(title="Renamed armadillo")
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            schedule_reindex(document)
    finally:
        app.conf.task_always_eager = False
    assert found(state_user, "armadillo") == ["Renamed armadillo"]


@pytest.mark.django_db
def test_reindex_library_command(make_document, entity_user, media_root, state_user):
    from io import StringIO

    from django.core.management import call_command

    document = add_document(entity_user, "Commanded", pdf_bytes("The quetzal flies"), "c.pdf")
    make_document("Unindexed chinchilla", index=False)
    out = StringIO()
    call_command("reindex_library", stdout=out)
    assert "files" in out.getvalue() and "documents" in out.getvalue()
    assert document.files.get().extraction == "done"
    assert found(state_user, "quetzal") == ["Commanded"]
    assert found(state_user, "chinchilla") == ["Unindexed chinchilla"]


# --- with a real worker -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_uploads_and_search_finds_them_with_a_snippet(
    compact, media_root, entity_user, state_user, client
):
    with celery_worker("library-extraction-worker.log") as log:
        pdf = add_document(
            entity_user,
            "Field report",
            pdf_bytes("Patrols met the zyzzyvaflux near the border"),
            "report.pdf",
        )
        docx = add_document(
            entity_user,
            "Guidance note",
            docx_bytes("Screening guidance", "Officers recorded the quillonwort at the port."),
            "note.docx",
        )
        corrupt = add_document(
            entity_user, "Broken", b"%PDF-1.7\n" + b"\x00garbage" * 50, "broken.pdf"
        )
        encrypted = add_document(
            entity_user, "Locked", pdf_bytes("locked", encrypt_with="pw"), "locked.pdf"
        )
        secret = add_document(
            entity_user,
            "Secret field report",
            pdf_bytes("The zyzzyvaflux again"),
            "secret.pdf",
            visibility=Document.Visibility.SECRETARIAT,
        )
        files = DocumentFile.objects.filter(document__in=[pdf, docx, corrupt, encrypted, secret])
        done = wait_for(lambda: not files.filter(extraction="pending").exists(), timeout=60)
        assert done, log.read_text()[-3000:]

    states = dict(files.values_list("document__title", "extraction"))
    assert states == {
        "Field report": "done",
        "Guidance note": "done",
        "Broken": "not_extracted",
        "Locked": "not_extracted",
        "Secret field report": "done",
    }
    assert DocumentFile.objects.get(document=encrypted).extraction_error == "The PDF is encrypted."
    assert DocumentFile.objects.get(document=docx).content_type == DOCX_TYPE

    client.force_login(state_user)
    body = client.get(reverse("library:index"), {"q": "zyzzyvaflux"}).content.decode()
    assert "Field report" in body
    assert "<mark>zyzzyvaflux</mark>" in body
    assert "Secret field report" not in body  # restricted: not for a Member State focal point
    body = client.get(reverse("library:index"), {"q": "quillonwort"}).content.decode()
    assert "Guidance note" in body
    assert "<mark>quillonwort</mark>" in body
    # the corrupt and encrypted files are stored, and their documents still found by title
    body = client.get(reverse("library:index"), {"q": "locked"}).content.decode()
    assert "Locked" in body
