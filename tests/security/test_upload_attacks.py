"""Upload attacks not covered by tests/library/test_uploads.py: SVG with script, polyglots,
double extensions, a lying declared size; and how stored files are served.

tests/library/test_uploads.py covers renamed executables, ELF and scripts, empty files, the size
cap, zip bombs, too many entries, macro documents and extension/content mismatches.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entities.profile import clean_photo_upload
from library.files import inspect_upload
from tests.library.test_uploads import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def refused(name, data):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(SimpleUploadedFile(name, data, content_type="application/pdf"))
    return caught.value


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png", "map.SVG", "drawing.pdf"])
def test_svg_with_script_is_refused_whatever_its_name(name):
    assert refused(name, SVG)


def test_svg_named_txt_is_kept_as_plain_text():
    """Accepted as text, it is stored and served as text/plain (an attachment, nosniff)."""
    inspected = inspect_upload(SimpleUploadedFile("drawing.txt", SVG))
    assert inspected.content_type.startswith("text/plain")


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.pdf", "page.xhtml"])
def test_html_is_refused(name):
    assert refused(name, HTML)


MZ = b"MZ\x90\x00" + b"\x00" * 400


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf.exe", pdf_bytes()),
        ("report.pdf.html", pdf_bytes()),
        ("report.exe.pdf", MZ),
        ("report.php.pdf", b"<?php system($_GET['c']); ?>"),
        ("report.exe.", MZ),
        ("report.pdf\x00.exe", MZ),
    ],
)
def test_double_extensions_do_not_smuggle_an_executable(name, data):
    assert refused(name, data)


def test_a_pdf_zip_polyglot_is_not_taken_for_an_office_file():
    polyglot = pdf_bytes() + docx_bytes()
    assert refused("minutes.docx", polyglot)


def test_a_gif_javascript_polyglot_is_refused():
    assert refused("notes.txt", b"GIF89a/*\x00\x00*/=1;alert(document.cookie);//")
    assert refused("image.gif", b"GIF89a/*\x00\x00*/=1;alert(document.cookie);//")


def test_a_huge_declared_size_is_refused(settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    claims_huge = SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")
    claims_huge.size = 10 * 1024**4  # 10 TB
    with pytest.raises(ValidationError) as caught:
        inspect_upload(claims_huge)
    assert caught.value.code == "too_large"


def test_a_photo_polyglot_is_re_encoded_without_its_payload():
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(image, "PNG")
    polyglot = image.getvalue() + HTML
    result = clean_photo_upload(SimpleUploadedFile("me.png", polyglot))
    data = result.read()
    assert data.startswith(b"\xff\xd8")  # a JPEG now
    assert b"<script" not in data


@pytest.mark.parametrize("data", [SVG, HTML, b"GIF89a" + HTML])
def test_a_script_is_not_accepted_as_a_photo(data):
    with pytest.raises(ValidationError):
        clean_photo_upload(SimpleUploadedFile("me.png", data))


def test_stored_files_are_served_as_inert_attachments(world):
    from django.test import Client

    client = Client()
    client.force_login(world["state"])
    response = client.get(f"/library/files/{world['ids']['file']}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    secretariat = Client()
    secretariat.force_login(world["secretariat"])
    report = secretariat.get(f"/assessments/files/{world['ids']['assessment_file']}/")
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith("attachment")
    assert report["X-Content-Type-Options"] == "nosniff"
