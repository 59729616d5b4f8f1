"""The shared reference data (pillars, themes, organizations) and the people of the network."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermission, UserObjectPermission
from simple_history import register as register_history

from compact_portal.audit import AuditedHistory


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who can sign in. Email is the login; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The portal's language for this person, and of the emails sent to them."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    # The audit log: who may sign in, staff status and Django groups (the Secretariat).
    history = AuditedHistory(
        excluded_fields=["password", "last_login", "date_joined", "language"],
        m2m_fields=["groups"],
        verbose_name=_("historical user"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Pillar(models.Model):
    """One of the four pillars of the UN Global Counter-Terrorism Strategy (A/RES/60/288)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    numeral = models.CharField(_("numeral"), max_length=4)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return _("Pillar %(numeral)s") % {"numeral": self.numeral}


class Theme(models.Model):
    """The shared taxonomy of counter-terrorism expertise, used across the portal."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMPACT_ENTITY = "compact_entity", _("Compact entity")
        MEMBER_STATE = "member_state", _("Member State")
        REGIONAL = "regional", _("Regional or international organization")
        OTHER = "other", _("Other")

    class CompactStatus(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    official_name = models.CharField(_("official name"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    aliases = ArrayField(
        models.CharField(max_length=200), verbose_name=_("other names"), default=list, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    compact_status = models.CharField(
        _("Compact status"), max_length=10, choices=CompactStatus.choices, blank=True
    )
    joined_on = models.DateField(_("joined the Compact on"), null=True, blank=True)
    joined_note = models.CharField(_("joined (as stated)"), max_length=100, blank=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, null=True, blank=True, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, null=True, blank=True, unique=True)
    m49 = models.CharField(_("UN M49 code"), max_length=3, null=True, blank=True, unique=True)
    region = models.CharField(_("region"), max_length=60, blank=True, db_index=True)
    subregion = models.CharField(_("sub-region"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="member_state") | (Q(iso3__isnull=False) & Q(m49__isnull=False)),
                name="member_state_has_codes",
            ),
            models.CheckConstraint(
                condition=Q(kind="compact_entity", compact_status__in=["member", "observer"])
                | (~Q(kind="compact_entity") & Q(compact_status="")),
                name="compact_status_only_for_entities",
            ),
        ]

    def __str__(self):
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def label(self):
        """The short form people use: the acronym where there is one."""
        return self.acronym or self.name


def photo_path(instance, filename):
    """A random name, whatever was uploaded; photos are served by a permission-checked view."""
    import uuid

    return f"photos/{uuid.uuid4().hex}.jpg"


class Region(models.TextChoices):
    """The UN M49 regions, as in `Organization.region` of Member States; plus global scope."""

    AFRICA = "Africa", _("Africa")
    AMERICAS = "Americas", _("Americas")
    ASIA = "Asia", _("Asia")
    EUROPE = "Europe", _("Europe")
    OCEANIA = "Oceania", _("Oceania")


class VisibilityTier(models.TextChoices):
    """What a person may see depends on their organization (see `entities.accounts`)."""

    UN = "un", _("Compact entity")
    MEMBER_STATE = "member_state", _("Member State")
    REGIONAL = "regional", _("Regional, international or other organization")
    SECRETARIAT = "secretariat", _("Secretariat")


TIER_OF_KIND = {
    Organization.Kind.COMPACT_ENTITY: VisibilityTier.UN,
    Organization.Kind.MEMBER_STATE: VisibilityTier.MEMBER_STATE,
    Organization.Kind.REGIONAL: VisibilityTier.REGIONAL,
    Organization.Kind.OTHER: VisibilityTier.REGIONAL,
}


class FocalPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def in_tier(self, tier):
        """Focal points whose organization puts them in `tier` ("un", "member_state" ...)."""
        kinds = [kind for kind, kind_tier in TIER_OF_KIND.items() if kind_tier == tier]
        return self.filter(organization__kind__in=kinds)


class FocalPoint(models.Model):
    """A person nominated by an organization to the Compact's network."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        ES = "es", _("Spanish")
        AR = "ar", _("Arabic")
        RU = "ru", _("Russian")
        ZH = "zh", _("Chinese")

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="focal_point"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="focal_points",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    country = models.ForeignKey(
        Organization,
        verbose_name=_("country"),
        help_text=_("Where the person is based."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": "member_state"},
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("expertise"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(_("about"), blank=True)
    show_email = models.BooleanField(_("show my email to other focal points"), default=True)
    show_phone = models.BooleanField(_("show my phone to other focal points"), default=False)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    notification_frequency = models.CharField(
        _("email me about new activity"),
        max_length=10,
        choices=[
            ("immediate", _("As it happens")),
            ("daily", _("Daily digest")),
            ("weekly", _("Weekly digest")),
            ("never", _("Never")),
        ],
        default="daily",
    )
    alternate = models.ForeignKey(
        "self",
        verbose_name=_("alternate"),
        help_text=_("Takes over this person's roles if they leave."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alternate_for",
    )
    last_confirmed_at = models.DateTimeField(
        _("last confirmed still in the role"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FocalPointQuerySet.as_manager()
    # The audit log: a person's organization, position and alternate (not their contact details).
    history = AuditedHistory(
        excluded_fields=[
            "country",
            "languages",
            "phone",
            "bio",
            "show_email",
            "show_phone",
            "photo",
            "notification_frequency",
            "last_confirmed_at",
            "created_at",
        ],
        verbose_name=_("historical focal point"),
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self):
        return f"{self.user} — {self.organization.label}"

    @property
    def tier(self) -> str:
        """The visibility tier given by the organization's kind (Secretariat staff aside)."""
        return TIER_OF_KIND[self.organization.kind]


class AccessRequest(models.Model):
    """A request for an account, from the public form; the Secretariat approves or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("work email"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
    )
    organization_other = models.CharField(_("other organization"), max_length=300, blank=True)
    position = models.CharField(_("position"), max_length=200)
    country = models.ForeignKey(
        Organization,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": "member_state"},
        related_name="+",
    )
    working_groups = models.ManyToManyField(
        "workinggroups.WorkingGroup", verbose_name=_("Working Groups of interest"), blank=True
    )
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note to the requester"), blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_request_per_email",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | ~Q(organization_other=""),
                name="access_request_names_an_organization",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"


class Invitation(models.Model):
    """A one-time link to set a password, sent by the onboarding tasks."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REMINDED = "reminded", _("Reminded")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        FAILED = "failed", _("Failed")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    access_request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("access request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.user.email} ({self.get_state_display()})"


class OutgoingEmail(models.Model):
    """The outbox: an email that matters is recorded before it is sent, and sent exactly once.

    `dedupe_key` makes a duplicated action harmless (e.g. "invitation:42:sent").
    """

    dedupe_key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    headers = models.JSONField(
        _("extra headers"), default=dict, blank=True, help_text=_("E.g. List-Unsubscribe.")
    )
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    failed_at = models.DateTimeField(_("gave up"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self):
        return f"{self.subject} → {self.to}"


class ConfirmationRequest(models.Model):
    """'Are you still the focal point for ...?' — sent periodically, confirmed with one click."""

    focal_point = models.ForeignKey(
        FocalPoint,
        verbose_name=_("focal point"),
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    flagged_at = models.DateTimeField(
        _("flagged as unconfirmed"), null=True, blank=True, db_index=True
    )
    resolved_at = models.DateTimeField(_("resolved by the Secretariat"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["focal_point"],
                condition=Q(confirmed_at=None, resolved_at=None),
                name="one_open_confirmation_per_focal_point",
            ),
        ]
        verbose_name = _("directory confirmation")
        verbose_name_plural = _("directory confirmations")

    def __str__(self):
        return f"{self.focal_point} ({self.requested_at:%Y-%m-%d})"


class ContactMessage(models.Model):
    """A message from one focal point to another, delivered by email without revealing addresses."""

    sender = models.ForeignKey(
        User, verbose_name=_("from"), on_delete=models.CASCADE, related_name="messages_sent"
    )
    recipient = models.ForeignKey(
        User, verbose_name=_("to"), on_delete=models.CASCADE, related_name="messages_received"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.sender} → {self.recipient}: {self.subject}"


class OrganizationProfile(models.Model):
    """What a Member State or regional organization tells the network about its work.

    Rich text, sanitised on save; every save keeps a revision.
    """

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    priorities = models.TextField(_("counter-terrorism priorities"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    good_practices = models.TextField(_("good practices"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("last updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organization profile")
        verbose_name_plural = _("organization profiles")

    def __str__(self):
        return str(self.organization)


class OrganizationProfileRevision(models.Model):
    profile = models.ForeignKey(
        OrganizationProfile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    priorities = models.TextField(_("counter-terrorism priorities"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    good_practices = models.TextField(_("good practices"), blank=True)
    edited_at = models.DateTimeField(_("edited"), auto_now_add=True)
    edited_by = models.ForeignKey(
        User,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-edited_at"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self):
        return f"{self.profile} @ {self.edited_at:%Y-%m-%d %H:%M}"


# The audit log: django-guardian's generic object permissions (the Working Groups' direct-foreign-
# key permission models keep their own history in `workinggroups.models`).
for _permission_model in (UserObjectPermission, GroupObjectPermission):
    register_history(_permission_model, app="entities", records_class=AuditedHistory)
