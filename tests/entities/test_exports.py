"""Directory exports (Secretariat only): CSV and XLSX of the current results, hidden details out."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from entities.exports import safe_cell
from entities.models import User
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

HIDDEN_EMAIL = "hidden.person@secret.example"
HIDDEN_PHONE = "+254 700 999 111"


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def people(compact):
    hidden = make_focal_point(
        HIDDEN_EMAIL, {"acronym": "UNDP"}, first_name="Hana", last_name="Hidden"
    ).focal_point
    hidden.show_email = False
    hidden.phone = HIDDEN_PHONE
    hidden.show_phone = False
    hidden.save()
    shown = make_focal_point(
        "zoe@shown.example", {"acronym": "UNODC"}, first_name="Zoë", last_name="Ångström"
    ).focal_point
    shown.phone = "+43 1 26060"
    shown.show_phone = True
    shown.position = '=HYPERLINK("http://evil.example")'
    shown.save()
    return hidden, shown


def export(client, fmt, **params):
    return client.get(reverse("directory_export"), {"format": fmt, **params})


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [
        [c if c is not None else "" for c in row] for row in book.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_focal_points_may_not_export(client, state_user, entity_user, fmt):
    for user in (state_user, entity_user):
        client.force_login(user)
        assert export(client, fmt).status_code == 403


def test_export_needs_a_profile_or_sign_in(client, compact):
    assert export(client, "csv").status_code == 302
    client.force_login(User.objects.create_user(email="nobody@t.example", password="x" * 16))
    assert export(client, "csv").status_code == 404


def test_unknown_format_is_400(client, secretariat_user):
    client.force_login(secretariat_user)
    assert export(client, "pdf").status_code == 400


def test_csv_export_of_the_current_results(client, secretariat_user, people):
    client.force_login(secretariat_user)
    response = export(client, "csv", q="zoe angstrom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["First name", "Last name", "Organization"]
    assert [r[:2] for r in rows[1:]][0] == ["Zoë", "Ångström"]
    assert "zoe@shown.example" in rows[1]
    assert "+43 1 26060" in rows[1]


def test_csv_neutralises_formulas(client, secretariat_user, people):
    client.force_login(secretariat_user)
    rows = csv_rows(export(client, "csv", q="zoe"))
    assert '\'=HYPERLINK("http://evil.example")' in rows[1]
    assert safe_cell("+1 555 0100") == "+1 555 0100"  # a phone number stays as it is
    assert safe_cell("+SUM(A1)") == "'+SUM(A1)"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("Plain") == "Plain"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_leave_out_hidden_details_even_for_the_secretariat(
    client, secretariat_user, people, fmt
):
    client.force_login(secretariat_user)
    response = export(client, fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    flat = "\n".join(",".join(str(c) for c in row) for row in rows)
    assert "Hana" in flat
    assert HIDDEN_EMAIL not in flat
    assert HIDDEN_PHONE not in flat
    assert "zoe@shown.example" in flat


def test_xlsx_export_respects_filters(client, secretariat_user, people):
    client.force_login(secretariat_user)
    response = export(client, "xlsx", org=people[0].organization.slug)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0][0] == "First name"
    assert [r[0] for r in rows[1:]] == ["Hana"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_are_bounded(
    client, secretariat_user, people, django_assert_max_num_queries, fmt
):
    from tests.entities.test_directory_views import many_focal_points

    many_focal_points(150)
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(12):
        response = export(client, fmt)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert len(rows) == 1 + 150 + 3
