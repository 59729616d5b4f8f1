"""State changes of discussions: threads, posts, subscriptions and moderation.

Views check the rules (`workinggroups.discussions`) before calling these; the functions run in a
transaction, save with `update_fields`, write moderation to the audit log (and an admin LogEntry
on the thread), and record the new post's notifications in the same transaction, so they cannot
be lost: the emails are sent by Celery after the commit (`discussion_notifications`).
"""

from __future__ import annotations

import html
import logging
import re

import nh3
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .discussion_notifications import record_post_notifications, schedule_post_emails
from .discussions import readers_among
from .models import Post, Thread, ThreadSubscription, WorkingGroup

audit_log = logging.getLogger("portal.audit")

# Basic formatting and links only.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z!/]")
_URL = re.compile(r"(https?://[^\s<>\"']+)")


def sanitize_post_body(value: str) -> str:
    """The allow-listed HTML a post is stored (and shown) as.

    Text without tags is taken as plain text: blank lines separate paragraphs, line breaks are
    kept and web addresses become links. Anything else (scripts, event handlers, styles, images,
    `javascript:` URLs...) is removed; links get rel="noopener noreferrer".
    """
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", value) if part.strip()]
        value = "".join(
            "<p>"
            + "<br>".join(
                _URL.sub(r'<a href="\1">\1</a>', html.escape(line, quote=False))
                for line in part.split("\n")
            )
            + "</p>"
            for part in paragraphs
        )
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def _subscribe_all(thread: Thread, user_ids) -> None:
    ThreadSubscription.objects.bulk_create(
        [ThreadSubscription(thread=thread, user_id=pk) for pk in sorted(set(user_ids))],
        ignore_conflicts=True,
    )


def _readable_mentions(thread: Thread, mentions) -> list[int]:
    """Mentioned people who may read the thread's area (others are neither subscribed nor told)."""
    ids = {getattr(user, "pk", user) for user in mentions or []}
    return sorted(readers_among(ids, thread.group_id))


def _recount(thread_id: int, **fields) -> None:
    """Set the thread's post count (posts not hidden), from the posts themselves."""
    visible = (
        Post.objects.filter(thread_id=OuterRef("pk"), hidden=False)
        .order_by()
        .values("thread_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Thread.objects.filter(pk=thread_id).update(post_count=Coalesce(Subquery(visible), 0), **fields)


def _create_post(thread: Thread, *, body: str, mentions, documents, actor) -> Post:
    post = Post.objects.create(thread=thread, author=actor, body=sanitize_post_body(body))
    mentioned = _readable_mentions(thread, mentions)
    if mentioned:
        post.mentions.set(mentioned)
    if documents:
        post.documents.set(documents)
    _recount(thread.pk, last_post_at=post.created_at)
    _subscribe_all(thread, [actor.pk, *mentioned])
    record_post_notifications(post)
    schedule_post_emails(post.pk)
    return post


@transaction.atomic
def start_thread(
    group: WorkingGroup | None, *, title: str, body: str, mentions=(), documents=(), actor
) -> Thread:
    """A new discussion in a group (None: the Collaboration area) with its first post."""
    thread = Thread.objects.create(
        group=group, title=title.strip(), created_by=actor, last_post_at=timezone.now()
    )
    _create_post(thread, body=body, mentions=mentions, documents=documents, actor=actor)
    thread.refresh_from_db(fields=["post_count", "last_post_at"])
    return thread


@transaction.atomic
def reply(thread: Thread, *, body: str, mentions=(), documents=(), actor) -> Post:
    """A reply; its author (and anyone mentioned) is subscribed to the thread."""
    # Lock the thread so a concurrent lock by a moderator and the reply do not interleave.
    locked = Thread.objects.select_for_update().filter(pk=thread.pk).values_list("locked").get()[0]
    thread.locked = locked
    return _create_post(thread, body=body, mentions=mentions, documents=documents, actor=actor)


@transaction.atomic
def edit_post(
    post: Post, *, body: str, mentions=(), documents=(), visible_documents, actor
) -> Post:
    """The author's new text. Attachments the author can no longer see are kept as they were.

    People newly mentioned are subscribed and told about the post (once: a notification row per
    post and person); people no longer mentioned are not "un-told".
    """
    post.body = sanitize_post_body(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    kept = set(
        post.documents.exclude(pk__in=visible_documents.values("pk")).values_list("pk", flat=True)
    )
    post.documents.set(kept | {document.pk for document in documents})
    before = set(post.mentions.values_list("pk", flat=True))
    mentioned = _readable_mentions(post.thread, mentions)
    post.mentions.set(mentioned)
    new = set(mentioned) - before
    if new:
        _subscribe_all(post.thread, new)
        record_post_notifications(post, only_user_ids=new)
        schedule_post_emails(post.pk)
    return post


def subscribe(thread: Thread, *, actor) -> bool:
    """Follow a thread; False if already following."""
    _obj, created = ThreadSubscription.objects.get_or_create(thread=thread, user=actor)
    return created


def unsubscribe(thread: Thread, *, actor) -> bool:
    deleted, _details = ThreadSubscription.objects.filter(thread=thread, user=actor).delete()
    return bool(deleted)


# --- moderation ---------------------------------------------------------------------------------

THREAD_FLAGS = ("pinned", "locked", "hidden")


def _record(actor, thread: Thread, message: str) -> None:
    audit_log.info("discussion %s: %s (by user %s)", thread.pk, message, getattr(actor, "pk", None))
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(Thread),
            object_id=str(thread.pk),
            object_repr=str(thread)[:200],
            action_flag=CHANGE,
            change_message=message,
        )


@transaction.atomic
def set_thread_flag(thread: Thread, flag: str, value: bool, *, actor) -> bool:
    """Pin, lock or hide a thread (or undo it); False when it already was so."""
    if flag not in THREAD_FLAGS:
        raise ValueError(f"Unknown flag {flag!r}")
    changed = Thread.objects.filter(pk=thread.pk).exclude(**{flag: value}).update(**{flag: value})
    setattr(thread, flag, value)
    if changed:
        _record(actor, thread, f"{flag} set to {value}.")
    return bool(changed)


@transaction.atomic
def set_post_hidden(post: Post, hidden: bool, *, actor) -> bool:
    """Hide a post from everyone but the moderators (or show it again); the count follows."""
    changed = (
        Post.objects.filter(pk=post.pk)
        .exclude(hidden=hidden)
        .update(hidden=hidden, hidden_by=actor if hidden else None)
    )
    if changed:
        _recount(post.thread_id)
        post.hidden = hidden
        post.hidden_by = actor if hidden else None
        _record(actor, post.thread, f"post {post.pk} hidden set to {hidden}.")
    return bool(changed)
