"""The signed-in home: my groups and their activity, my events, my documents, my discussions,
and the Compact in numbers as I may see them."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from calendar_app.models import Attendance
from compact_portal import selectors
from entities.models import Organization, Theme
from library.models import Document, Subscription
from tests.calendar_app.conftest import make_event
from tests.conftest import make_focal_point
from workinggroups.models import Post, Thread, ThreadSubscription, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def test_home_shows_the_compact_in_numbers_and_links_to_the_structure(client, state_user):
    client.force_login(state_user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Compact in numbers" in html
    assert "Strengthen engagement with Member States" in html  # the programme's priorities
    assert 'href="/working-groups/"' in html and 'href="/coordination-committee/"' in html
    figures = {f.label: f.value for f in response.context["figures"]}
    assert figures["Compact entities"] == 45
    assert figures["Working Groups"] == 8
    assert "Documents shared" in figures and "Appeal funding (USD)" in figures


def test_deactivated_people_are_not_counted(client, state_user, entity_user):
    client.force_login(state_user)
    before = {f.key: f.value for f in client.get("/").context["figures"]}
    entity_user.is_active = False
    entity_user.save(update_fields=["is_active"])
    after = {f.key: f.value for f in client.get("/").context["figures"]}
    assert after["focal_points"] == before["focal_points"] - 1


def test_security_headers_on_every_page(client, state_user):
    client.force_login(state_user)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# --- my Working Groups and their activity ---


def test_my_groups_come_from_my_organizations_memberships(client, entity_user, state_user):
    client.force_login(entity_user)  # UNODC: a member or leader of several groups
    response = client.get("/")
    groups = response.context["my_groups"]
    unodc = Organization.objects.get(acronym="UNODC")
    expected = set(
        WorkingGroup.objects.filter(memberships__organization=unodc).values_list("pk", flat=True)
    )
    assert {g.pk for g in groups} == expected and expected
    wg2 = next(g for g in groups if g.number == 2)
    assert wg2.my_role == "Vice-Chair"
    assert "/working-groups/border-management-law-enforcement/" in response.content.decode()

    client.force_login(state_user)  # Kenya belongs to no group
    response = client.get("/")
    assert response.context["my_groups"] == []
    assert "Your organization is in no Working Group yet" in response.content.decode()


def test_group_activity_shows_what_i_may_see_of_my_groups(client, entity_user, secretariat_user):
    wg2 = WorkingGroup.objects.get(number=2)
    shared = Document.objects.create(title="WG 2 border guide", doc_type="guidance")
    shared.working_groups.set([wg2])
    secret = Document.objects.create(
        title="WG 2 secretariat note", doc_type="report", visibility="secretariat"
    )
    secret.working_groups.set([wg2])
    client.force_login(entity_user)
    # The home page loads the activity of my groups after itself (htmx).
    assert 'hx-get="/activity/my-groups/"' in client.get("/").content.decode()
    html = client.get("/activity/my-groups/").content.decode()
    assert "WG 2 border guide" in html
    assert "WG 2 secretariat note" not in html


# --- upcoming events ---


def test_upcoming_events_i_registered_for_or_my_groups_hold(client, entity_user, state_user):
    now = timezone.now()
    soon = {"starts_at": now + dt.timedelta(days=3), "ends_at": now + dt.timedelta(days=3, hours=2)}
    wg2 = WorkingGroup.objects.get(number=2)
    group_event = make_event(title="WG 2 border workshop", working_group=wg2, **soon)
    registered = make_event(title="Nairobi regional dialogue", **soon)
    Attendance.objects.create(event=registered, user=state_user, status="registered")
    make_event(title="Somebody else's seminar", **soon)
    make_event(
        title="Far away conference",
        working_group=wg2,
        starts_at=now + dt.timedelta(days=200),
        ends_at=now + dt.timedelta(days=200, hours=1),
    )
    make_event(title="WG 2 cancelled meeting", working_group=wg2, status="cancelled", **soon)

    client.force_login(entity_user)
    titles = [o.event.title for o in client.get("/").context["events"]]
    assert titles == ["WG 2 border workshop"]
    assert group_event.pk

    client.force_login(state_user)
    response = client.get("/")
    assert [o.event.title for o in response.context["events"]] == ["Nairobi regional dialogue"]
    assert f"/calendar/events/{registered.pk}/" in response.content.decode()


def test_an_event_i_may_not_see_is_not_listed_even_if_registered(client, state_user):
    now = timezone.now()
    hidden = make_event(
        title="Secretariat retreat",
        visibility="secretariat",
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=1),
    )
    Attendance.objects.create(event=hidden, user=state_user, status="registered")
    client.force_login(state_user)
    response = client.get("/")
    assert response.context["events"] == []
    assert "Secretariat retreat" not in response.content.decode()


# --- documents matching my subscriptions ---


def test_new_documents_matching_my_subscriptions_that_i_may_see(client, state_user):
    theme = Theme.objects.get(slug="border-management")
    kenya = Organization.objects.get(iso3="KEN")
    Subscription.objects.create(user=state_user, kind="theme", theme=theme)
    Subscription.objects.create(user=state_user, kind="organization", organization=kenya)
    on_theme = Document.objects.create(title="Border guide", doc_type="guidance")
    on_theme.themes.set([theme])
    about_kenya = Document.objects.create(title="Kenya country brief", doc_type="report")
    about_kenya.countries.set([kenya])
    restricted = Document.objects.create(
        title="Entities-only border note", doc_type="report", visibility="compact"
    )
    restricted.themes.set([theme])
    Document.objects.create(title="Unrelated paper", doc_type="report")
    draft = Document.objects.create(title="Draft border memo", doc_type="report", status="draft")
    draft.themes.set([theme])

    client.force_login(state_user)
    response = client.get("/")
    titles = {d.title for d in response.context["documents"]}
    assert titles == {"Border guide", "Kenya country brief"}
    html = response.content.decode()
    assert "Entities-only border note" not in html and "Draft border memo" not in html


def test_without_subscriptions_the_panel_says_what_to_do(client, state_user):
    client.force_login(state_user)
    response = client.get("/")
    assert response.context["documents"] == []
    assert "You follow nothing in the library yet" in response.content.decode()


# --- discussions awaiting me ---


def thread_with_posts(group, title, *posts):
    """posts: (author, minutes ago, mentions)."""
    now = timezone.now()
    thread = Thread.objects.create(group=group, title=title, last_post_at=now)
    for author, minutes, mentions in posts:
        post = Post.objects.create(thread=thread, author=author, body="<p>x</p>")
        Post.objects.filter(pk=post.pk).update(created_at=now - dt.timedelta(minutes=minutes))
        post.mentions.set(mentions)
    thread.post_count = len(posts)
    thread.save(update_fields=["post_count"])
    return thread


def test_discussions_awaiting_me(client, entity_user):
    colleague = make_focal_point("colleague@test.example", {"acronym": "CTED"})
    wg2 = WorkingGroup.objects.get(number=2)
    # followed, a reply after my last post: awaiting
    replied = thread_with_posts(wg2, "Replied after me", (entity_user, 60, []), (colleague, 30, []))
    # followed, nothing since my last post: not awaiting
    quiet = thread_with_posts(wg2, "Quiet since me", (colleague, 60, []), (entity_user, 30, []))
    # not followed, but someone mentioned me: awaiting
    thread_with_posts(None, "Mentioned me", (colleague, 10, [entity_user]))
    # not followed, no mention: not awaiting
    thread_with_posts(None, "Not mine", (colleague, 10, []))
    # followed, but hidden by a moderator: not shown
    hidden = thread_with_posts(wg2, "Hidden thread", (colleague, 5, []))
    Thread.objects.filter(pk=hidden.pk).update(hidden=True)
    for thread in (replied, quiet, hidden):
        ThreadSubscription.objects.create(thread=thread, user=entity_user)
    ThreadSubscription.objects.filter(user=entity_user).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )

    client.force_login(entity_user)
    response = client.get("/")
    threads = {t.title: t for t in response.context["discussions"]}
    assert set(threads) == {"Replied after me", "Mentioned me"}
    assert threads["Replied after me"].new_posts == 1
    assert threads["Mentioned me"].mentioned
    assert "You were mentioned" in response.content.decode()


def test_discussions_of_a_group_i_may_not_read_are_not_listed(client, state_user):
    """Kenya is in no group: a mention in WG 2 (which it may not read) is not shown."""
    colleague = make_focal_point("colleague@test.example", {"acronym": "CTED"})
    wg2 = WorkingGroup.objects.get(number=2)
    thread_with_posts(wg2, "Group only thread", (colleague, 10, [state_user]))
    client.force_login(state_user)
    response = client.get("/")
    assert response.context["discussions"] == []
    assert "Group only thread" not in response.content.decode()


# --- bounded queries ---


def populate(size, users):
    """`size` items in every panel of every user (documents, events, discussions)."""
    now = timezone.now()
    theme = Theme.objects.get(slug="border-management")
    wg2 = WorkingGroup.objects.get(number=2)
    colleague = make_focal_point(f"colleague{size}@test.example", {"acronym": "CTED"})
    for user in users:
        Subscription.objects.get_or_create(user=user, kind="theme", theme=theme)
    for i in range(size):
        document = Document.objects.create(title=f"Doc {i}", doc_type="report")
        document.themes.set([theme])
        document.working_groups.set([wg2])
        event = make_event(
            title=f"Event {i}",
            working_group=wg2,
            starts_at=now + dt.timedelta(days=i + 1),
            ends_at=now + dt.timedelta(days=i + 1, hours=1),
            rrule="FREQ=WEEKLY;COUNT=3" if i % 2 else "",
        )
        for user in users:
            Attendance.objects.create(event=event, user=user, status="registered")
        thread = thread_with_posts(None, f"Thread {i}", (colleague, 5, users))
        for user in users:
            ThreadSubscription.objects.create(thread=thread, user=user)


@pytest.mark.parametrize("size", [1, 12])
def test_home_query_count_does_not_grow_with_the_data(
    client, state_user, entity_user, secretariat_user, django_assert_max_num_queries, size
):
    users = [state_user, entity_user, secretariat_user]
    populate(size, users)
    for user in users:
        client.force_login(user)
        # figures, structure and the panels; the activity stream is fetched after the page
        with django_assert_max_num_queries(34):
            response = client.get("/")
        assert response.status_code == 200
        assert response.context["documents"] and response.context["discussions"]
        assert response.context["events"]
        # session and user, my groups, then one limited query per source of the stream
        with django_assert_max_num_queries(22):
            assert client.get("/activity/my-groups/").status_code == 200


def test_home_query_count_with_demo_people(
    client, state_user, secretariat_user, django_assert_max_num_queries
):
    call_command("seed_demo", scale=1, without_documents=True)
    for user in (state_user, secretariat_user):
        client.force_login(user)
        with django_assert_max_num_queries(34):
            assert client.get("/").status_code == 200


def test_home_context_is_the_same_for_the_panels_and_the_page(entity_user):
    context = selectors.home_context(entity_user)
    for key in ("figures", "my_groups", "events", "documents", "discussions"):
        assert key in context
