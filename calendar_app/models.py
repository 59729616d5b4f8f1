"""The Joint Calendar: events, their exceptions, attendance, reminders, preferences and feeds.

Times: `starts_at` / `ends_at` are aware datetimes (stored in UTC) of the first occurrence, and
`timezone` is the IANA zone the event is planned in (recurrences are expanded in that zone, so a
monthly 10:00 meeting in New York stays at 10:00 local time across daylight-saving changes).
All-day events also keep their days (`start_date`, `end_date`, the last day inclusive); their
`starts_at` / `ends_at` are midnight to midnight in the event's zone, so every window query works
the same way for both kinds.

`series_ends_at` is when the last occurrence ends (NULL for a series without an end); the window
queries use it to find recurring events that may have an occurrence in a given month or week.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from entities.models import Organization, Region
from workinggroups.models import Meeting, WorkingGroup

from .visibility import EventQuerySet


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


_TIMEZONES: frozenset[str] | None = None


def available_timezones() -> frozenset[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(zoneinfo.available_timezones())
    return _TIMEZONES


class Event(models.Model):
    class Type(models.TextChoices):
        WG_MEETING = "wg_meeting", _("Working Group meeting")
        CC_MEETING = "cc_meeting", _("Coordination Committee meeting")
        HIGH_LEVEL = "high_level", _("High-level event")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        WEBINAR = "webinar", _("Webinar")
        FIELD_MISSION = "field_mission", _("Field mission")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    # The same tiers as the library (library.models.Document.Visibility).
    class Visibility(models.TextChoices):
        ALL = "all", _("All focal points")
        COMPACT = "compact", _("Compact entities only")
        GROUPS = "groups", _("Members of given Working Groups")
        ORGANIZATIONS = "organizations", _("Given organizations")
        SECRETARIAT = "secretariat", _("Secretariat only")

    title = models.CharField(_("title"), max_length=300)
    event_type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    co_organizers = models.ManyToManyField(
        Organization,
        verbose_name=_("co-organizers"),
        blank=True,
        related_name="co_organized_events",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("Working Group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    participant_groups = models.ManyToManyField(
        WorkingGroup,
        verbose_name=_("high-level participants from"),
        help_text=_("Groups whose chairs or principals are expected (used for conflict warnings)."),
        blank=True,
        related_name="participating_events",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    countries = models.ManyToManyField(
        Organization,
        verbose_name=_("countries"),
        blank=True,
        limit_choices_to={"kind": "member_state"},
        related_name="country_events",
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)

    all_day = models.BooleanField(_("all day"), default=False)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    rrule = models.CharField(
        _("repeats"),
        max_length=200,
        blank=True,
        help_text=_("An iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12."),
    )
    series_ends_at = models.DateTimeField(_("last occurrence ends"), null=True, blank=True)

    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("in-person places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("Leave empty for no limit."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Sanitised rich text.")
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Sanitised rich text."))
    documents = models.ManyToManyField(
        "library.Document", verbose_name=_("documents"), blank=True, related_name="events"
    )

    visibility = models.CharField(
        _("who may see it"),
        max_length=15,
        choices=Visibility.choices,
        default=Visibility.ALL,
        db_index=True,
    )
    audience_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("visible to members of"), blank=True, related_name="+"
    )
    audience_organizations = models.ManyToManyField(
        Organization, verbose_name=_("visible to"), blank=True, related_name="+"
    )

    sequence = models.PositiveIntegerField(_("revision"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_created",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["series_ends_at", "updated_at"],
        m2m_fields=["audience_groups", "audience_organizations"],
        verbose_name=_("historical event"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["series_ends_at"], name="event_series_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(all_day=False)
                | (Q(start_date__isnull=False) & Q(end_date__gte=F("start_date"))),
                name="all_day_event_has_days",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def in_person(self) -> bool:
        return bool(self.venue)


class OccurrenceException(models.Model):
    """One occurrence of a recurring event cancelled (EXDATE) or moved (RECURRENCE-ID)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exceptions")
    original_start = models.DateTimeField(_("planned start"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    starts_at = models.DateTimeField(_("moved to start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("moved to end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_start"]
        verbose_name = _("occurrence exception")
        verbose_name_plural = _("occurrence exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="one_exception_per_occurrence"
            ),
            models.CheckConstraint(
                condition=Q(cancelled=True)
                | (Q(starts_at__isnull=False) & Q(ends_at__gt=F("starts_at"))),
                name="moved_occurrence_has_times",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.original_start:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    """A person's answer for an event (for a recurring event: for the whole series)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        DECLINED = "declined", _("Declined")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_attendances"
    )
    status = models.CharField(_("answer"), max_length=12, choices=Status.choices)
    mode = models.CharField(
        _("taking part"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_answer_per_event"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="attendance_user_status")]

    def __str__(self):
        return f"{self.user_id} → {self.event_id}: {self.status}"


class SentReminder(models.Model):
    """A reminder claimed for one person, one occurrence and one lead time: sent once, ever."""

    class Kind(models.TextChoices):
        DAY = "24h", _("24 hours before")
        HOUR = "1h", _("1 hour before")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occurrence_start = models.DateTimeField()
    kind = models.CharField(max_length=3, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "occurrence_start", "kind"], name="one_reminder_each"
            ),
        ]

    def __str__(self):
        return f"{self.kind} reminder: event {self.event_id}, user {self.user_id}"


class CalendarPreference(models.Model):
    """How a person sees the calendar and which reminders they want."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_preference"
    )
    timezone = models.CharField(
        _("show times in"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    remind_day_before = models.BooleanField(_("remind me 24 hours before"), default=True)
    remind_hour_before = models.BooleanField(_("remind me 1 hour before"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar preference")
        verbose_name_plural = _("calendar preferences")

    def __str__(self):
        return f"{self.user_id}: {self.timezone}"


class FeedToken(models.Model):
    """A secret subscription-feed address; only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("name"), max_length=100, blank=True)
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("only events of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return self.label or f"feed {self.pk}"
