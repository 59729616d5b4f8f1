"""Upload a PDF through the real form in headless Chromium, then open the document page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from library.models import Document
from tests.conftest import PASSWORD, make_focal_point
from tests.library.test_uploads import image_bytes, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_upload_a_pdf_and_open_the_document_page(live_server, page, screenshot, compact, tmp_path):
    make_focal_point("amina@test.example", {"acronym": "UNODC"}, first_name="Amina")
    sign_in(page, live_server, "amina@test.example")

    pdf = tmp_path / "border-management.pdf"
    pdf.write_bytes(pdf_bytes("Border management good practices"))
    page.goto(f"{live_server.url}/library/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document")
    # The audience lists stay hidden until a visibility that needs them is chosen.
    expect(page.get_by_text("Only when “Given organizations” is chosen above.")).to_be_hidden()
    screenshot("1-upload-form")

    # A wrong file first: a clear error next to the field, nothing stored.
    exe = tmp_path / "report.pdf"
    exe.write_bytes(b"MZ" + b"\0" * 400)
    page.get_by_label("File", exact=True).set_input_files(str(exe))
    page.get_by_label("Title").fill("Border management good practices")
    page.get_by_label("Type").select_option("good_practice")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("alert")).to_contain_text("Programs and scripts are not accepted")
    screenshot("2-upload-refused")
    assert not Document.objects.exists()

    page.get_by_label("File", exact=True).set_input_files(str(pdf))
    page.get_by_label("Summary").fill("What works at land borders, from five regions.")
    page.get_by_role("button", name="Add the document").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Border management good practices")
    expect(page.get_by_text("The document has been added.")).to_be_visible()
    expect(page.get_by_role("link", name="Download border-management.pdf")).to_be_visible()
    preview = page.locator("iframe")
    expect(preview).to_be_visible()
    page.wait_for_timeout(1500)  # let the PDF viewer draw before the screenshot
    screenshot("3-document-page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download border-management.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "border-management.pdf"
    assert Path(download.path()).read_bytes() == pdf.read_bytes()

    # Add an image as a second language version: it is previewed with an <img>.
    png = tmp_path / "map.png"
    png.write_bytes(image_bytes("PNG"))
    page.get_by_role("link", name="Add a file or version").click()
    page.get_by_label("File", exact=True).set_input_files(str(png))
    page.get_by_label("Language of the file").select_option("fr")
    page.get_by_role("button", name="Add the file").click()
    expect(page.get_by_role("img", name="Preview of map.png")).to_be_visible()
    screenshot("4-with-image")

    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("5-document-page-phone")
