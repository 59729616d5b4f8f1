"""Forms of progress reports and the annual report (the rich text is sanitised on save)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Activity, ProgressReport, WorkingGroup
from .report_actions import RETURN_REASON_MAX_LENGTH

SECTION_MAX_LENGTH = 50_000
MAX_PERIOD_DAYS = 400
FIRST_YEAR = 2018  # the Compact was launched in February 2018

RICH_TEXT_HELP = gettext_lazy(
    "Write plain paragraphs, or HTML for paragraphs (p), sub-headings (h3), lists (ul, ol, li), "
    "links (a), bold (strong) and italics (em); anything else is removed when you save."
)


def _rich_text(label, rows=8):
    return forms.CharField(
        label=label,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        help_text=RICH_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display()}, {obj.progress}%)"


class ProgressReportForm(forms.Form):
    period_start = forms.DateField(
        label=gettext_lazy("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    achievements = _rich_text(gettext_lazy("Achievements"))
    challenges = _rich_text(gettext_lazy("Challenges"))
    next_steps = _rich_text(gettext_lazy("Next steps"))
    activities = ActivityChoiceField(
        label=gettext_lazy("Work plan activities reported on"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Activities of the group's work plan this report covers."),
    )

    def __init__(self, *args, group: WorkingGroup, report: ProgressReport | None = None, **kw):
        super().__init__(*args, **kw)
        self.group = group
        self.report = report
        self.fields["activities"].queryset = Activity.objects.filter(group=group).order_by(
            "starts_on", "pk"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period must end after it starts."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("period_end", _("A progress report covers at most a year."))
            elif start.year < FIRST_YEAR or end.year > timezone.localdate().year + 1:
                self.add_error("period_start", _("Choose a period from 2018 on."))
            else:
                same = ProgressReport.objects.filter(
                    group=self.group, period_start=start, period_end=end
                )
                if self.report is not None:
                    same = same.exclude(pk=self.report.pk)
                if same.exists():
                    raise forms.ValidationError(
                        _("The group already has a report for this period.")
                    )
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the report returned?"),
        max_length=RETURN_REASON_MAX_LENGTH,
        help_text=gettext_lazy("The person who submitted it reads this in an email."),
        widget=forms.TextInput(),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the report is returned."))
        return reason


class AnnualReportForm(forms.Form):
    introduction = _rich_text(gettext_lazy("Introduction"), rows=6)
    consolidation = _rich_text(gettext_lazy("Consolidation of the framework"))
    strategic_leadership = _rich_text(gettext_lazy("Strategic leadership"))
    capacity_building = _rich_text(gettext_lazy("Capacity-building support"))


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not valid_year(year):
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            )
        return year


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year


def default_half_year(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last complete half-year (January–June or July–December)."""
    today = today or timezone.localdate()
    if today.month <= 6:
        return datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31)
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
