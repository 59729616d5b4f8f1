"""Working Groups, the Coordination Committee, memberships and the Joint Programme of Work."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from compact_portal.audit import AuditedHistory
from entities.models import Organization, Pillar, Region


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working Group")
        COORDINATION_COMMITTEE = "coordination_committee", _("Coordination Committee")

    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.WORKING_GROUP
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pillar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_groups",
    )
    objectives = models.TextField(_("objectives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    chair_title = models.CharField(
        _("chaired by (title)"),
        max_length=200,
        blank=True,
        help_text=_("For a body chaired by a person rather than an organization."),
    )
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    source_note = models.TextField(_("source of the leadership and membership"), blank=True)
    organizations = models.ManyToManyField(
        Organization, through="WorkingGroupMembership", related_name="working_groups"
    )

    history = HistoricalRecords(
        excluded_fields=["slug", "kind", "number", "source_note"],
        verbose_name=_("historical working group"),
    )

    class Meta:
        ordering = ["kind", "number"]
        permissions = [
            ("edit_space", _("Can edit the group's space")),
            ("moderate_discussions", _("Can moderate the group's discussions")),
            ("manage_work_plan", _("Can manage the group's work plan")),
            ("submit_progress_report", _("Can submit the group's progress reports")),
        ]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="coordination_committee") | Q(number__isnull=False),
                name="working_group_has_number",
            ),
        ]

    def __str__(self):
        if self.number:
            return _("WG %(number)s: %(name)s") % {
                "number": self.number,
                "name": self.short_name or self.name,
            }
        return self.name


class WorkingGroupMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("Working Group role", "Chair")
        CO_CHAIR = "co_chair", pgettext_lazy("Working Group role", "Co-Chair")
        VICE_CHAIR = "vice_chair", pgettext_lazy("Working Group role", "Vice-Chair")
        MEMBER = "member", pgettext_lazy("Working Group role", "Member")
        OBSERVER = "observer", pgettext_lazy("Working Group role", "Observer")

    LEADERSHIP_ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR)

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    ad_hoc = models.BooleanField(_("ad hoc"), default=False)

    history = AuditedHistory(verbose_name=_("historical membership"))

    class Meta:
        ordering = ["group", "role", "organization__acronym"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organization"], name="one_membership_per_organization"
            ),
        ]

    def __str__(self):
        return f"{self.organization.label} — {self.get_role_display()} — {self.group}"

    @property
    def is_leadership(self):
        return self.role in self.LEADERSHIP_ROLES


class JointProgramme(models.Model):
    """A Joint Programme of Work adopted by the Coordination Committee (e.g. JPOW 2024–2026)."""

    title = models.CharField(_("title"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("joint programme of work")
        verbose_name_plural = _("joint programmes of work")
        constraints = [
            models.UniqueConstraint(
                fields=["start_year", "end_year"], name="one_programme_per_period"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="programme_years_in_order"
            ),
        ]

    def __str__(self):
        return self.title


class Priority(models.Model):
    programme = models.ForeignKey(
        JointProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_priority_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class GroupEditor(models.Model):
    """A focal point the Secretariat designates to edit a group's space.

    Only effective while the person's organization chairs, co-chairs or vice-chairs the group;
    `workinggroups.permissions.sync_group_editor_permissions` turns designations into
    django-guardian object permissions and back.
    """

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="editors"
    )
    user = models.ForeignKey(
        "entities.User",
        verbose_name=_("focal point"),
        on_delete=models.CASCADE,
        related_name="editor_designations",
    )
    designated_by = models.ForeignKey(
        "entities.User",
        verbose_name=_("designated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("designated on"), auto_now_add=True)

    history = AuditedHistory(
        excluded_fields=["created_at"], verbose_name=_("historical group editor")
    )

    class Meta:
        ordering = ["group", "user__email"]
        verbose_name = _("group editor")
        verbose_name_plural = _("group editors")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_designation_per_person"),
        ]

    def __str__(self):
        return f"{self.user} — {self.group}"


class WorkingGroupUserObjectPermission(UserObjectPermissionBase):
    """Direct-foreign-key object permissions: deleted with the group (django-guardian)."""

    content_object = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE)

    history = AuditedHistory(verbose_name=_("historical user permission on a group"))


class WorkingGroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE)

    history = AuditedHistory(verbose_name=_("historical team permission on a group"))


# --- Group spaces -------------------------------------------------------------------------------


class SpaceSection(models.Model):
    """A free section of a group's space (e.g. "Terms of reference"), written by its editors."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised rich text."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_visible = models.BooleanField(_("shown in the space"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical space section"))

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = _("space section")
        verbose_name_plural = _("space sections")

    def __str__(self):
        return self.title


class AnnouncementQuerySet(models.QuerySet):
    def current(self, now):
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Announcement(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised rich text."))
    pinned = models.BooleanField(_("pinned"), default=False)
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    created_by = models.ForeignKey(
        "entities.User",
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical announcement"))

    class Meta:
        ordering = ["-pinned", "-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["group", "-pinned", "-created_at"])]

    def __str__(self):
        return self.title


class FeaturedDocument(models.Model):
    """A library document the group's editors feature in the space."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="featured_documents",
    )
    document = models.ForeignKey(
        "library.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        "entities.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historical featured document"))

    class Meta:
        ordering = ["group", "position", "-added_at"]
        verbose_name = _("featured document")
        verbose_name_plural = _("featured documents")
        constraints = [
            models.UniqueConstraint(fields=["group", "document"], name="feature_document_once"),
        ]

    def __str__(self):
        return f"{self.group} — {self.document_id}"


# --- Meetings of record, decisions and follow-up actions (Coordination Committee and groups) ----


class Meeting(models.Model):
    """The record of a formal meeting: agenda, summary, decisions, follow-up actions.

    The calendar's events point here (`calendar_app.Event.meeting`) for the scheduling side.
    """

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Sanitised rich text."))
    summary = models.TextField(_("summary"), blank=True, help_text=_("Sanitised rich text."))
    documents = models.ManyToManyField(
        "library.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical meeting"))

    class Meta:
        ordering = ["group", "-starts_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=Q(number__isnull=False),
                name="one_meeting_number_per_group",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="meeting_days_in_order",
            ),
        ]

    def __str__(self):
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    history = HistoricalRecords(verbose_name=_("historical decision"))

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_decision_number"),
        ]

    def __str__(self):
        return f"{self.meeting} — {self.number}"


class FollowUpAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner entity"),
        on_delete=models.PROTECT,
        related_name="follow_up_actions",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical follow-up action"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self):
        return self.description[:80]


# --- Discussions (group spaces and the cross-cutting Collaboration area) ------------------------


class Thread(models.Model):
    """A discussion. `group` is None for the cross-cutting Collaboration area."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        "entities.User",
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    subscribers = models.ManyToManyField(
        "entities.User", through="ThreadSubscription", related_name="subscribed_threads"
    )

    class Meta:
        ordering = ["-pinned", "-last_post_at"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        indexes = [models.Index(fields=["group", "-pinned", "-last_post_at"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        "entities.User",
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_posts",
    )
    body = models.TextField(_("message"), help_text=_("Sanitised rich text."))
    mentions = models.ManyToManyField(
        "entities.User", verbose_name=_("mentions"), blank=True, related_name="mentioned_in_posts"
    )
    documents = models.ManyToManyField(
        "library.Document", verbose_name=_("attachments"), blank=True, related_name="cited_in_posts"
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["thread", "created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.thread} — {self.pk}"


class ThreadSubscription(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        "entities.User", on_delete=models.CASCADE, related_name="thread_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discussion subscription")
        verbose_name_plural = _("discussion subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="subscribe_to_thread_once"),
        ]

    def __str__(self):
        return f"{self.user} — {self.thread}"


class PostNotification(models.Model):
    """One subscriber told about one post: the row makes sending idempotent.

    `mode` is "immediate" (sent by itself) or "daily"/"weekly" (waits for the digest);
    `sent_at` is set when the email carrying it was queued.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey("entities.User", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="notify_of_post_once"),
        ]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self):
        return f"{self.user} — {self.post_id}"


# --- Joint planning: work plan activities --------------------------------------------------------


class Activity(models.Model):
    """A work plan activity of a group under the Joint Programme of Work."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="activities"
    )
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("JPOW priority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead entity"),
        on_delete=models.PROTECT,
        related_name="led_activities",
    )
    partners = models.ManyToManyField(
        Organization, verbose_name=_("partner entities"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField(
        Organization,
        verbose_name=_("countries"),
        blank=True,
        limit_choices_to={"kind": "member_state"},
        related_name="activities_in_country",
    )
    regions = ArrayField(
        models.CharField(max_length=30, choices=Region.choices),
        verbose_name=_("regions"),
        default=list,
        blank=True,
    )
    is_global = models.BooleanField(_("global"), default=False)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical activity"))

    class Meta:
        ordering = ["group", "starts_on", "pk"]
        verbose_name = _("work plan activity")
        verbose_name_plural = _("work plan activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="activity_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="activity_progress_pct"
            ),
        ]
        indexes = [models.Index(fields=["priority", "group", "status"])]

    def __str__(self):
        return self.title


# --- Progress reports and the annual report -----------------------------------------------------


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    achievements = models.TextField(_("achievements"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities reported on"), blank=True, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical progress report"))

    class Meta:
        ordering = ["group", "-period_end"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["group", "period_start", "period_end"], name="one_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_report_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.group} — {self.period_start:%Y-%m} – {self.period_end:%Y-%m}"


class AnnualReport(models.Model):
    """The Secretariat's annual report for a year, compiled from the submitted progress reports."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    consolidation = models.TextField(_("consolidation of the framework"), blank=True)
    strategic_leadership = models.TextField(_("strategic leadership"), blank=True)
    capacity_building = models.TextField(_("capacity-building support"), blank=True)
    published = models.BooleanField(_("published to focal points"), default=False)
    updated_by = models.ForeignKey(
        "entities.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical annual report"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self):
        return _("Annual report %(year)s") % {"year": self.year}
