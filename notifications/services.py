"""Notifications: the one entry point (`notify`), preferences, reading, digests, unsubscribing.

1. A feature calls `notify(recipients, kind, key=..., title=..., url=..., body=..., restricted=...)`
   inside its transaction (or from its Celery task). One `Notification` row per recipient is
   created in bulk; the (recipient, key) constraint makes a retried task harmless. Each row
   records the person's delivery for the kind then (their `NotificationPreference`, or their
   `FocalPoint.notification_frequency`).
2. "As it happens" people get one email each through the outbox after the commit, dedupe key
   `<key>:<user id>` (so a feature keeps its own email template and key if it passes one).
   Emails about restricted content carry the title and link only, never the body.
3. "Daily" and "weekly" people get ONE digest per period (`send_digests`), listing every pending
   notification across kinds. A `DigestRun` row (unique per user, period and period key) is
   created in the same transaction as the email and the rows it covers, so a worker killed
   mid-run and restarted sends each person's digest exactly once.
4. Every email carries a signed unsubscribe link per kind (no login needed).
5. The unread count for the header badge is kept in the cache (no SQL on a page render); notify
   and marking read invalidate it.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from entities.emails import queue_email
from entities.models import FocalPoint, User

from .models import Delivery, DigestRun, Kind, Notification, NotificationPreference

logger = logging.getLogger(__name__)

DIGEST_PERIODS = (Delivery.DAILY, Delivery.WEEKLY)
DIGEST_LIMIT = 200  # notifications listed in one digest email; the rest are counted
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNREAD_CACHE_TIMEOUT = 600
# FocalPoint.notification_frequency → delivery (accounts without a profile: daily).
_FROM_PROFILE = {"immediate": Delivery.IMMEDIATE, "daily": Delivery.DAILY}
_FROM_PROFILE |= {"weekly": Delivery.WEEKLY, "never": Delivery.OFF}
DEFAULT_DELIVERY = Delivery.DAILY
# Kinds that cannot wait for a digest: without an explicit preference, emailed as it happens
# (unless the person's profile says "never").
URGENT_KINDS = {Kind.EVENTS}


# --- preferences --------------------------------------------------------------------------------


def deliveries_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """{user id: delivery} for one kind: the explicit preference, else the profile's frequency."""
    user_ids = list(user_ids)
    result = dict.fromkeys(user_ids, DEFAULT_DELIVERY)
    for user_id, frequency in FocalPoint.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "notification_frequency"
    ):
        result[user_id] = _FROM_PROFILE.get(frequency, DEFAULT_DELIVERY)
    if kind in URGENT_KINDS:
        result = {
            user_id: Delivery.OFF if delivery == Delivery.OFF else Delivery.IMMEDIATE
            for user_id, delivery in result.items()
        }
    result.update(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return result


def preferences_of(user) -> dict[str, str]:
    """{kind: delivery} for every kind (defaults filled in)."""
    try:
        frequency = user.focal_point.notification_frequency
    except FocalPoint.DoesNotExist:
        frequency = None
    default = _FROM_PROFILE.get(frequency, DEFAULT_DELIVERY)
    result = dict.fromkeys(Kind.values, default)
    for kind in URGENT_KINDS:
        result[kind] = Delivery.OFF if default == Delivery.OFF else Delivery.IMMEDIATE
    result.update(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return result


@transaction.atomic
def set_preferences(user, choices: dict[str, str], *, actor) -> int:
    """Store the deliveries chosen (kind → delivery); returns how many changed."""
    if actor is None or actor.pk != user.pk:
        raise PermissionError("People choose their own notifications.")
    current = preferences_of(user)
    changed = 0
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValueError(f"Unknown kind or delivery {kind!r}/{delivery!r}")
        if (
            current.get(kind) == delivery
            and NotificationPreference.objects.filter(user=user, kind=kind).exists()
        ):
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
        changed += current.get(kind) != delivery
    return changed


def turn_off(user, kind: str) -> bool:
    """Turn email off for one kind (the unsubscribe link). True if it was on."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind {kind!r}")
    with transaction.atomic():
        was = deliveries_for([user.pk], kind)[user.pk]
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": Delivery.OFF}
        )
    logger.info("user %s unsubscribed from %s notifications", user.pk, kind)
    return was != Delivery.OFF


# --- unsubscribe tokens -------------------------------------------------------------------------


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind); raises signing.BadSignature (or SignatureExpired) when not valid."""
    max_age = getattr(settings, "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE", 180 * 24 * 3600)
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("malformed unsubscribe token")
    if data.get("k") not in Kind.values:
        raise signing.BadSignature("unknown kind")
    return data["u"], data["k"]


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


# --- the unread badge ---------------------------------------------------------------------------


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def cached_unread_count(user_id: int) -> int | None:
    """The cached count, or None when it is not cached (no SQL)."""
    return cache.get(_unread_key(user_id))


def unread_count(user_id: int) -> int:
    count = cache.get(_unread_key(user_id))
    if count is None:
        count = Notification.objects.filter(recipient_id=user_id, read_at=None).count()
        cache.set(_unread_key(user_id), count, UNREAD_CACHE_TIMEOUT)
    return count


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop cached counts now, and again after the commit (a read in between may re-cache)."""
    keys = [_unread_key(user_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def mark_read(notification: Notification, *, actor) -> bool:
    if actor is None or actor.pk != notification.recipient_id:
        raise PermissionError("People read their own notifications.")
    updated = Notification.objects.filter(pk=notification.pk, read_at=None).update(
        read_at=timezone.now()
    )
    if updated:
        forget_unread([notification.recipient_id])
    return bool(updated)


def mark_all_read(user, *, actor) -> int:
    if actor is None or actor.pk != user.pk:
        raise PermissionError("People read their own notifications.")
    updated = Notification.objects.filter(recipient=user, read_at=None).update(
        read_at=timezone.now()
    )
    forget_unread([user.pk])
    return updated


# --- notify -------------------------------------------------------------------------------------


def _user_ids(recipients) -> list[int]:
    ids = set()
    for recipient in recipients:
        ids.add(recipient if isinstance(recipient, int) else recipient.pk)
    return sorted(ids)


def notify(
    recipients,
    kind: str,
    *,
    key: str,
    title: str | Callable[[], str],
    url: str,
    body: str = "",
    restricted: bool = False,
    email_template: str = "",
    email_context: dict | None = None,
    at_once_for: Iterable[int] = (),
) -> list[Notification]:
    """Tell `recipients` (users or user ids) about something; returns the rows created now.

    `key` names the event (e.g. "document:42"): a person is notified once per key, however
    often this runs. `title` is a string, or a function that returns one: it is then called in
    each recipient's language (`User.language`), so the centre and emails read in theirs.
    `url` is a site path. Restricted content: `body` is not stored or mailed.
    A feature may keep its own email (`email_template`, rendered with `email_context` plus
    `user`, `notification`, `url` and `unsubscribe_url`); restricted content always gets the
    generic email, which has no body. `at_once_for`: user ids emailed as it happens even if
    they chose a digest (e.g. the person who asked a question gets its answer), unless "off".
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    user_ids = _user_ids(recipients)
    if not user_ids:
        return []
    languages = dict(
        User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "language")
    )
    user_ids = [user_id for user_id in user_ids if user_id in languages]
    deliveries = deliveries_for(user_ids, kind)
    for user_id in set(at_once_for) & set(deliveries):
        if deliveries[user_id] != Delivery.OFF:
            deliveries[user_id] = Delivery.IMMEDIATE
    body = "" if restricted else body
    with transaction.atomic():
        already = set(
            Notification.objects.filter(recipient_id__in=user_ids, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        new_ids = [user_id for user_id in user_ids if user_id not in already]
        titles = titles_by_language(title, {languages[user_id] for user_id in new_ids})
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    kind=kind,
                    key=key[:200],
                    title=titles[languages[user_id]][:300],
                    url=url[:500],
                    body=body,
                    restricted=restricted,
                    delivery=deliveries[user_id],
                )
                for user_id in new_ids
            ],
            ignore_conflicts=True,
        )
        created = list(
            Notification.objects.filter(recipient_id__in=new_ids, key=key).select_related(
                "recipient"
            )
        )
        immediate = [row for row in created if row.delivery == Delivery.IMMEDIATE]
        for row in immediate:
            _email_one(row, email_template, email_context or {})
        if immediate:
            Notification.objects.filter(pk__in=[row.pk for row in immediate]).update(
                emailed_at=timezone.now()
            )
        forget_unread(new_ids)
    logger.info("notification %s (%s): %s new row(s)", key, kind, len(created))
    return created


def titles_by_language(title, languages) -> dict[str, str]:
    """The title for each of `languages` (saved language codes; "" follows the default)."""
    if not callable(title):
        return {language: str(title) for language in languages}
    from compact_portal.i18n import supported_language  # the portal's languages (no import cycle)

    titles = {}
    for language in languages:
        with translation.override(supported_language(language) or settings.LANGUAGE_CODE):
            titles[language] = str(title())
    return titles


def _email_one(row: Notification, template: str, extra: dict) -> None:
    context = {
        **extra,
        "user": row.recipient,
        "notification": row,
        "url": absolute(row.url),
        "unsubscribe_url": unsubscribe_url(row.recipient_id, row.kind),
        "kind_label": Kind(row.kind).label,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    if template and not row.restricted:
        # The feature's own email, with the unsubscribe and settings links added at the end.
        context["feature_subject_template"] = f"emails/{template}_subject.txt"
        context["feature_body_template"] = f"emails/{template}.txt"
        template = "notification_feature"
    else:
        template = "notification"
    queue_email(
        f"{row.key}:{row.recipient_id}",
        row.recipient.email,
        template,
        context,
        # One-click unsubscribe from this kind in mail clients (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- digests ------------------------------------------------------------------------------------


def period_key(period: str, now: datetime.datetime | None = None) -> str:
    """The day ("2026-11-28") or ISO week ("2026-W48") a digest covers."""
    now = timezone.localtime(now or timezone.now(), datetime.UTC)
    if period == Delivery.DAILY:
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def _pending(period: str):
    return Notification.objects.filter(delivery=period, emailed_at=None)


def digest_user_ids(period: str) -> list[int]:
    pending = _pending(period).filter(recipient_id=OuterRef("pk"))
    return list(
        User.objects.filter(is_active=True)
        .filter(Exists(pending))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_digest(user: User, period: str, key: str) -> int:
    """The user's one digest for the period (no-op if already sent); returns rows included."""
    try:
        with transaction.atomic():
            run, created = DigestRun.objects.get_or_create(user=user, period=period, period_key=key)
            if not created:
                return 0
            rows = list(
                _pending(period)
                .filter(recipient=user)
                .select_for_update(skip_locked=True)
                .order_by("created_at", "pk")
            )
            current = preferences_of(user)
            off = [row.pk for row in rows if current.get(row.kind) == Delivery.OFF]
            if off:  # turned off since: never emailed
                Notification.objects.filter(pk__in=off).update(delivery=Delivery.OFF)
            rows = [row for row in rows if row.pk not in set(off)]
            if not rows:
                run.delete()
                return 0
            kinds = []
            for row in rows:
                if row.kind not in kinds:
                    kinds.append(row.kind)
            groups = [
                {
                    "label": Kind(kind).label,
                    "items": [
                        {"notification": row, "url": absolute(row.url)}
                        for row in rows[:DIGEST_LIMIT]
                        if row.kind == kind
                    ],
                    "unsubscribe_url": unsubscribe_url(user.pk, kind),
                }
                for kind in kinds
            ]
            queue_email(
                f"digest:{period}:{key}:{user.pk}",
                user.email,
                "digest",
                {
                    "user": user,
                    "period": period,
                    "groups": groups,
                    "count": len(rows),
                    "more": max(0, len(rows) - DIGEST_LIMIT),
                    "centre_url": absolute(reverse("notifications:index")),
                    "preferences_url": absolute(reverse("notifications:preferences")),
                },
            )
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                emailed_at=timezone.now(), digest_run=run
            )
            run.notification_count = len(rows)
            run.save(update_fields=["notification_count"])
    except IntegrityError:  # a concurrent run sent it
        return 0
    return len(rows)


def send_digests(period: str, now: datetime.datetime | None = None) -> int:
    """Everyone's digest for this period; returns the emails queued. Safe to run again."""
    if period not in DIGEST_PERIODS:
        raise ValueError(f"Unknown digest period {period!r}")
    key = period_key(period, now)
    pause = float(getattr(settings, "NOTIFICATIONS_DIGEST_PAUSE", 0) or 0)
    users = User.objects.in_bulk(digest_user_ids(period))
    sent = 0
    for user_id in sorted(users):
        if send_digest(users[user_id], period, key):
            sent += 1
            if pause:  # pace the outbox (e.g. an SMTP relay's rate limit)
                time.sleep(pause)
    logger.info("%s digest %s: %s email(s)", period, key, sent)
    return sent
