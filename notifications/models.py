"""In-app notifications and each person's delivery preferences per kind.

- `Notification`: one row per recipient and event, keyed (`recipient`, `key`) so a retried task
  never notifies twice. `delivery` is how the person wanted email about it when it was created;
  `emailed_at` says it has been emailed (alone, or in a digest: `digest_run`).
- `NotificationPreference`: delivery per (user, kind); a missing row means the person's
  `FocalPoint.notification_frequency` ("never" → "off").
- `DigestRun`: one row per (user, period, period key): a digest is sent at most once per period,
  whatever happens to the worker sending it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DOCUMENTS = "documents", _("New documents in my subscriptions")
    DISCUSSIONS = "discussions", _("New posts in my discussions")
    EVENTS = "events", _("Changes to events I attend")
    ONBOARDING = "onboarding", _("Access requests and new colleagues")
    APPEAL = "appeal", _("Interest in appeal projects")
    ASSESSMENTS = "assessments", _("Technical assistance recommendations and support requests")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient_id=user.pk)

    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Emails carry the title and link only.")
    )
    delivery = models.CharField(
        _("email delivery"), max_length=10, choices=Delivery.choices, default=Delivery.DAILY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    digest_run = models.ForeignKey(
        "DigestRun",
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread",
                condition=Q(read_at=None),
            ),
            models.Index(
                fields=["delivery", "recipient"],
                name="notification_digest_pending",
                condition=Q(emailed_at=None),
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.recipient}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} → {self.delivery}"


class DigestRun(models.Model):
    class Period(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_runs",
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    period_key = models.CharField(_("period key"), max_length=20)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    notification_count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_key"], name="one_digest_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.period} digest {self.period_key} → {self.user}"
