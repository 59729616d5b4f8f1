"""Discussions: who reads, posts and moderates where; threads, replies, edits, mentions,
attachments, following; sanitised text; bounded queries."""

import pytest
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from entities.models import FocalPoint, User
from library.models import Document
from tests.conftest import PASSWORD, make_focal_point
from workinggroups import discussion_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.discussions import can_post_area, can_read_area
from workinggroups.models import Post, Thread, ThreadSubscription, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def wg2(compact):
    return WorkingGroup.objects.get(number=2)  # chaired by CTED; UNODC is a vice-chair


@pytest.fixture
def wg3(compact):
    return WorkingGroup.objects.get(number=3)


@pytest.fixture
def chair(wg2, secretariat_user):
    """A CTED focal point designated editor of WG 2 (so moderator of its discussions)."""
    user = make_focal_point("chair@test.example", {"acronym": "CTED"}, first_name="Cleo")
    designate_group_editor(wg2, user, actor=secretariat_user)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def outsider_entity_user(compact, wg2):
    """A focal point of a Compact entity that is not in WG 2."""
    from workinggroups.models import WorkingGroupMembership

    members = WorkingGroupMembership.objects.filter(group=wg2).values("organization_id")
    from entities.models import Organization

    org = (
        Organization.objects.filter(kind="compact_entity")
        .exclude(pk__in=members)
        .order_by("acronym")
        .first()
    )
    return make_focal_point("outsider@test.example", {"pk": org.pk}, first_name="Otto")


def login(user):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def group_urls(group, thread=None):
    urls = {
        "list": reverse("discussions:group_list", args=[group.slug]),
        "new": reverse("discussions:group_new", args=[group.slug]),
    }
    if thread:
        urls["thread"] = reverse("discussions:group_thread", args=[group.slug, thread.pk])
    return urls


def new_thread(group, actor, title="Border data", body="Hello all", **extra):
    return actions.start_thread(group, title=title, body=body, actor=actor, **extra)


# --- reading and posting rules ------------------------------------------------------------------


def test_read_and_post_rules(
    wg2, entity_user, state_user, regional_user, secretariat_user, outsider_entity_user
):
    # Group discussions: Compact entities read all groups; members post.
    assert can_read_area(entity_user, wg2) and can_post_area(entity_user, wg2)
    assert can_read_area(outsider_entity_user, wg2)
    assert not can_post_area(outsider_entity_user, wg2)
    assert not can_read_area(state_user, wg2) and not can_post_area(state_user, wg2)
    assert not can_read_area(regional_user, wg2)
    assert can_read_area(secretariat_user, wg2) and can_post_area(secretariat_user, wg2)
    # The Collaboration area: everyone with a profile.
    for user in (entity_user, state_user, regional_user, secretariat_user, outsider_entity_user):
        assert can_read_area(user, None) and can_post_area(user, None)


def test_member_state_focal_point_gets_404_on_group_discussions(wg2, entity_user, state_user):
    thread = new_thread(wg2, entity_user)
    client = login(state_user)
    urls = group_urls(wg2, thread)
    assert client.get(urls["list"]).status_code == 404
    assert client.get(urls["thread"]).status_code == 404
    assert client.get(urls["new"]).status_code == 404
    assert client.post(urls["thread"], {"body": "sneaky"}).status_code == 404
    assert not Post.objects.filter(body__contains="sneaky").exists()


def test_reader_outside_the_group_gets_403_on_posting(wg2, entity_user, outsider_entity_user):
    thread = new_thread(wg2, entity_user)
    client = login(outsider_entity_user)
    urls = group_urls(wg2, thread)
    assert client.get(urls["list"]).status_code == 200
    page = client.get(urls["thread"])
    assert page.status_code == 200
    assert "Post the reply" not in page.content.decode()
    assert client.get(urls["new"]).status_code == 403
    assert client.post(urls["new"], {"title": "x", "body": "y"}).status_code == 403
    assert client.post(urls["thread"], {"body": "not allowed"}).status_code == 403
    assert thread.posts.count() == 1


def test_collaboration_is_open_to_member_states_and_regional_organizations(
    state_user, regional_user
):
    client = login(state_user)
    response = client.post(
        reverse("discussions:collaboration_new"),
        {"title": "Regional cooperation on returnees", "body": "Who works on this?"},
    )
    thread = Thread.objects.get(title="Regional cooperation on returnees")
    assert thread.group is None
    assert response.status_code == 302
    assert response["Location"] == reverse("discussions:collaboration_thread", args=[thread.pk])
    other = login(regional_user)
    assert (
        "Regional cooperation on returnees"
        in other.get(reverse("discussions:collaboration")).content.decode()
    )
    response = other.post(
        reverse("discussions:collaboration_thread", args=[thread.pk]), {"body": "We do (AU)."}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.post_count == 2
    # Both follow it now.
    assert set(thread.subscriptions.values_list("user_id", flat=True)) == {
        state_user.pk,
        regional_user.pk,
    }


def test_a_group_thread_is_not_found_under_another_group_or_collaboration(wg2, wg3, entity_user):
    thread = new_thread(wg2, entity_user)
    client = login(entity_user)
    assert client.get(group_urls(wg3, thread)["thread"]).status_code == 404
    assert (
        client.get(reverse("discussions:collaboration_thread", args=[thread.pk])).status_code == 404
    )


def test_deactivated_user_cannot_read(wg2, entity_user):
    new_thread(None, entity_user)
    client = login(entity_user)
    entity_user.is_active = False
    entity_user.save(update_fields=["is_active"])
    response = client.get(reverse("discussions:collaboration"))
    assert response.status_code in (302, 404)


# --- threads, replies, list ---------------------------------------------------------------------


def test_start_thread_and_reply_in_a_group(wg2, entity_user, chair):
    client = login(entity_user)
    urls = group_urls(wg2)
    response = client.post(urls["new"], {"title": "  Watchlists   2025 ", "body": "First post"})
    thread = Thread.objects.get(group=wg2)
    assert response.status_code == 302
    assert thread.title == "Watchlists 2025"
    assert thread.post_count == 1
    assert thread.created_by == entity_user
    assert ThreadSubscription.objects.filter(thread=thread, user=entity_user).exists()

    reply = login(chair).post(group_urls(wg2, thread)["thread"], {"body": "A reply"})
    post = thread.posts.get(author=chair)
    assert reply.status_code == 302
    assert reply["Location"].endswith(f"#post-{post.pk}")
    thread.refresh_from_db()
    assert thread.post_count == 2
    assert thread.last_post_at >= post.created_at
    page = client.get(group_urls(wg2, thread)["thread"]).content.decode()
    assert "First post" in page and "A reply" in page


def test_empty_or_missing_fields_give_form_errors_not_500(wg2, entity_user):
    client = login(entity_user)
    urls = group_urls(wg2)
    for data in ({}, {"title": "", "body": ""}, {"title": "x" * 500, "body": "b"},
                 {"title": "t", "body": "<script>x</script>"}, {"title": "t", "body": "b",
                 "mentions": ["abc"], "documents": ["99999999"]},
                 {"title": "t", "body": "b", "mentions": ["9" * 30], "documents": ["²", "-1"]},
                 ):  # fmt: skip
        response = client.post(urls["new"], data)
        assert response.status_code == 400, data
        assert "There is a problem" in response.content.decode()
    assert not Thread.objects.exists()
    assert client.get(urls["list"] + "?page=zzz&q=" + "x" * 300).status_code == 200
    assert client.post(reverse("discussions:moderate_thread", args=[0])).status_code == 404


def test_list_pinned_first_then_latest_activity_with_title_search(wg2, entity_user, chair):
    old = new_thread(wg2, entity_user, title="Old but pinned")
    middle = new_thread(wg2, entity_user, title="Middle")
    recent = new_thread(wg2, entity_user, title="Recent")
    actions.reply(middle, body="bump", actor=entity_user)  # latest activity now
    actions.set_thread_flag(old, "pinned", True, actor=chair)
    client = login(entity_user)
    page = client.get(group_urls(wg2)["list"]).content.decode()
    positions = [page.index(title) for title in ("Old but pinned", "Middle", "Recent")]
    assert positions == sorted(positions)
    found = client.get(group_urls(wg2)["list"] + "?q=rece").content.decode()
    assert "Recent" in found and "Middle" not in found
    assert recent.pk  # listed above


def test_list_is_paginated(wg2, entity_user):
    for number in range(23):
        new_thread(wg2, entity_user, title=f"Thread {number:02d}")
    client = login(entity_user)
    first = client.get(group_urls(wg2)["list"]).content.decode()
    second = client.get(group_urls(wg2)["list"] + "?page=2").content.decode()
    assert "Thread 22" in first and "Thread 00" not in first
    assert "Thread 00" in second


def test_htmx_search_returns_the_partial(wg2, entity_user):
    new_thread(wg2, entity_user, title="Findable")
    response = login(entity_user).get(group_urls(wg2)["list"] + "?q=find", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Findable" in content and "<html" not in content


# --- sanitised text -----------------------------------------------------------------------------


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://example.org" style="color:red" onmouseover="x()">ok</a>',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.mark.parametrize("payload", XSS)
def test_posts_are_sanitised(payload, entity_user):
    thread = new_thread(None, entity_user, body=f"Before {payload} after")
    body = thread.posts.get().body
    lowered = body.lower()
    for bad in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe",
                "<style", "<img", "<svg", "style="):  # fmt: skip
        assert bad not in lowered, body
    page = (
        login(entity_user)
        .get(reverse("discussions:collaboration_thread", args=[thread.pk]))
        .content.decode()
    )
    assert "<script>alert(1)" not in page


def test_plain_text_becomes_paragraphs_and_links_and_formatting_is_kept(entity_user):
    thread = new_thread(None, entity_user, body="Line one\nline two\n\nSee https://un.org/ct")
    assert thread.posts.get().body == (
        '<p>Line one<br>line two</p><p>See <a href="https://un.org/ct" '
        'rel="noopener noreferrer">https://un.org/ct</a></p>'
    )
    html = new_thread(
        None, entity_user, body="<p><strong>Bold</strong> <em>it</em></p><ul><li>a</li></ul>"
    )
    assert html.posts.get().body == "<p><strong>Bold</strong> <em>it</em></p><ul><li>a</li></ul>"


def test_title_is_escaped(entity_user):
    thread = new_thread(None, entity_user, title="<b>bold</b> title")
    page = (
        login(entity_user)
        .get(reverse("discussions:collaboration_thread", args=[thread.pk]))
        .content.decode()
    )
    assert "&lt;b&gt;bold&lt;/b&gt; title" in page


# --- editing ------------------------------------------------------------------------------------


def test_author_edits_own_post_others_get_403(wg2, entity_user, chair):
    thread = new_thread(wg2, entity_user, body="Original")
    post = thread.posts.get()
    url = reverse("discussions:edit_post", args=[post.pk])
    assert login(chair).get(url).status_code == 403
    assert login(chair).post(url, {"body": "hijack"}).status_code == 403
    client = login(entity_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Corrected"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>Corrected</p>"
    assert post.edited_at is not None
    assert "edited" in client.get(group_urls(wg2, thread)["thread"]).content.decode()


def test_no_edit_in_a_locked_thread(wg2, entity_user, chair):
    thread = new_thread(wg2, entity_user)
    actions.set_thread_flag(thread, "locked", True, actor=chair)
    post = thread.posts.get()
    assert (
        login(entity_user)
        .post(reverse("discussions:edit_post", args=[post.pk]), {"body": "x"})
        .status_code
        == 403
    )


# --- mentions -----------------------------------------------------------------------------------


def test_mentioned_people_are_subscribed_and_listed(wg2, entity_user, chair):
    client = login(entity_user)
    client.post(
        group_urls(wg2)["new"],
        {"title": "Hello", "body": "@Cleo what do you think?", "mentions": [chair.pk]},
    )
    thread = Thread.objects.get()
    post = thread.posts.get()
    assert list(post.mentions.all()) == [chair]
    assert ThreadSubscription.objects.filter(thread=thread, user=chair).exists()
    page = client.get(group_urls(wg2, thread)["thread"]).content.decode()
    assert "Mentioned:" in page
    assert reverse("person_detail", args=[chair.focal_point.pk]) in page


def test_cannot_mention_someone_who_cannot_read_the_group(wg2, entity_user, state_user):
    response = login(entity_user).post(
        group_urls(wg2)["new"], {"title": "Hi", "body": "@Stella", "mentions": [state_user.pk]}
    )
    assert response.status_code == 400
    assert "cannot read these discussions" in response.content.decode()
    assert not Thread.objects.exists()


def test_mention_picker_finds_people_who_can_read_the_area(wg2, entity_user, state_user, chair):
    client = login(entity_user)
    url = reverse("discussions:mention_search")
    group_result = client.get(url, {"group": wg2.slug, "q": "Stella"}).content.decode()
    # A Member State focal point cannot read WG 2: not offered.
    assert f'value="{state_user.pk}"' not in group_result
    assert "Cleo" in client.get(url, {"group": wg2.slug, "q": "cleo"}).content.decode()
    collab = client.get(url, {"q": "Stella"}).content.decode()
    assert f'value="{state_user.pk}"' in collab
    # A Member State focal point cannot use the picker of a group they cannot read.
    assert login(state_user).get(url, {"group": wg2.slug, "q": "cleo"}).status_code == 404
    assert client.get(url, {"group": "no-such-group", "q": "x"}).status_code == 404


# --- attachments --------------------------------------------------------------------------------


def make_document(title, visibility, creator, **extra):
    document = Document.objects.create(
        title=title,
        doc_type=Document.Type.REPORT,
        visibility=visibility,
        status=Document.Status.PUBLISHED,
        created_by=creator,
        **extra,
    )
    return document


def test_attachments_are_shown_only_to_readers_who_may_see_them(
    entity_user, state_user, secretariat_user
):
    public = make_document("Open report", Document.Visibility.ALL, secretariat_user)
    un_only = make_document("UN-only note", Document.Visibility.COMPACT, secretariat_user)
    client = login(entity_user)
    client.post(
        reverse("discussions:collaboration_new"),
        {"title": "Reading", "body": "See these", "documents": [public.pk, un_only.pk]},
    )
    thread = Thread.objects.get()
    assert set(thread.posts.get().documents.all()) == {public, un_only}
    url = reverse("discussions:collaboration_thread", args=[thread.pk])
    assert "UN-only note" in client.get(url).content.decode()
    state_page = login(state_user).get(url).content.decode()
    assert "Open report" in state_page
    assert "UN-only note" not in state_page


def test_cannot_attach_a_document_one_cannot_see(state_user, secretariat_user):
    un_only = make_document("UN-only note", Document.Visibility.COMPACT, secretariat_user)
    response = login(state_user).post(
        reverse("discussions:collaboration_new"),
        {"title": "x", "body": "y", "documents": [un_only.pk]},
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()


def test_document_picker_lists_only_visible_documents(state_user, secretariat_user):
    make_document("Maritime report open", Document.Visibility.ALL, secretariat_user)
    make_document("Maritime report UN", Document.Visibility.COMPACT, secretariat_user)
    content = (
        login(state_user)
        .get(reverse("discussions:document_search"), {"q": "maritime"})
        .content.decode()
    )
    assert "Maritime report open" in content
    assert "Maritime report UN" not in content


def test_editing_keeps_attachments_the_author_can_no_longer_see(entity_user, secretariat_user):
    document = make_document("Later restricted", Document.Visibility.ALL, secretariat_user)
    thread = new_thread(None, entity_user, documents=[document])
    post = thread.posts.get()
    Document.objects.filter(pk=document.pk).update(visibility=Document.Visibility.SECRETARIAT)
    login(entity_user).post(reverse("discussions:edit_post", args=[post.pk]), {"body": "new"})
    assert list(post.documents.all()) == [document]


# --- following ----------------------------------------------------------------------------------


def test_follow_and_unfollow(wg2, entity_user, outsider_entity_user):
    thread = new_thread(wg2, entity_user)
    client = login(outsider_entity_user)  # may read (not post): may follow
    url = reverse("discussions:follow", args=[thread.pk])
    client.post(url, {"action": "follow"})
    assert ThreadSubscription.objects.filter(thread=thread, user=outsider_entity_user).exists()
    assert "Stop following" in client.get(group_urls(wg2, thread)["thread"]).content.decode()
    client.post(url, {"action": "unfollow"})
    assert not ThreadSubscription.objects.filter(thread=thread, user=outsider_entity_user).exists()
    assert client.get(url).status_code == 405


def test_cannot_follow_an_unreadable_thread(wg2, entity_user, state_user):
    thread = new_thread(wg2, entity_user)
    response = login(state_user).post(reverse("discussions:follow", args=[thread.pk]))
    assert response.status_code == 404
    assert not ThreadSubscription.objects.filter(user=state_user).exists()


# --- moderation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "pinned", True), ("lock", "locked", True), ("hide", "hidden", True)],
)
def test_group_editor_moderates_own_group(wg2, entity_user, chair, action, field, value):
    thread = new_thread(wg2, entity_user)
    url = reverse("discussions:moderate_thread", args=[thread.pk])
    response = login(chair).post(url, {"action": action})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert getattr(thread, field) is value
    undo = {"pin": "unpin", "lock": "unlock", "hide": "unhide"}[action]
    login(chair).post(url, {"action": undo})
    thread.refresh_from_db()
    assert getattr(thread, field) is not value


def test_editor_of_wg2_cannot_moderate_wg3(wg3, chair, entity_user):
    thread = new_thread(wg3, entity_user)  # UNODC is a member of WG 3; chair (CTED) can read it
    post = thread.posts.get()
    client = login(chair)
    for action in ("pin", "lock", "hide"):
        assert (
            client.post(
                reverse("discussions:moderate_thread", args=[thread.pk]), {"action": action}
            ).status_code
            == 403
        )
    assert (
        client.post(
            reverse("discussions:moderate_post", args=[post.pk]), {"action": "hide"}
        ).status_code
        == 403
    )
    thread.refresh_from_db()
    assert not (thread.pinned or thread.locked or thread.hidden)


def test_members_cannot_moderate_and_only_secretariat_moderates_collaboration(
    wg2, entity_user, chair, secretariat_user
):
    thread = new_thread(wg2, entity_user)
    url = reverse("discussions:moderate_thread", args=[thread.pk])
    assert login(entity_user).post(url, {"action": "pin"}).status_code == 403
    collab = new_thread(None, entity_user)
    collab_url = reverse("discussions:moderate_thread", args=[collab.pk])
    assert login(chair).post(collab_url, {"action": "lock"}).status_code == 403
    assert login(secretariat_user).post(collab_url, {"action": "lock"}).status_code == 302
    assert login(secretariat_user).post(url, {"action": "bogus"}).status_code == 400
    collab.refresh_from_db()
    assert collab.locked


def test_object_permission_alone_grants_moderation(wg3, entity_user, outsider_entity_user):
    thread = new_thread(wg3, entity_user)
    assign_perm("workinggroups.moderate_discussions", outsider_entity_user, wg3)
    response = login(outsider_entity_user).post(
        reverse("discussions:moderate_thread", args=[thread.pk]), {"action": "pin"}
    )
    assert response.status_code == 302


def test_locked_thread_refuses_replies_except_from_moderators(wg2, entity_user, chair):
    thread = new_thread(wg2, entity_user)
    actions.set_thread_flag(thread, "locked", True, actor=chair)
    url = group_urls(wg2, thread)["thread"]
    client = login(entity_user)
    assert "locked by a moderator" in client.get(url).content.decode()
    assert client.post(url, {"body": "late"}).status_code == 403
    assert login(chair).post(url, {"body": "closing note"}).status_code == 302
    assert thread.posts.count() == 2


def test_hidden_thread_is_404_for_non_moderators_and_left_out_of_lists(
    wg2, entity_user, chair, secretariat_user
):
    thread = new_thread(wg2, entity_user, title="Hidden topic")
    actions.set_thread_flag(thread, "hidden", True, actor=chair)
    url = group_urls(wg2, thread)["thread"]
    author = login(entity_user)
    assert author.get(url).status_code == 404
    assert "Hidden topic" not in author.get(group_urls(wg2)["list"]).content.decode()
    assert login(chair).get(url).status_code == 200
    assert "Hidden topic" in login(chair).get(group_urls(wg2)["list"]).content.decode()
    assert login(secretariat_user).get(url).status_code == 200


def test_hidden_post_is_not_shown_to_non_moderators(wg2, entity_user, chair):
    thread = new_thread(wg2, entity_user, body="Fine")
    bad = actions.reply(thread, body="Offensive words", actor=entity_user)
    response = login(chair).post(
        reverse("discussions:moderate_post", args=[bad.pk]), {"action": "hide"}
    )
    assert response.status_code == 302
    bad.refresh_from_db()
    assert bad.hidden and bad.hidden_by == chair
    thread.refresh_from_db()
    assert thread.post_count == 1
    url = group_urls(wg2, thread)["thread"]
    assert "Offensive words" not in login(entity_user).get(url).content.decode()
    moderator_page = login(chair).get(url).content.decode()
    assert "Offensive words" in moderator_page and "Hidden by a moderator" in moderator_page
    # Its author can no longer edit it either (404: they may not see it).
    assert (
        login(entity_user).get(reverse("discussions:edit_post", args=[bad.pk])).status_code == 404
    )
    login(chair).post(reverse("discussions:moderate_post", args=[bad.pk]), {"action": "unhide"})
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_moderation_is_recorded_in_the_admin_log(wg2, entity_user, chair):
    from django.contrib.admin.models import LogEntry

    thread = new_thread(wg2, entity_user)
    actions.set_thread_flag(thread, "pinned", True, actor=chair)
    assert LogEntry.objects.filter(user=chair, object_id=str(thread.pk)).exists()


def test_csrf_is_required(wg2, entity_user):
    client = Client(enforce_csrf_checks=True)
    client.login(email=entity_user.email, password=PASSWORD)
    assert client.post(group_urls(wg2)["new"], {"title": "x", "body": "y"}).status_code == 403
    assert not Thread.objects.exists()


# --- the space panel ----------------------------------------------------------------------------


def test_group_discussions_tag_lists_latest_readable_threads(
    rf, wg2, entity_user, state_user, chair
):
    from django.template import Context, Template

    for number in range(7):
        new_thread(wg2, entity_user, title=f"Topic {number}")
    hidden = new_thread(wg2, entity_user, title="Secret topic")
    actions.set_thread_flag(hidden, "hidden", True, actor=chair)
    template = Template("{% load discussion_tags %}{% group_discussions group %}")

    def render(user):
        request = rf.get("/")
        request.user = User.objects.get(pk=user.pk)
        return template.render(Context({"request": request, "group": wg2}))

    html = render(entity_user)
    assert "Topic 6" in html and "Topic 2" in html and "Topic 1" not in html
    assert "Secret topic" not in html
    assert reverse("discussions:group_list", args=[wg2.slug]) in html
    assert "Start a discussion" in html
    assert "Secret topic" in render(chair)
    state_html = render(state_user)
    assert "Topic" not in state_html
    assert reverse("discussions:collaboration") in state_html


# --- bounded queries ----------------------------------------------------------------------------


def _busy_thread(group, people, documents):
    thread = new_thread(group, people[0], documents=documents[:2], mentions=people[1:3])
    for index in range(25):
        actions.reply(
            thread,
            body=f"Reply {index}",
            actor=people[index % len(people)],
            mentions=people[:2],
            documents=documents[index % 3 : index % 3 + 2],
        )
    return thread


@pytest.fixture
def crowd(compact, entity_user, secretariat_user):
    people = [entity_user] + [
        make_focal_point(f"p{n}@test.example", {"acronym": "UNODC"}, first_name=f"P{n}")
        for n in range(5)
    ]
    documents = [
        make_document(f"Doc {n}", Document.Visibility.ALL, secretariat_user) for n in range(5)
    ]
    return people, documents


def test_thread_page_runs_a_bounded_number_of_queries(
    wg2, crowd, chair, django_assert_max_num_queries
):
    people, documents = crowd
    thread = _busy_thread(wg2, people, documents)
    client = login(chair)
    url = group_urls(wg2, thread)["thread"]
    client.get(url)
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200


def test_thread_list_runs_a_bounded_number_of_queries(
    wg2, crowd, entity_user, django_assert_max_num_queries
):
    people, _documents = crowd
    for number in range(30):
        new_thread(wg2, people[number % len(people)], title=f"Topic {number}")
    client = login(entity_user)
    url = group_urls(wg2)["list"]
    client.get(url)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(reverse("discussions:collaboration")).status_code == 200


def test_focal_point_without_profile_sees_nothing(compact):
    user = User.objects.create_user(email="noprofile@test.example", password=PASSWORD)
    assert not FocalPoint.objects.filter(user=user).exists()
    client = login(user)
    assert client.get(reverse("discussions:collaboration")).status_code == 404


# --- demo data ----------------------------------------------------------------------------------


def test_seed_discussions_is_idempotent_and_follows_the_rules(compact, secretariat_user):
    from compact_portal.demo import ensure_demo_logins
    from workinggroups.demo_discussions import seed_discussions

    ensure_demo_logins("demo-password-123456")
    for n in range(6):
        make_focal_point(f"fp{n}@test.example", {"acronym": ["UNODC", "CTED", "UNOCT"][n % 3]})
    created = seed_discussions(2)
    assert created >= 8
    assert Thread.objects.filter(group=None).count() == 3
    assert Thread.objects.filter(group__number=2).count() >= 3
    assert seed_discussions(2) == 0
    for thread in Thread.objects.prefetch_related("posts__author"):
        assert thread.post_count == thread.posts.count() > 0
        for post in thread.posts.all():
            assert can_post_area(post.author, thread.group), (thread, post.author)
    welcome = Thread.objects.get(title="Welcome to the Collaboration area")
    assert welcome.pinned and welcome.locked
    assert not Thread.objects.filter(posts__notifications__isnull=False).exists()


# --- malformed input never answers 500 ------------------------------------------------------------


def test_arbitrary_form_input_gives_a_form_error_or_a_post(entity_user):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = login(entity_user)
    url = reverse("discussions:collaboration_new")
    text = st.text(max_size=300)

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        title=text,
        body=text,
        mentions=st.lists(st.text(max_size=12), max_size=3),
        documents=st.lists(st.text(max_size=12), max_size=3),
    )
    def check(title, body, mentions, documents):
        data = {"title": title, "body": body, "mentions": mentions, "documents": documents}
        response = client.post(url, data)
        assert response.status_code in (302, 400)
        picker = client.get(reverse("discussions:mention_search"), {"q": title[:100]})
        assert picker.status_code in (200, 404)

    check()
