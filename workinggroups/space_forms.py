"""Forms of the group spaces and the meetings of record (plain forms; actions save)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import Organization
from entities.organization_forms import RICH_TEXT_HELP, RICH_TEXT_MAX

from .models import Decision, FollowUpAction

TEXT_MAX = 10_000


def _rich(label, *, required=False, rows=8):
    return forms.CharField(
        label=label,
        required=required,
        max_length=RICH_TEXT_MAX,
        help_text=RICH_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GroupTextsForm(forms.Form):
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Plain text. Leave a blank line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Plain text. Leave a blank line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = _rich(_("Text"), rows=6)
    pinned = forms.BooleanField(label=_("Pin to the top of the announcements"), required=False)
    expires_at = forms.DateTimeField(
        label=_("Shown until"),
        required=False,
        help_text=_("Leave empty to show it until it is deleted."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    def __init__(self, *args, is_new=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value is not None and self.is_new and value <= timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return value


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = _rich(_("Text"), rows=12)
    is_visible = forms.BooleanField(label=_("Show in the space"), required=False, initial=True)


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=100)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class VisibilityForm(forms.Form):
    visible = forms.TypedChoiceField(
        choices=[("1", _("Shown")), ("0", _("Hidden"))], coerce=lambda v: v == "1"
    )


class FeatureForm(forms.Form):
    document = forms.IntegerField(min_value=1)


class MeetingForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number"), required=False, min_value=1, max_value=32767,
        help_text=_("The meeting's ordinal number, if it has one (e.g. 10 for the tenth)."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    agenda = _rich(_("Agenda"))
    summary = _rich(_("Summary"))

    def __init__(self, *args, group, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.instance = instance

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        number = cleaned.get("number")
        if number:
            taken = self.group.meetings.filter(number=number)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("number", _("This group already has a meeting with this number."))
        return cleaned


class DecisionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=32767)
    text = forms.CharField(
        label=_("Decision"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, meeting, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance = instance

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Decision.objects.filter(meeting=self.meeting, number=number)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This meeting already has a decision with this number."))
        return number


class FollowUpActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner entity"),
        queryset=Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY).order_by(
            "acronym", "name"
        ),
    )
    decision = forms.ModelChoiceField(
        label=_("Decision"), queryset=Decision.objects.none(), required=False,
        empty_label=_("Not tied to a decision"),
    )  # fmt: skip
    due_on = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = meeting.decisions.order_by("number")
        self.fields["owner"].label_from_instance = lambda org: org.label


class ActionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All actions")), ("open", _("Open")), ("overdue", _("Overdue"))],
    )
    mine = forms.BooleanField(label=_("My organization's actions only"), required=False)
