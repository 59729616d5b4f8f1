"""Checks on uploaded library files: type sniffed from the content, size caps, archive bombs.

`inspect_upload(upload)` answers an `InspectedFile` (kind, MIME type, size, SHA-256) or raises a
`ValidationError` whose message tells the person what is wrong. The name is only compared with
what the content says; it never decides the type.

Allowed: PDF, DOCX, XLSX, PPTX, ODT, plain text (UTF-8), PNG, JPEG, WebP. Refused: anything
executable, macro-enabled Office files (a `vbaProject.bin` part or a macro-enabled main type),
other archives, zero-byte files, files over `LIBRARY_MAX_UPLOAD_MB`, and ZIP containers (Office
and ODF files are ZIPs) whose entry count or total uncompressed size is over the caps — checked
from the central directory *before* anything is decompressed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
HEAD_BYTES = 8192

# Kinds we accept: kind -> (MIME type, allowed file-name extensions, human name).
KINDS = {
    "pdf": ("application/pdf", {"pdf"}, "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx"},
        "Word (DOCX)",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"xlsx"},
        "Excel (XLSX)",
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {"pptx"},
        "PowerPoint (PPTX)",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}, "OpenDocument text (ODT)"),
    "txt": ("text/plain; charset=utf-8", {"txt"}, "text (TXT)"),
    "png": ("image/png", {"png"}, "PNG image"),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}, "JPEG image"),
    "webp": ("image/webp", {"webp"}, "WebP image"),
}
ALLOWED_EXTENSIONS = sorted({ext for _mime, exts, _name in KINDS.values() for ext in exts})
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
INLINE_KINDS = {"application/pdf", "image/png", "image/jpeg", "image/webp"}

# The main part's content type in [Content_Types].xml -> our kind (or a refusal code).
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "macro",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "macro",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "macro",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "macro",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "macro",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": "macro",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "macro",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": "macro",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
EXECUTABLE_KINDS = {"exe", "elf", "dcm", "deb", "rpm", "msi", "dex", "crx", "swf", "class"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "LIBRARY_MAX_UPLOAD_MB", 50)) * 1024 * 1024


def zip_max_entries() -> int:
    return int(getattr(settings, "LIBRARY_ZIP_MAX_ENTRIES", 5000))


def zip_max_uncompressed_bytes() -> int:
    return int(getattr(settings, "LIBRARY_ZIP_MAX_UNCOMPRESSED_MB", 300)) * 1024 * 1024


@dataclass(frozen=True)
class InspectedFile:
    kind: str
    content_type: str
    size: int
    sha256: str
    original_name: str

    @property
    def label(self) -> str:
        return KINDS[self.kind][2]


def clean_file_name(name: str) -> str:
    """The base name, without control characters or path parts, at most 255 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if not name:
        name = "file"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) < 10 else name[:255]
    return name


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _hash_and_check_text(upload) -> tuple[str, bool]:
    """SHA-256 of the whole upload, and whether it is UTF-8 text without NUL bytes."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_text = True
    upload.seek(0)
    for chunk in (
        upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b"")
    ):
        digest.update(chunk)
        if is_text:
            if b"\x00" in chunk:
                is_text = False
            else:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_text = False
    if is_text:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_text = False
    upload.seek(0)
    return digest.hexdigest(), is_text


def _inspect_zip(upload) -> str:
    """The kind of a ZIP-based upload (docx, xlsx, pptx, odt), or ValidationError."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _error(
            _("The file looks like an Office document but is damaged and cannot be read."),
            "corrupt_archive",
        ) from None
    with archive:
        entries = archive.infolist()
        # Archive bombs: judge by the central directory before decompressing anything.
        if len(entries) > zip_max_entries():
            raise _error(
                _("The file holds too many parts (%(count)s) to be a normal Office document.")
                % {"count": len(entries)},
                "zip_bomb",
            )
        total = sum(entry.file_size for entry in entries)
        if total > zip_max_uncompressed_bytes():
            raise _error(
                _(
                    "The file would expand to %(size)s MB when opened, more than the "
                    "%(limit)s MB allowed: it is refused as a possible archive bomb."
                )
                % {
                    "size": total // (1024 * 1024),
                    "limit": zip_max_uncompressed_bytes() // (1024 * 1024),
                },
                "zip_bomb",
            )
        names = {entry.filename: entry for entry in entries}
        lowered = {name.lower() for name in names}
        if any(
            name.endswith("vbaproject.bin") or name.endswith(".bin") and "vba" in name
            for name in lowered
        ):
            raise _error(
                _("Files with macros (e.g. .docm, .xlsm, .pptm) are not accepted."), "macro"
            )
        if "mimetype" in names:
            entry = names["mimetype"]
            if entry.file_size > 200:
                raise _error(_("This type of file is not accepted."), "not_allowed")
            mimetype = archive.read(entry).strip()
            if mimetype == ODT_MIMETYPE:
                return "odt"
            raise _error(
                _("Only OpenDocument text files (.odt) are accepted among OpenDocument formats."),
                "not_allowed",
            )
        if "[Content_Types].xml" in names:
            entry = names["[Content_Types].xml"]
            if entry.file_size > 1024 * 1024:
                raise _error(
                    _("The file looks like an Office document but is damaged and cannot be read."),
                    "corrupt_archive",
                )
            try:
                root = ElementTree.fromstring(archive.read(entry))
            except Exception:  # noqa: BLE001 - defusedxml raises several types on hostile XML
                raise _error(
                    _("The file looks like an Office document but is damaged and cannot be read."),
                    "corrupt_archive",
                ) from None
            kinds = {
                OOXML_MAIN_TYPES.get(element.get("ContentType", ""))
                for element in root
                if element.tag.endswith("Override") or element.tag.endswith("Default")
            } - {None}
            if "macro" in kinds:
                raise _error(
                    _("Files with macros (e.g. .docm, .xlsm, .pptm) are not accepted."), "macro"
                )
            if len(kinds) == 1:
                return kinds.pop()
            raise _error(
                _("This kind of Office file is not accepted; save it as DOCX, XLSX or PPTX."),
                "not_allowed",
            )
    raise _error(
        _("Archives (ZIP files) are not accepted; upload the documents themselves."),
        "not_allowed",
    )


def sniff_kind(upload, head: bytes, is_text: bool) -> str:
    """Our kind for the upload's content, or ValidationError (executables, unknown types)."""
    guess = filetype.guess(head)
    if head.startswith(EXECUTABLE_MAGIC) or (guess and guess.extension in EXECUTABLE_KINDS):
        raise _error(_("Programs and scripts are not accepted."), "executable")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _inspect_zip(upload)
    if guess is not None:
        if guess.mime == "image/png":
            return "png"
        if guess.mime == "image/jpeg":
            return "jpeg"
        if guess.mime == "image/webp":
            return "webp"
        raise _error(
            _("Files of this type (%(type)s) are not accepted.") % {"type": guess.extension},
            "not_allowed",
        )
    if is_text:
        return "txt"
    raise _error(
        _(
            "This type of file is not accepted. Upload a PDF, Word, Excel, PowerPoint, "
            "OpenDocument text, plain text (UTF-8) or image (PNG, JPEG, WebP) file."
        ),
        "not_allowed",
    )


def inspect_upload(upload) -> InspectedFile:
    """Check an uploaded file (see the module docstring); raise ValidationError when refused."""
    name = clean_file_name(getattr(upload, "name", "") or "")
    size = upload.size
    if not size:
        raise _error(_("The file is empty (0 bytes)."), "empty")
    limit = max_upload_bytes()
    if size > limit:
        raise _error(
            _("The file is too large: the limit is %(limit)s MB.")
            % {"limit": limit // (1024 * 1024)},
            "too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    sha256, is_text = _hash_and_check_text(upload)
    kind = sniff_kind(upload, head, is_text)
    upload.seek(0)
    content_type, extensions, label = KINDS[kind]
    extension = _extension(name)
    if extension not in extensions:
        if extension:
            message = _(
                "The file name ends in .%(extension)s but the file is a %(label)s file. "
                "Rename it to .%(expected)s (or upload the right file)."
            )
        else:
            message = _(
                "The file name has no extension; this %(label)s file should end in .%(expected)s."
            )
        raise _error(
            message % {"extension": extension, "label": label, "expected": sorted(extensions)[0]},
            "mismatch",
        )
    return InspectedFile(
        kind=kind, content_type=content_type, size=size, sha256=sha256, original_name=name
    )


def find_duplicate(sha256: str, user, *, exclude_document=None):
    """A file with this checksum in a document `user` may see (the newest), or None."""
    from .models import Document, DocumentFile

    files = DocumentFile.objects.filter(
        sha256=sha256, document__in=Document.objects.visible_to(user).values("pk")
    ).select_related("document")
    if exclude_document is not None:
        files = files.exclude(document=exclude_document)
    return files.order_by("-uploaded_at").first()
