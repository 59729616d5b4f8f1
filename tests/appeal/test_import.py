"""Bulk import: upload → preview with per-row errors → confirm imports the good rows only."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from appeal.imports import COLUMNS, MAX_ROWS
from appeal.models import Project
from tests.appeal.test_project_factories import entity, make_project

pytestmark = pytest.mark.django_db


def row(code, **cells):
    values = {
        "code": code,
        "title": f"Imported project {code}",
        "lead_entity": "UNODC",
        "partners": "UNOCT",
        "donors": "DEU; European Union",
        "countries": "KEN; SOM",
        "regions": "",
        "global": "no",
        "pillars": "2",
        "themes": "criminal-justice; cft",
        "working_groups": "2",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "budget_usd": "1250000",
        "funding_status": "partial",
        "status": "ongoing",
        "description": "Training.",
        "beneficiaries": "Prosecutors",
    }
    values.update(cells)
    return [values[c] for c in COLUMNS]


GOOD = [row("IMP-1"), row("IMP-2", countries="UGA", themes="pcve"), row("IMP-3", budget_usd="")]
BAD = [
    row("IMP-BAD-1", lead_entity="NOPE", countries="KEN; XXZ"),  # unknown entity and country
    row("IMP-BAD-2", starts_on="31/12/2025"),  # bad date
    row("IMP-BAD-3", budget_usd="a lot"),  # budget not a number
]


def csv_file(rows, name="projects.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="projects.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file):
    response = client.post(reverse("projects:import"), {"file": file})
    if response.status_code != 302:
        return response, None
    preview = client.get(response["Location"])
    return preview, preview.context["token"]


def test_three_bad_rows_are_reported_and_only_the_good_ones_imported_after_confirmation(
    client, entity_user, compact
):
    client.force_login(entity_user)
    preview, token = upload(client, csv_file([GOOD[0], BAD[0], GOOD[1], BAD[1], BAD[2], GOOD[2]]))
    assert preview.status_code == 200
    assert len(preview.context["good"]) == 3
    bad = preview.context["bad"]
    assert [r.number for r in bad] == [3, 5, 6]  # file rows (the header is row 1)
    messages = " ".join(" ".join(r.errors) for r in bad)
    assert "Unknown entity code “NOPE”" in messages
    assert "Unknown country code “XXZ”" in messages
    assert "is not a date" in messages
    assert "is not a number" in messages
    assert not Project.objects.exists()  # nothing before confirmation

    done = client.post(reverse("projects:import_confirm"), {"token": token})
    assert done.status_code == 200
    assert done.context["created"] == 3 and done.context["updated"] == 0
    assert [r.number for r in done.context["bad"]] == [3, 5, 6]
    assert sorted(Project.objects.values_list("code", flat=True)) == ["IMP-1", "IMP-2", "IMP-3"]
    project = Project.objects.get(code="IMP-1")
    assert project.lead_organization == entity("UNODC")
    assert project.entity_ids == sorted([entity("UNODC").pk, entity("UNOCT").pk])
    assert len(project.country_ids) == 2 and len(project.theme_ids) == 2
    assert project.donors.count() == 2
    assert str(project.budget_usd) == "1250000.00"
    assert Project.objects.get(code="IMP-3").budget_usd is None
    assert project.history.get().history_user == entity_user
    # the token is spent
    again = client.post(reverse("projects:import_confirm"), {"token": token})
    assert again.status_code == 302 and Project.objects.count() == 3


def test_xlsx_import_upserts_by_code(client, secretariat_user, compact):
    make_project("IMP-1", "UNDP", title="Old title")
    client.force_login(secretariat_user)
    preview, token = upload(client, xlsx_file([row("IMP-1", title="New title"), row("IMP-9")]))
    assert [r.action for r in preview.context["good"]] == ["update", "create"]
    done = client.post(reverse("projects:import_confirm"), {"token": token})
    assert done.context["created"] == 1 and done.context["updated"] == 1
    updated = Project.objects.get(code="IMP-1")
    assert updated.title == "New title" and updated.lead_organization == entity("UNODC")
    assert Project.objects.count() == 2


def test_entities_import_only_their_own_projects(client, entity_user, compact):
    make_project("UNDP-1", "UNDP")
    client.force_login(entity_user)
    preview, _token = upload(
        client, csv_file([row("MINE"), row("THEIRS", lead_entity="UNDP"), row("UNDP-1")])
    )
    bad = {r.cells["code"]: r.errors for r in preview.context["bad"]}
    assert set(bad) == {"THEIRS", "UNDP-1"}
    assert [r.cells["code"] for r in preview.context["good"]] == ["MINE"]


def test_a_preview_belongs_to_its_uploader(client, entity_user, secretariat_user, compact):
    client.force_login(entity_user)
    _preview, token = upload(client, csv_file([row("IMP-1")]))
    client.force_login(secretariat_user)
    response = client.post(reverse("projects:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert not Project.objects.exists()


def test_duplicate_codes_in_one_file_are_errors(client, secretariat_user, compact):
    client.force_login(secretariat_user)
    preview, _token = upload(client, csv_file([row("IMP-1"), row("IMP-1")]))
    assert len(preview.context["good"]) == 1 and len(preview.context["bad"]) == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("p.csv", b""), "empty"),
        (SimpleUploadedFile("p.txt", b"code,title"), ".csv or .xlsx"),
        (SimpleUploadedFile("p.csv", b"a,b,c\n1,2,3\n"), "first row"),
        (SimpleUploadedFile("p.csv", b"\xff\xfe\x00bad"), "binary"),
        (SimpleUploadedFile("p.csv", "é".encode("latin-1") * 10), "UTF-8"),
        (SimpleUploadedFile("p.xlsx", b"PK\x03\x04 not really a zip"), ""),
        (SimpleUploadedFile("p.csv", b"x" * (2 * 1024 * 1024 + 1)), "too large"),
    ],
)
def test_unreadable_files_get_a_form_error(client, secretariat_user, compact, file, message):
    client.force_login(secretariat_user)
    response = client.post(reverse("projects:import"), {"file": file})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors


def test_a_macro_workbook_is_refused(client, secretariat_user, compact):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/vbaProject.bin", b"macro")
    client.force_login(secretariat_user)
    response = client.post(
        reverse("projects:import"), {"file": SimpleUploadedFile("p.xlsx", out.getvalue())}
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_too_many_rows_are_refused(client, secretariat_user, compact):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("projects:import"), {"file": csv_file([row(f"R{i}") for i in range(MAX_ROWS + 1)])}
    )
    assert "at most" in " ".join(response.context["form"].errors["file"])


def test_an_expired_or_forged_token_sends_back_to_the_upload(client, secretariat_user, compact):
    client.force_login(secretariat_user)
    for token in ["", "nope", "../../etc", "x" * 500]:
        response = client.post(reverse("projects:import_confirm"), {"token": token})
        assert response.status_code == 302
        assert client.get(reverse("projects:import"), {"token": token}).status_code in (200, 302)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_downloads_and_imports_cleanly(client, secretariat_user, compact, kind):
    client.force_login(secretariat_user)
    response = client.get(reverse("projects:import_template"), {"format": kind})
    assert response.status_code == 200
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == COLUMNS
    file = SimpleUploadedFile(f"template.{kind}", response.content)
    preview, _token = upload(client, file)
    assert len(preview.context["good"]) == 1 and not preview.context["bad"]


def test_an_export_imports_back_unchanged(client, secretariat_user, compact):
    make_project("RT-1", "UNODC", countries=["KEN", "SOM"], partners=["UNOCT"], groups=[2])
    client.force_login(secretariat_user)
    export = client.get(reverse("projects:export"), {"format": "xlsx"})
    preview, _token = upload(client, SimpleUploadedFile("export.xlsx", export.content))
    assert not preview.context["bad"]
    (good,) = preview.context["good"]
    assert good.action == "update" and good.data["lead_organization"] == entity("UNODC")
