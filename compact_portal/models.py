from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the beat's heartbeat task; /healthz reports its age."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))
    hostname = models.CharField(_("worker host"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AuthEvent(models.Model):
    """Authentication events and denied access, for the Secretariat to read (no secrets kept)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Sign-in refused (too many attempts)")
        LOGOUT = "logout", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        MFA_ENABLED = "mfa_enabled", _("Two-factor authentication enabled")
        MFA_DISABLED = "mfa_disabled", _("Two-factor authentication disabled")
        ACCESS_DENIED = "access_denied", _("Access denied")
        DEACTIVATED = "deactivated", _("Account deactivated")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.CharField(_("email given"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("authentication event")
        verbose_name_plural = _("authentication events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.email} {self.at:%Y-%m-%d %H:%M}"


class VisitMark(models.Model):
    """That someone signed in used the portal on a day — kept until the day is aggregated.

    `visitor` is a keyed hash of the day and the user, so marks of different days cannot be
    linked to each other or to a person without the secret key; no IP address or user id is kept.
    """

    day = models.DateField()
    visitor = models.CharField(max_length=32)
    tier = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "visitor"], name="one_visit_mark_per_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.tier}"


class VisitDay(models.Model):
    """Virtual visits of one day: people who used the portal that day, in all and by tier."""

    day = models.DateField(_("day"), unique=True)
    visits = models.PositiveIntegerField(_("visits"))
    by_tier = models.JSONField(_("by kind of organization"), default=dict)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")

    def __str__(self):
        return f"{self.day}: {self.visits}"


class DailyFigures(models.Model):
    """The Compact in numbers as the Secretariat sees them, taken once a day (for the trends)."""

    day = models.DateField(_("day"), unique=True)
    figures = models.JSONField(_("figures"), default=dict)
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")

    def __str__(self):
        return str(self.day)
