"""Text extraction from uploaded files, for the search index.

Every file is untrusted: each extractor works within limits (pages, rows, archive size, text size)
and any parsing failure becomes a "not extracted" result with a short reason, never an exception.
It runs inside a time-limited Celery task (`library.tasks.extract_document_file`).
"""

import io
import logging
import zipfile
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000  # what is kept for the index (PostgreSQL caps a tsvector at 1 MB)
MAX_PDF_PAGES = 3_000
MAX_SHEET_CELLS = 500_000
MAX_ARCHIVE_ENTRIES = 5_000
MAX_ARCHIVE_BYTES = 250 * 1024 * 1024  # total uncompressed size of an Office/ODF file
MAX_PLAIN_BYTES = 8 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
PLAIN = ("text/plain", "text/csv", "text/markdown")

DONE = "done"
NOT_EXTRACTED = "not_extracted"
UNSUPPORTED = "unsupported"


class ExtractionError(Exception):
    """A file we cannot read; the message is short and safe to show."""


@dataclass
class Extracted:
    state: str
    text: str = ""
    error: str = ""
    page_count: int | None = None


class _TextBuffer:
    """Collects text up to MAX_TEXT_CHARS, then reports itself full."""

    def __init__(self, limit: int | None = None):
        self.parts: list[str] = []
        self.size = 0
        self.limit = MAX_TEXT_CHARS if limit is None else limit

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, text: str | None) -> bool:
        """Add a piece; False once the buffer is full (the caller stops reading)."""
        if not text or self.full:
            return not self.full
        text = text.replace("\x00", " ")
        room = self.limit - self.size
        piece = text[:room]
        self.parts.append(piece)
        self.size += len(piece)
        return not self.full

    def text(self) -> str:
        return "\n".join(self.parts).strip()


def extract(fileobj, content_type: str) -> Extracted:
    """Extract the text of one file (a binary file object) by its sniffed content type."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        if content_type in PLAIN or content_type.startswith("text/"):
            extractor = _plain
        else:
            return Extracted(UNSUPPORTED, error=gettext_noop("This type of file has no text."))
    try:
        text, page_count = extractor(fileobj)
    except SoftTimeLimitExceeded:
        return Extracted(NOT_EXTRACTED, error=gettext_noop("Reading the file took too long."))
    except ExtractionError as exc:
        return Extracted(NOT_EXTRACTED, error=str(exc)[:300])
    except MemoryError:
        return Extracted(NOT_EXTRACTED, error=gettext_noop("The file is too large to read."))
    except Exception as exc:  # noqa: BLE001 — an untrusted file may break a parser in any way
        logger.info("extraction failed (%s): %s", content_type, type(exc).__name__)
        return Extracted(NOT_EXTRACTED, error=gettext_noop("The file could not be read."))
    if not text.strip():
        return Extracted(
            NOT_EXTRACTED, error=gettext_noop("No text found in the file."), page_count=page_count
        )
    return Extracted(DONE, text=text, page_count=page_count)


# --- extractors: each returns (text, page count or None) or raises ----------------------------


def _pdf(fileobj):
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 — e.g. an unsupported algorithm
            raise ExtractionError(gettext_noop("The PDF is encrypted.")) from exc
        if not unlocked:
            raise ExtractionError(gettext_noop("The PDF is encrypted."))
    page_count = len(reader.pages)
    buffer = _TextBuffer()
    for index, page in enumerate(reader.pages):
        if index >= MAX_PDF_PAGES:
            break
        if not buffer.add(page.extract_text()):
            break
    return buffer.text(), page_count


def _check_archive(fileobj) -> zipfile.ZipFile:
    """Refuse archive bombs before any parser opens the file."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(gettext_noop("The file is damaged (not a valid archive).")) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ExtractionError(gettext_noop("The file has too many parts."))
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_BYTES:
        raise ExtractionError(gettext_noop("The file expands to too much data."))
    fileobj.seek(0)
    return archive


def _docx(fileobj):
    import docx

    _check_archive(fileobj)
    document = docx.Document(fileobj)
    buffer = _TextBuffer()
    for paragraph in document.paragraphs:
        if not buffer.add(paragraph.text):
            return buffer.text(), None
    for table in document.tables:
        for row in table.rows:
            if not buffer.add(" ".join(cell.text for cell in row.cells)):
                return buffer.text(), None
    return buffer.text(), None


def _xlsx(fileobj):
    import openpyxl  # uses defusedxml when it is installed

    _check_archive(fileobj)
    workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    buffer = _TextBuffer()
    cells = 0
    try:
        for sheet in workbook.worksheets:
            buffer.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                values = [str(value) for value in row if value is not None]
                if (values and not buffer.add(" ".join(values))) or cells > MAX_SHEET_CELLS:
                    return buffer.text(), len(workbook.worksheets)
        return buffer.text(), len(workbook.worksheets)
    finally:
        workbook.close()


def _pptx(fileobj):
    from pptx import Presentation

    _check_archive(fileobj)
    presentation = Presentation(fileobj)
    buffer = _TextBuffer()
    slides = list(presentation.slides)
    for slide in slides:
        for shape in slide.shapes:
            has_text = getattr(shape, "has_text_frame", False) and shape.has_text_frame
            if has_text and not buffer.add(shape.text_frame.text):
                return buffer.text(), len(slides)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    buffer.add(" ".join(cell.text for cell in row.cells))
    return buffer.text(), len(slides)


ODF_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odt(fileobj):
    # content.xml parsed with defusedxml (no entity expansion, no external references).
    from defusedxml import ElementTree

    archive = _check_archive(fileobj)
    try:
        content = archive.read("content.xml")
    except KeyError as exc:
        raise ExtractionError(gettext_noop("The document has no content.")) from exc
    root = ElementTree.fromstring(content)
    buffer = _TextBuffer()
    for element in root.iter():
        is_text = element.tag in (f"{{{ODF_TEXT_NS}}}p", f"{{{ODF_TEXT_NS}}}h")
        if is_text and not buffer.add("".join(element.itertext())):
            break
    return buffer.text(), None


def _plain(fileobj):
    data = fileobj.read(MAX_PLAIN_BYTES)
    text = data.decode("utf-8", errors="replace")
    buffer = _TextBuffer()
    buffer.add(text)
    return buffer.text(), None


EXTRACTORS = {PDF: _pdf, DOCX: _docx, XLSX: _xlsx, PPTX: _pptx, ODT: _odt}


def extract_bytes(data: bytes, content_type: str) -> Extracted:
    """For tests and the shell: extract from bytes in memory."""
    return extract(io.BytesIO(data), content_type)
