"""Forms of joint planning: the activity filters (list, matrix, timeline, exports) and the
activity form of the group's work plan managers."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entities.models import Organization, Region

from .models import Activity, Priority, WorkingGroup
from .planning import overlapping

NO_PRIORITY = "none"
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)

SORTS = {
    "start": ("starts_on", "pk"),
    "-start": ("-starts_on", "-pk"),
    "end": ("ends_on", "pk"),
    "-end": ("-ends_on", "-pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "group": ("group__number", "starts_on", "pk"),
    "-group": ("-group__number", "starts_on", "pk"),
    "priority": ("priority__number", "group__number", "starts_on", "pk"),
    "-priority": ("-priority__number", "group__number", "starts_on", "pk"),
    "progress": ("progress", "pk"),
    "-progress": ("-progress", "-pk"),
    "status": ("status", "starts_on", "pk"),
    "-status": ("-status", "starts_on", "pk"),
    "updated": ("-updated_at", "-pk"),
}
SORT_CHOICES = [
    ("start", gettext_lazy("Start date (earliest first)")),
    ("-start", gettext_lazy("Start date (latest first)")),
    ("end", gettext_lazy("End date (earliest first)")),
    ("-end", gettext_lazy("End date (latest first)")),
    ("title", gettext_lazy("Title (A–Z)")),
    ("-title", gettext_lazy("Title (Z–A)")),
    ("group", gettext_lazy("Working Group")),
    ("-group", gettext_lazy("Working Group (descending)")),
    ("priority", gettext_lazy("JPOW priority")),
    ("-priority", gettext_lazy("JPOW priority (descending)")),
    ("progress", gettext_lazy("Progress (least first)")),
    ("-progress", gettext_lazy("Progress (most first)")),
    ("status", gettext_lazy("Status")),
    ("-status", gettext_lazy("Status (descending)")),
    ("updated", gettext_lazy("Recently updated")),
]
TIMELINE_GROUPINGS = [
    ("group", gettext_lazy("Working Group")),
    ("priority", gettext_lazy("JPOW priority")),
]


def _date_in_range(value):
    if value and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ActivityFilterForm(forms.Form):
    """The filters shared by the list, the matrix, the timeline and the exports (GET).

    Invalid values are reported next to their field and ignored; the valid ones still apply.
    """

    q = forms.CharField(label=gettext_lazy("Words in the title"), max_length=100, required=False)
    group = forms.ChoiceField(label=gettext_lazy("Working Group"), required=False)
    priority = forms.ChoiceField(label=gettext_lazy("JPOW priority"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    lead = forms.ChoiceField(label=gettext_lazy("Lead entity"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    period_from = forms.DateField(
        label=gettext_lazy("Running on or after"),
        required=False,
        widget=DateInput,
        validators=[_date_in_range],
    )
    period_to = forms.DateField(
        label=gettext_lazy("Running on or before"),
        required=False,
        widget=DateInput,
        validators=[_date_in_range],
    )
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=SORT_CHOICES)
    by = forms.ChoiceField(
        label=gettext_lazy("Group rows by"), required=False, choices=TIMELINE_GROUPINGS
    )

    FILTER_FIELDS = (
        "q",
        "group",
        "priority",
        "status",
        "lead",
        "country",
        "region",
        "period_from",
        "period_to",
    )

    def __init__(self, data, *, priorities: list[Priority], groups: list[WorkingGroup]):
        super().__init__(data)
        everyone = ("", _("All"))
        self.groups = {g.slug: g for g in groups}
        self.fields["group"].choices = [everyone] + [(g.slug, str(g)) for g in groups]
        self.priorities = {str(p.pk): p for p in priorities}
        self.fields["priority"].choices = (
            [everyone]
            + [(str(p.pk), f"{p.number}. {p.title}") for p in priorities]
            + [(NO_PRIORITY, _("No priority"))]
        )
        self.fields["status"].choices = [everyone, *Activity.Status.choices]
        entities = Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by(
            "acronym", "name"
        )
        self.fields["lead"].choices = [everyone] + [
            (slug, acronym or name)
            for slug, acronym, name in entities.values_list("slug", "acronym", "name")
        ]
        states = Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("name")
        self.fields["country"].choices = [everyone, *states.values_list("slug", "name")]
        self.fields["region"].choices = [everyone, *Region.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The end of the period is before its start."))
            cleaned.pop("period_to", None)
        return cleaned

    def values(self) -> dict:
        """The valid filter values (an invalid form keeps its valid fields)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def active_filters(self) -> list[tuple[str, str]]:
        """(label, shown value) of each applied filter, for the results summary."""
        values = self.values()
        active = []
        for name in self.FILTER_FIELDS:
            if name not in values:
                continue
            value = values[name]
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                shown = dict(field.choices).get(value, value)
            elif isinstance(value, datetime.date):
                shown = value.isoformat()
            else:
                shown = value
            active.append((str(field.label), str(shown)))
        return active

    def filter(self, qs: QuerySet[Activity]) -> QuerySet[Activity]:
        values = self.values()
        if "q" in values:
            qs = qs.filter(title__icontains=values["q"])
        if "group" in values:
            qs = qs.filter(group__slug=values["group"])
        if values.get("priority") == NO_PRIORITY:
            qs = qs.exclude(priority_id__in=[p.pk for p in self.priorities.values()])
        elif "priority" in values:
            qs = qs.filter(priority_id=int(values["priority"]))
        if "status" in values:
            qs = qs.filter(status=values["status"])
        if "lead" in values:
            qs = qs.filter(lead_organization__slug=values["lead"])
        if "country" in values:
            qs = qs.filter(countries__slug=values["country"])
        if "region" in values:
            qs = qs.filter(regions__contains=[values["region"]])
        return overlapping(qs, values.get("period_from"), values.get("period_to"))

    def order(self, qs: QuerySet[Activity]) -> QuerySet[Activity]:
        return qs.order_by(*SORTS[self.sort_key])

    @property
    def sort_key(self) -> str:
        return self.values().get("sort") or "start"

    @property
    def grouping(self) -> str:
        return self.values().get("by") or "group"

    def query_without(self, *names) -> str:
        """The current query string without some parameters (for links that change them)."""
        data = self.data.copy() if self.is_bound else {}
        for name in (*names, "page"):
            data.pop(name, None)
        return data.urlencode() if hasattr(data, "urlencode") else ""


def lead_choices() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by(
        "acronym", "name"
    )


def partner_choices() -> QuerySet[Organization]:
    return Organization.objects.filter(
        kind__in=[Organization.Kind.COMPACT_ENTITY, Organization.Kind.REGIONAL]
    ).order_by("kind", "acronym", "name")


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ActivityForm(forms.ModelForm):
    """An activity of one group's work plan (the group is given, never chosen in the form).

    The lead must be a Compact entity taking part in the group (chair, co-chair, vice-chair,
    member or observer); partners are Compact entities or regional organizations other than the
    lead; countries are Member States; dates run forward within 2000–2100; progress is 0–100 and
    a completed activity is 100% done.
    """

    lead_organization = OrganizationChoiceField(
        label=gettext_lazy("Lead entity"),
        queryset=lead_choices(),
        help_text=gettext_lazy("A Compact entity taking part in the group."),
    )
    partners = OrganizationMultipleChoiceField(
        label=gettext_lazy("Partner entities and organizations"),
        queryset=partner_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
    )
    countries = OrganizationMultipleChoiceField(
        label=gettext_lazy("Countries"),
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.NumberInput(attrs={"step": 5}),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "priority",
            "description",
            "lead_organization",
            "partners",
            "countries",
            "regions",
            "is_global",
            "starts_on",
            "ends_on",
            "status",
            "progress",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, group: WorkingGroup, priorities: QuerySet[Priority], **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["priority"].queryset = priorities
        self.fields["priority"].empty_label = _("No priority")
        self.fields["title"].widget.attrs["maxlength"] = 300
        for name in ("starts_on", "ends_on"):
            self.fields[name].validators.append(_date_in_range)
        # The lead takes part in the group (or already led the activity).
        lead = self.fields["lead_organization"]
        lead.queryset = (
            lead_choices()
            .filter(Q(group_memberships__group=group) | Q(pk=self.instance.lead_organization_id))
            .distinct()
        )
        # Partners shown in two groups: Compact entities, then regional organizations.
        grouped: dict[str, list] = {}
        for org in self.fields["partners"].queryset:
            grouped.setdefault(str(org.get_kind_display()), []).append((org.pk, str(org)))
        self.fields["partners"].widget.choices = list(grouped.items())
        lead.error_messages["invalid_choice"] = _(
            "Choose a Compact entity taking part in %(group)s."
        ) % {"group": group}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end is before the start."))
        lead = cleaned.get("lead_organization")
        partners = cleaned.get("partners")
        if lead is not None and partners is not None and lead in partners:
            self.add_error("partners", _("The lead entity is not also a partner."))
        status, progress = cleaned.get("status"), cleaned.get("progress")
        if status == Activity.Status.COMPLETED and progress is not None and progress != 100:
            # xgettext:no-python-format
            self.add_error("progress", _("A completed activity is 100% done."))
        return cleaned

    def _post_clean(self):
        # The instance's group is set by the action; the model's own checks need it already.
        if self.instance.group_id is None:
            self.instance.group = self.group
        super()._post_clean()


def priorities_of(programme) -> QuerySet[Priority]:
    if programme is None:
        return Priority.objects.none()
    return programme.priorities.order_by("number")
