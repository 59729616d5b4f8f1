# ruff: noqa: F811 - the shared fixtures are imported from test_access_request
"""The Secretariat invites focal points directly: one at a time, or from a CSV upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entities.models import FocalPoint, Invitation, User
from tests.entities.test_access_request import (  # noqa: F401 - fixtures
    commit,
    eager_celery,
    mailbox,
    onboarding,
)

pytestmark = pytest.mark.django_db

BULK_URL = "admin:entities_accessrequest_bulk_invite"

GOOD_AND_BAD = (
    "\ufeffemail,first_name,last_name,organization,position,country\n"
    "ana@unodc.example,Ana,Silva,UNODC,Programme officer,AUT\n"
    "kofi@mission.example,Kofi,Mensah,Ghana,First Secretary,Ghana\n"
    "not-an-email,Bad,Row,UNODC,,\n"
    "ana@unodc.example,Ana,Again,UNODC,,\n"
    "zed@x.example,Zed,Unknown,No Such Organization,,\n"
    "entity@test.example,Eve,Entity,UNODC,,\n"
    "sam@x.example,Sam,Short,UNODC\n"
    "lee@x.example,Lee,Country,UNODC,,Atlantis\n"
    "\n"
)


def upload(client, content, name="people.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(reverse(BULK_URL), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_the_changelist_links_to_both_invite_views(client, secretariat_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:entities_accessrequest_changelist")).content.decode()
    assert reverse("admin:entities_accessrequest_invite") in html
    assert reverse(BULK_URL) in html


def test_a_csv_invites_the_valid_rows_and_reports_every_row(
    client, secretariat_user, entity_user, onboarding, commit
):
    client.force_login(secretariat_user)
    with commit():
        response = upload(client, GOOD_AND_BAD)
    assert response.status_code == 200
    report = {row.number: row for row in response.context["report"]}
    assert report[2].ok and report[3].ok
    assert "not a valid email" in report[4].error
    assert "more than once" in report[5].error
    assert "Unknown organization" in report[6].error
    assert "already has an account" in report[7].error
    assert "Expected 6 columns" in report[8].error
    assert "Unknown country" in report[9].error
    assert len(report) == 8  # the blank line is skipped
    html = response.content.decode()
    assert "2 people invited." in html and "6 rows not imported." in html

    kofi = FocalPoint.objects.get(user__email="kofi@mission.example")
    assert kofi.organization.iso3 == "GHA" and kofi.country.iso3 == "GHA"
    assert FocalPoint.objects.get(user__email="ana@unodc.example").country.iso3 == "AUT"
    assert sorted(m["To"] for m in onboarding.messages) == [
        "ana@unodc.example",
        "kofi@mission.example",
    ]
    assert Invitation.objects.filter(state="sent").count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("email;name\nx@y.example;X\n".encode("utf-16"), "binary data"),
        (b"email,first_name\n\xff\xfe broken", "not UTF-8"),
        (b"name,email\nA,a@x.example\n", "The first row must be exactly"),
        (b"email,first_name,last_name,organization,position,country\n", "no rows"),
        (
            b"email,first_name,last_name,organization,position,country\n" + b"a,b,c,d,e,f\n" * 2001,
            "more than 2,000 rows",
        ),
        (b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_invites_nobody(
    client, secretariat_user, onboarding, content, message
):
    client.force_login(secretariat_user)
    users = User.objects.count()
    response = upload(client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["report"] is None
    assert User.objects.count() == users


def test_invite_one_focal_point(client, secretariat_user, entity_user, onboarding, commit):
    from entities.models import Organization

    client.force_login(secretariat_user)
    url = reverse("admin:entities_accessrequest_invite")
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "entity@test.example", "first_name": "E"})
    assert "already has an account" in response.content.decode()
    with commit():
        response = client.post(
            url,
            {
                "email": "New.Person@Example.org",
                "first_name": "New",
                "last_name": "Person",
                "organization": Organization.objects.get(acronym="CTED").pk,
                "position": "Legal officer",
            },
        )
    assert response.status_code == 302
    assert FocalPoint.objects.get(user__email="new.person@example.org").organization.acronym == (
        "CTED"
    )
    [message] = onboarding.messages
    assert message["To"] == "new.person@example.org"


def test_focal_points_cannot_reach_the_invite_views(client, entity_user):
    client.force_login(entity_user)
    for name in ["admin:entities_accessrequest_invite", BULK_URL]:
        response = client.get(reverse(name))
        assert response.status_code == 302  # to the admin login: not staff
        assert "/login/" in response.url
