"""The shared reference data (pillars, themes, organizations) and the people of the network."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

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


class FocalPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self):
        return f"{self.user} — {self.organization.label}"
