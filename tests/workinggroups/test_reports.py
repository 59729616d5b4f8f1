"""Progress reports of the Working Groups: who may read and write them, the draft → submitted
workflow, the Secretariat's corrections and returns, sanitising, emails and bounded queries."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from entities.models import OutgoingEmail, User
from tests.conftest import PASSWORD, make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import Activity, ProgressReport, WorkingGroup
from workinggroups.report_actions import (
    ReportStateError,
    create_progress_report,
    return_progress_report,
    submit_progress_report,
    update_progress_report,
)
from workinggroups.reports import reports_visible_to

pytestmark = pytest.mark.django_db

JAN = datetime.date(2025, 1, 1)
JUN = datetime.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)  # chaired by CTED


@pytest.fixture
def wg3(compact):
    return WorkingGroup.objects.get(number=3)  # chaired by INTERPOL


@pytest.fixture
def wg2_editor(wg2):
    user = make_focal_point("cted@test.example", {"acronym": "CTED"}, first_name="Cleo")
    designate_group_editor(wg2, user, actor=None)
    return user


@pytest.fixture
def wg3_editor(wg3):
    user = make_focal_point("interpol@test.example", {"acronym": "INTERPOL"}, first_name="Ines")
    designate_group_editor(wg3, user, actor=None)
    return user


@pytest.fixture
def activity(wg2):
    from entities.models import Organization

    return Activity.objects.create(
        group=wg2,
        title="Border security training in the Sahel",
        lead_organization=Organization.objects.get(acronym="CTED"),
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2025, 11, 30),
        status=Activity.Status.ONGOING,
        progress=40,
    )


@pytest.fixture
def draft(wg2, wg2_editor):
    return create_progress_report(
        wg2,
        period_start=JAN,
        period_end=JUN,
        achievements="<p>Trained 120 border officers.</p>",
        challenges="<p>Funding gaps.</p>",
        next_steps="<p>Second cohort.</p>",
        actor=wg2_editor,
    )


@pytest.fixture
def submitted(wg2, wg2_editor):
    report = create_progress_report(
        wg2,
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2024, 12, 31),
        achievements="<p>Launched the biometrics handbook.</p>",
        actor=wg2_editor,
    )
    submit_progress_report(report, actor=wg2_editor)
    report.refresh_from_db()
    return report


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def report_form(**overrides):
    data = {
        "period_start": "2025-07-01",
        "period_end": "2025-12-31",
        "achievements": "<p>Held the regional workshop.</p>",
        "challenges": "",
        "next_steps": "<p>Publish the guide.</p>",
    }
    data.update(overrides)
    return data


# --- who may read -------------------------------------------------------------------------------


def test_drafts_are_read_only_by_the_groups_writers_and_the_secretariat(
    draft, submitted, wg2_editor, wg3_editor, entity_user, state_user, secretariat_user
):
    assert set(reports_visible_to(wg2_editor)) == {draft, submitted}
    assert set(reports_visible_to(secretariat_user)) == {draft, submitted}
    for outsider in (wg3_editor, entity_user, state_user):
        assert list(reports_visible_to(outsider)) == [submitted]


def test_people_without_a_focal_point_profile_or_inactive_see_no_report(submitted, wg2_editor):
    nobody = User.objects.create_user(email="nobody@test.example", password=PASSWORD)
    assert not reports_visible_to(nobody).exists()
    wg2_editor.is_active = False
    wg2_editor.save(update_fields=["is_active"])
    assert not reports_visible_to(User.objects.get(pk=wg2_editor.pk)).exists()


@pytest.mark.parametrize(
    ("who", "draft_status", "submitted_status"),
    [
        ("secretariat", 200, 200),
        ("wg2_editor", 200, 200),
        ("wg3_editor", 404, 200),
        ("entity", 404, 200),
        ("state", 404, 200),
        ("regional", 404, 200),
    ],
)
def test_report_page_by_role(
    request, who, draft_status, submitted_status, draft, submitted, wg2, wg3_editor
):
    user = {
        "secretariat": "secretariat_user",
        "wg2_editor": "wg2_editor",
        "wg3_editor": "wg3_editor",
        "entity": "entity_user",
        "state": "state_user",
        "regional": "regional_user",
    }[who]
    client = client_for(request.getfixturevalue(user))
    assert client.get(reverse("reports:detail", args=[wg2.slug, draft.pk])).status_code == (
        draft_status
    )
    assert client.get(reverse("reports:detail", args=[wg2.slug, submitted.pk])).status_code == (
        submitted_status
    )


def test_a_report_is_only_found_under_its_own_group(submitted, wg3, secretariat_user):
    response = client_for(secretariat_user).get(
        reverse("reports:detail", args=[wg3.slug, submitted.pk])
    )
    assert response.status_code == 404


def test_the_coordination_committee_has_no_report_pages(secretariat_user):
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    client = client_for(secretariat_user)
    assert client.get(reverse("reports:group_reports", args=[committee.slug])).status_code == 404
    assert client.get(reverse("reports:new", args=[committee.slug])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(draft, wg2):
    for url in (
        reverse("reports:group_reports", args=[wg2.slug]),
        reverse("reports:detail", args=[wg2.slug, draft.pk]),
        reverse("reports:new", args=[wg2.slug]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_list_shows_drafts_only_to_writers(draft, submitted, wg2, wg2_editor, entity_user):
    url = reverse("reports:group_reports", args=[wg2.slug])
    editor_page = client_for(wg2_editor).get(url).content.decode()
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) in editor_page
    assert "Write a report" in editor_page
    reader_page = client_for(entity_user).get(url).content.decode()
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) not in reader_page
    assert reverse("reports:detail", args=[wg2.slug, submitted.pk]) in reader_page
    assert "Write a report" not in reader_page


def test_list_filters_by_status_and_ignores_bad_parameters(draft, submitted, wg2, wg2_editor):
    url = reverse("reports:group_reports", args=[wg2.slug])
    client = client_for(wg2_editor)
    page = client.get(url, {"status": "submitted"}).content.decode()
    assert reverse("reports:detail", args=[wg2.slug, submitted.pk]) in page
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) not in page
    response = client.get(url, {"status": "<x>", "sort": "nope", "page": "zz"})
    assert response.status_code == 200


# --- who may write: every edit endpoint, including direct POSTs ---------------------------------

WRITE_ENDPOINTS = [
    ("new", "get", None),
    ("new", "post", None),
    ("edit", "get", "draft"),
    ("edit", "post", "draft"),
    ("submit", "post", "draft"),
    ("delete", "get", "draft"),
    ("delete", "post", "draft"),
]


@pytest.mark.parametrize(("name", "method", "target"), WRITE_ENDPOINTS)
@pytest.mark.parametrize("who", ["wg3_editor", "entity_user", "state_user", "regional_user"])
def test_who_may_not_write_the_report_is_refused(request, who, name, method, target, draft, wg2):
    user = request.getfixturevalue(who)
    args = [wg2.slug] if target is None else [wg2.slug, draft.pk]
    response = getattr(client_for(user), method)(
        reverse(f"reports:{name}", args=args), report_form()
    )
    # The draft is invisible to them: 404 where it is addressed, 403 to start one in the group.
    assert response.status_code == (403 if target is None else 404)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert draft.achievements == "<p>Trained 120 border officers.</p>"
    assert ProgressReport.objects.filter(group=wg2).count() == 1


def test_a_wg2_editor_cannot_write_wg3s_report(wg2_editor, wg3, wg3_editor):
    report = create_progress_report(wg3, period_start=JAN, period_end=JUN, actor=wg3_editor)
    client = client_for(wg2_editor)
    assert client.post(reverse("reports:new", args=[wg3.slug]), report_form()).status_code == 403
    for name in ("edit", "submit", "delete"):
        response = client.post(
            reverse(f"reports:{name}", args=[wg3.slug, report.pk]), report_form()
        )
        assert response.status_code == 404  # a draft of another group: not even visible
    submit_progress_report(report, actor=wg3_editor)
    for name in ("edit", "submit", "delete", "return"):
        response = client.post(
            reverse(f"reports:{name}", args=[wg3.slug, report.pk]), report_form()
        )
        assert response.status_code == 403  # visible once submitted, still not theirs
    assert ProgressReport.objects.filter(group=wg3).count() == 1


@pytest.mark.parametrize("who", ["wg2_editor", "wg3_editor", "entity_user"])
def test_only_the_secretariat_returns_a_report(request, who, submitted, wg2):
    client = client_for(request.getfixturevalue(who))
    url = reverse("reports:return", args=[wg2.slug, submitted.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Please add figures."}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_deactivated_editor_can_no_longer_write(draft, wg2, wg2_editor):
    client = client_for(wg2_editor)
    wg2_editor.is_active = False
    wg2_editor.save(update_fields=["is_active"])
    response = client.post(reverse("reports:new", args=[wg2.slug]), report_form())
    assert response.status_code in (302, 403)
    assert ProgressReport.objects.filter(group=wg2).count() == 1


def test_posts_need_a_csrf_token(draft, wg2, wg2_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(wg2_editor)
    response = client.post(reverse("reports:submit", args=[wg2.slug, draft.pk]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- the workflow --------------------------------------------------------------------------------


def test_an_editor_writes_a_draft_with_linked_activities_of_the_group(
    wg2, wg2_editor, activity, wg3
):
    from entities.models import Organization

    other = Activity.objects.create(
        group=wg3,
        title="Other group's activity",
        lead_organization=Organization.objects.get(acronym="INTERPOL"),
        starts_on=JAN,
        ends_on=JUN,
    )
    client = client_for(wg2_editor)
    response = client.post(
        reverse("reports:new", args=[wg2.slug]), report_form(activities=[activity.pk])
    )
    report = ProgressReport.objects.get(group=wg2)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[wg2.slug, report.pk])
    assert report.status == "draft"
    assert report.created_by == wg2_editor
    assert list(report.activities.all()) == [activity]
    assert report.history.first().history_user == wg2_editor

    # another group's activity is not a choice
    response = client.post(
        reverse("reports:edit", args=[wg2.slug, report.pk]), report_form(activities=[other.pk])
    )
    assert response.status_code == 200
    assert "activities" in response.context["form"].errors


def test_form_errors_for_bad_periods_and_duplicates(draft, wg2, wg2_editor):
    client = client_for(wg2_editor)
    url = reverse("reports:new", args=[wg2.slug])
    bad = client.post(url, report_form(period_start="2025-12-31", period_end="2025-01-01"))
    assert bad.status_code == 200 and "period_end" in bad.context["form"].errors
    junk = client.post(url, report_form(period_start="not a date", period_end="2025-13-45"))
    assert junk.status_code == 200 and junk.context["form"].errors
    too_long = client.post(url, report_form(period_start="2023-01-01", period_end="2025-06-30"))
    assert too_long.status_code == 200 and "period_end" in too_long.context["form"].errors
    duplicate = client.post(url, report_form(period_start="2025-01-01", period_end="2025-06-30"))
    assert duplicate.status_code == 200
    assert "already has a report" in duplicate.content.decode()
    assert ProgressReport.objects.filter(group=wg2).count() == 1


def test_submitting_records_who_and_when_and_freezes_the_report_for_the_group(
    draft, wg2, wg2_editor
):
    client = client_for(wg2_editor)
    response = client.post(reverse("reports:submit", args=[wg2.slug, draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.submitted_by == wg2_editor
    assert draft.submitted_at is not None

    edit_url = reverse("reports:edit", args=[wg2.slug, draft.pk])
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, report_form(achievements="<p>Changed</p>")).status_code == 403
    assert client.post(reverse("reports:delete", args=[wg2.slug, draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.achievements == "<p>Trained 120 border officers.</p>"

    with pytest.raises(ReportStateError):
        update_progress_report(
            draft,
            period_start=JAN,
            period_end=JUN,
            achievements="x",
            challenges="",
            next_steps="",
            actor=wg2_editor,
        )

    again = client.post(reverse("reports:submit", args=[wg2.slug, draft.pk]), follow=True)
    assert "already submitted" in again.content.decode()


def test_submitting_emails_the_secretariat_once_after_commit(
    draft, wg2, wg2_editor, secretariat_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert submit_progress_report(draft, actor=wg2_editor)
    assert callbacks, "the email is sent after the commit"
    emails = OutgoingEmail.objects.filter(to=secretariat_user.email)
    assert emails.count() == 1
    email = emails.get()
    assert str(wg2) in email.subject
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) in email.body_text
    assert not submit_progress_report(draft, actor=wg2_editor)  # already submitted: no email
    assert OutgoingEmail.objects.filter(to=secretariat_user.email).count() == 1
    assert not OutgoingEmail.objects.filter(to=wg2_editor.email).exists()


def test_secretariat_members_who_want_no_email_are_not_told(draft, wg2_editor, secretariat_user):
    secretariat_user.focal_point.notification_frequency = "never"
    secretariat_user.focal_point.save(update_fields=["notification_frequency"])
    submit_progress_report(draft, actor=wg2_editor)
    assert not OutgoingEmail.objects.filter(to=secretariat_user.email).exists()


def test_the_secretariat_corrects_a_submitted_report(submitted, wg2, secretariat_user):
    client = client_for(secretariat_user)
    response = client.post(
        reverse("reports:edit", args=[wg2.slug, submitted.pk]),
        report_form(
            period_start="2024-07-01", period_end="2024-12-31", achievements="<p>Fixed</p>"
        ),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert submitted.achievements == "<p>Fixed</p>"
    assert submitted.history.first().history_user == secretariat_user


def test_the_secretariat_returns_a_report_to_draft_with_a_reason(
    submitted, wg2, wg2_editor, secretariat_user
):
    client = client_for(secretariat_user)
    url = reverse("reports:return", args=[wg2.slug, submitted.pk])
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    response = client.post(url, {"reason": "Please add the figures of the second cohort."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "draft"
    assert submitted.submitted_at is None and submitted.submitted_by is None
    record = submitted.history.first()
    assert record.history_change_reason == "Please add the figures of the second cohort."
    assert record.history_user == secretariat_user
    email = OutgoingEmail.objects.get(to=wg2_editor.email)
    assert "Please add the figures of the second cohort." in email.body_text

    # the group sees why, can edit again and resubmit
    editor = client_for(wg2_editor)
    page = editor.get(reverse("reports:detail", args=[wg2.slug, submitted.pk])).content.decode()
    assert "Please add the figures of the second cohort." in page
    assert (
        editor.post(
            reverse("reports:edit", args=[wg2.slug, submitted.pk]),
            report_form(period_start="2024-07-01", period_end="2024-12-31"),
        ).status_code
        == 302
    )
    assert editor.post(reverse("reports:submit", args=[wg2.slug, submitted.pk])).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_returning_needs_the_secretariat_and_a_reason(submitted, wg2_editor, secretariat_user):
    with pytest.raises(ReportStateError):
        return_progress_report(submitted, reason="x", actor=wg2_editor)
    with pytest.raises(ReportStateError):
        return_progress_report(submitted, reason=" ", actor=secretariat_user)
    assert return_progress_report(submitted, reason="Incomplete", actor=secretariat_user)
    assert not return_progress_report(submitted, reason="Again", actor=secretariat_user)


def test_an_editor_deletes_a_draft_after_confirming(draft, wg2, wg2_editor):
    client = client_for(wg2_editor)
    url = reverse("reports:delete", args=[wg2.slug, draft.pk])
    assert client.get(url).status_code == 200
    assert ProgressReport.objects.filter(pk=draft.pk).exists()
    assert client.post(url).status_code == 302
    assert not ProgressReport.objects.filter(pk=draft.pk).exists()


def test_the_secretariat_may_not_delete_a_submitted_report(submitted, wg2, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("reports:delete", args=[wg2.slug, submitted.pk])
    )
    assert response.status_code == 403
    assert ProgressReport.objects.filter(pk=submitted.pk).exists()


# --- sanitising ---------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://ok.example" style="color:red" onmouseover="alert(1)">ok</a>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", XSS)
def test_rich_text_is_sanitised_on_save_and_inert_on_the_page(payload, wg2, wg2_editor):
    client = client_for(wg2_editor)
    client.post(
        reverse("reports:new", args=[wg2.slug]),
        report_form(achievements=payload, challenges=payload, next_steps=payload),
    )
    report = ProgressReport.objects.get(group=wg2)
    for value in (report.achievements, report.challenges, report.next_steps):
        lowered = value.lower()
        for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "style="):
            assert bad not in lowered
    page = client.get(reverse("reports:detail", args=[wg2.slug, report.pk])).content.decode()
    assert "alert(1)</script>" not in page
    assert 'onerror="alert' not in page


# --- the space panel and bounded queries --------------------------------------------------------


def test_space_panel_shows_the_latest_reports_the_viewer_may_read(
    draft, submitted, wg2, wg2_editor, entity_user, rf
):
    from django.template import Context, Template

    template = Template("{% load report_tags %}{% group_reports group %}")
    request = rf.get("/")
    request.user = wg2_editor
    html = template.render(Context({"request": request, "group": wg2}))
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) in html
    assert reverse("reports:new", args=[wg2.slug]) in html
    request.user = entity_user
    html = template.render(Context({"request": request, "group": wg2}))
    assert reverse("reports:detail", args=[wg2.slug, draft.pk]) not in html
    assert reverse("reports:detail", args=[wg2.slug, submitted.pk]) in html
    assert reverse("reports:new", args=[wg2.slug]) not in html


def test_pages_run_a_bounded_number_of_queries(
    wg2, wg2_editor, activity, django_assert_max_num_queries
):
    for half in range(12):
        year = 2019 + half // 2
        start = datetime.date(year, 1 if half % 2 == 0 else 7, 1)
        end = datetime.date(year, 6 if half % 2 == 0 else 12, 30 if half % 2 == 0 else 31)
        report = create_progress_report(
            wg2, period_start=start, period_end=end, activities=[activity], actor=wg2_editor
        )
        submit_progress_report(report, actor=wg2_editor)
    client = client_for(wg2_editor)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:group_reports", args=[wg2.slug])).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(reverse("reports:detail", args=[wg2.slug, report.pk]))
        assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("reports:new", args=[wg2.slug])).status_code == 200


def test_plain_text_becomes_paragraphs_and_html_keeps_the_allowed_tags():
    from workinggroups.report_actions import sanitize_report_html

    assert sanitize_report_html("First line\nsecond line\n\nRates < 5% & rising") == (
        "<p>First line<br>second line</p><p>Rates &lt; 5% &amp; rising</p>"
    )
    assert sanitize_report_html(
        '<h3>Results</h3><ol><li><a href="https://un.org">UN</a></li></ol><div>x</div>'
    ) == (
        '<h3>Results</h3><ol><li><a href="https://un.org" rel="noopener noreferrer">UN</a></li>'
        "</ol>x"
    )
    assert sanitize_report_html("   ") == ""
