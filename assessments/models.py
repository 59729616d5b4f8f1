"""CTED country assessments, technical assistance recommendations, their uptake by the Compact's
entities, and Member State requests for tailored support.

Who may see what is decided in ONE place, `assessments.visibility` (the querysets' `visible_to`).
State changes go through `assessments.actions`.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from entities.models import Organization, Theme
from workinggroups.models import WorkingGroup

from .visibility import (
    AssessmentQuerySet,
    RecommendationQuerySet,
    SupportRequestQuerySet,
    UptakeQuerySet,
)


def report_file_path(instance, filename):
    """A random name, whatever was uploaded; served only by a permission-checked view."""
    return f"assessments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Assessment(models.Model):
    class Type(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("Comprehensive assessment visit")
        FOCUSED = "focused", _("Focused assessment visit")
        FOLLOW_UP = "follow_up", _("Follow-up visit")
        DESK_REVIEW = "desk_review", _("Desk review")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONDUCTED = "conducted", _("Visit conducted")
        DRAFTING = "drafting", _("Report in preparation")
        TRANSMITTED = "transmitted", _("Report transmitted")
        FOLLOWED_UP = "followed_up", _("Followed up")

    state = models.ForeignKey(
        Organization,
        verbose_name=_("Member State"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "member_state"},
        related_name="cted_assessments",
    )
    assessment_type = models.CharField(
        _("type"), max_length=15, choices=Type.choices, db_index=True
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical assessment"))

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("CTED assessment")
        verbose_name_plural = _("CTED assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assessment_dates_in_order",
            ),
        ]

    def __str__(self):
        return _("%(type)s: %(state)s (%(year)s)") % {
            "type": self.get_assessment_type_display(),
            "state": self.state.name,
            "year": self.starts_on.year,
        }


class AssessmentFile(models.Model):
    """A confidential report file of an assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "-uploaded_at"]
        verbose_name = _("confidential report file")
        verbose_name_plural = _("confidential report files")

    def __str__(self):
        return self.title or self.original_name


class Recommendation(models.Model):
    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        UNADDRESSED = "unaddressed", _("Unaddressed")
        PLANNED = "planned", _("Planned")
        FUNDED = "funded", _("Funded")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        REPORTED = "reported", _("Reported")
        VERIFIED = "verified", _("Verified at CTED follow-up")

    # Open: nobody is acting on it yet, so synergies are worth looking for.
    OPEN_STATUSES = (Status.UNADDRESSED, Status.PLANNED)

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    theme = models.ForeignKey(
        Theme, verbose_name=_("thematic area"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNADDRESSED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical recommendation"))

    class Meta:
        ordering = ["assessment", "number"]
        verbose_name = _("TA recommendation")
        verbose_name_plural = _("TA recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="one_number_per_recommendation"
            ),
        ]
        indexes = [models.Index(fields=["theme", "status"], name="recommendation_theme_status")]

    def __str__(self):
        return f"{self.reference} — {self.text[:60]}"

    @property
    def reference(self) -> str:
        """E.g. "KEN-2023-07" (the assessed State, the year, the number)."""
        assessment = self.assessment
        return f"{assessment.state.iso3}-{assessment.starts_on.year}-{self.number:02d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Uptake(models.Model):
    """An entity takes up a recommendation: with one of its projects, or an intention."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="uptakes",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "compact_entity"},
        related_name="recommendation_uptakes",
    )
    project = models.ForeignKey(
        "appeal.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendation_uptakes",
    )
    intention = models.TextField(_("intention"), blank=True)
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "entities.User",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = UptakeQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical uptake"))

    class Meta:
        ordering = ["recommendation", "created_at", "pk"]
        verbose_name = _("uptake")
        verbose_name_plural = _("uptakes")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | ~Q(intention=""),
                name="uptake_has_project_or_intention",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "project"],
                condition=Q(project__isnull=False),
                name="project_takes_up_a_recommendation_once",
            ),
        ]

    def __str__(self):
        return f"{self.organization.label} → {self.recommendation_id}"


class SupportRequest(models.Model):
    """A Member State asks the Compact for tailored support; routed to groups and entities."""

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        PRIORITY = "priority", _("Priority")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    state = models.ForeignKey(
        Organization,
        verbose_name=_("Member State"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "member_state"},
        related_name="support_requests",
    )
    title = models.CharField(_("title"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="+")
    description = models.TextField(_("description"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    routed_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("routed to Working Groups"), blank=True, related_name="+"
    )
    routed_entities = models.ManyToManyField(
        Organization,
        verbose_name=_("routed to entities"),
        blank=True,
        limit_choices_to={"kind": "compact_entity"},
        related_name="routed_support_requests",
    )
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical support request"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self):
        return f"{self.state.name}: {self.title}"

    @property
    def time_to_first_response(self):
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at


class SupportResponse(models.Model):
    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "compact_entity"},
        related_name="+",
    )
    text = models.TextField(_("response"))
    project = models.ForeignKey(
        "appeal.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["request", "created_at", "pk"]
        verbose_name = _("support response")
        verbose_name_plural = _("support responses")

    def __str__(self):
        return f"{self.organization.label} → {self.request_id}"
