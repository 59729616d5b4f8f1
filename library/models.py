"""The Thematic Resource Library: documents, files and versions, subscriptions, newsletters."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from compact_portal.audit import AuditedHistory
from entities.models import Organization, Pillar, Theme
from workinggroups.models import WorkingGroup

from .visibility import DocumentQuerySet, get_document_for_user  # noqa: F401


def document_file_path(instance, filename):
    """A random name, whatever was uploaded; files are served by a permission-checked view."""
    return f"library/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Document(models.Model):
    class Type(models.TextChoices):
        REPORT = "report", _("Report")
        GUIDANCE = "guidance", _("Guidance")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        MEETING_RECORD = "meeting_record", _("Meeting record")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        PRESENTATION = "presentation", _("Presentation")
        PUBLICATION = "publication", _("Publication")
        LEGAL = "legal", _("Legal text or resolution")
        TRAINING = "training", _("Training material")
        NEWSLETTER = "newsletter", _("Newsletter (Compact in Review)")
        ANNUAL_NEWSLETTER = "annual_newsletter", _("Annual newsletter")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        ALL = "all", _("All focal points")
        COMPACT = "compact", _("Compact entities only")
        GROUPS = "groups", _("Members of given Working Groups")
        ORGANIZATIONS = "organizations", _("Given organizations")
        SECRETARIAT = "secretariat", _("Secretariat only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Sanitised rich text, e.g. a newsletter's content.")
    )
    doc_type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=15,
        choices=Visibility.choices,
        default=Visibility.ALL,
        db_index=True,
    )
    audience_groups = models.ManyToManyField(
        WorkingGroup,
        verbose_name=_("visible to members of"),
        blank=True,
        related_name="restricted_documents",
    )
    audience_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("visible to"),
        blank=True,
        related_name="restricted_documents",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True)
    working_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("Working Groups"), blank=True, related_name="documents"
    )
    author_organizations = models.ManyToManyField(
        Organization, verbose_name=_("authors"), blank=True, related_name="authored_documents"
    )
    countries = models.ManyToManyField(
        Organization,
        verbose_name=_("countries"),
        blank=True,
        limit_choices_to={"kind": "member_state"},
        related_name="country_documents",
    )
    languages = ArrayField(
        models.CharField(max_length=8), verbose_name=_("languages"), default=list, blank=True
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    period_start = models.DateField(_("covers from"), null=True, blank=True)
    period_end = models.DateField(_("covers until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents_added",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Full-text search: everything (title A, summary B, metadata C, extracted text D), and a small
    # title + summary vector to rank on without decompressing the big one (see STACK-NOTES.md).
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    # Facet keys, copied from the many-to-many tables by `indexing.update_search_vectors` (same
    # UPDATE as the vectors), so search filters and counts facets from one scan of the matching
    # rows instead of joining five link tables (see library/search.py).
    theme_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    pillar_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    group_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    author_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    country_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()
    # The audit log: who may see a document (and its title, type, status, dates); not its text,
    # search vectors or facet keys, so indexing and extraction never write history.
    history = AuditedHistory(
        excluded_fields=[
            "summary",
            "body",
            "search_vector",
            "rank_vector",
            "theme_ids",
            "pillar_ids",
            "group_ids",
            "author_ids",
            "country_ids",
            "created_at",
            "updated_at",
        ],
        m2m_fields=["audience_groups", "audience_organizations"],
        verbose_name=_("historical document"),
    )

    class Meta:
        ordering = ["-publication_date", "-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            GinIndex(fields=["search_vector"], name="document_search_gin"),
            GinIndex(fields=["rank_vector"], name="document_rank_gin"),
            GinIndex(fields=["theme_ids"], name="document_theme_ids_gin"),
            GinIndex(fields=["group_ids"], name="document_group_ids_gin"),
            GinIndex(fields=["author_ids"], name="document_author_ids_gin"),
            GinIndex(fields=["country_ids"], name="document_country_ids_gin"),
            # The browse page and date sorts: newest first without sorting every visible row.
            models.Index(
                models.F("publication_date").desc(nulls_last=True),
                models.F("id").desc(),
                name="document_newest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="document_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    # --- the language its own text is in (issue 12: "content shows its own language") ---------

    @property
    def content_language(self) -> str:
        """The language code of the title and summary, for `lang` attributes and labels.

        Of the document's languages, the first one written in the title's script (Arabic
        script: Arabic, Persian, Urdu; Cyrillic: Russian; Han or kana: Chinese, Japanese; Latin:
        the others), so a document in English with an Arabic version is not labelled Arabic.
        A title in a script none of its languages uses gives that script's UN language, or ''
        (unknown: the page's language applies)."""
        from .indexing import base_language

        script = title_script(self.title)
        codes = [base_language(code) for code in (self.languages or []) if code]
        for code in codes:
            if SCRIPT_OF_LANGUAGE.get(code, "latin") == script:
                return code
        if script == "latin" and not codes:
            return ""
        return DEFAULT_LANGUAGE_OF_SCRIPT.get(script, "")

    @property
    def content_direction(self) -> str:
        return "rtl" if self.content_language in RTL_LANGUAGES else "ltr"

    @property
    def language_labels(self) -> list[dict]:
        """The document's languages as labels: code for the eye, full name for screen readers."""
        from .forms import language_name
        from .indexing import base_language

        labels = []
        for code in self.languages or []:
            base = base_language(code)
            if base and base != "other":
                labels.append({"code": base, "short": base.upper(), "name": language_name(base)})
        return labels


# Scripts, for `Document.content_language`: the first letter of the title decides.
SCRIPT_OF_LANGUAGE = {
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "ru": "cyrillic",
    "zh": "cjk",
    "ja": "cjk",
    "ko": "hangul",
    "el": "greek",
}
DEFAULT_LANGUAGE_OF_SCRIPT = {"arabic": "ar", "cyrillic": "ru", "cjk": "zh", "hangul": "ko"}
RTL_LANGUAGES = {"ar", "fa", "ur", "he"}


def title_script(text: str) -> str:
    """'arabic', 'cyrillic', 'cjk', 'hangul', 'greek' or 'latin' — of the first letter."""
    for char in text or "":
        if not char.isalpha():
            continue
        point = ord(char)
        if 0x0600 <= point <= 0x06FF or 0x0750 <= point <= 0x08FF or 0xFB50 <= point <= 0xFEFF:
            return "arabic"
        if 0x0400 <= point <= 0x052F:
            return "cyrillic"
        if 0x3040 <= point <= 0x30FF or 0x3400 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF:
            return "cjk"
        if 0x20000 <= point <= 0x2EBEF:
            return "cjk"
        if 0xAC00 <= point <= 0xD7AF or 0x1100 <= point <= 0x11FF:
            return "hangul"
        if 0x0370 <= point <= 0x03FF:
            return "greek"
        return "latin"
    return "latin"


class DocumentFile(models.Model):
    """One file of a document: a language version, and each new upload a new version."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting for text extraction")
        DONE = "done", _("Text extracted")
        NOT_EXTRACTED = "not_extracted", _("Text not extracted")
        UNSUPPORTED = "unsupported", _("No text to extract")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    file = models.FileField(_("file"), upload_to=document_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    extraction = models.CharField(
        _("text extraction"),
        max_length=15,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        db_index=True,
    )
    extraction_error = models.CharField(_("extraction problem"), max_length=300, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        ordering = ["document", "language", "-version"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language", "version"], name="one_file_per_version"
            ),
            models.UniqueConstraint(
                fields=["document", "language"],
                condition=Q(is_current=True),
                name="one_current_file_per_language",
            ),
        ]

    def __str__(self):
        return f"{self.original_name} (v{self.version})"


class Subscription(models.Model):
    """Follow a theme, a Working Group, an organization or a saved search."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        GROUP = "group", _("Working Group")
        ORGANIZATION = "organization", _("Organization")
        SEARCH = "search", _("Saved search")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="library_subscriptions",
    )
    kind = models.CharField(_("follows"), max_length=15, choices=Kind.choices)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE)
    group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.CASCADE)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE)
    query = models.CharField(
        _("saved search"),
        max_length=500,
        blank=True,
        help_text=_("The library's query string, e.g. q=border&theme=cft."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="theme") & Q(theme__isnull=False))
                | (Q(kind="group") & Q(group__isnull=False))
                | (Q(kind="organization") & Q(organization__isnull=False))
                | (Q(kind="search") & ~Q(query="")),
                name="subscription_names_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.get_kind_display()}"


class DocumentNotification(models.Model):
    """That a user was (or is to be) told about a document: one row each, so never twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_notifications"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="notify_once_per_document"),
        ]

    def __str__(self):
        return f"{self.user} ← {self.document}"


def _search_changed(sender, **kwargs):
    """A document's audience or status may have changed: cached facet counts are stale."""
    if str(kwargs.get("action", "post_")).startswith("post_"):
        from .search import bump_search_version

        bump_search_version()


post_save.connect(_search_changed, sender=Document, dispatch_uid="library_search_saved")
post_delete.connect(_search_changed, sender=Document, dispatch_uid="library_search_deleted")
for _through in (Document.audience_groups.through, Document.audience_organizations.through):
    m2m_changed.connect(_search_changed, sender=_through, dispatch_uid=f"library_search_{_through}")


class FacetSummary(models.Model):
    """The browse page's facet counts of one audience-independent slice of the library.

    `audience` is "all" (published documents every focal point sees) or "compact" (published
    documents for Compact entities only). `change_number` is the value of
    `library_change_counter` the counts were computed at: PostgreSQL triggers bump that counter on
    every write to the documents and to the facet label tables, so a summary is used only while
    nothing it depends on has changed (see `library.search.browse_counts`).
    """

    audience = models.CharField(max_length=20, primary_key=True)
    change_number = models.BigIntegerField()
    total = models.BigIntegerField()
    rows = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "facet summary"

    def __str__(self):
        return f"{self.audience} @ {self.change_number}"
