"""Forms of the appeal pages: cycles, proposals, requirements, decisions, filters, interest.

Money fields are `DecimalField`s (never float), USD with two decimals.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from entities.models import Organization, Pillar, Region, Theme

from .models import AppealCycle, AppealProject, Project

MAX_USD = Decimal("99999999999999.99")


def usd_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=MAX_USD,
        max_digits=16,
        decimal_places=2,
        initial=Decimal("0"),
    )


class CycleForm(forms.ModelForm):
    class Meta:
        model = AppealCycle
        fields = ["title", "start_year", "end_year", "narrative", "accepts_proposals", "published"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end:
            if end < start:
                self.add_error("end_year", _("The last year comes after the first."))
            elif end - start > 5:
                self.add_error("end_year", _("A cycle lasts at most six years."))
            elif not 2000 <= start <= 2100:
                self.add_error("start_year", _("Choose a year between 2000 and 2100."))
            if (
                self.instance.pk
                and (start, end) != (self.instance.start_year, self.instance.end_year)
                and self.instance.entries.exists()
            ):
                self.add_error("start_year", _("The years of a cycle with projects cannot change."))
            clash = AppealCycle.objects.filter(start_year=start, end_year=end)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("start_year", _("There is already a cycle for these years."))
        return data


class RequirementsMixin:
    """One USD field per year of the cycle, named `year_<year>`."""

    def add_year_fields(self, cycle: AppealCycle, initial: dict[int, Decimal] | None = None):
        initial = initial or {}
        for year in cycle.years:
            field = usd_field(_("Requirement %(year)s (USD)") % {"year": year})
            field.initial = initial.get(year, Decimal("0"))
            self.fields[f"year_{year}"] = field
        self.cycle_years = cycle.years

    def year_fields(self):
        return [self[f"year_{year}"] for year in self.cycle_years]

    def requirements(self) -> dict[int, Decimal]:
        return {year: self.cleaned_data[f"year_{year}"] for year in self.cycle_years}


class ProposeForm(RequirementsMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why the project needs funding, what it will achieve, and for whom."),
    )

    def __init__(self, *args, cycle: AppealCycle, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects.exclude(appeal_entries__cycle=cycle).order_by(
            "code"
        )
        self.add_year_fields(cycle)


class EntryForm(RequirementsMixin, forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, entry: AppealProject, requirements: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].initial = entry.narrative
        self.add_year_fields(entry.cycle, requirements)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("include", _("Include in the appeal")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        help_text=_("Kept with the decision in its history."),
    )


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the appealing entity and the Secretariat"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example what you could fund, when, and who to contact."),
    )


SORTS = {
    "code": ("project__code",),
    "-code": ("-project__code",),
    "entity": ("project__lead_organization__acronym", "project__code"),
    "-entity": ("-project__lead_organization__acronym", "project__code"),
    "requirement": ("requirement_total", "project__code"),
    "-requirement": ("-requirement_total", "project__code"),
    "gap": ("gap", "project__code"),
    "-gap": ("-gap", "project__code"),
}


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(AppealProject.Status.choices),
    )
    # Plain choice lists read with `values_list` (no model instances): the filter is on every
    # list page. The selectors filter by slug / number.
    entity = forms.ChoiceField(label=_("Appealing entity"), required=False)
    pillar = forms.TypedChoiceField(label=_("Pillar"), required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region"))] + list(Region.choices)
    )
    funding = forms.ChoiceField(
        label=_("Funding"),
        required=False,
        choices=[
            ("", _("Any")),
            ("unfunded", _("Unfunded")),
            ("partial", _("Partly funded")),
            ("open", _("Unfunded or partly funded")),
            ("funded", _("Fully funded")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("code", _("Code")),
            ("-code", _("Code, descending")),
            ("entity", _("Entity")),
            ("-entity", _("Entity, descending")),
            ("requirement", _("Smallest requirement")),
            ("-requirement", _("Largest requirement")),
            ("gap", _("Smallest gap")),
            ("-gap", _("Largest gap")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [("", _("Any entity"))] + [
            (slug, acronym or name)
            for slug, acronym, name in Organization.objects.filter(
                kind=Organization.Kind.COMPACT_ENTITY
            )
            .order_by("acronym", "name")
            .values_list("slug", "acronym", "name")
        ]
        self.fields["pillar"].choices = [("", _("Any pillar"))] + [
            (number, _("Pillar %(numeral)s") % {"numeral": numeral})
            for number, numeral in Pillar.objects.order_by("number").values_list(
                "number", "numeral"
            )
        ]
        self.fields["theme"].choices = [("", _("Any theme"))] + list(
            Theme.objects.order_by("name").values_list("slug", "name")
        )
