"""The document page, its previews, related documents, editing, and the file responses."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from entities.models import Organization, Theme
from library.actions import add_file_version, create_document
from library.models import Document
from tests.conftest import make_focal_point
from tests.library.test_uploads import (  # noqa: F401
    docx_bytes,
    image_bytes,
    media_root,
    pdf_bytes,
    upload,
)
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def add(actor, title="Counter-terrorism financing guide", *, name="guide.pdf", data=None, **f):
    fields = {"title": title, "doc_type": "guidance", "visibility": "all", **f}
    return create_document(
        fields,
        upload=upload(name, data if data is not None else pdf_bytes(title)),
        file_language="en",
        actor=actor,
    )


def test_document_page_shows_metadata_files_and_versions(client, entity_user, state_user):
    theme = Theme.objects.order_by("pk").first()
    document = add(
        entity_user,
        summary="How to follow the money.",
        themes=[theme],
        working_groups=[WorkingGroup.objects.get(number=2)],
        author_organizations=[Organization.objects.get(acronym="UNODC")],
        languages=["en", "fr"],
    )
    add_file_version(document, upload("guide-v2.pdf", pdf_bytes("v2")), "en", actor=entity_user)
    add_file_version(document, upload("guide-fr.docx", docx_bytes("fr")), "fr", actor=entity_user)
    client.force_login(state_user)
    response = client.get(reverse("library:detail", args=[document.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        document.title,
        "How to follow the money.",
        theme.name,
        "UNODC",
        "English",
        "French",
        "guide-v2.pdf",
        "guide-fr.docx",
        "1 earlier version",
    ]:
        assert text in page, text
    current_pdf = document.files.get(language="en", is_current=True)
    assert f'<iframe src="{reverse("library:inline", args=[current_pdf.pk])}"' in page
    # Not the uploader: no edit buttons.
    assert reverse("library:edit", args=[document.pk]) not in page


def test_image_gets_an_img_preview(client, entity_user):
    document = add(entity_user, "Map", name="map.png", data=image_bytes("PNG"))
    client.force_login(entity_user)
    page = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert f'<img src="{reverse("library:inline", args=[document.files.get().pk])}"' in page
    assert reverse("library:edit", args=[document.pk]) in page


def test_download_is_an_inert_attachment(client, entity_user):
    data = pdf_bytes("download me")
    document = add(entity_user, name='Rapport "final" – Résumé.pdf', data=data)
    client.force_login(entity_user)
    response = client.get(reverse("library:download", args=[document.files.get().pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="Rapport _final_ _ R_sum_.pdf"' in disposition
    assert (
        "filename*=UTF-8''Rapport%20%22final%22%20%E2%80%93%20R%C3%A9sum%C3%A9.pdf" in disposition
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"


def test_inline_pdf_may_be_framed_by_the_portal_only(client, entity_user):
    document = add(entity_user)
    client.force_login(entity_user)
    response = client.get(reverse("library:inline", args=[document.files.get().pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_inline_of_an_office_file_is_a_download(client, entity_user):
    document = add(entity_user, name="note.docx", data=docx_bytes())
    file_pk = document.files.get().pk
    client.force_login(entity_user)
    response = client.get(reverse("library:inline", args=[file_pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("library:download", args=[file_pk])


def test_files_are_not_under_the_static_or_media_url(client, entity_user, settings):
    document = add(entity_user)
    stored = document.files.get()
    assert not stored.file.name.endswith(".pdf")
    assert str(settings.STATIC_ROOT) not in stored.file.path


def test_related_documents_share_themes_or_groups(client, entity_user):
    theme, other_theme = Theme.objects.order_by("pk")[:2]
    wg = WorkingGroup.objects.get(number=4)
    document = add(entity_user, "Main", themes=[theme])
    for number in range(8):
        add(entity_user, f"Sharing theme {number}", data=pdf_bytes(f"t{number}"), themes=[theme])
    add(entity_user, "Unrelated", data=pdf_bytes("u"), themes=[other_theme], working_groups=[wg])
    add(entity_user, "Draft sibling", data=pdf_bytes("d"), themes=[theme], status="draft")
    client.force_login(entity_user)
    response = client.get(reverse("library:detail", args=[document.pk]))
    related = response.context["related"]
    assert len(related) == 6
    assert all(item.title.startswith("Sharing theme") for item in related)


def test_document_page_queries_are_bounded(client, entity_user, django_assert_max_num_queries):
    themes = list(Theme.objects.order_by("pk")[:3])
    groups = list(WorkingGroup.objects.filter(number__in=[1, 2]))
    document = add(entity_user, "Main", themes=themes, working_groups=groups)
    for language in ["fr", "es", "ar"]:
        for version in range(3):
            add_file_version(
                document,
                upload(f"{language}{version}.pdf", pdf_bytes(f"{language}{version}")),
                language,
                actor=entity_user,
            )
    for number in range(10):
        add(entity_user, f"Related {number}", data=pdf_bytes(f"r{number}"), themes=themes)
    client.force_login(entity_user)
    url = reverse("library:detail", args=[document.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(22):  # 4 for the discussions and events citing it
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["file_groups"]) == 4


def test_edit_by_uploader_and_secretariat_only(client, entity_user, secretariat_user):
    document = add(entity_user)
    url = reverse("library:edit", args=[document.pk])
    other = make_focal_point("other@test.example", {"acronym": "UNDP"})
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Hijacked"}).status_code == 403

    client.force_login(entity_user)
    assert client.get(url).status_code == 200
    wg = WorkingGroup.objects.get(number=2)
    response = client.post(
        url,
        {
            "title": "Renamed guide",
            "doc_type": "guidance",
            "status": "published",
            "visibility": "groups",
            "audience_groups": [wg.pk],
            "languages": ["en"],
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Renamed guide"
    assert list(document.audience_groups.all()) == [wg]
    entry = LogEntry.objects.filter(object_id=str(document.pk)).latest("pk")
    assert "visibility" in entry.change_message and "Working Groups" in entry.change_message

    client.force_login(secretariat_user)
    assert client.get(url).status_code == 200


def test_edit_form_errors_do_not_change_the_document(client, entity_user):
    document = add(entity_user)
    client.force_login(entity_user)
    response = client.post(
        reverse("library:edit", args=[document.pk]),
        {"title": "", "doc_type": "nonsense", "status": "published", "visibility": "all"},
    )
    assert response.status_code == 200
    assert Document.objects.get(pk=document.pk).title == document.title


def test_malformed_ids_are_404(client, entity_user):
    client.force_login(entity_user)
    assert client.get("/library/999999/").status_code == 404
    assert client.get("/library/files/999999/download/").status_code == 404


def test_the_page_names_the_discussions_and_events_citing_the_document_that_the_viewer_may_see(
    client, entity_user, state_user, secretariat_user
):
    from tests.calendar_app.conftest import make_event
    from workinggroups.discussion_actions import start_thread

    document = add(entity_user, "Cited everywhere")
    wg2 = WorkingGroup.objects.get(number=2)
    start_thread(
        wg2,
        title="WG 2 thread citing it",
        body="See this.",
        documents=[document],
        actor=secretariat_user,
    )
    start_thread(
        None,
        title="Open thread citing it",
        body="See this.",
        documents=[document],
        actor=secretariat_user,
    )
    event = make_event(title="Workshop with it on the agenda")
    event.documents.add(document)
    secret = make_event(title="Secret meeting with it", visibility="secretariat")
    secret.documents.add(document)

    client.force_login(state_user)  # Kenya: not in WG 2; sees "all" events only
    page = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert "Open thread citing it" in page
    assert "WG 2 thread citing it" not in page
    assert "Workshop with it on the agenda" in page
    assert "Secret meeting with it" not in page

    client.force_login(secretariat_user)
    page = client.get(reverse("library:detail", args=[document.pk])).content.decode()
    assert "WG 2 thread citing it" in page and "Secret meeting with it" in page
