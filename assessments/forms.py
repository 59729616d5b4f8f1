"""Forms of assessments, recommendations, uptake and support requests."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entities.models import Organization, Theme
from library.files import ACCEPT_ATTRIBUTE, inspect_upload

from .models import Assessment, Recommendation, SupportRequest


def _states():
    return Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("name")


def entity_projects(organization):
    """The projects an entity leads or takes part in (for linking to an uptake or a response)."""
    from appeal.models import Project

    if organization is None:
        return Project.objects.none()
    return (
        Project.objects.filter(
            Q(lead_organization=organization) | Q(entity_ids__contains=[organization.pk])
        )
        .distinct()
        .order_by("code")
    )


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- Filters ----------------------------------------------------------------------------------


class AssessmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = StateChoiceField(
        label=_("Member State"), queryset=_states(), required=False, to_field_name="iso3"
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *Assessment.Type.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Assessment.Status.choices],
        required=False,
    )

    def __init__(self, *args, states=None, **kwargs):
        super().__init__(*args, **kwargs)
        if states is not None:
            self.fields["state"].queryset = states
        self.fields["state"].empty_label = _("Any Member State")


class RecommendationFilterForm(forms.Form):
    COVERAGE = [
        ("", _("Covered or not")),
        ("covered", _("Covered by a project")),
        ("uncovered", _("Not covered by a project")),
    ]
    SORTS = [
        ("reference", _("Reference")),
        ("-updated", _("Recently updated")),
        ("priority", _("Priority")),
        ("status", _("Status")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = StateChoiceField(
        label=_("Member State"), queryset=_states(), required=False, to_field_name="iso3"
    )
    theme = forms.ModelChoiceField(
        label=_("Thematic area"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any thematic area"),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=[("", _("Any priority")), *Recommendation.Priority.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Recommendation.Status.choices],
        required=False,
    )
    coverage = forms.ChoiceField(label=_("Coverage"), choices=COVERAGE, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, states=None, **kwargs):
        super().__init__(*args, **kwargs)
        if states is not None:
            self.fields["state"].queryset = states
        self.fields["state"].empty_label = _("Any Member State")


# --- Assessments and recommendations ----------------------------------------------------------


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["state", "assessment_type", "starts_on", "ends_on", "status", "summary"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = _states()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class ReportFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Report file"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), ODT or text."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    inspected = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.inspected = inspect_upload(upload)  # raises ValidationError with a clear message
        return upload


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["theme", "priority", "text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("name")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Recommendation.Status.choices)


class UptakeForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("One of your entity's projects"),
        queryset=None,
        required=False,
        empty_label=_("No project yet"),
    )
    intention = forms.CharField(
        label=_("Or: what your entity intends to do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = entity_projects(organization)

    def clean(self):
        data = super().clean()
        if not data.get("project") and not (data.get("intention") or "").strip():
            raise ValidationError(
                _("Choose one of your entity's projects, or describe what it intends to do.")
            )
        return data


# --- Support requests -------------------------------------------------------------------------


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["title", "themes", "description", "urgency"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "urgency": forms.RadioSelect,
        }
        help_texts = {
            "themes": _("The request is sent to the Working Groups and entities working on them."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")


class SupportResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    project = forms.ModelChoiceField(
        label=_("Related project"),
        queryset=None,
        required=False,
        empty_label=_("No project"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = entity_projects(organization)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write an answer."))
        return text
