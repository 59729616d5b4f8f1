"""Uploading library files: content sniffing, caps, archive bombs, macros, duplicates, versions."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from library.actions import add_file_version, create_document
from library.files import inspect_upload
from library.models import Document, DocumentFile
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# --- file factories (real files, made with the libraries that read them) -------------------------


def pdf_bytes(text="Hello from the Compact library"):
    """A small valid one-page PDF whose page shows `text` (hand-written, correct xref)."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes(text="A Word document for the library"):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Projects by pillar"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes():
    from pptx import Presentation

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[0])
    slide.shapes.title.text = "Compact in Review"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def odt_bytes():
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="An OpenDocument text"))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def image_bytes(fmt):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 104, 157)).save(out, format=fmt)
    return out.getvalue()


def rezip(data, *, add=None, replace=None):
    """A copy of a ZIP (Office) file with entries added or replaced."""
    add, replace = add or {}, replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb_docx(uncompressed_mb):
    """Looks like a DOCX ([Content_Types].xml says so) but expands to `uncompressed_mb` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/>'
            "</Types>",
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                entry.write(chunk)
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def refused(name, data):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload(name, data))
    return caught.value


# --- content sniffing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "factory", "kind", "content_type"),
    [
        ("report.pdf", pdf_bytes, "pdf", "application/pdf"),
        ("note.docx", docx_bytes, "docx", "application/vnd.openxmlformats-officedocument."),
        ("figures.xlsx", xlsx_bytes, "xlsx", "application/vnd.openxmlformats-officedocument."),
        ("slides.pptx", pptx_bytes, "pptx", "application/vnd.openxmlformats-officedocument."),
        ("text.odt", odt_bytes, "odt", "application/vnd.oasis.opendocument.text"),
        ("readme.txt", lambda: "Unicode ✓ texte, نص".encode(), "txt", "text/plain"),
        ("map.png", lambda: image_bytes("PNG"), "png", "image/png"),
        ("photo.JPG", lambda: image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("photo.webp", lambda: image_bytes("WEBP"), "webp", "image/webp"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, factory, kind, content_type):
    data = factory()
    inspected = inspect_upload(upload(name, data, content_type="text/html"))
    assert inspected.kind == kind
    assert inspected.content_type.startswith(content_type)
    assert inspected.size == len(data)
    assert len(inspected.sha256) == 64


def test_renamed_executable_is_refused():
    error = refused("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500 + b"This program cannot be run")
    assert error.code == "executable"
    assert "Programs" in error.messages[0]


def test_elf_and_scripts_are_refused():
    assert refused("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200).code == "executable"
    assert refused("notes.txt", b"#!/bin/sh\nrm -rf /\n").code == "executable"


def test_zero_bytes_is_refused():
    error = refused("empty.pdf", b"")
    assert error.code == "empty"
    assert "empty" in error.messages[0]


def test_oversize_is_refused(settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    error = refused("big.txt", b"a" * (1024 * 1024 + 1))
    assert error.code == "too_large"
    assert "1 MB" in error.messages[0]


def test_corrupt_pdf_is_accepted_when_the_magic_is_right():
    # A damaged PDF is stored; the extractor later flags it "text not extracted".
    inspected = inspect_upload(upload("broken.pdf", b"%PDF-1.7\n\x00\x01garbage, no objects"))
    assert inspected.kind == "pdf"


def test_zip_bomb_disguised_as_docx_is_refused(settings):
    settings.LIBRARY_ZIP_MAX_UNCOMPRESSED_MB = 20
    data = zip_bomb_docx(uncompressed_mb=40)
    assert len(data) < 200_000  # small on the wire ...
    error = refused("innocent.docx", data)  # ... huge once opened
    assert error.code == "zip_bomb"
    assert "archive bomb" in error.messages[0]


def test_zip_with_too_many_entries_is_refused(settings):
    settings.LIBRARY_ZIP_MAX_ENTRIES = 50
    data = rezip(docx_bytes(), add={f"word/media/x{i}.xml": b"<x/>" for i in range(60)})
    assert refused("many.docx", data).code == "zip_bomb"


def test_docm_with_vba_project_is_refused():
    data = rezip(docx_bytes(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    error = refused("macro.docx", data)
    assert error.code == "macro"
    assert "macros" in error.messages[0]


def test_macro_enabled_main_type_is_refused():
    data = docx_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    macro_types = types.replace(DOCX_MAIN, "application/vnd.ms-word.document.macroEnabled.main+xml")
    assert macro_types != types
    assert refused(
        "macro.docm", rezip(data, replace={"[Content_Types].xml": macro_types})
    ).code == ("macro")


def test_extension_must_match_the_content():
    error = refused("minutes.pdf", docx_bytes())
    assert error.code == "mismatch"
    assert ".pdf" in error.messages[0]
    assert "Word" in error.messages[0]


def test_other_types_are_refused():
    assert refused("archive.zip", rezip(docx_bytes(), replace={"[Content_Types].xml": b""})).code
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert refused("bundle.docx", plain_zip.getvalue()).code == "not_allowed"
    assert refused("data.txt", bytes(range(256)) * 4).code == "not_allowed"
    assert refused("animation.gif", b"GIF89a" + b"\x00" * 100).code == "not_allowed"


# --- the upload page -----------------------------------------------------------------------------


def new_document_data(**overrides):
    data = {
        "title": "Border security good practices",
        "summary": "What works at land borders.",
        "doc_type": "good_practice",
        "status": "published",
        "visibility": "all",
        "file_language": "en",
        "languages": ["en"],
    }
    data.update(overrides)
    return data


def test_focal_point_uploads_a_pdf(client, entity_user, django_capture_on_commit_callbacks):
    client.force_login(entity_user)
    assert client.get(reverse("library:new")).status_code == 200
    data = new_document_data(file=upload("Border report.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("library:new"), data)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:detail", args=[document.pk])
    stored = document.files.get()
    assert (stored.version, stored.is_current, stored.language) == (1, True, "en")
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "Border report.pdf"
    assert "Border" not in stored.file.name  # stored under a random name
    assert stored.file.read() == pdf_bytes()
    assert stored.uploaded_by == entity_user and document.created_by == entity_user
    assert len(callbacks) >= 1  # text extraction is asked for after commit


@pytest.mark.parametrize(
    ("name", "factory"), [("note.docx", docx_bytes), ("sheet.xlsx", xlsx_bytes)]
)
def test_office_uploads_are_accepted(client, state_user, name, factory):
    client.force_login(state_user)
    response = client.post(reverse("library:new"), new_document_data(file=upload(name, factory())))
    assert response.status_code == 302
    assert DocumentFile.objects.get().original_name == name


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ" + b"\x00" * 300, "Programs and scripts are not accepted"),
        ("empty.pdf", b"", "empty"),
        ("innocent.docx", "zip-bomb", "archive bomb"),
        ("macro.docx", "docm", "macros"),
    ],
)
def test_bad_upload_shows_a_clear_error_and_stores_nothing(
    client, entity_user, settings, name, data, message
):
    settings.LIBRARY_ZIP_MAX_UNCOMPRESSED_MB = 5
    if data == "zip-bomb":
        data = zip_bomb_docx(uncompressed_mb=10)
    elif data == "docm":
        data = rezip(docx_bytes(), add={"word/vbaProject.bin": b"macro"})
    client.force_login(entity_user)
    response = client.post(reverse("library:new"), new_document_data(file=upload(name, data)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not DocumentFile.objects.exists()


def test_oversize_upload_is_refused_in_the_form(client, entity_user, settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    client.force_login(entity_user)
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(reverse("library:new"), new_document_data(file=big))
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not Document.objects.exists()


def test_duplicate_upload_points_to_the_existing_document(client, entity_user):
    client.force_login(entity_user)
    data = pdf_bytes("Same bytes twice")
    client.post(reverse("library:new"), new_document_data(file=upload("a.pdf", data)))
    first = Document.objects.get()

    response = client.post(
        reverse("library:new"), new_document_data(title="Again", file=upload("b.pdf", data))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "already in the library" in body
    assert reverse("library:detail", args=[first.pk]) in body
    assert Document.objects.count() == 1

    response = client.post(
        reverse("library:new"),
        new_document_data(title="Again", allow_duplicate="on", file=upload("b.pdf", data)),
    )
    assert response.status_code == 302
    assert Document.objects.count() == 2


def test_duplicate_in_a_document_the_user_cannot_see_is_not_revealed(
    client, entity_user, state_user, secretariat_user
):
    data = pdf_bytes("Secret bytes")
    create_document(
        {"title": "Secret", "doc_type": "report", "visibility": "secretariat"},
        upload=upload("s.pdf", data),
        file_language="en",
        actor=secretariat_user,
    )
    client.force_login(state_user)
    response = client.post(reverse("library:new"), new_document_data(file=upload("s.pdf", data)))
    assert response.status_code == 302
    assert "Secret" not in response.content.decode()


def test_only_focal_points_may_upload(client, compact, django_user_model):
    nobody = django_user_model.objects.create_user(email="noprofile@test.example", password="x")
    client.force_login(nobody)
    assert client.get(reverse("library:new")).status_code == 403
    client.logout()
    assert client.get(reverse("library:new")).status_code == 302


def test_secretariat_only_is_not_offered_to_focal_points(client, entity_user, secretariat_user):
    client.force_login(entity_user)
    assert 'value="secretariat"' not in client.get(reverse("library:new")).content.decode()
    response = client.post(
        reverse("library:new"),
        new_document_data(visibility="secretariat", file=upload("a.pdf", pdf_bytes())),
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    client.force_login(secretariat_user)
    assert 'value="secretariat"' in client.get(reverse("library:new")).content.decode()


def test_group_visibility_needs_groups(client, entity_user):
    client.force_login(entity_user)
    response = client.post(
        reverse("library:new"),
        new_document_data(visibility="groups", file=upload("a.pdf", pdf_bytes())),
    )
    assert response.status_code == 200
    assert "Choose the Working Groups" in response.content.decode()


# --- versions ------------------------------------------------------------------------------------


def test_new_version_keeps_the_history(client, entity_user):
    first = docx_bytes("first")
    document = create_document(
        {"title": "Work plan", "doc_type": "report", "visibility": "all"},
        upload=upload("plan-v1.docx", first),
        file_language="en",
        actor=entity_user,
    )
    client.force_login(entity_user)
    url = reverse("library:add_version", args=[document.pk])
    assert client.get(url).status_code == 200
    second = docx_bytes("2")
    response = client.post(url, {"language": "en", "file": upload("plan-v2.docx", second)})
    assert response.status_code == 302
    files = list(document.files.order_by("version"))
    assert [(f.version, f.is_current) for f in files] == [(1, False), (2, True)]
    assert files[0].file.read() == first  # the old bytes are still there

    # Another language is its own line of versions, and joins the document's languages.
    client.post(url, {"language": "fr", "file": upload("plan-fr.docx", docx_bytes("fr"))})
    french = document.files.get(language="fr")
    assert (french.version, french.is_current) == (1, True)
    document.refresh_from_db()
    assert document.languages == ["en", "fr"]

    # The same bytes as the current version are refused.
    response = client.post(url, {"language": "en", "file": upload("again.docx", second)})
    assert response.status_code == 200
    assert "identical to the current version" in response.content.decode()
    assert document.files.filter(language="en").count() == 2


def test_add_file_version_action_moves_is_current(entity_user):
    document = create_document(
        {"title": "Deck", "doc_type": "presentation"},
        upload=upload("deck.pptx", pptx_bytes()),
        file_language="en",
        actor=entity_user,
    )
    second = add_file_version(document, upload("deck2.pdf", pdf_bytes()), "en", actor=entity_user)
    assert second.version == 2
    assert list(document.files.filter(is_current=True)) == [second]


def test_only_the_uploader_and_secretariat_add_versions(client, entity_user, secretariat_user):
    document = create_document(
        {"title": "Deck", "doc_type": "presentation"},
        upload=upload("deck.pdf", pdf_bytes()),
        file_language="en",
        actor=entity_user,
    )
    other = make_focal_point("other@test.example", {"acronym": "UNDP"})
    client.force_login(other)
    assert client.get(reverse("library:add_version", args=[document.pk])).status_code == 403
    client.force_login(secretariat_user)
    assert client.get(reverse("library:add_version", args=[document.pk])).status_code == 200
