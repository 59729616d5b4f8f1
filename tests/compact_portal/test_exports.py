"""The Secretariat's exports page: Secretariat only; the library index and events exports match the
database, carry metadata only and are formula-injection safe."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from calendar_app.models import Event
from entities.models import Organization
from library.models import Document
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    "url",
    ["/exports/", "/exports/library/?format=csv", "/exports/events/?format=xlsx"],
)
def test_only_the_secretariat_may_use_the_exports(client, entity_user, state_user, url):
    for user in (entity_user, state_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_exports_page_links_every_export_and_each_link_works(
    client, secretariat_user, django_assert_max_num_queries
):
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(8):
        response = client.get("/exports/")
    assert response.status_code == 200
    datasets = response.context["datasets"]
    urls = [dataset["csv"] for dataset in datasets] + [dataset["xlsx"] for dataset in datasets]
    for expected in (
        "/directory/export/",
        "/exports/library/",
        "/exports/events/",
        "/projects/export/",
        "/assessments/export/",
        "/audit/export/",
    ):
        assert any(url.startswith(expected) for url in urls), expected
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_library_index_matches_the_database_and_has_no_file_contents(client, secretariat_user):
    wg2 = WorkingGroup.objects.get(number=2)
    restricted = Document.objects.create(
        title="=cmd|' /C calc'!A0",
        summary="A confidential summary",
        body="<p>Body text never exported</p>",
        doc_type=Document.Type.GUIDANCE,
        visibility=Document.Visibility.GROUPS,
        publication_date=datetime.date(2025, 5, 1),
        languages=["en", "fr"],
    )
    restricted.audience_groups.add(wg2)
    restricted.working_groups.add(wg2)
    restricted.author_organizations.add(Organization.objects.get(acronym="UNODC"))
    draft = Document.objects.create(
        title="A draft", doc_type=Document.Type.REPORT, status=Document.Status.DRAFT
    )
    client.force_login(secretariat_user)
    response = client.get("/exports/library/", {"format": "csv"})
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    header, *rows = csv_rows(response)
    assert len(rows) == Document.objects.count()
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    row = by_id[restricted.pk]
    assert row["Title"] == "'=cmd|' /C calc'!A0"  # formula-injection safe
    assert row["Who may see it"] == "Members of given Working Groups"
    assert row["Visible to members of"] == wg2.name
    assert row["Working Groups"] == wg2.name
    assert "UNODC" in row["Authors"] or "Office on Drugs" in row["Authors"]
    assert row["Languages"] == "en, fr"
    assert row["Publication date"] == "2025-05-01"
    assert row["Address"].endswith(f"/library/{restricted.pk}/")
    assert by_id[draft.pk]["Status"] == "Draft"
    flat = str(rows)
    assert "confidential summary" not in flat and "never exported" not in flat


def test_events_export_matches_the_database_in_both_formats(client, secretariat_user):
    unodc = Organization.objects.get(acronym="UNODC")
    starts = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0), datetime.UTC)
    event = Event.objects.create(
        title="+Workshop on borders",
        event_type=Event.Type.WORKSHOP,
        organizer=unodc,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        timezone="Africa/Nairobi",
        visibility=Event.Visibility.COMPACT,
    )
    event.countries.add(Organization.objects.get(iso3="KEN"))
    client.force_login(secretariat_user)

    header, *rows = csv_rows(client.get("/exports/events/", {"format": "csv"}))
    assert len(rows) == Event.objects.count()
    row = dict(zip(header, next(r for r in rows if r[0] == str(event.pk)), strict=True))
    assert row["Title"] == "'+Workshop on borders"
    assert row["Organizer"] == unodc.name
    assert row["Starts (UTC)"] == "2026-03-10 09:00"
    assert row["Countries"] == "Kenya"
    assert row["Who may see it"] == "Compact entities only"

    response = client.get("/exports/events/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Title"
    assert any(r[1] == "'+Workshop on borders" for r in values[1:])
    assert client.get("/exports/events/", {"format": "exe"}).status_code == 400
