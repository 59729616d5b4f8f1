"""Subscriptions: follow a theme, a Working Group, an organization or a saved search, and be told.

Actions (`follow`, `unfollow`) change what a person follows. `notify_subscribers(document_id)` runs
in Celery once a document is published (and again, harmlessly, once its text is indexed):

1. the *candidates* are the active users whose subscriptions match the document — its themes, its
   Working Groups, its author organizations and countries, or a saved search whose text matches the
   document's search vector (one SQL statement for every distinct saved query); a newsletter
   (bi-monthly or annual) goes to every active member of the network instead;
2. the *audience* is the candidates who may see the document: the library's one visibility rule
   (`Document.objects.visible_to(user)`) is asked once per *class* of candidates — people of the
   same organization with the same Secretariat standing see the same documents — so the number of
   queries is bounded by the organizations involved, not by the people;
3. one `DocumentNotification` row per (user, document) is created (a unique constraint: never
   twice), except for people who asked for no email ("never");
4. the whole audience is told through `notifications.notify` (kind "documents", key
   `document:<id>:user`): in their notification centre, and by email as each person chose —
   "as it happens" through the outbox (dedupe key `document:<id>:user:<id>`), otherwise in the
   one daily or weekly digest of the notifications app. A document not open to all focal points
   is emailed as its title and link only. (`send_digests` below, the library's own digest, is
   no longer scheduled: the notifications digest replaced it.)
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from entities.accounts import SECRETARIAT_GROUP
from entities.emails import queue_email
from entities.models import FocalPoint, Organization, Theme, User
from notifications.models import Delivery, Kind
from notifications.services import notify
from workinggroups.models import WorkingGroup

from .models import Document, DocumentNotification, Subscription

logger = logging.getLogger(__name__)

IMMEDIATE, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
DIGEST_FREQUENCIES = (DAILY, WEEKLY)
# Users without a focal-point profile (e.g. a superuser) get the profile's default.
DEFAULT_FREQUENCY = DAILY
NEWSLETTER_TYPES = (Document.Type.NEWSLETTER, Document.Type.ANNUAL_NEWSLETTER)
# The query-string keys a saved search keeps (the rest — page, sort, htmx noise — is dropped).
SAVED_SEARCH_KEYS = ("q", "type", "theme", "pillar", "group", "organization", "country", "language")
SEARCH_CONFIG = "english"
DIGEST_LIMIT = 200  # documents listed in one digest email; the rest are counted


# --- visibility ---------------------------------------------------------------------------------


def visible_documents(user):
    """The library's one visibility rule."""
    return Document.objects.visible_to(user)


# --- following ----------------------------------------------------------------------------------


def normalize_saved_query(raw: str) -> str:
    """A library query string reduced to its search keys, in a stable order ('' if empty)."""
    raw = (raw or "").strip().lstrip("?")
    pairs = [
        (key, value.strip())
        for key, value in parse_qsl(raw, keep_blank_values=False)
        if key in SAVED_SEARCH_KEYS and value.strip()
    ]
    pairs.sort(key=lambda pair: (SAVED_SEARCH_KEYS.index(pair[0]), pair[1]))
    return urlencode(pairs)[:500]


def saved_query_text(query: str) -> str:
    return " ".join(value for key, value in parse_qsl(query) if key == "q").strip()


@transaction.atomic
def follow(
    user: User,
    *,
    actor,
    kind: str,
    theme: Theme | None = None,
    group: WorkingGroup | None = None,
    organization: Organization | None = None,
    query: str = "",
    name: str = "",
) -> Subscription:
    """Follow something; following it again returns the existing subscription."""
    if kind not in Subscription.Kind.values:
        raise ValueError(f"Unknown subscription kind {kind!r}")
    if actor is not None and actor.pk != user.pk:
        raise PermissionError("People choose what they follow themselves.")
    target = {
        Subscription.Kind.THEME: {"theme": theme},
        Subscription.Kind.GROUP: {"group": group},
        Subscription.Kind.ORGANIZATION: {"organization": organization},
        Subscription.Kind.SEARCH: {"query": normalize_saved_query(query)},
    }[kind]
    if not next(iter(target.values())):
        raise ValueError("A subscription names what it follows.")
    # One lock per user, so two clicks at once do not create two subscriptions.
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = Subscription.objects.filter(user=user, kind=kind, **target).first()
    if existing is not None:
        return existing
    if kind == Subscription.Kind.SEARCH and not name:
        name = saved_query_text(target["query"]) or target["query"]
    subscription = Subscription.objects.create(user=user, kind=kind, name=name[:200], **target)
    logger.info("user %s follows %s %s", user.pk, kind, subscription.pk)
    return subscription


def follow_theme(user, theme, *, actor):
    return follow(user, actor=actor, kind=Subscription.Kind.THEME, theme=theme)


def follow_group(user, group, *, actor):
    return follow(user, actor=actor, kind=Subscription.Kind.GROUP, group=group)


def follow_organization(user, organization, *, actor):
    return follow(user, actor=actor, kind=Subscription.Kind.ORGANIZATION, organization=organization)


def follow_search(user, query, *, actor, name=""):
    return follow(user, actor=actor, kind=Subscription.Kind.SEARCH, query=query, name=name)


@transaction.atomic
def unfollow(subscription: Subscription, *, actor) -> None:
    if actor is None or actor.pk != subscription.user_id:
        raise PermissionError("People stop following things themselves.")
    subscription.delete()
    logger.info("user %s unfollowed subscription %s", actor.pk, subscription.pk)


def subscriptions_of(user):
    return Subscription.objects.filter(user=user).select_related("theme", "group", "organization")


def subscription_label(subscription: Subscription) -> str:
    target = subscription.theme or subscription.group or subscription.organization
    if target is not None:
        return getattr(target, "label", None) or str(target)
    return subscription.name or subscription.query


# --- who is told --------------------------------------------------------------------------------


def _matching_search_subscriptions(document: Document) -> list[int]:
    """Subscription ids of saved searches that match the document (one query for the text)."""
    searches = list(
        Subscription.objects.filter(kind=Subscription.Kind.SEARCH, user__is_active=True).values(
            "pk", "query"
        )
    )
    if not searches:
        return []
    by_query: dict[str, list[int]] = {}
    for row in searches:
        by_query.setdefault(normalize_saved_query(row["query"]), []).append(row["pk"])
    facets = {
        "type": {document.doc_type},
        "theme": set(document.themes.values_list("slug", flat=True)),
        "group": set(document.working_groups.values_list("slug", flat=True)),
        "organization": set(document.author_organizations.values_list("slug", flat=True)),
        "country": set(document.countries.values_list("iso3", flat=True))
        | set(document.countries.values_list("slug", flat=True)),
        "language": set(document.languages or []),
    }
    texts: dict[str, list[str]] = {}
    for query in by_query:
        ok = True
        for key, value in parse_qsl(query):
            if key in facets and value not in facets[key]:
                ok = False
        if ok:
            texts.setdefault(saved_query_text(query), []).append(query)
    matched_queries = list(texts.pop("", []))  # facet-only searches match on facets alone
    if texts:
        values = ", ".join(["(%s)"] * len(texts))
        sql = (
            f"SELECT v.q FROM (VALUES {values}) AS v(q), library_document d "  # noqa: S608
            "WHERE d.id = %s AND coalesce(d.search_vector, "
            "to_tsvector(%s::regconfig, d.title || ' ' || d.summary)) "
            "@@ websearch_to_tsquery(%s::regconfig, v.q)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*texts, document.pk, SEARCH_CONFIG, SEARCH_CONFIG])
            for (text,) in cursor.fetchall():
                matched_queries.extend(texts[text])
    return [pk for query in matched_queries for pk in by_query[query]]


def _candidate_users(document: Document):
    """Active users to consider, with what decides what they see and how they want email."""
    in_group = Exists(
        User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=SECRETARIAT_GROUP)
    )
    secretariat = Q(is_superuser=True) | (Q(is_staff=True) & Q(in_secretariat_group=True))
    users = User.objects.filter(is_active=True).annotate(in_secretariat_group=in_group)
    if document.doc_type not in NEWSLETTER_TYPES:
        matches = Q(kind=Subscription.Kind.THEME, theme__in=document.themes.all())
        matches |= Q(kind=Subscription.Kind.GROUP, group__in=document.working_groups.all())
        matches |= Q(
            kind=Subscription.Kind.ORGANIZATION,
            organization__in=document.author_organizations.all(),
        )
        matches |= Q(kind=Subscription.Kind.ORGANIZATION, organization__in=document.countries.all())
        search_ids = _matching_search_subscriptions(document)
        if search_ids:
            matches |= Q(pk__in=search_ids)
        users = users.filter(Exists(Subscription.objects.filter(matches, user_id=OuterRef("pk"))))
    else:  # the newsletter is for the whole network
        users = users.filter(Q(focal_point__isnull=False) | secretariat)
    if document.created_by_id:
        users = users.exclude(pk=document.created_by_id)
    return users.values_list(
        "pk",
        "is_superuser",
        "is_staff",
        "in_secretariat_group",
        "focal_point__organization_id",
        "focal_point__notification_frequency",
    )


def audience(document: Document) -> dict[int, str]:
    """{user id: email frequency} of the people to tell about `document` (see module docstring)."""
    classes: OrderedDict[tuple, list[tuple[int, str]]] = OrderedDict()
    for row in _candidate_users(document):
        user_id, superuser, staff, in_group, organization_id, frequency = row
        key = (bool(superuser or (staff and in_group)), organization_id)
        classes.setdefault(key, []).append((user_id, frequency or DEFAULT_FREQUENCY))
    if not classes:
        return {}
    representatives = User.objects.in_bulk([members[0][0] for members in classes.values()])
    result: dict[int, str] = {}
    for members in classes.values():
        representative = representatives[members[0][0]]
        if visible_documents(representative).filter(pk=document.pk).exists():
            result.update(dict(members))
    return result


def document_url(document_id: int) -> str:
    for name in ("library:detail", "library:document", "library:document_detail"):
        try:
            path = reverse(name, args=[document_id])
            break
        except NoReverseMatch:
            continue
    else:
        path = f"/library/{document_id}/"
    return settings.SITE_URL.rstrip("/") + path


def notify_subscribers(document_id: int) -> int:
    """Record who is to be told about a published document and email the impatient; see above.

    Returns the number of new notifications. Running it twice has the effect of once.
    """
    document = Document.objects.filter(pk=document_id, status=Document.Status.PUBLISHED).first()
    if document is None:
        return 0
    everyone = audience(document)
    people = {uid: freq for uid, freq in everyone.items() if freq != NEVER}
    if not everyone:
        return 0
    with transaction.atomic():
        already = set(
            DocumentNotification.objects.filter(document=document, user_id__in=people).values_list(
                "user_id", flat=True
            )
        )
        DocumentNotification.objects.bulk_create(
            [
                DocumentNotification(user_id=uid, document=document)
                for uid in sorted(people)
                if uid not in already
            ],
            ignore_conflicts=True,
        )
        # In-app for the whole audience; emailed as each person chose (notifications app).
        rows = notify(
            sorted(everyone),
            Kind.DOCUMENTS,
            key=f"document:{document.pk}:user",
            title=document.title,
            url=document_url(document.pk).removeprefix(settings.SITE_URL.rstrip("/")),
            body=document.summary,
            restricted=document.visibility != Document.Visibility.ALL,
            email_template="document_notification",
            email_context={"document": document, "document_url": document_url(document.pk)},
        )
        immediate = [row.recipient_id for row in rows if row.delivery == Delivery.IMMEDIATE]
        if immediate:
            DocumentNotification.objects.filter(
                document=document, user_id__in=immediate, sent_at=None
            ).update(sent_at=timezone.now())
    created = len(people) - len(already)
    logger.info("document %s: %s new notification(s)", document.pk, created)
    return created


def _digest_user_ids(frequency: str) -> list[int]:
    pending = DocumentNotification.objects.filter(user_id=OuterRef("user_id"), sent_at=None)
    # The daily run also catches up on people who switched to "as it happens" meanwhile.
    frequencies = [frequency, IMMEDIATE] if frequency == DAILY else [frequency]
    users = FocalPoint.objects.filter(
        user__is_active=True, notification_frequency__in=frequencies
    ).filter(Exists(pending))
    ids = list(users.order_by("user_id").values_list("user_id", flat=True))
    if frequency == DEFAULT_FREQUENCY:  # accounts without a profile get the default
        ids += list(
            User.objects.filter(is_active=True, focal_point__isnull=True)
            .filter(
                Exists(DocumentNotification.objects.filter(user_id=OuterRef("pk"), sent_at=None))
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return ids


def send_digest(user: User, frequency: str) -> int:
    """One email listing the user's unsent notifications still visible to them; marks them sent."""
    with transaction.atomic():
        rows = list(
            DocumentNotification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(user=user, sent_at=None)
            .select_related("document")
            .order_by("pk")
        )
        if not rows:
            return 0
        visible = set(
            visible_documents(user)
            .filter(pk__in=[row.document_id for row in rows], status=Document.Status.PUBLISHED)
            .values_list("pk", flat=True)
        )
        hidden = [row.pk for row in rows if row.document_id not in visible]
        if hidden:  # restricted since: they were never told, and will not be
            DocumentNotification.objects.filter(pk__in=hidden).delete()
        shown = [row for row in rows if row.document_id in visible]
        if not shown:
            return 0
        documents = [
            {"document": row.document, "url": document_url(row.document_id)} for row in shown
        ]
        queue_email(
            f"document-digest:user:{user.pk}:{shown[0].pk}-{shown[-1].pk}",
            user.email,
            "document_digest",
            {
                "user": user,
                "frequency": frequency,
                "documents": documents[:DIGEST_LIMIT],
                "more": max(0, len(documents) - DIGEST_LIMIT),
                "count": len(documents),
                "subscriptions_url": settings.SITE_URL.rstrip("/")
                + reverse("library_subscriptions"),
            },
        )
        DocumentNotification.objects.filter(pk__in=[row.pk for row in shown]).update(
            sent_at=timezone.now()
        )
    return len(shown)


def send_digests(frequency: str) -> int:
    """The daily or weekly digest for everyone who chose it; returns the emails queued."""
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    users = User.objects.in_bulk(_digest_user_ids(frequency))
    sent = 0
    for user in users.values():
        sent += 1 if send_digest(user, frequency) else 0
    logger.info("%s document digest: %s email(s)", frequency, sent)
    return sent


def schedule_notifications(document_id: int) -> None:
    """Notify subscribers after the commit (call from the action that publishes a document)."""
    from .subscription_tasks import notify_subscribers_task

    transaction.on_commit(lambda: notify_subscribers_task.delay(document_id), robust=True)
