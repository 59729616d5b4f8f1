"""Work plan editing: only the Secretariat and the group's work plan managers create, edit and
delete a group's activities (403 otherwise, on GET and POST); the form validates its input; every
change is recorded."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entities.accounts import deactivate_user
from entities.models import Organization
from tests.conftest import make_focal_point
from tests.workinggroups.test_planning_fixtures import (  # noqa: F401 - fixtures
    fixture_no_mfa_gate,
    fixture_priorities,
    fixture_wg2,
    fixture_wg2_editor,
    fixture_wg3,
    form_data,
    make_activity,
)
from workinggroups.actions import change_membership_role
from workinggroups.models import Activity, WorkingGroupMembership
from workinggroups.planning_actions import delete_activity, update_activity

pytestmark = pytest.mark.django_db


def create_url(group):
    return reverse("planning:activity_create", args=[group.slug])


def edit_url(activity):
    return reverse("planning:activity_edit", args=[activity.pk])


def delete_url(activity):
    return reverse("planning:activity_delete", args=[activity.pk])


# --- Who may change what ----------------------------------------------------------------------


def test_group_editor_adds_an_activity_to_their_group(client, wg2_editor, wg2):
    client.force_login(wg2_editor)
    assert client.get(create_url(wg2)).status_code == 200

    response = client.post(create_url(wg2), form_data())

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:activity_detail", args=[activity.pk])
    assert activity.group == wg2
    assert activity.created_by == wg2_editor
    assert activity.lead_organization.acronym == "CTED"
    assert [o.acronym for o in activity.partners.all()] == ["INTERPOL"]
    assert [o.iso3 for o in activity.countries.all()] == ["KEN"]
    assert activity.regions == ["Africa"]
    assert activity.progress == 25
    record = activity.history.get()
    assert record.history_type == "+" and record.history_user == wg2_editor


@pytest.mark.parametrize("method", ["get", "post"])
def test_group_editor_cannot_create_in_another_group(client, wg2_editor, wg3, method):
    client.force_login(wg2_editor)
    response = getattr(client, method)(create_url(wg3), form_data(lead_organization=None))
    assert response.status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_group_editor_cannot_edit_or_delete_another_groups_activity(
    client, wg2_editor, wg3, method
):
    activity = make_activity(wg3, lead="UNODC", title="Untouched")
    client.force_login(wg2_editor)

    edit = getattr(client, method)(edit_url(activity), form_data(title="Changed"))
    delete = getattr(client, method)(delete_url(activity))

    assert edit.status_code == 403
    assert delete.status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Untouched"


@pytest.mark.parametrize("who", ["entity_user", "state_user", "regional_user"])
def test_focal_points_without_the_permission_get_403_on_every_edit_endpoint(
    client, request, wg2, who
):
    # UNODC is a vice-chair of WG 2, but its focal point was not designated an editor
    user = request.getfixturevalue(who)
    activity = make_activity(wg2, title="Untouched")
    client.force_login(user)

    for method in ("get", "post"):
        call = getattr(client, method)
        assert call(create_url(wg2), form_data()).status_code == 403
        assert call(edit_url(activity), form_data(title="Changed")).status_code == 403
        assert call(delete_url(activity)).status_code == 403
    assert client.get(reverse("planning:activity_new")).status_code == 403
    assert Activity.objects.get().title == "Untouched"


def test_secretariat_manages_every_groups_work_plan(client, secretariat_user, wg2, wg3):
    client.force_login(secretariat_user)
    for group in (wg2, wg3):
        lead = "CTED"
        response = client.post(
            create_url(group),
            form_data(
                lead_organization=str(Organization.objects.get(acronym=lead).pk), partners=[]
            ),
        )
        assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(group=wg3)
    assert (
        client.post(edit_url(activity), form_data(title="Renamed", partners=[])).status_code == 302
    )
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert client.post(delete_url(activity)).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_edit_rights_follow_the_chair_organization(client, wg2_editor, wg2, secretariat_user):
    activity = make_activity(wg2)
    client.force_login(wg2_editor)
    assert client.get(edit_url(activity)).status_code == 200

    membership = WorkingGroupMembership.objects.get(group=wg2, organization__acronym="CTED")
    change_membership_role(membership, WorkingGroupMembership.Role.MEMBER, actor=secretariat_user)

    assert client.get(edit_url(activity)).status_code == 403


def test_deactivated_editor_loses_access(client, wg2_editor, wg2, secretariat_user):
    activity = make_activity(wg2)
    deactivate_user(wg2_editor, actor=secretariat_user)
    client.force_login(wg2_editor)
    response = client.post(edit_url(activity), form_data(title="Changed"))
    assert response.status_code in (302, 403)
    assert Activity.objects.get().title != "Changed"


def test_actions_refuse_an_actor_without_the_permission(entity_user, wg2):
    from django.core.exceptions import PermissionDenied

    activity = make_activity(wg2)
    with pytest.raises(PermissionDenied):
        update_activity(activity, {"title": "Changed"}, actor=entity_user)
    with pytest.raises(PermissionDenied):
        delete_activity(activity, actor=entity_user)
    assert Activity.objects.filter(pk=activity.pk, title=activity.title).exists()


def test_edit_pages_of_a_missing_activity_are_404(client, wg2_editor):
    client.force_login(wg2_editor)
    assert client.get(reverse("planning:activity_edit", args=[999999])).status_code == 404
    assert client.post(reverse("planning:activity_delete", args=[999999])).status_code == 404
    assert (
        client.get(reverse("planning:activity_create", args=["no-such-group"])).status_code == 404
    )


def test_add_an_activity_leads_an_editor_of_one_group_to_that_group(client, wg2_editor, wg2):
    client.force_login(wg2_editor)
    response = client.get(reverse("planning:activity_new"))
    assert response.status_code == 302 and response["Location"] == create_url(wg2)


def test_add_an_activity_lets_the_secretariat_choose_the_group(client, secretariat_user, wg3):
    client.force_login(secretariat_user)
    response = client.get(reverse("planning:activity_new"))
    assert response.status_code == 200
    assert create_url(wg3) in response.content.decode()


def test_posts_need_the_csrf_token(wg2_editor, wg2):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(wg2_editor)
    assert csrf_client.post(create_url(wg2), form_data()).status_code == 403
    assert not Activity.objects.exists()


# --- Form validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2024-04-30"}, "ends_on"),
        ({"starts_on": "1899-12-31"}, "starts_on"),
        ({"starts_on": "not a date"}, "starts_on"),
        ({"progress": "101"}, "progress"),
        ({"progress": "-1"}, "progress"),
        ({"progress": "lots"}, "progress"),
        ({"status": "completed", "progress": "80"}, "progress"),
        ({"status": "finished"}, "status"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"priority": "999999"}, "priority"),
        ({"regions": ["Atlantis"]}, "regions"),
    ],
)
def test_activity_form_rejects_bad_input_with_field_errors(
    client, wg2_editor, wg2, overrides, field
):
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not Activity.objects.exists()


def test_lead_must_take_part_in_the_group(client, wg2_editor, wg2):
    outsider = (
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY)
        .exclude(group_memberships__group=wg2)
        .first()
    )
    assert outsider is not None
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(lead_organization=str(outsider.pk)))
    assert "lead_organization" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_lead_must_be_a_compact_entity_and_partners_not_member_states(client, wg2_editor, wg2):
    kenya = str(Organization.objects.get(iso3="KEN").pk)
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(lead_organization=kenya, partners=[kenya]))
    errors = response.context["form"].errors
    assert "lead_organization" in errors and "partners" in errors


def test_lead_is_not_also_a_partner(client, wg2_editor, wg2):
    cted = str(Organization.objects.get(acronym="CTED").pk)
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(partners=[cted]))
    assert "partners" in response.context["form"].errors


def test_countries_are_member_states(client, wg2_editor, wg2):
    au = str(Organization.objects.get(acronym="AU").pk)
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(countries=[au]))
    assert "countries" in response.context["form"].errors


# --- Edits and their history -----------------------------------------------------------------


def test_editing_records_who_changed_which_fields(client, wg2_editor, wg2, priorities):
    client.force_login(wg2_editor)
    client.post(create_url(wg2), form_data())
    activity = Activity.objects.get()
    unodc = str(Organization.objects.get(acronym="UNODC").pk)

    response = client.post(
        edit_url(activity),
        form_data(status="delayed", progress="30", partners=[unodc], countries=[]),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.progress) == ("delayed", 30)
    assert [o.acronym for o in activity.partners.all()] == ["UNODC"]
    assert not activity.countries.exists()
    latest = activity.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == wg2_editor
    assert "Partners: +UNODC −INTERPOL" in latest.history_change_reason
    assert "Countries: −Kenya" in latest.history_change_reason
    page = client.get(reverse("planning:activity_detail", args=[activity.pk])).content.decode()
    assert "Delayed" in page and "Partners: +UNODC" in page


def test_saving_without_changes_writes_no_history(client, wg2_editor, wg2):
    client.force_login(wg2_editor)
    client.post(create_url(wg2), form_data())
    activity = Activity.objects.get()

    response = client.post(edit_url(activity), form_data(), follow=True)

    assert "Nothing changed." in response.content.decode()
    assert activity.history.count() == 1


def test_update_saves_only_the_changed_fields(wg2_editor, wg2, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity = make_activity(wg2)
    with CaptureQueriesContext(connection) as captured:
        update_activity(activity, {"progress": 55, "title": activity.title}, actor=wg2_editor)
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"progress"' in updates[0] and '"title"' not in updates[0]


def test_deleting_asks_once_then_removes_and_keeps_a_record(client, wg2_editor, wg2):
    activity = make_activity(wg2)
    client.force_login(wg2_editor)

    confirm = client.get(delete_url(activity))
    assert confirm.status_code == 200 and "Delete the activity?" in confirm.content.decode()
    response = client.post(delete_url(activity))

    assert response.status_code == 302
    assert not Activity.objects.exists()
    record = Activity.history.filter(id=activity.pk).order_by("-history_date").first()
    assert record.history_type == "-" and record.history_user == wg2_editor


def test_edit_form_keeps_a_former_lead_that_left_the_group(client, wg2_editor, wg2):
    activity = make_activity(wg2, lead="UNODC")
    WorkingGroupMembership.objects.filter(group=wg2, organization__acronym="UNODC").delete()
    client.force_login(wg2_editor)
    response = client.post(
        edit_url(activity),
        form_data(lead_organization=str(activity.lead_organization_id), title="Still UNODC"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Still UNODC"


def test_activity_dates_in_the_model_stay_in_order(wg2):
    from django.core.exceptions import ValidationError

    activity = make_activity(wg2)
    activity.ends_on = activity.starts_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        activity.full_clean()


def test_another_state_focal_point_is_refused_like_everyone_else(client, wg2):
    other = make_focal_point("fr@test.example", {"iso3": "FRA"})
    activity = make_activity(wg2)
    client.force_login(other)
    assert client.post(delete_url(activity)).status_code == 403


# --- Malformed input never answers 500 ---------------------------------------------------------

text = st.text(max_size=40)
values = st.one_of(
    text, st.integers(-(10**12), 10**12).map(str), st.just(""), st.just("2024-02-30")
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "group",
                "priority",
                "status",
                "lead",
                "country",
                "region",
                "period_from",
                "period_to",
                "sort",
                "by",
                "page",
                "view",
            ]
        ),
        values,
        max_size=6,
    )
)
def test_filters_never_answer_a_server_error(client, wg2_editor, params):
    client.force_login(wg2_editor)
    for name in ("activities", "matrix", "timeline"):
        response = client.get(reverse(f"planning:{name}"), params)
        assert response.status_code == 200, (name, params)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    overrides=st.dictionaries(
        st.sampled_from(
            [
                "title",
                "priority",
                "description",
                "lead_organization",
                "partners",
                "countries",
                "regions",
                "is_global",
                "starts_on",
                "ends_on",
                "status",
                "progress",
            ]
        ),
        values,
        max_size=5,
    )
)
def test_activity_form_never_answers_a_server_error(client, wg2_editor, wg2, overrides):
    client.force_login(wg2_editor)
    response = client.post(create_url(wg2), form_data(**overrides))
    assert response.status_code in (200, 302), overrides


# --- URL × role (the planning rows of the permission matrix, with activity URLs) ---------------

ROLES = ["anonymous", "secretariat", "group_editor", "entity", "state", "regional", "deactivated"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
WG2, WG3 = "border-management-law-enforcement", "emerging-threats-critical-infrastructure"
READERS = [REDIRECT, OK, OK, OK, OK, OK, REDIRECT]
MATRIX = {
    "/planning/": READERS,
    "/planning/activities/": READERS,
    "/planning/activities/?format=csv": READERS,
    "/planning/activities/?format=xlsx": READERS,
    "/planning/matrix/": READERS,
    "/planning/timeline/": READERS,
    "/planning/timeline/?view=table&by=priority": READERS,
    "/planning/activities/{wg2_activity}/": READERS,
    "/planning/activities/{wg3_activity}/": READERS,
    "/planning/activities/999999/": [REDIRECT] + [NOT_FOUND] * 5 + [REDIRECT],
    "/planning/activities/new/": [REDIRECT, OK, REDIRECT] + [FORBIDDEN] * 3 + [REDIRECT],
    f"/planning/groups/{WG2}/activities/new/": [REDIRECT, OK, OK] + [FORBIDDEN] * 3 + [REDIRECT],
    f"/planning/groups/{WG3}/activities/new/": [REDIRECT, OK] + [FORBIDDEN] * 4 + [REDIRECT],
    "/planning/groups/no-such-group/activities/new/": [REDIRECT] + [NOT_FOUND] * 5 + [REDIRECT],
    "/planning/activities/{wg2_activity}/edit/": [REDIRECT, OK, OK] + [FORBIDDEN] * 3 + [REDIRECT],
    "/planning/activities/{wg2_activity}/delete/": [REDIRECT, OK, OK]
    + [FORBIDDEN] * 3
    + [REDIRECT],
    "/planning/activities/{wg3_activity}/edit/": [REDIRECT, OK] + [FORBIDDEN] * 4 + [REDIRECT],
    "/planning/activities/{wg3_activity}/delete/": [REDIRECT, OK] + [FORBIDDEN] * 4 + [REDIRECT],
}
CASES = [
    (url, role, expected)
    for url, statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("url", "role", "expected"), CASES, ids=[f"{u}-{r}" for u, r, _ in CASES])
def test_planning_permission_matrix(
    client, request, wg2, wg3, wg2_editor, secretariat_user, url, role, expected
):
    users = {
        "anonymous": None,
        "secretariat": secretariat_user,
        "group_editor": wg2_editor,
        "entity": request.getfixturevalue("entity_user"),
        "state": request.getfixturevalue("state_user"),
        "regional": request.getfixturevalue("regional_user"),
        "deactivated": make_focal_point("gone@test.example", {"acronym": "CTED"}, is_active=False),
    }
    url = url.format(
        wg2_activity=make_activity(wg2).pk, wg3_activity=make_activity(wg3, lead="UNODC").pk
    )
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == expected, f"{role} on {url}: {response.status_code}"
    if expected == REDIRECT and role in ("anonymous", "deactivated"):
        assert "/login/" in response["Location"]


def test_edit_form_shows_the_current_partners_grouped_by_kind(client, wg2_editor, wg2):
    activity = make_activity(wg2)
    interpol = Organization.objects.get(acronym="INTERPOL")
    activity.partners.add(interpol)
    client.force_login(wg2_editor)

    html = client.get(edit_url(activity)).content.decode()

    assert f'<option value="{interpol.pk}" selected>' in html
    assert '<optgroup label="Compact entity">' in html
    assert '<optgroup label="Regional or international organization">' in html
