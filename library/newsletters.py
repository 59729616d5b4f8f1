"""The bi-monthly "Compact in Review": a library item the Secretariat drafts, edits and publishes.

`generate_newsletter_draft` assembles a *draft* for a period from what the portal knows, with no
invented content:

- the period's new documents that every focal point may see (published, audience "all"),
- the new members: focal points whose profile was created in the period, counted by kind of
  organization, with a few names,
- the Compact in numbers (`compact_portal.selectors.compact_figures`),
- the events of the Joint Calendar every focal point may see: those held in the period and the
  next two months' (cancelled ones left out).

The body is built with `format_html` (every value escaped) and, like every later edit, stored
sanitised by nh3. Publishing makes it visible to all focal points and tells the network (every
active member who may see it, by their email preference) through the subscriptions machinery.
"""

from __future__ import annotations

import datetime
import logging

import nh3
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from entities.models import FocalPoint, Organization

from .models import Document

audit_log = logging.getLogger("portal.audit")

NEWSLETTER_TYPES = (Document.Type.NEWSLETTER, Document.Type.ANNUAL_NEWSLETTER)
DOCUMENTS_LISTED = 25
MEMBER_NAMES_LISTED = 10

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_newsletter_html(value: str) -> str:
    """The allow-listed HTML a newsletter body is stored (and shown) as."""
    return nh3.clean(
        (value or "").strip(),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last complete two-month period (January–February, March–April, ...)."""
    today = today or timezone.localdate()
    first_month = ((today.month - 1) // 2) * 2 + 1  # this period's first month (1, 3, 5, ...)
    end = datetime.date(today.year, first_month, 1) - datetime.timedelta(days=1)
    start_month = end.month - 1
    return datetime.date(end.year, start_month, 1), end


def period_label(start: datetime.date, end: datetime.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return format_date(start, "F Y")
    if start.year == end.year:
        return f"{format_date(start, 'F')}–{format_date(end, 'F Y')}"
    return f"{format_date(start, 'F Y')}–{format_date(end, 'F Y')}"


# --- the period's content -----------------------------------------------------------------------


def period_documents(start: datetime.date, end: datetime.date):
    """New documents of the period that every focal point may see (newsletters aside)."""
    in_period = Q(publication_date__range=(start, end)) | Q(
        publication_date__isnull=True, created_at__date__range=(start, end)
    )
    return (
        Document.objects.filter(
            in_period, status=Document.Status.PUBLISHED, visibility=Document.Visibility.ALL
        )
        .exclude(doc_type__in=NEWSLETTER_TYPES)
        .order_by("-publication_date", "-created_at", "pk")
    )


def period_members(start: datetime.date, end: datetime.date) -> dict:
    members = FocalPoint.objects.active().filter(created_at__date__range=(start, end))
    kinds = dict(Organization.Kind.choices)
    by_kind = [
        {"label": kinds.get(row["organization__kind"], row["organization__kind"]), **row}
        for row in members.values("organization__kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "organization__kind")
    ]
    names = list(
        members.select_related("user", "organization").order_by("created_at", "pk")[
            :MEMBER_NAMES_LISTED
        ]
    )
    return {"total": sum(row["count"] for row in by_kind), "by_kind": by_kind, "names": names}


EVENTS_LISTED = 15
EVENTS_AHEAD_DAYS = 61


def period_events(start: datetime.date, end: datetime.date) -> tuple[list, list]:
    """(held in the period, coming in the next two months): occurrences of the calendar's events
    every focal point may see, cancelled ones left out."""
    from django.utils import timezone

    # The calendar depends on the library, not the other way round: imported when used.
    from calendar_app.models import Event
    from calendar_app.selectors import window_occurrences

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), datetime.UTC)

    events = Event.objects.filter(visibility=Event.Visibility.ALL).exclude(
        status=Event.Status.CANCELLED
    )
    after = end + datetime.timedelta(days=1)
    held = window_occurrences(events, moment(start), moment(after))
    coming = window_occurrences(
        events, moment(after), moment(after + datetime.timedelta(days=EVENTS_AHEAD_DAYS))
    )
    return held[:EVENTS_LISTED], coming[:EVENTS_LISTED]


def newsletter_content(start: datetime.date, end: datetime.date) -> dict:
    from compact_portal.selectors import compact_figures

    documents = period_documents(start, end)
    held, coming = period_events(start, end)
    return {
        "start": start,
        "end": end,
        "documents": list(documents[:DOCUMENTS_LISTED]),
        "documents_total": documents.count(),
        "members": period_members(start, end),
        "figures": compact_figures(),
        "events_held": held,
        "events_coming": coming,
    }


def render_newsletter_body(content: dict) -> str:
    """The draft's HTML, every value escaped by format_html."""
    parts = [
        format_html(
            "<p>{}</p>",
            _(
                "Welcome to this edition of the Counter-Terrorism Compact in Review, covering "
                "%(period)s."
            )
            % {"period": period_label(content["start"], content["end"])},
        ),
        format_html("<h2>{}</h2>", _("The Compact in numbers")),
        format_html(
            "<ul>\n{}\n</ul>",
            format_html_join(
                "\n",
                "<li><strong>{}</strong>: {}</li>",
                ((f["value"], f["label"]) for f in content["figures"]),
            ),
        ),
        format_html("<h2>{}</h2>", _("New in the library")),
    ]
    documents = content["documents"]
    if documents:
        parts.append(
            format_html(
                "<ul>\n{}\n</ul>",
                format_html_join(
                    "\n",
                    '<li><a href="/library/{}/">{}</a> ({})</li>',
                    (
                        (
                            doc.pk,
                            doc.title,
                            ", ".join(
                                filter(
                                    None,
                                    [
                                        str(doc.get_doc_type_display()),
                                        doc.publication_date.isoformat()
                                        if doc.publication_date
                                        else "",
                                    ],
                                )
                            ),
                        )
                        for doc in documents
                    ),
                ),
            )
        )
        if content["documents_total"] > len(documents):
            parts.append(
                format_html(
                    "<p>{}</p>",
                    _("%(count)s documents were shared in the period; more are in the library.")
                    % {"count": content["documents_total"]},
                )
            )
    else:
        parts.append(format_html("<p>{}</p>", _("No new documents were shared with everyone.")))

    members = content["members"]
    parts.append(format_html("<h2>{}</h2>", _("New members of the network")))
    if members["total"]:
        parts.append(
            format_html(
                "<p>{}</p>",
                _("%(count)s new focal points joined the network:") % {"count": members["total"]},
            )
        )
        parts.append(
            format_html(
                "<ul>\n{}\n</ul>",
                format_html_join(
                    "\n",
                    "<li>{}: {}</li>",
                    ((row["label"], row["count"]) for row in members["by_kind"]),
                ),
            )
        )
        parts.append(
            format_html(
                "<p>{} {}</p>",
                _("Among them:"),
                ", ".join(
                    f"{fp.user.get_full_name() or fp.user.email} ({fp.organization.label})"
                    for fp in members["names"]
                ),
            )
        )
    else:
        parts.append(format_html("<p>{}</p>", _("No new focal points joined in the period.")))

    for title, occurrences, empty in (
        (_("Events of the period"), content["events_held"], _("No events in the period.")),
        (_("Coming up"), content["events_coming"], _("No events planned yet.")),
    ):
        parts.append(format_html("<h2>{}</h2>", title))
        if occurrences:
            parts.append(
                format_html(
                    "<ul>\n{}\n</ul>",
                    format_html_join(
                        "\n",
                        '<li><a href="/calendar/events/{}/">{}</a> ({}, {})</li>',
                        (
                            (
                                o.event.pk,
                                o.event.title,
                                o.start.date().isoformat(),
                                o.event.get_event_type_display(),
                            )
                            for o in occurrences
                        ),
                    ),
                )
            )
        else:
            parts.append(format_html("<p>{}</p>", empty))
    return sanitize_newsletter_html("\n".join(str(part) for part in parts))


# --- actions ------------------------------------------------------------------------------------


def _record(actor, document: Document, message: str, flag=CHANGE) -> None:
    audit_log.info("newsletter %s: %s by %s", document.pk, message, getattr(actor, "pk", None))
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(document.pk),
            object_repr=str(document)[:200],
            action_flag=flag,
            change_message=message,
        )


def _reindex(document_id: int) -> None:
    try:
        from .indexing import schedule_reindex
    except ImportError:  # pragma: no cover - the index is rebuilt by the reindex command
        return
    schedule_reindex(Document(pk=document_id))


@transaction.atomic
def generate_newsletter_draft(
    *, period_start: datetime.date, period_end: datetime.date, actor
) -> Document:
    """A draft "Compact in Review" for the period (see the module docstring)."""
    if period_end < period_start:
        raise ValueError("The period ends before it starts.")
    content = newsletter_content(period_start, period_end)
    label = period_label(period_start, period_end)
    document = Document.objects.create(
        title=_("Counter-Terrorism Compact in Review: %(period)s") % {"period": label},
        summary=_(
            "News of the Global Counter-Terrorism Coordination Compact for %(period)s: new "
            "documents, new members and the Compact in numbers."
        )
        % {"period": label},
        body=render_newsletter_body(content),
        doc_type=Document.Type.NEWSLETTER,
        status=Document.Status.DRAFT,
        visibility=Document.Visibility.ALL,
        languages=["en"],
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    _record(actor, document, "Generated a newsletter draft.", flag=ADDITION)
    _reindex(document.pk)
    return document


@transaction.atomic
def update_newsletter(
    document: Document, *, title: str, summary: str, body: str, actor
) -> Document:
    document.title = title.strip()[:300]
    document.summary = summary.strip()
    document.body = sanitize_newsletter_html(body)
    document.save(update_fields=["title", "summary", "body", "updated_at"])
    _record(actor, document, "Edited the newsletter.")
    _reindex(document.pk)
    return document


@transaction.atomic
def publish_newsletter(document: Document, *, actor) -> bool:
    """Publish a draft once (a conditional update); tell the network after the commit."""
    today = timezone.localdate()
    changed = Document.objects.filter(pk=document.pk, status=Document.Status.DRAFT).update(
        status=Document.Status.PUBLISHED,
        publication_date=today,
        visibility=Document.Visibility.ALL,
        updated_at=timezone.now(),
    )
    if not changed:
        return False
    document.status = Document.Status.PUBLISHED
    document.publication_date = today
    document.visibility = Document.Visibility.ALL
    _record(actor, document, "Published the newsletter.")
    _reindex(document.pk)
    from .subscriptions import schedule_notifications

    schedule_notifications(document.pk)
    return True


def newsletters_for(user):
    """Newsletters the user may see: published ones for everyone, drafts too for the Secretariat."""
    return (
        Document.objects.visible_to(user)
        .filter(doc_type__in=NEWSLETTER_TYPES)
        .order_by("status", "-publication_date", "-period_end", "-created_at")
    )
