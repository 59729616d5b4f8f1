"""The Secretariat's audit log: changes to memberships, roles, permissions, visibility and money,
read from the history tables, with who made them; Secretariat only; bounded queries."""

import contextlib
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from guardian.shortcuts import assign_perm, remove_perm
from simple_history.models import HistoricalRecords

from appeal.models import AppealCycle, AppealProject, Contribution, Project
from entities.models import Organization, User
from library.models import Document
from tests.conftest import make_focal_point
from workinggroups.models import GroupEditor, WorkingGroup, WorkingGroupMembership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@contextlib.contextmanager
def acting_as(user):
    """What `HistoryRequestMiddleware` does for a request by `user` (outside the admin's views)."""
    request = RequestFactory().get("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def lines_of(client, **params):
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return response.context["lines"]


def test_a_membership_role_changed_in_the_admin_appears_with_its_actor(client, secretariat_user):
    membership = WorkingGroupMembership.objects.get(group__number=2, organization__acronym="UNODC")
    old_role = membership.get_role_display()
    Role = WorkingGroupMembership.Role
    new_role = Role.OBSERVER if membership.role != Role.OBSERVER else Role.MEMBER
    client.force_login(secretariat_user)
    response = client.post(
        f"/admin/workinggroups/workinggroupmembership/{membership.pk}/change/",
        {
            "group": membership.group_id,
            "organization": membership.organization_id,
            "role": new_role,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith("/admin/workinggroups/workinggroupmembership/"), response[
        "Location"
    ]
    membership.refresh_from_db()
    assert membership.role == new_role

    (line,) = [
        line
        for line in lines_of(client, area="memberships")
        if line.source == "membership" and line.who is not None
    ]
    assert line.who == secretariat_user
    assert line.action == "changed"
    assert "UNODC" in line.subject
    assert ("role", old_role, new_role.label) in line.changes


def test_granting_and_removing_a_group_editor_permission_appears_with_its_actor(
    client, secretariat_user
):
    wg2 = WorkingGroup.objects.get(number=2)
    chair = make_focal_point("chair@test.example", {"acronym": "CTED"})
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/workinggroups/groupeditor/add/", {"group": wg2.pk, "user": chair.pk}
    )
    assert response.status_code == 302
    designation = GroupEditor.objects.get(group=wg2, user=chair)
    response = client.post(
        f"/admin/workinggroups/groupeditor/{designation.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not chair.has_perm("workinggroups.edit_space", wg2)

    lines = lines_of(client, area="permissions")
    granted = [line for line in lines if line.action == "created"]
    removed = [line for line in lines if line.action == "deleted"]
    assert granted and removed
    assert {line.who for line in granted + removed} == {secretariat_user}
    assert any("Can edit the group's space" in line.subject for line in granted)
    assert all(chair.email in line.subject or str(chair) in line.subject for line in granted)
    roles = lines_of(client, area="roles")
    assert {line.action for line in roles if line.source == "group_editor"} == {
        "created",
        "deleted",
    }


def test_guardian_generic_permissions_are_audited_too(client, secretariat_user, entity_user):
    document = Document.objects.create(title="Guarded", doc_type=Document.Type.REPORT)
    with acting_as(secretariat_user):
        assign_perm("library.change_document", entity_user, document)
        remove_perm("library.change_document", entity_user, document)
    client.force_login(secretariat_user)
    lines = [
        line for line in lines_of(client, area="permissions") if line.source == "user_permission"
    ]
    assert [line.action for line in lines] == ["deleted", "created"]
    assert all(line.who == secretariat_user for line in lines)


def test_a_document_visibility_change_shows_old_and_new_audience(
    client, secretariat_user, entity_user
):
    document = Document.objects.create(
        title="Border guidance", doc_type=Document.Type.GUIDANCE, created_by=entity_user
    )
    wg2 = WorkingGroup.objects.get(number=2)
    with acting_as(entity_user):
        document.visibility = Document.Visibility.GROUPS
        document.save(update_fields=["visibility", "updated_at"])
        document.audience_groups.add(wg2)
    with acting_as(secretariat_user):  # text extraction and indexing do not write history
        Document.objects.filter(pk=document.pk).update(search_vector=None)
        document.save(update_fields=["updated_at"])

    client.force_login(secretariat_user)
    lines = [line for line in lines_of(client, area="visibility") if line.source == "document"]
    assert [line.action for line in lines] == ["changed", "changed", "created"]
    audience, visibility, created = lines
    assert audience.who == entity_user and visibility.who == entity_user
    assert ("who may see it", "All focal points", "Members of given Working Groups") in [
        (label.lower(), old, new) for label, old, new in visibility.changes
    ]
    assert audience.changes == [("visible to members of", "—", str(wg2))]
    assert created.subject == "Border guidance"


def test_an_edited_contribution_appears_with_old_and_new_amounts(client, secretariat_user):
    unodc = Organization.objects.get(acronym="UNODC")
    donor = Organization.objects.get(iso3="KEN")
    project = Project.objects.create(
        code="P-1",
        title="Border project",
        lead_organization=unodc,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 1, 1),
    )
    cycle = AppealCycle.objects.create(title="2025–2026", start_year=2025, end_year=2026)
    entry = AppealProject.objects.create(cycle=cycle, project=project)
    with acting_as(secretariat_user):
        contribution = Contribution.objects.create(
            cycle=cycle,
            entry=entry,
            donor=donor,
            amount=Decimal("1000.00"),
            currency="USD",
            rate_to_usd=Decimal("1"),
            amount_usd=Decimal("1000.00"),
            received_on=datetime.date(2025, 3, 1),
        )
        contribution.amount = Decimal("1500.00")
        contribution.amount_usd = Decimal("1500.00")
        contribution.save()

    client.force_login(secretariat_user)
    changed = next(
        line
        for line in lines_of(client, area="money")
        if line.source == "contribution" and line.action == "changed"
    )
    assert changed.who == secretariat_user
    labels = {label.lower(): (old, new) for label, old, new in changed.changes}
    assert labels["amount"] == ("1000.00", "1500.00")
    assert "Kenya" in changed.subject


def test_filters_by_person_and_dates_and_bad_input_is_a_form_error(
    client, secretariat_user, entity_user
):
    with acting_as(entity_user):
        Document.objects.create(title="By the entity", doc_type=Document.Type.REPORT)
    with acting_as(secretariat_user):
        Document.objects.create(title="By the Secretariat", doc_type=Document.Type.REPORT)
    client.force_login(secretariat_user)

    mine = lines_of(client, person=entity_user.email)
    assert [line.subject for line in mine] == ["By the entity"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert lines_of(client, since=tomorrow) == []

    response = client.get("/audit/", {"person": "nobody@nowhere.example", "since": "not a date"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"person", "since"}
    assert client.get("/audit/", {"page": "abc"}).status_code == 200


def test_only_the_secretariat_sees_the_audit_log_and_its_export(client, entity_user, state_user):
    for user in (entity_user, state_user):
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
        assert client.get("/audit/export/?format=csv").status_code == 404
    staff = User.objects.create_user(email="staff@test.example", password="x" * 16, is_staff=True)
    client.force_login(staff)  # staff but not in the Secretariat group
    assert client.get("/audit/").status_code == 404


def test_export_has_one_row_per_changed_field_and_is_formula_safe(client, secretariat_user):
    with acting_as(secretariat_user):
        Document.objects.create(title='=HYPERLINK("http://x")', doc_type=Document.Type.REPORT)
    client.force_login(secretariat_user)
    response = client.get("/audit/export/", {"format": "csv", "area": "visibility"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["When", "Who", "Area"]
    titles = [row for row in rows[1:] if row[6] == "title"]
    assert titles and titles[0][8].startswith("'=")
    assert titles[0][1] == secretariat_user.email
    assert client.get("/audit/export/", {"format": "pdf"}).status_code == 400
    xlsx = client.get("/audit/export/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_audit_page_runs_a_bounded_number_of_queries(
    client, secretariat_user, django_assert_max_num_queries
):
    wg2 = WorkingGroup.objects.get(number=2)
    with acting_as(secretariat_user):
        for number in range(30):
            document = Document.objects.create(title=f"Doc {number}", doc_type=Document.Type.REPORT)
            document.audience_organizations.add(Organization.objects.get(acronym="UNODC"))
            membership = WorkingGroupMembership.objects.filter(group=wg2).order_by("pk")[number % 5]
            membership.ad_hoc = not membership.ad_hoc
            membership.save(update_fields=["ad_hoc"])
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(40):
        response = client.get("/audit/")
    assert response.status_code == 200
    assert len(response.context["lines"]) == 50


def test_signing_in_and_password_changes_write_no_history_but_roles_do(
    client, secretariat_user, entity_user
):
    from django.contrib.auth.models import update_last_login

    before = User.history.filter(id=entity_user.pk).count()
    update_last_login(None, entity_user)  # every sign-in: update_fields=["last_login"]
    entity_user.set_password("another-long-password-2026")
    entity_user.save()  # a full save that changes no audited field
    assert User.history.filter(id=entity_user.pk).count() == before

    with acting_as(secretariat_user):
        entity_user.is_active = False
        entity_user.save(update_fields=["is_active"])
        focal_point = entity_user.focal_point
        focal_point.organization = Organization.objects.get(acronym="CTED")
        focal_point.save()
    client.force_login(secretariat_user)
    lines = lines_of(client, area="roles")
    user_line = next(line for line in lines if line.source == "user")
    assert ("active", "yes", "no") in user_line.changes
    focal_line = next(line for line in lines if line.source == "focal_point")
    assert focal_line.who == secretariat_user
    assert ("organization", "UNODC", "CTED") in focal_line.changes


@pytest.mark.parametrize(
    "params",
    [
        {"area": "nope"},
        {"area": ["money", "roles"]},
        {"person": "a" * 300},
        {"person": "x@y"},
        {"since": "2026-02-30"},
        {"until": "9999-99-99"},
        {"since": "2026-03-02", "until": "2026-03-01"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1e9"},
        {"area": "\x00"},
    ],
)
def test_malformed_filters_never_answer_500(client, secretariat_user, params):
    client.force_login(secretariat_user)
    assert client.get("/audit/", params).status_code == 200
    assert client.get("/audit/export/", {**params, "format": "csv"}).status_code in (200, 400)


def test_an_event_audience_change_is_audited(client, secretariat_user):
    from calendar_app.models import Event

    starts = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    with acting_as(secretariat_user):
        event = Event.objects.create(
            title="Closed briefing",
            event_type=Event.Type.OTHER,
            organizer=Organization.objects.get(acronym="UNOCT"),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
        event.visibility = Event.Visibility.ORGANIZATIONS
        event.save()
        event.audience_organizations.add(Organization.objects.get(iso3="KEN"))
    client.force_login(secretariat_user)
    lines = [line for line in lines_of(client, area="visibility") if line.source == "event"]
    assert [line.action for line in lines] == ["changed", "changed", "created"]
    assert lines[0].changes == [("visible to", "—", "Kenya")]
    assert ("who may see it", "All focal points", "Given organizations") in lines[1].changes
