"""The Matrix of UN projects and the UN Multi-Year Appeal for Counter-Terrorism.

Money is `Decimal` everywhere (USD with two decimals; exchange rates with eight).
"""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from entities.models import Organization, Pillar, Region, Theme
from workinggroups.models import WorkingGroup

USD = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 18, "decimal_places": 8}


# --- The Matrix of UN projects --------------------------------------------------------------------


class Project(models.Model):
    class Status(models.TextChoices):
        PIPELINE = "pipeline", _("In the pipeline")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    class Funding(models.TextChoices):
        UNFUNDED = "unfunded", _("Unfunded")
        PARTIAL = "partial", _("Partially funded")
        FUNDED = "funded", _("Fully funded")

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead entity"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "compact_entity"},
        related_name="led_projects",
    )
    partners = models.ManyToManyField(
        Organization,
        verbose_name=_("partner entities"),
        blank=True,
        related_name="partner_projects",
    )
    donors = models.ManyToManyField(
        Organization, verbose_name=_("donors"), blank=True, related_name="funded_projects"
    )
    countries = models.ManyToManyField(
        Organization,
        verbose_name=_("countries"),
        blank=True,
        limit_choices_to={"kind": "member_state"},
        related_name="projects_in_country",
    )
    regions = ArrayField(
        models.CharField(max_length=30, choices=Region.choices),
        verbose_name=_("regions"),
        default=list,
        blank=True,
    )
    is_global = models.BooleanField(_("global"), default=False)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    working_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("Working Groups"), blank=True, related_name="projects"
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    budget_usd = models.DecimalField(
        _("budget (USD)"), null=True, blank=True, validators=[MinValueValidator(0)], **USD
    )
    funding_status = models.CharField(
        _("funding"), max_length=10, choices=Funding.choices, default=Funding.UNFUNDED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ONGOING, db_index=True
    )
    description = models.TextField(_("description"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    documents = models.ManyToManyField(
        "library.Document", verbose_name=_("documents"), blank=True, related_name="projects"
    )
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Denormalised id arrays (kept by `appeal.projects.refresh_project_arrays`) so the matrix can
    # group by any axis in one query without joining five link tables.
    country_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    theme_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    pillar_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    group_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    entity_ids = ArrayField(
        models.IntegerField(), default=list, editable=False, help_text=_("lead + partners")
    )

    history = HistoricalRecords(
        excluded_fields=["country_ids", "theme_ids", "pillar_ids", "group_ids", "entity_ids"],
        verbose_name=_("historical project"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="project_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(budget_usd__isnull=True) | Q(budget_usd__gte=0),
                name="project_budget_not_negative",
            ),
        ]
        indexes = [
            GinIndex(fields=["country_ids"], name="project_country_ids"),
            GinIndex(fields=["theme_ids"], name="project_theme_ids"),
            GinIndex(fields=["entity_ids"], name="project_entity_ids"),
            models.Index(fields=["starts_on", "ends_on"], name="project_period"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"


class OverlapVerdict(models.Model):
    """An editor's judgement on a likely overlap between two projects, kept for the record."""

    class Verdict(models.TextChoices):
        COMPLEMENTARY = "complementary", _("Complementary")
        JOINT = "joint", _("To be run jointly")
        DUPLICATE = "duplicate", _("Duplicate")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="overlap_verdicts")
    other = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "entities.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("overlap verdict")
        verbose_name_plural = _("overlap verdicts")
        constraints = [
            models.UniqueConstraint(fields=["project", "other"], name="one_verdict_per_pair"),
            models.CheckConstraint(
                condition=~Q(project=F("other")), name="verdict_on_two_projects"
            ),
        ]

    def __str__(self):
        return f"{self.project.code} ~ {self.other.code}: {self.verdict}"


# --- The Multi-Year Appeal -----------------------------------------------------------------------


class AppealCycle(models.Model):
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    narrative = models.TextField(_("narrative"), blank=True)
    accepts_proposals = models.BooleanField(_("open for proposals"), default=False)
    published = models.BooleanField(_("published to focal points"), default=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("appeal cycle")
        verbose_name_plural = _("appeal cycles")
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="one_cycle_per_period"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="cycle_years_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))


class AppealProject(models.Model):
    """A project of the matrix proposed for (and perhaps included in) an appeal cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INCLUDED = "included", _("Included")
        DECLINED = "declined", _("Declined")

    cycle = models.ForeignKey(
        AppealCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="entries"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="appeal_entries"
    )
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    proposed_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historical appeal project"))

    class Meta:
        ordering = ["cycle", "project__code"]
        verbose_name = _("appeal project")
        verbose_name_plural = _("appeal projects")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "project"], name="project_once_per_cycle"),
        ]

    def __str__(self):
        return f"{self.cycle} — {self.project.code}"


class Requirement(models.Model):
    """What an appeal project asks for in one year of the cycle."""

    entry = models.ForeignKey(AppealProject, on_delete=models.CASCADE, related_name="requirements")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_usd = models.DecimalField(
        _("requirement (USD)"), validators=[MinValueValidator(Decimal("0"))], **USD
    )

    history = HistoricalRecords(verbose_name=_("historical requirement"))

    class Meta:
        ordering = ["entry", "year"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["entry", "year"], name="one_requirement_per_year"),
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="requirement_not_negative"),
        ]

    def __str__(self):
        return f"{self.entry} — {self.year}: {self.amount_usd}"


class Contribution(models.Model):
    """A pledge or contribution, earmarked to an appeal project or un-earmarked to the cycle."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        SIGNED = "signed", _("Signed")
        RECEIVED = "received", _("Received")

    cycle = models.ForeignKey(
        AppealCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="contributions"
    )
    entry = models.ForeignKey(
        AppealProject,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        help_text=_("Leave empty for an un-earmarked contribution to the cycle."),
    )
    donor = models.ForeignKey(
        Organization,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **USD)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    rate_to_usd = models.DecimalField(
        _("rate to USD"), default=Decimal("1"), validators=[MinValueValidator(0)], **RATE
    )
    amount_usd = models.DecimalField(_("amount (USD)"), editable=False, **USD)
    received_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED, db_index=True
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the Secretariat, the donor and the receiving entity see it."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historical contribution"))

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative"),
            models.CheckConstraint(
                condition=Q(rate_to_usd__gt=0), name="contribution_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="contribution_currency_iso"
            ),
        ]

    def __str__(self):
        return f"{self.donor} — {self.amount} {self.currency}"


class Interest(models.Model):
    """A donor's expression of interest in an appeal project, tracked until pledge or lapse."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLEDGED = "pledged", _("Became a pledge")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entry = models.ForeignKey(AppealProject, on_delete=models.CASCADE, related_name="interests")
    donor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    expressed_by = models.ForeignKey(
        "entities.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("expressed"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "donor"],
                condition=Q(status="open"),
                name="one_open_interest_per_donor",
            ),
        ]

    def __str__(self):
        return f"{self.donor} — {self.entry}"
