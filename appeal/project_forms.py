"""Forms of the project pages: the project itself, overlap verdicts, the import upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from entities.models import Organization, Region
from workinggroups.models import WorkingGroup

from . import imports
from .models import OverlapVerdict, Project
from .projects import ProjectViewer

VERDICT_CHOICES = [("", _("No verdict yet")), *OverlapVerdict.Verdict.choices]


class ProjectForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The regions of the countries you pick are added on saving."),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "lead_organization",
            "partners",
            "donors",
            "countries",
            "regions",
            "is_global",
            "pillars",
            "themes",
            "working_groups",
            "starts_on",
            "ends_on",
            "budget_usd",
            "funding_status",
            "status",
            "description",
            "beneficiaries",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "donors": forms.SelectMultiple(attrs={"size": 8}),
            "countries": forms.SelectMultiple(attrs={"size": 10}),
            "pillars": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "working_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("A unique reference, e.g. UNODC-KEN-2025-01."),
            "partners": _("Hold Ctrl (⌘ on a Mac) to pick several."),
            "countries": _("Hold Ctrl (⌘ on a Mac) to pick several."),
            "budget_usd": _("In US dollars, without separators."),
        }

    def __init__(self, *args, viewer: ProjectViewer, **kwargs):
        super().__init__(*args, **kwargs)
        entities = Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by(
            "acronym", "name"
        )
        lead = self.fields["lead_organization"]
        lead.label_from_instance = lambda org: org.label
        if viewer.secretariat:
            lead.queryset = entities
        else:
            lead.queryset = entities.filter(pk=viewer.organization_id)
            lead.initial = viewer.organization_id
            lead.disabled = True
            lead.help_text = _("Your entity leads the projects you add.")
        self.fields["partners"].queryset = entities
        self.fields["partners"].label_from_instance = lambda org: org.label
        self.fields["donors"].queryset = Organization.objects.order_by("name")
        self.fields["countries"].queryset = Organization.objects.filter(
            kind=Organization.Kind.MEMBER_STATE
        ).order_by("name")
        self.fields["working_groups"].queryset = WorkingGroup.objects.filter(
            kind=WorkingGroup.Kind.WORKING_GROUP
        ).order_by("number")
        if self.instance.pk:
            self.initial.setdefault("regions", list(self.instance.regions))

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The project cannot end before it starts."))
        lead = data.get("lead_organization")
        if lead and data.get("partners"):
            data["partners"] = [p for p in data["partners"] if p.pk != lead.pk]
        return data


def posted_verdicts(data) -> dict[int, tuple[str, str]]:
    """{other project pk: (verdict, note)} from `verdict_<pk>` / `verdict_note_<pk>` fields."""
    valid = set(OverlapVerdict.Verdict.values)
    verdicts = {}
    for key, value in data.items():
        if not key.startswith("verdict_") or key.startswith("verdict_note_"):
            continue
        pk = key.removeprefix("verdict_")
        if pk.isdigit() and value in valid and len(pk) < 12:
            note = (data.get(f"verdict_note_{pk}") or "")[:2000]
            verdicts[int(pk)] = (value, note)
    return verdicts


class VerdictForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=OverlapVerdict.Verdict.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(rows)s rows and %(size)s MB. Start from the template."
        ) % {"rows": imports.MAX_ROWS, "size": imports.MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.raw_rows = imports.read_upload(upload)
        except imports.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
