"""Working Groups, the Coordination Committee, memberships and the Joint Programme of Work."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from entities.models import Organization, Pillar


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
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-Chair")
        VICE_CHAIR = "vice_chair", _("Vice-Chair")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

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


class WorkingGroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE)
