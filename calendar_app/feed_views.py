"""iCalendar downloads and subscription feeds, and the calendar preferences page.

The feed (`/calendar/feed/<token>.ics`) is reached without a session (calendar clients have none):
the secret token is the credential. Only the SHA-256 of a token is stored; a revoked or unknown
token answers 404. The feed holds what the token's owner may see now (`visible_to(owner)`), ended
events of the last 180 days and everything later, optionally one group's. It is cacheable: the
ETag and Last-Modified come from one cheap query, and a conditional GET that matches answers 304
before anything else is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entities.models import User

from .actions import create_feed, hash_token, revoke_feed, save_preferences
from .forms import FeedForm, PreferencesForm
from .ical import build_calendar
from .models import Event, FeedToken
from .preferences import preference_of
from .visibility import get_event_for_user

FEED_PAST = dt.timedelta(days=180)
FEED_MAX_EVENTS = 2000
FEED_MAX_AGE = 900  # seconds calendar clients (and private caches) may keep a copy


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, pk):
    event = get_event_for_user(request.user, pk)
    event = (
        Event.objects.filter(pk=event.pk)
        .select_related("organizer")
        .prefetch_related("exceptions")
        .get()
    )
    response = _ics_response(build_calendar([event]), f"event-{event.pk}.ics")
    response["Cache-Control"] = "private, no-cache"
    return response


def _feed_events(owner, feed: FeedToken):
    events = Event.objects.visible_to(owner).filter(
        Q(series_ends_at__isnull=True) | Q(series_ends_at__gte=timezone.now() - FEED_PAST)
    )
    if feed.group_id:
        events = events.filter(working_group_id=feed.group_id)
    return events


@login_not_required
@require_GET
def feed(request, token):
    if len(token) > 100:
        raise Http404
    feed = (
        FeedToken.objects.select_related("group")
        .filter(token_hash=hash_token(token), revoked_at=None, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    owner = User.objects.get(pk=feed.user_id)
    events = _feed_events(owner, feed)
    versions = list(
        events.order_by("pk").values_list("pk", "sequence", "updated_at")[:FEED_MAX_EVENTS]
    )
    digest = hashlib.sha256(
        f"{feed.pk}|{feed.group_id}|".encode()
        + "|".join(f"{pk}:{seq}:{changed.timestamp()}" for pk, seq, changed in versions).encode()
    ).hexdigest()[:32]
    etag = quote_etag(digest)
    last_modified = max((changed for _pk, _seq, changed in versions), default=feed.created_at)
    last_modified_ts = int(last_modified.timestamp())

    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    not_modified = (
        etag in [tag.strip() for tag in if_none_match.split(",")]
        if if_none_match
        else (if_modified_since is not None and if_modified_since >= last_modified_ts)
    )
    if not_modified:
        response = HttpResponseNotModified()
    else:
        rows = (
            Event.objects.filter(pk__in=[pk for pk, _seq, _changed in versions])
            .select_related("organizer")
            .prefetch_related("exceptions")
            .order_by("starts_at", "pk")
        )
        name = _("Compact calendar")
        if feed.group_id:
            name = f"{name} — {feed.group}"
        response = HttpResponse(
            build_calendar(rows, name=name), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="compact-calendar.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified_ts)
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_app:feed", args=[token]))


def preferences(request):
    preference = preference_of(request.user)
    new_feed_url = ""
    preferences_form = PreferencesForm(
        initial={
            "timezone": preference.timezone,
            "remind_day_before": preference.remind_day_before,
            "remind_hour_before": preference.remind_hour_before,
        }
    )
    feed_form = FeedForm()
    if request.method == "POST":
        if request.POST.get("form") == "feed":
            feed_form = FeedForm(request.POST)
            if feed_form.is_valid():
                _feed, token = create_feed(
                    actor=request.user,
                    label=feed_form.cleaned_data["label"],
                    group=feed_form.cleaned_data["group"],
                )
                # Shown once, on this response only: the token itself is not stored.
                new_feed_url = _feed_url(request, token)
                feed_form = FeedForm()
        else:
            preferences_form = PreferencesForm(request.POST)
            if preferences_form.is_valid():
                data = preferences_form.cleaned_data
                save_preferences(
                    actor=request.user,
                    timezone_name=data["timezone"],
                    remind_day_before=data["remind_day_before"],
                    remind_hour_before=data["remind_hour_before"],
                )
                messages.success(request, _("Your calendar settings are saved."))
                return redirect("calendar_app:preferences")
    feeds = FeedToken.objects.filter(user=request.user).select_related("group")
    return render(
        request,
        "calendar_app/preferences.html",
        {
            "preferences_form": preferences_form,
            "feed_form": feed_form,
            "feeds": feeds,
            "new_feed_url": new_feed_url,
        },
    )


@require_POST
def revoke_feed_view(request, pk):
    feed = FeedToken.objects.filter(pk=pk, user=request.user).first()
    if feed is None:
        raise Http404
    if revoke_feed(feed, actor=request.user):
        messages.success(request, _("The feed address no longer works."))
    return redirect("calendar_app:preferences")
