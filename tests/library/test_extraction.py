"""Text extraction from each supported type, and safe failure on bad files (no database)."""

import pytest

from library import extraction
from library.extraction import DOCX, ODT, PDF, PPTX, XLSX, extract_bytes

from .conftest import docx_bytes, odt_bytes, pdf_bytes, pptx_bytes, xlsx_bytes, zip_bomb_docx


def test_pdf_text_and_page_count():
    result = extract_bytes(pdf_bytes("Counter-terrorism zebrafinch", "Second page"), PDF)
    assert result.state == "done"
    assert "zebrafinch" in result.text
    assert "Second page" in result.text
    assert result.page_count == 2


def test_docx_paragraphs_and_tables():
    result = extract_bytes(docx_bytes("Border security quokka"), DOCX)
    assert result.state == "done"
    assert "quokka" in result.text
    assert "table cell" in result.text


def test_xlsx_cells():
    result = extract_bytes(xlsx_bytes([("Country", "Pledge"), ("Kenya", 1200)]), XLSX)
    assert result.state == "done"
    assert "Kenya 1200" in result.text


def test_pptx_slides():
    result = extract_bytes(pptx_bytes("Slide about narwhal", "Another"), PPTX)
    assert result.state == "done"
    assert "narwhal" in result.text
    assert result.page_count == 2


def test_odt_paragraphs():
    result = extract_bytes(odt_bytes("Open document axolotl"), ODT)
    assert result.state == "done"
    assert "axolotl" in result.text


def test_plain_text_with_bad_bytes_is_replaced_not_refused():
    result = extract_bytes("Résumé ".encode() + b"\xff\xfe tapir", "text/plain")
    assert result.state == "done"
    assert "Résumé" in result.text and "tapir" in result.text


def test_images_are_unsupported():
    assert extract_bytes(b"\x89PNG\r\n\x1a\n....", "image/png").state == "unsupported"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nthis is not really a pdf",
        b"",
        pdf_bytes("Truncated document")[:200],
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>",
    ],
    ids=["garbage", "empty", "truncated", "dangling-reference"],
)
def test_corrupt_pdf_is_not_extracted_with_a_reason(data):
    result = extract_bytes(data, PDF)
    assert result.state == "not_extracted"
    assert result.error
    assert result.text == ""


def test_encrypted_pdf_is_not_extracted():
    result = extract_bytes(pdf_bytes("Secret walrus", encrypt_with="s3cret"), PDF)
    assert result.state == "not_extracted"
    assert "encrypted" in result.error


def test_pdf_encrypted_with_an_empty_password_is_read():
    result = extract_bytes(pdf_bytes("Open walrus", encrypt_with=""), PDF)
    assert result.state == "done"
    assert "walrus" in result.text


def test_zip_bomb_disguised_as_docx_is_refused_before_parsing():
    result = extract_bytes(zip_bomb_docx(), DOCX)
    assert result.state == "not_extracted"
    assert "too much data" in result.error


@pytest.mark.parametrize("content_type", [DOCX, XLSX, PPTX, ODT])
def test_damaged_office_files_are_not_extracted(content_type):
    result = extract_bytes(b"PK\x03\x04 not really a zip", content_type)
    assert result.state == "not_extracted"


def test_extracted_text_is_capped(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 1000)
    result = extract_bytes(("word " * 5000).encode(), "text/plain")
    assert result.state == "done"
    assert len(result.text) <= 1000


def test_soft_time_limit_ends_as_not_extracted(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(fileobj):
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(extraction.EXTRACTORS, PDF, slow)
    result = extract_bytes(pdf_bytes("x"), PDF)
    assert result.state == "not_extracted"
    assert "too long" in result.error
