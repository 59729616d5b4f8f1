"""The home dashboard within its latency budget: the Compact in numbers cached per audience
(never shown to another audience, renewed by the writes it counts), and the panels' cheaper
queries giving the same answers."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, Recommendation
from calendar_app.models import Attendance
from compact_portal import numbers, selectors
from compact_portal.models import VisitMark
from entities.accounts import deactivate_user
from entities.models import FocalPoint, Organization, Theme
from library.models import Document
from tests.calendar_app.conftest import make_event
from tests.compact_portal.test_home import thread_with_posts
from tests.compact_portal.test_numbers import expected, make_document
from tests.compact_portal.test_numbers import restricted as restricted  # noqa: F401 - fixture
from tests.conftest import make_focal_point
from workinggroups.models import Post, ThreadSubscription, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def viewer_expected(user, data, role):
    """test_numbers' plain-ORM figures, less the visits (each page view here is one, and they
    show within FIGURES_TTL: see the test below)."""
    figures = expected(user, data, role)
    del figures["visits"]
    return figures


def home_figures(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {f.key: f.value for f in response.context["figures"]}


def queries_on(table, captured):
    return [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]


# --- cached per audience, never across audiences ---


def test_a_member_state_never_gets_the_secretariats_cached_figures(
    client, restricted, secretariat_user, entity_user, state_user, regional_user
):
    # The Secretariat and an entity fill the cache first; every later viewer still gets exactly
    # what they may see (counted independently with the plain ORM).
    roles = [
        ("secretariat", secretariat_user),
        ("entity", entity_user),
        ("state", state_user),
        ("regional", regional_user),
    ]
    for role, user in roles:
        figures = home_figures(client, user)
        for key, value in viewer_expected(user, restricted, role).items():
            assert figures[key] == value, (role, key)
    # ... and again, now every audience's entry is warm.
    for role, user in reversed(roles):
        figures = home_figures(client, user)
        for key, value in viewer_expected(user, restricted, role).items():
            assert figures[key] == value, (role, key)
    state = home_figures(client, state_user)
    assert (state["assessments"], state["recommendations"]) == (1, 2)  # Kenya's only
    assert state["documents"] == 3 and state["appeal_funding"] == Decimal("100000")
    assert "assessments" not in home_figures(client, regional_user)


def test_another_states_focal_point_does_not_get_kenyas_figures(client, restricted, state_user):
    uganda_user = make_focal_point("uganda@test.example", {"iso3": "UGA"})
    kenya = home_figures(client, state_user)
    uganda = home_figures(client, uganda_user)
    assert (kenya["assessments"], kenya["recommendations"]) == (1, 2)
    assert (uganda["assessments"], uganda["recommendations"]) == (2, 3)
    assert uganda["documents"] == 2  # everyone's two; "For Kenya" is not Uganda's
    assert kenya["documents"] == 3


def test_colleagues_share_their_audiences_entry(client, restricted, state_user):
    colleague = make_focal_point("colleague@test.example", {"iso3": "KEN"})
    first = home_figures(client, state_user)
    client.force_login(colleague)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert {f.key: f.value for f in response.context["figures"]} == first
    # nothing restricted was counted again: the audience's entry answered
    assert not queries_on("assessments_recommendation", captured)
    assert not queries_on("appeal_contribution", captured)


def test_an_uploader_counts_their_own_documents_and_their_colleagues_do_not(
    client, restricted, state_user
):
    colleague = make_focal_point("colleague@test.example", {"iso3": "KEN"})
    shared_before = home_figures(client, colleague)["documents"]
    mine = make_document("Mine, for entities", "compact")
    Document.objects.filter(pk=mine.pk).update(created_by=state_user)
    assert home_figures(client, state_user)["documents"] == shared_before + 1
    assert home_figures(client, colleague)["documents"] == shared_before
    assert home_figures(client, state_user)["documents"] == shared_before + 1


def test_a_viewer_without_a_profile_is_counted_live_and_sees_nothing_restricted(client, restricted):
    from entities.models import User

    outsider = User.objects.create_user(email="outsider@test.example", password="x" * 16)
    assert numbers.audience_key(outsider) is None
    figures = {f.key: f.value for f in numbers.figures_for(outsider)}
    assert figures["documents"] == 0 and figures["projects"] == 0
    assert figures["appeal_funding"] == Decimal("0")
    assert "assessments" not in figures


# --- renewed by the writes they count ---


def test_a_new_assessment_shows_at_once(client, restricted, state_user, secretariat_user):
    kenya = Organization.objects.get(iso3="KEN")
    before = home_figures(client, state_user)
    secretariat_before = home_figures(client, secretariat_user)
    assessment = Assessment.objects.create(
        state=kenya, assessment_type="desk_review", starts_on=dt.date(2026, 1, 1)
    )
    Recommendation.objects.create(
        assessment=assessment, number=1, theme=Theme.objects.first(), text="New"
    )
    after = home_figures(client, state_user)
    assert after["assessments"] == before["assessments"] + 1
    assert after["recommendations"] == before["recommendations"] + 1
    assert home_figures(client, secretariat_user)["assessments"] == (
        secretariat_before["assessments"] + 1
    )


def test_a_new_document_shows_at_once(client, restricted, state_user):
    before = home_figures(client, state_user)["documents"]
    make_document("Published just now")
    make_document("Still a draft", status="draft")
    assert home_figures(client, state_user)["documents"] == before + 1


def test_a_documents_new_audience_shows_at_once(client, restricted, state_user):
    """Audiences are many-to-many rows the library's change counter does not watch."""
    later = make_document("For some organizations", "organizations")
    before = home_figures(client, state_user)["documents"]
    later.audience_organizations.add(restricted["kenya"])
    assert home_figures(client, state_user)["documents"] == before + 1


def test_a_deactivated_focal_point_leaves_the_figures_at_once(
    client, restricted, state_user, secretariat_user, entity_user
):
    before = home_figures(client, state_user)["focal_points"]
    deactivate_user(entity_user, actor=secretariat_user)
    assert home_figures(client, state_user)["focal_points"] == before - 1
    assert before - 1 == FocalPoint.objects.active().count()


def test_signing_in_does_not_renew_the_figures(client, restricted, state_user):
    home_figures(client, state_user)
    generation = numbers.figures_generation()
    client.logout()
    home_figures(client, state_user)  # a new sign-in saves last_login
    assert numbers.figures_generation() == generation


def test_visits_which_send_no_signal_show_within_the_ttl(
    client, restricted, state_user, monkeypatch
):
    """Visits send no signal: they show once the entry expires (FIGURES_TTL)."""
    monkeypatch.setattr(numbers, "FIGURES_TTL", 1)
    before = home_figures(client, state_user)["visits"]
    VisitMark.objects.create(day=timezone.localdate(), visitor="y" * 32, tier="member_state")
    deadline = timezone.now() + dt.timedelta(seconds=5)
    while timezone.now() < deadline:
        visits = numbers.viewer_counts(state_user)["visits"]
        if visits == before + 1:
            break
        time.sleep(0.2)
    assert visits == before + 1


# --- bounded queries ---


def test_a_warm_home_page_makes_few_queries(
    client, restricted, state_user, secretariat_user, django_assert_max_num_queries
):
    for user in (state_user, secretariat_user):
        client.force_login(user)
        client.get("/")
        with django_assert_max_num_queries(22):
            assert client.get("/").status_code == 200


# --- the panels' queries give the same answers ---


def test_discussions_awaiting_me_newest_first_at_most_five(client, entity_user):
    colleague = make_focal_point("colleague@test.example", {"acronym": "CTED"})
    wg2 = WorkingGroup.objects.get(number=2)
    now = timezone.now()
    followed = []
    for i in range(7):  # seven awaiting threads, the newest last
        thread = thread_with_posts(wg2, f"Busy {i}", (colleague, 30, []), (colleague, 20, []))
        thread.last_post_at = now - dt.timedelta(minutes=100 - i)
        thread.save(update_fields=["last_post_at"])
        followed.append(thread)
    # mentioned before my last post: read, not awaiting; a hidden reply counts for nothing
    old_mention = thread_with_posts(
        None, "Old mention", (colleague, 50, [entity_user]), (entity_user, 40, [])
    )
    hidden_reply = thread_with_posts(wg2, "Hidden reply", (entity_user, 50, []), (colleague, 5, []))
    Post.objects.filter(thread=hidden_reply, author=colleague).update(hidden=True)
    for thread in [*followed, old_mention, hidden_reply]:
        ThreadSubscription.objects.create(thread=thread, user=entity_user)
    ThreadSubscription.objects.filter(user=entity_user).update(
        created_at=now - dt.timedelta(days=1)
    )

    threads = selectors.awaiting_discussions(entity_user)
    assert [t.title for t in threads] == ["Busy 6", "Busy 5", "Busy 4", "Busy 3", "Busy 2"]
    assert all(t.new_posts == 2 and not t.mentioned for t in threads)
    assert threads[0].group == wg2  # ready for the template's link


def test_upcoming_events_merge_series_and_single_events_by_start(entity_user):
    wg2 = WorkingGroup.objects.get(number=2)  # UNODC is a member
    now = timezone.now()
    for day in (3, 5, 9, 11, 13, 15, 17):
        make_event(
            title=f"Single {day}",
            working_group=wg2,
            starts_at=now + dt.timedelta(days=day),
            ends_at=now + dt.timedelta(days=day, hours=1),
        )
    make_event(
        title="Weekly",
        working_group=wg2,
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=1),
        rrule="FREQ=WEEKLY;COUNT=10",
    )
    hidden = make_event(
        title="Cancelled",
        working_group=wg2,
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=1),
        status="cancelled",
    )
    Attendance.objects.create(event=hidden, user=entity_user, status="registered")

    titles = [o.event.title for o in selectors.upcoming_events(entity_user)]
    assert titles == ["Weekly", "Single 3", "Single 5", "Weekly", "Single 9"]
