"""Telling subscribers about new posts: immediately, or in a daily or weekly digest.

1. When a post is made, `record_post_notifications` (called by the action, in its transaction)
   creates one `PostNotification` per subscriber of the thread — not the author, and only people
   who may read the thread's area now — with `mode` = their `FocalPoint.notification_frequency`
   ("never": no row). The unique (post, user) constraint makes recording twice harmless.
2. After the commit, `send_post_emails(post_id)` (Celery) tells the readers through
   `notifications.notify` (kind "discussions", key `post:<post_id>`): in the notification centre,
   and one email per "immediate" person through the outbox (dedupe key `post:<post_id>:<user_id>`),
   marking the rows sent in the same transaction: a task run twice sends nothing twice. Daily
   and weekly people get it in the notifications app's one digest.
3. (No longer scheduled: the notifications digest replaced it.)
   `send_digests("daily" | "weekly")` sends ONE email per person listing all their
   unsent rows of that mode, and marks them sent (the daily run also picks up "immediate" rows a
   lost task left unsent for more than a few minutes).

At sending time the rules are asked again: rows about a hidden post or thread, or a thread whose
area the person can no longer read, are deleted unsent — hidden content is never mailed.
Emails carry the post's text (plain) and a link, never its attachments.
"""

from __future__ import annotations

import datetime
import html
import logging
from collections import OrderedDict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from entities.emails import queue_email
from entities.models import FocalPoint, User
from notifications.models import Kind
from notifications.services import notify

from .discussions import area_name, readers_among, thread_path
from .models import Post, PostNotification, ThreadSubscription

logger = logging.getLogger(__name__)

IMMEDIATE, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
DIGEST_FREQUENCIES = (DAILY, WEEKLY)
DEFAULT_FREQUENCY = DAILY  # accounts without a focal-point profile (e.g. a superuser)
CATCH_UP_AFTER = datetime.timedelta(minutes=10)
DIGEST_LIMIT = 100  # posts listed in one digest; the rest are counted
EXCERPT_WORDS = 120


def post_text(post: Post) -> str:
    """The post as plain text for an email (the stored HTML is sanitised; tags dropped)."""
    text = strip_tags(post.body.replace("</p>", "</p>\n\n").replace("<br>", "\n"))
    return Truncator(html.unescape(text).strip()).words(EXCERPT_WORDS)


def post_url(post: Post) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{thread_path(post.thread)}#post-{post.pk}"


def frequencies_of(user_ids) -> dict[int, str]:
    frequencies = dict.fromkeys(user_ids, DEFAULT_FREQUENCY)
    frequencies.update(
        FocalPoint.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "notification_frequency"
        )
    )
    return frequencies


def record_post_notifications(post: Post, only_user_ids=None) -> int:
    """One row per subscriber who may read the thread (not the author; "never": none)."""
    thread = post.thread
    if post.hidden or thread.hidden:
        return 0
    subscribers = set(
        ThreadSubscription.objects.filter(thread_id=thread.pk).values_list("user_id", flat=True)
    )
    subscribers.discard(post.author_id)
    if only_user_ids is not None:
        subscribers &= set(only_user_ids)
    readers = readers_among(subscribers, thread.group_id)
    frequencies = frequencies_of(readers)
    rows = [
        PostNotification(post=post, user_id=user_id, mode=frequencies[user_id])
        for user_id in sorted(readers)
        if frequencies[user_id] != NEVER
    ]
    PostNotification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def schedule_post_emails(post_id: int) -> None:
    """Send the "immediate" emails after the commit (call from the action)."""
    from compact_portal.resilience import enqueue

    from .discussion_tasks import send_post_emails_task

    # A broker outage loses nothing: unsent rows are swept up again (sweep_pending_work).
    transaction.on_commit(lambda: enqueue(send_post_emails_task, post_id))


def _drop_unreadable(rows: list[PostNotification]) -> list[PostNotification]:
    """Delete (unsent) the rows about hidden content or areas the person can no longer read."""
    by_group: dict[int | None, set[int]] = {}
    for row in rows:
        by_group.setdefault(row.post.thread.group_id, set()).add(row.user_id)
    readable = {
        (group_id, user_id)
        for group_id, user_ids in by_group.items()
        for user_id in readers_among(user_ids, group_id)
    }
    kept, dropped = [], []
    for row in rows:
        ok = (
            not row.post.hidden
            and not row.post.thread.hidden
            and (row.post.thread.group_id, row.user_id) in readable
        )
        (kept if ok else dropped).append(row)
    if dropped:
        PostNotification.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    return kept


def _claim(queryset):
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .filter(sent_at=None)
        .select_related("post", "post__thread", "post__thread__group", "post__author", "user")
        .order_by("pk")
    )


def send_post_emails(post_id: int) -> int:
    """One email per "immediate" subscriber of a post; idempotent. Returns the emails queued."""
    with transaction.atomic():
        rows = _claim(PostNotification.objects.filter(post_id=post_id, mode=IMMEDIATE))
        rows = [row for row in _drop_unreadable(rows) if row.user.is_active]
        mentioned = set(
            Post.mentions.through.objects.filter(
                post_id=post_id, user_id__in=[row.user_id for row in rows]
            ).values_list("user_id", flat=True)
        )
        if rows:
            post = rows[0].post
            ids = [row.user_id for row in rows]
            for flag, user_ids in (
                (True, [uid for uid in ids if uid in mentioned]),
                (False, [uid for uid in ids if uid not in mentioned]),
            ):
                if user_ids:
                    _notify(post, user_ids, mentioned=flag)
        # The digest people: in their notification centre now, in their one digest later.
        waiting = list(
            PostNotification.objects.filter(post_id=post_id, sent_at=None)
            .exclude(mode=IMMEDIATE)
            .select_related("post", "post__thread", "post__thread__group", "post__author", "user")
        )
        waiting = [row for row in _drop_unreadable(waiting) if row.user.is_active]
        if waiting:
            _notify(waiting[0].post, [row.user_id for row in waiting], mentioned=False)
        PostNotification.objects.filter(pk__in=[row.pk for row in rows]).update(
            sent_at=timezone.now()
        )
    return len(rows)


def _notify(post: Post, user_ids: list[int], *, mentioned: bool) -> None:
    """Through the notifications app: in-app, and emailed as each person chose (idempotent)."""
    thread = post.thread
    notify(
        user_ids,
        Kind.DISCUSSIONS,
        key=f"post:{post.pk}",
        title=lambda: gettext("New post in “%(thread)s”") % {"thread": thread.title},
        url=f"{thread_path(thread)}#post-{post.pk}",
        body=post_text(post),
        email_template="discussion_post",
        email_context={
            "post": post,
            "thread": thread,
            "area": area_name(thread.group),
            "author": post.author,
            "text": post_text(post),
            "url": post_url(post),
            "mentioned": mentioned,
        },
    )


def _digest_modes(frequency: str) -> list[str]:
    return [frequency, IMMEDIATE] if frequency == DAILY else [frequency]


def _digest_rows(frequency: str):
    rows = PostNotification.objects.filter(mode=frequency)
    if frequency == DAILY:  # catch up on "immediate" rows a lost task left unsent
        rows = rows | PostNotification.objects.filter(
            mode=IMMEDIATE, created_at__lt=timezone.now() - CATCH_UP_AFTER
        )
    return rows


def send_digest(user: User, frequency: str) -> int:
    """One email listing the user's unsent posts of that mode; marks them sent. Returns posts."""
    with transaction.atomic():
        rows = _claim(_digest_rows(frequency).filter(user=user))
        if not rows:
            return 0
        if not user.is_active:
            return 0
        if frequencies_of([user.pk])[user.pk] == NEVER:  # asked for no email since: none
            PostNotification.objects.filter(pk__in=[row.pk for row in rows]).delete()
            return 0
        rows = _drop_unreadable(rows)
        if not rows:
            return 0
        threads: OrderedDict[int, dict] = OrderedDict()
        for row in rows[:DIGEST_LIMIT]:
            post = row.post
            entry = threads.setdefault(
                post.thread_id,
                {"thread": post.thread, "area": area_name(post.thread.group), "posts": []},
            )
            entry["posts"].append(
                {
                    "post": post,
                    "author": post.author,
                    "text": post_text(post),
                    "url": post_url(post),
                }
            )
        queue_email(
            f"discussion-digest:{user.pk}:{rows[0].pk}-{rows[-1].pk}",
            user.email,
            "discussion_digest",
            {
                "user": user,
                "frequency": frequency,
                "threads": list(threads.values()),
                "count": len(rows),
                "more": max(0, len(rows) - DIGEST_LIMIT),
            },
        )
        PostNotification.objects.filter(pk__in=[row.pk for row in rows]).update(
            sent_at=timezone.now()
        )
    return len(rows)


def send_digests(frequency: str) -> int:
    """The daily or weekly discussion digest for everyone with unsent posts; returns emails."""
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    pending = _digest_rows(frequency).filter(user_id=OuterRef("pk"), sent_at=None)
    users = User.objects.filter(Exists(pending)).order_by("pk")
    sent = 0
    for user in users:
        sent += 1 if send_digest(user, frequency) else 0
    logger.info("%s discussion digest: %s email(s)", frequency, sent)
    return sent
