"""Forms of the library: a new document with its first file, its metadata, a new file version."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entities.models import Organization, Pillar, Theme
from workinggroups.models import WorkingGroup

from .files import ACCEPT_ATTRIBUTE, find_duplicate, inspect_upload
from .models import Document
from .visibility import is_library_secretariat

# The UN official languages first, then others documents of the Compact come in.
LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("sw", _("Swahili")),
    ("id", _("Indonesian")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("other", _("Other")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code or _("Unspecified")))


class UploadField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault(
            "help_text",
            _(
                "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text (ODT), "
                "plain text (TXT) or an image (PNG, JPEG, WebP)."
            ),
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)


class DuplicateCheckMixin:
    """Tells the person when the same file (by checksum) is already in a document they can see."""

    duplicate = None
    duplicate_exclude_document = None
    inspected = None

    def check_upload(self, upload):
        try:
            inspected = inspect_upload(upload)
        except ValidationError as error:
            self.add_error("file", error)
            return None
        self.inspected = inspected
        duplicate = find_duplicate(
            inspected.sha256, self.user, exclude_document=self.duplicate_exclude_document
        )
        if duplicate is not None and not self.cleaned_data.get("allow_duplicate"):
            self.duplicate = duplicate
            self.fields["allow_duplicate"].widget = forms.CheckboxInput()
            self.add_error(
                "file",
                ValidationError(
                    _(
                        "This file is already in the library, in “%(title)s”. Open that "
                        "document, or tick “Add it anyway” to add this copy."
                    ),
                    code="duplicate",
                    params={"title": duplicate.document.title},
                ),
            )
        return inspected


class DocumentForm(forms.ModelForm):
    """A document's metadata and who may see it; the choices depend on who is editing."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "summary",
            "doc_type",
            "publication_date",
            "themes",
            "pillars",
            "working_groups",
            "author_organizations",
            "countries",
            "languages",
            "status",
            "visibility",
            "audience_groups",
            "audience_organizations",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "publication_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "pillars": forms.CheckboxSelectMultiple,
            "working_groups": forms.CheckboxSelectMultiple,
            "audience_groups": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "status": forms.RadioSelect,
            "author_organizations": forms.SelectMultiple(attrs={"size": 8}),
            "countries": forms.SelectMultiple(attrs={"size": 8}),
            "audience_organizations": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "audience_groups": _("Only when “Members of given Working Groups” is chosen above."),
            "audience_organizations": _("Only when “Given organizations” is chosen above."),
            "status": _("A draft is seen only by you and the Secretariat."),
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["pillars"].queryset = Pillar.objects.order_by("number")
        groups = WorkingGroup.objects.order_by("kind", "number")
        self.fields["working_groups"].queryset = groups
        self.fields["audience_groups"].queryset = groups
        organizations = Organization.objects.order_by("name")
        self.fields["author_organizations"].queryset = organizations
        self.fields["audience_organizations"].queryset = organizations
        self.fields["countries"].queryset = Organization.objects.filter(
            kind=Organization.Kind.MEMBER_STATE
        ).order_by("name")
        # "Secretariat only" is the Secretariat's choice: anyone else choosing it would hide
        # their document from everyone but the Secretariat and themselves, which is a mistake
        # more often than a wish. (Editing a document the Secretariat restricted keeps it.)
        if not is_library_secretariat(user) and not (
            self.instance.pk and self.instance.visibility == Document.Visibility.SECRETARIAT
        ):
            self.fields["visibility"].choices = [
                choice
                for choice in Document.Visibility.choices
                if choice[0] != Document.Visibility.SECRETARIAT
            ]

    def clean(self):
        cleaned = super().clean()
        visibility = cleaned.get("visibility")
        groups = cleaned.get("audience_groups")
        organizations = cleaned.get("audience_organizations")
        if visibility == Document.Visibility.GROUPS and not groups:
            self.add_error(
                "audience_groups", _("Choose the Working Groups whose members may see it.")
            )
        if visibility == Document.Visibility.ORGANIZATIONS and not organizations:
            self.add_error("audience_organizations", _("Choose the organizations that may see it."))
        # An audience list only counts with its visibility; keep the data clean.
        if visibility != Document.Visibility.GROUPS and "audience_groups" in cleaned:
            cleaned["audience_groups"] = WorkingGroup.objects.none()
        if visibility != Document.Visibility.ORGANIZATIONS and "audience_organizations" in cleaned:
            cleaned["audience_organizations"] = Organization.objects.none()
        return cleaned


class NewDocumentForm(DuplicateCheckMixin, DocumentForm):
    """A new document with its first file."""

    file = UploadField()
    file_language = forms.ChoiceField(
        label=_("Language of the file"), choices=LANGUAGE_CHOICES, initial="en"
    )
    allow_duplicate = forms.BooleanField(
        label=_("Add it anyway"), required=False, widget=forms.HiddenInput
    )

    field_order = ["file", "file_language", "allow_duplicate", "title", "summary", "doc_type"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            self.check_upload(upload)
        return cleaned


class FileVersionForm(DuplicateCheckMixin, forms.Form):
    """A new file for a document: a new version of a language, or a new language."""

    file = UploadField()
    language = forms.ChoiceField(label=_("Language of the file"), choices=LANGUAGE_CHOICES)
    allow_duplicate = forms.BooleanField(
        label=_("Add it anyway"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, document, **kwargs):
        self.user = user
        self.document = document
        self.duplicate_exclude_document = document
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        language = cleaned.get("language")
        if upload and language is not None:
            inspected = self.check_upload(upload)
            if inspected is not None:
                current = self.document.files.filter(language=language, is_current=True).first()
                if current is not None and current.sha256 == inspected.sha256:
                    self.add_error(
                        "file",
                        ValidationError(
                            _("This file is identical to the current version."),
                            code="same_as_current",
                        ),
                    )
        return cleaned
