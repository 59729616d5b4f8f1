"""Demo documents: deterministic, idempotent, with real files and searchable text."""

import io

import pytest
from django.db import connection

from library import demo
from library.models import Document, DocumentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_plans_are_deterministic(compact):
    first = demo.plan_documents(30)
    second = demo.plan_documents(30)
    assert [p.title for p in first] == [p.title for p in second]
    assert [p.key for p in first] == [p.key for p in second]
    assert len({p.key for p in first}) == 30
    # Scale grows by appending: the first documents stay the same.
    assert [p.key for p in demo.plan_documents(10)] == [p.key for p in first[:10]]


def test_seed_is_idempotent_and_searchable(compact, media):
    assert demo.seed_documents(count=60) == 60
    assert demo.seed_documents(count=60) == 0
    assert demo.seed_documents(count=70) == 10
    assert Document.objects.count() == 70

    files = DocumentFile.objects.all()
    assert all(f.extraction == DocumentFile.Extraction.DONE and f.extracted_text for f in files)
    stored = files.first()
    assert (media / stored.file.name).read_bytes().decode("utf-8") == stored.extracted_text
    assert Document.objects.filter(themes__isnull=False).distinct().count() == 70
    assert Document.objects.filter(search_vector__isnull=True).count() == 0

    # A word from a document's text (its reference) finds it through the search vector.
    document = Document.objects.order_by("pk").first()
    reference = document.files.get(language="en").extracted_text.split("\n\n")[1].split()[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM library_document WHERE search_vector @@ plainto_tsquery('english', %s)",
            [reference],
        )
        assert [row[0] for row in cursor.fetchall()] == [document.pk]
        cursor.execute(
            "SELECT count(*) FROM library_document "
            "WHERE search_vector @@ websearch_to_tsquery('english', 'terrorism')"
        )
        assert cursor.fetchone()[0] > 0


def test_seed_varies_types_visibility_and_languages(compact, media):
    demo.seed_documents(count=400)
    assert Document.objects.values("doc_type").distinct().count() >= 8
    visibilities = set(Document.objects.values_list("visibility", flat=True))
    assert Document.Visibility.ALL in visibilities
    assert len(visibilities) >= 4
    assert Document.objects.filter(visibility=Document.Visibility.ALL).count() > 250
    restricted = Document.objects.filter(visibility=Document.Visibility.GROUPS)
    assert all(d.audience_groups.exists() for d in restricted)
    years = {d.year for d in Document.objects.values_list("publication_date", flat=True)}
    assert min(years) >= 2018 and max(years) <= 2026 and len(years) >= 6
    assert DocumentFile.objects.exclude(language="en").exists()
    kinds = set(DocumentFile.objects.values_list("content_type", flat=True))
    assert demo.PDF_MIME in kinds or demo.DOCX_MIME in kinds


@pytest.mark.parametrize("maker", ["pdf", "docx"])
def test_generated_files_have_extractable_text(maker):
    from library.extraction import extract_bytes

    text = "Compact demo\n\nA zanzibarite paragraph about border security (and aviation)."
    if maker == "pdf":
        data, pages = demo.make_pdf(text)
        assert pages == 1
        mime = demo.PDF_MIME
    else:
        data = demo.make_docx(text)
        mime = demo.DOCX_MIME
    extracted = extract_bytes(data, mime)
    assert "zanzibarite" in extracted.text
    assert data[:4] in (b"%PDF", b"PK\x03\x04")
    assert io.BytesIO(data).getbuffer().nbytes > 100
