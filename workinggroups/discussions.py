"""Discussions: who may read, post in and moderate them, and the reads that depend on it.

Discussions live in each group's space (`Thread.group` set) and in the cross-cutting
"Collaboration" area (`Thread.group` is None). The rules, decided once and enforced here on
querysets (views, the space panel, notifications and the mention picker all call these):

Reading
- the **Collaboration** area: every active focal point, whatever their organization (Compact
  entities, Member States, regional and international organizations), and the Secretariat;
- a **group's** discussions: the Secretariat, focal points of every Compact entity (the groups
  are the entities' shared work), and focal points of any organization that belongs to the group
  (member, observer or leadership, ad hoc included). Member State and regional focal points whose
  organization is not in the group read the Collaboration area only.

Posting (new threads and replies)
- the Collaboration area: everyone who may read it;
- a group: the Secretariat, the group's editors (`workinggroups.moderate_discussions`) and focal
  points of the organizations that belong to the group. Other readers read only (403 on POST).
- nobody but a moderator posts in a locked thread.

Moderating (pin, lock, hide and their undoing)
- a group: holders of `workinggroups.moderate_discussions` on that group (its editors) and the
  Secretariat; the Collaboration area: the Secretariat.
- hidden threads and posts are shown to moderators only (404 / left out for everyone else).

Editing: the author may edit their own post at any time, unless it was hidden or the thread is
locked; the post then shows "edited". Nobody edits someone else's post (moderators hide it).

Deactivated accounts and accounts without a focal-point profile (and not Secretariat) see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from entities.accounts import is_secretariat
from entities.models import FocalPoint, Organization, User

from .models import Post, Thread, WorkingGroup, WorkingGroupMembership

_CACHE_ATTRIBUTE = "_discussion_participant"
MODERATE = "workinggroups.moderate_discussions"


@dataclass(frozen=True)
class Participant:
    """What the discussion rules need to know about a user (computed once per request)."""

    user_id: int | None
    secretariat: bool = False
    organization_id: int | None = None
    compact_entity: bool = False
    member_group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_anyone(self) -> bool:
        return self.user_id is not None and (self.secretariat or self.organization_id is not None)


def participant_of(user) -> Participant:
    """The user's facts, cached on the user object (at most two queries, then none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Participant(user_id=None)
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    row = (
        FocalPoint.objects.filter(user_id=user.pk)
        .values_list("organization_id", "organization__kind")
        .first()
    )
    organization_id, kind = row if row else (None, "")
    groups = frozenset()
    if organization_id is not None:
        groups = frozenset(
            WorkingGroupMembership.objects.filter(organization_id=organization_id).values_list(
                "group_id", flat=True
            )
        )
    participant = Participant(
        user_id=user.pk,
        secretariat=is_secretariat(user),
        organization_id=organization_id,
        compact_entity=kind == Organization.Kind.COMPACT_ENTITY,
        member_group_ids=groups,
    )
    setattr(user, _CACHE_ATTRIBUTE, participant)
    return participant


def _group_pk(group) -> int | None:
    return getattr(group, "pk", group)


# --- the rules ----------------------------------------------------------------------------------


def can_read_area(user, group: WorkingGroup | None) -> bool:
    """May `user` read the discussions of `group` (None: the Collaboration area)?"""
    p = participant_of(user)
    if not p.is_anyone:
        return False
    if group is None or p.secretariat or p.compact_entity:
        return True
    return _group_pk(group) in p.member_group_ids


def can_moderate_area(user, group: WorkingGroup | None) -> bool:
    p = participant_of(user)
    if p.user_id is None:
        return False
    if p.secretariat:
        return True
    if group is None:
        return False
    # One guardian query per user object and group (django-guardian caches on the checker only).
    cache = user.__dict__.setdefault("_discussion_moderates", {})
    key = _group_pk(group)
    if key not in cache:
        cache[key] = user.has_perm(MODERATE, group)
    return cache[key]


def can_post_area(user, group: WorkingGroup | None) -> bool:
    p = participant_of(user)
    if not p.is_anyone:
        return False
    if group is None or p.secretariat:
        return True
    return _group_pk(group) in p.member_group_ids or can_moderate_area(user, group)


def can_reply(user, thread: Thread) -> bool:
    if thread.locked and not can_moderate_area(user, thread.group):
        return False
    return can_post_area(user, thread.group)


def can_edit_post(user, post: Post) -> bool:
    p = participant_of(user)
    return (
        p.is_anyone
        and post.author_id == p.user_id
        and not post.hidden
        and not post.thread.locked
        and can_read_area(user, post.thread.group)
    )


# --- querysets ----------------------------------------------------------------------------------


def readable_threads_condition(user) -> Q:
    """A WHERE clause on Thread: the areas `user` may read (hidden threads are not excluded)."""
    p = participant_of(user)
    if not p.is_anyone:
        return Q(pk__in=[])
    if p.secretariat or p.compact_entity:
        return Q()
    return Q(group__isnull=True) | Q(group_id__in=p.member_group_ids)


def moderated_group_ids(user) -> set[int]:
    """Groups whose discussions `user` moderates (by object permission; Secretariat: all)."""
    from .models import WorkingGroupUserObjectPermission

    p = participant_of(user)
    if p.user_id is None:
        return set()
    if p.secretariat:
        return set(WorkingGroup.objects.values_list("pk", flat=True))
    return set(
        WorkingGroupUserObjectPermission.objects.filter(
            user_id=p.user_id,
            permission__codename="moderate_discussions",
            permission__content_type__app_label="workinggroups",
        ).values_list("content_object_id", flat=True)
    )


def threads_visible_to(user) -> QuerySet[Thread]:
    """Every thread `user` may open: readable areas, hidden ones only where they moderate."""
    p = participant_of(user)
    threads = Thread.objects.filter(readable_threads_condition(user))
    if p.secretariat:
        return threads
    if not p.is_anyone:
        return Thread.objects.none()
    moderated = moderated_group_ids(user)
    return threads.filter(Q(hidden=False) | Q(group_id__in=moderated))


def area_threads(user, group: WorkingGroup | None) -> QuerySet[Thread]:
    """The threads of one area `user` may see (the caller checked `can_read_area`)."""
    threads = Thread.objects.filter(group=group) if group else Thread.objects.filter(group=None)
    if not can_moderate_area(user, group):
        threads = threads.filter(hidden=False)
    return threads


def get_thread_for_user(user, group: WorkingGroup | None, pk) -> Thread:
    """The thread `pk` of that area if `user` may see it; 404 for missing and not allowed."""
    if not can_read_area(user, group):
        raise Http404
    try:
        return area_threads(user, group).select_related("group", "created_by").get(pk=pk)
    except (Thread.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_post_for_user(user, pk) -> Post:
    """A post (with its thread) `user` may see; 404 otherwise."""
    try:
        post = Post.objects.select_related("thread", "thread__group").get(pk=pk)
    except (Post.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    group = post.thread.group
    if not can_read_area(user, group):
        raise Http404
    if (post.hidden or post.thread.hidden) and not can_moderate_area(user, group):
        raise Http404
    return post


def visible_posts(user, thread: Thread) -> QuerySet[Post]:
    posts = thread.posts.all()
    if not can_moderate_area(user, thread.group):
        posts = posts.filter(hidden=False)
    return posts


def readers_among(user_ids, group: WorkingGroup | None) -> set[int]:
    """The users among `user_ids` who may read the area now (active, with a profile or staff).

    One query for the profiles, one for the Secretariat, and one for the group's members: used
    by notifications and mentions, so no per-person rule checks.
    """
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    from entities.accounts import SECRETARIAT_GROUP

    secretariat = set(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=SECRETARIAT_GROUP))
        .values_list("pk", flat=True)
    )
    profiles = FocalPoint.objects.filter(user_id__in=user_ids - secretariat, user__is_active=True)
    if group is None:
        return secretariat | set(profiles.values_list("user_id", flat=True))
    members = WorkingGroupMembership.objects.filter(group_id=_group_pk(group)).values(
        "organization_id"
    )
    readers = profiles.filter(
        Q(organization__kind=Organization.Kind.COMPACT_ENTITY) | Q(organization_id__in=members)
    )
    return secretariat | set(readers.values_list("user_id", flat=True))


def thread_path(thread: Thread, group_slug: str | None = None) -> str:
    """The thread's page: in its group's space, or in the Collaboration area."""
    from django.urls import reverse

    if thread.group_id is None:
        return reverse("discussions:collaboration_thread", args=[thread.pk])
    slug = group_slug or thread.group.slug
    return reverse("discussions:group_thread", args=[slug, thread.pk])


def area_name(group: WorkingGroup | None) -> str:
    from django.utils.translation import gettext

    return str(group) if group is not None else gettext("Collaboration")
