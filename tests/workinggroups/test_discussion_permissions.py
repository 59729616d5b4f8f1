"""Every discussion URL x role -> expected status (GET pages and direct POSTs)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_focal_point
from workinggroups import discussion_actions as actions
from workinggroups.actions import designate_group_editor
from workinggroups.models import Thread, WorkingGroup

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "secretariat", "wg2_editor", "entity", "state", "regional", "deactivated"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND, BAD = 200, 302, 403, 404, 400
LOGIN = "login"

WG2 = "border-management-law-enforcement"
WG3 = "emerging-threats-critical-infrastructure"


@pytest.fixture
def cast(compact, settings, secretariat_user, entity_user, state_user, regional_user):
    settings.MFA_REQUIRED_FOR_STAFF = False
    wg2 = WorkingGroup.objects.get(slug=WG2)
    wg3 = WorkingGroup.objects.get(slug=WG3)
    editor = make_focal_point("editor@test.example", {"acronym": "CTED"})
    designate_group_editor(wg2, editor, actor=secretariat_user)
    deactivated = make_focal_point("gone@test.example", {"acronym": "UNODC"})
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    threads = {
        "wg2": actions.start_thread(wg2, title="WG2 thread", body="x", actor=entity_user),
        "wg3": actions.start_thread(wg3, title="WG3 thread", body="x", actor=entity_user),
        "collab": actions.start_thread(None, title="Collab thread", body="x", actor=state_user),
    }
    users = {
        "anonymous": None,
        "secretariat": secretariat_user,
        "wg2_editor": editor,
        "entity": entity_user,
        "state": state_user,
        "regional": regional_user,
        "deactivated": deactivated,
    }
    return users, threads


def client_for(user):
    client = Client()
    if user is None:
        return client
    if user.is_active:
        assert client.login(email=user.email, password=PASSWORD)
    else:
        client.force_login(user)  # a session left over from before the deactivation
    return client


GETS = {
    "/collaboration/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/collaboration/new/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/collaboration/{collab}/": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    "/collaboration/{wg2}/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    f"/working-groups/{WG2}/discussions/": [LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND, LOGIN],
    f"/working-groups/{WG2}/discussions/new/": [LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND, LOGIN],
    f"/working-groups/{WG2}/discussions/{{wg2}}/": [
        LOGIN,
        OK,
        OK,
        OK,
        NOT_FOUND,
        NOT_FOUND,
        LOGIN,
    ],  # fmt: skip
    f"/working-groups/{WG3}/discussions/{{wg2}}/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/working-groups/no-such-group/discussions/": [LOGIN] + [NOT_FOUND] * 5 + [LOGIN],
    "/discussions/people/?q=ke": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
    f"/discussions/people/?group={WG2}&q=ke": [LOGIN, OK, OK, OK, NOT_FOUND, NOT_FOUND, LOGIN],
    "/discussions/documents/?q=report": [LOGIN, OK, OK, OK, OK, OK, LOGIN],
}

# (url, data) -> expected per role. Moderation: 404 if unreadable, 403 if readable only.
POSTS = {
    ("/discussions/{wg2}/moderate/", "pin"): [
        LOGIN, REDIRECT, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    ("/discussions/{wg3}/moderate/", "lock"): [
        LOGIN, REDIRECT, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    ("/discussions/{collab}/moderate/", "hide"): [
        LOGIN, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN,
    ],
    ("/discussions/posts/{wg2_post}/moderate/", "hide"): [
        LOGIN, REDIRECT, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    ("/discussions/posts/{wg3_post}/moderate/", "hide"): [
        LOGIN, REDIRECT, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    # Editing someone else's post: 403 (the entity focal point wrote them).
    ("/discussions/posts/{collab_post}/edit/", ""): [
        LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD, FORBIDDEN, LOGIN,
    ],
    ("/discussions/posts/{wg2_post}/edit/", ""): [
        LOGIN, FORBIDDEN, FORBIDDEN, BAD, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    ("/discussions/{wg2}/follow/", "follow"): [
        LOGIN, REDIRECT, REDIRECT, REDIRECT, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
    ("/collaboration/{collab}/", ""): [LOGIN, BAD, BAD, BAD, BAD, BAD, LOGIN],
    (f"/working-groups/{WG2}/discussions/{{wg2}}/", ""): [
        LOGIN, BAD, BAD, BAD, NOT_FOUND, NOT_FOUND, LOGIN,
    ],
}  # fmt: skip


def _fill(url, threads):
    return url.format(
        wg2=threads["wg2"].pk,
        wg3=threads["wg3"].pk,
        collab=threads["collab"].pk,
        wg2_post=threads["wg2"].posts.get().pk,
        wg3_post=threads["wg3"].posts.get().pk,
        collab_post=threads["collab"].posts.get().pk,
    )


def _check(response, expected, label):
    if expected == LOGIN:
        assert response.status_code == 302, label
        assert response["Location"].startswith(reverse("account_login")), label
    else:
        assert response.status_code == expected, label


@pytest.mark.parametrize("url", list(GETS))
def test_discussion_pages_by_role(cast, url):
    users, threads = cast
    for role, expected in zip(ROLES, GETS[url], strict=True):
        response = client_for(users[role]).get(_fill(url, threads))
        _check(response, expected, f"GET {url} as {role}")


@pytest.mark.parametrize("key", list(POSTS))
def test_discussion_posts_by_role(cast, key):
    users, threads = cast
    url, action = key
    for role, expected in zip(ROLES, POSTS[key], strict=True):
        # Fresh state for each role: undo any moderation the previous role did.
        Thread.objects.update(pinned=False, locked=False, hidden=False)
        for thread in threads.values():
            thread.posts.update(hidden=False)
        data = {"action": action} if action else {"body": ""}
        response = client_for(users[role]).post(_fill(url, threads), data)
        _check(response, expected, f"POST {url} {action} as {role}")
