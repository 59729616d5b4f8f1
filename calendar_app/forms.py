"""Calendar forms: events (times in the event's own zone), occurrences, attendance, settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entities.models import Organization, Region
from library.models import Document
from workinggroups.models import Meeting, WorkingGroup

from .actions import M2M_FIELDS, SCALAR_FIELDS
from .models import Attendance, Event, available_timezones
from .recurrence import RecurrenceError, normalize_rrule
from .visibility import audience_of, editable_groups, may_create, organizer_choices

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def timezone_choices():
    common = ["UTC", "America/New_York", "Europe/Zurich", "Europe/Vienna", "Africa/Nairobi"]
    rest = sorted(name for name in available_timezones() if name not in common and "/" in name)
    return [(name, name) for name in common + rest]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def local_moment(day: dt.date, time: dt.time, tz) -> dt.datetime:
    """The aware moment of a wall-clock time; ValueError if clocks skip it (a DST gap)."""
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValueError("non-existent local time")
    return aware.astimezone(dt.UTC)


class EventForm(forms.Form):
    class Repeat:
        NONE = ""
        WEEKLY = "weekly"
        MONTHLY_WEEKDAY = "monthly_weekday"
        MONTHLY_DAY = "monthly_day"
        CUSTOM = "custom"

    REPEAT_CHOICES = [
        ("", gettext_lazy("Does not repeat")),
        ("weekly", gettext_lazy("Every week")),
        ("monthly_weekday", gettext_lazy("Every month, same weekday (e.g. the 2nd Tuesday)")),
        ("monthly_day", gettext_lazy("Every month, same date")),
        ("custom", gettext_lazy("Custom rule (iCalendar RRULE)")),
    ]

    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    event_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=Event.Type.choices)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Event.Status.choices, initial=Event.Status.PLANNED
    )
    organizer = forms.ModelChoiceField(
        label=gettext_lazy("Organizer"), queryset=Organization.objects.none()
    )
    co_organizers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Co-organizers"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.MEMBER_STATE),
        required=False,
    )
    working_group = forms.ModelChoiceField(
        label=gettext_lazy("Working Group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=gettext_lazy("Only the group's editors and the Secretariat schedule its events."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting record"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=gettext_lazy("The record with the agenda and decisions, if there is one."),
    )
    participant_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("High-level participants from"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        help_text=gettext_lazy("Groups whose chairs or principals are expected to take part."),
    )
    countries = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Countries"),
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        required=False,
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    timezone = forms.ChoiceField(
        label=gettext_lazy("Time zone of the event"), choices=timezone_choices, initial="UTC"
    )
    all_day = forms.BooleanField(
        label=gettext_lazy("All day (or several whole days)"), required=False
    )
    start_date = forms.DateField(label=gettext_lazy("First day"), widget=DateInput)
    start_time = forms.TimeField(label=gettext_lazy("Starts at"), widget=TimeInput, required=False)
    end_date = forms.DateField(
        label=gettext_lazy("Last day"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("Leave empty for the same day."),
    )
    end_time = forms.TimeField(label=gettext_lazy("Ends at"), widget=TimeInput, required=False)
    repeat = forms.ChoiceField(
        label=gettext_lazy("Repeats"), choices=REPEAT_CHOICES, required=False
    )
    repeat_until = forms.DateField(
        label=gettext_lazy("Repeat until"), widget=DateInput, required=False
    )
    rrule = forms.CharField(
        label=gettext_lazy("Custom rule"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For “Custom rule”, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12."),
    )
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=300, required=False)
    online_url = forms.URLField(
        label=gettext_lazy("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("In-person places"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=gettext_lazy("Leave empty for no limit."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    document_ids = forms.CharField(
        label=gettext_lazy("Library documents"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Document numbers from the library, separated by commas."),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may see it"),
        choices=Event.Visibility.choices,
        initial=Event.Visibility.ALL,
    )
    audience_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Visible to members of"),
        queryset=WorkingGroup.objects.all(),
        required=False,
    )
    audience_organizations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Visible to"),
        queryset=Organization.objects.all(),
        required=False,
    )
    acknowledged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, instance: Event | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        organizers = organizer_choices(user)
        groups = editable_groups(user)
        if instance is not None:
            # Keep the current values selectable for those who may change the event.
            organizers = Organization.objects.filter(
                pk__in=[*organizers.values_list("pk", flat=True), instance.organizer_id]
            )
            if instance.working_group_id:
                groups = WorkingGroup.objects.filter(
                    pk__in=[*groups.values_list("pk", flat=True), instance.working_group_id]
                )
        self.fields["organizer"].queryset = organizers.order_by("name")
        if instance is None and not groups.exists():
            # Not an editor of any group: the group fields would offer nothing.
            del self.fields["working_group"]
            del self.fields["meeting"]
        else:
            self.fields["working_group"].queryset = groups.order_by("kind", "number")
            self.fields["meeting"].queryset = Meeting.objects.filter(
                group__in=groups
            ).select_related("group")
        default = audience_of(user).organization_id
        if not self.is_bound and instance is None and default:
            self.initial.setdefault("organizer", default)

    @staticmethod
    def initial_from(event: Event) -> dict:
        tz = event.tz
        start_local = event.starts_at.astimezone(tz)
        end_local = event.ends_at.astimezone(tz)
        initial = {
            name: getattr(event, name)
            for name in (
                "title",
                "event_type",
                "status",
                "organizer",
                "working_group",
                "meeting",
                "region",
                "timezone",
                "all_day",
                "venue",
                "online_url",
                "capacity",
                "description",
                "agenda",
                "visibility",
            )
        }
        initial["co_organizers"] = list(event.co_organizers.all())
        initial["participant_groups"] = list(event.participant_groups.all())
        initial["countries"] = list(event.countries.all())
        initial["audience_groups"] = list(event.audience_groups.all())
        initial["audience_organizations"] = list(event.audience_organizations.all())
        initial["document_ids"] = ", ".join(
            str(pk) for pk in event.documents.values_list("pk", flat=True)
        )
        if event.all_day:
            initial["start_date"] = event.start_date
            initial["end_date"] = event.end_date
        else:
            initial["start_date"] = start_local.date()
            initial["start_time"] = start_local.time()
            initial["end_date"] = end_local.date()
            initial["end_time"] = end_local.time()
        if event.rrule:
            initial["repeat"] = "custom"
            initial["rrule"] = event.rrule
        return initial

    def clean_document_ids(self):
        raw = self.cleaned_data.get("document_ids") or ""
        ids = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if not part.isdigit() or len(part) > 12:
                raise forms.ValidationError(
                    _("“%(value)s” is not a document number."), params={"value": part}
                )
            ids.append(int(part))
        documents = list(Document.objects.visible_to(self.user).filter(pk__in=ids))
        missing = sorted(set(ids) - {document.pk for document in documents})
        if missing:
            raise forms.ValidationError(
                _("No document you may see has the number %(numbers)s."),
                params={"numbers": ", ".join(str(pk) for pk in missing)},
            )
        return documents

    def _rule(self, start_day: dt.date, tz, all_day: bool) -> str:
        repeat = self.cleaned_data.get("repeat") or ""
        until = self.cleaned_data.get("repeat_until")
        if repeat == self.Repeat.NONE:
            return ""
        if repeat == self.Repeat.CUSTOM:
            text = self.cleaned_data.get("rrule") or ""
            if not text.strip():
                self.add_error("rrule", _("Write the rule, or choose another repeat option."))
                return ""
        elif repeat == self.Repeat.WEEKLY:
            text = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start_day.weekday()]}"
        elif repeat == self.Repeat.MONTHLY_DAY:
            text = f"FREQ=MONTHLY;BYMONTHDAY={start_day.day}"
        else:
            nth = (start_day.day - 1) // 7 + 1
            position = "-1" if nth == 5 else str(nth)
            text = f"FREQ=MONTHLY;BYDAY={position}{WEEKDAYS[start_day.weekday()]}"
        if repeat != self.Repeat.CUSTOM:
            if until is None:
                self.add_error("repeat_until", _("Say until when the event repeats."))
                return ""
            if until < start_day:
                self.add_error("repeat_until", _("This is before the first day."))
                return ""
            text += f";UNTIL={until:%Y%m%d}"
        try:
            return normalize_rrule(text, tz=tz, all_day=all_day)
        except RecurrenceError as error:
            self.add_error("rrule" if repeat == self.Repeat.CUSTOM else "repeat", str(error))
            return ""

    def clean(self):
        data = super().clean()
        name = data.get("timezone")
        start_day = data.get("start_date")
        if not name or start_day is None:
            return data
        tz = zoneinfo.ZoneInfo(name)
        all_day = data.get("all_day", False)
        end_day = data.get("end_date") or start_day
        if end_day < start_day:
            self.add_error("end_date", _("The last day is before the first day."))
            return data
        if all_day:
            starts_at = local_moment(start_day, dt.time(), tz)
            ends_at = local_moment(end_day + dt.timedelta(days=1), dt.time(), tz)
            data["start_date"], data["end_date"] = start_day, end_day
        else:
            start_time, end_time = data.get("start_time"), data.get("end_time")
            if start_time is None:
                self.add_error("start_time", _("Give a start time, or tick “All day”."))
            if end_time is None:
                self.add_error("end_time", _("Give an end time, or tick “All day”."))
            if start_time is None or end_time is None:
                return data
            try:
                starts_at = local_moment(start_day, start_time, tz)
            except ValueError:
                self.add_error(
                    "start_time",
                    _("Clocks change then: this time does not exist in %(zone)s.") % {"zone": name},
                )
                return data
            try:
                ends_at = local_moment(end_day, end_time, tz)
            except ValueError:
                self.add_error(
                    "end_time",
                    _("Clocks change then: this time does not exist in %(zone)s.") % {"zone": name},
                )
                return data
            if ends_at <= starts_at:
                self.add_error("end_time", _("The event must end after it starts."))
                return data
            if ends_at - starts_at > dt.timedelta(days=60):
                self.add_error("end_date", _("An event lasts at most 60 days."))
                return data
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        data["rrule"] = self._rule(start_day, tz, all_day)
        organizer = data.get("organizer")
        group = data.get("working_group")
        if organizer is not None and not self._may_save(organizer, group):
            self.add_error(
                "organizer",
                _("You may schedule events only for your organization or for groups you edit."),
            )
        meeting = data.get("meeting")
        if meeting is not None and group is not None and meeting.group_id != group.pk:
            self.add_error("meeting", _("This meeting record belongs to another group."))
        return data

    def _may_save(self, organizer, group) -> bool:
        if self.instance is not None:
            unchanged = organizer.pk == self.instance.organizer_id and (
                (group.pk if group else None) == self.instance.working_group_id
            )
            if unchanged:
                return True  # the view checked the right to change the event
        return may_create(
            self.user, organizer_id=organizer.pk, working_group_id=group.pk if group else None
        )

    def event_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in (*SCALAR_FIELDS, *M2M_FIELDS)}
        values["region"] = values["region"] or ""
        values["venue"] = values["venue"] or ""
        values["online_url"] = values["online_url"] or ""
        values["documents"] = data.get("document_ids") or []
        return values

    def conflict_inputs(self) -> tuple[Event, set[int], set[int]]:
        data = self.cleaned_data
        candidate = Event(
            all_day=data["all_day"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            timezone=data["timezone"],
            rrule=data["rrule"],
            working_group=data.get("working_group"),
            organizer=data["organizer"],
        )
        organizers = {data["organizer"].pk} | {org.pk for org in data.get("co_organizers") or []}
        groups = {group.pk for group in data.get("participant_groups") or []}
        if data.get("working_group"):
            groups.add(data["working_group"].pk)
        return candidate, organizers, groups

    def signature(self) -> str:
        """What the conflict warning was about; confirming applies only to these same facts."""
        candidate, organizers, groups = self.conflict_inputs()
        text = "|".join(
            [
                candidate.starts_at.isoformat(),
                candidate.ends_at.isoformat(),
                candidate.rrule,
                str(candidate.working_group_id),
                ",".join(map(str, sorted(organizers))),
                ",".join(map(str, sorted(groups))),
                settings.SECRET_KEY[:8],
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def timing_changed(self) -> bool:
        if self.instance is None:
            return True
        data = self.cleaned_data
        return (
            data["starts_at"] != self.instance.starts_at
            or data["ends_at"] != self.instance.ends_at
            or data["rrule"] != self.instance.rrule
        )


class OccurrenceForm(forms.Form):
    """Cancel one occurrence of a recurring event, or move it."""

    occurrence = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("cancel", gettext_lazy("Cancel")), ("move", gettext_lazy("Move"))]
    )
    start_date = forms.DateField(label=gettext_lazy("New day"), widget=DateInput, required=False)
    start_time = forms.TimeField(label=gettext_lazy("New start"), widget=TimeInput, required=False)
    end_time = forms.TimeField(label=gettext_lazy("New end"), widget=TimeInput, required=False)

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean(self):
        from .recurrence import parse_occurrence_key

        data = super().clean()
        try:
            data["original_start"] = parse_occurrence_key(data.get("occurrence", ""))
        except RecurrenceError:
            raise forms.ValidationError(_("Not an occurrence of this event.")) from None
        if data.get("action") == "move":
            tz = self.event.tz
            day, start, end = data.get("start_date"), data.get("start_time"), data.get("end_time")
            if self.event.all_day:
                if day is None:
                    self.add_error("start_date", _("Give the new day."))
                    return data
                span = (self.event.end_date - self.event.start_date).days + 1
                data["starts_at"] = local_moment(day, dt.time(), tz)
                data["ends_at"] = local_moment(day + dt.timedelta(days=span), dt.time(), tz)
                return data
            if day is None or start is None or end is None:
                raise forms.ValidationError(_("Give the new day, start and end."))
            try:
                data["starts_at"] = local_moment(day, start, tz)
                data["ends_at"] = local_moment(day, end, tz)
            except ValueError:
                raise forms.ValidationError(
                    _("Clocks change then: this time does not exist.")
                ) from None
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The event must end after it starts."))
        return data


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    mode = forms.ChoiceField(
        choices=Attendance.Mode.choices, required=False, initial=Attendance.Mode.IN_PERSON
    )


class PreferencesForm(forms.Form):
    timezone = forms.ChoiceField(
        label=gettext_lazy("Show times in"),
        choices=timezone_choices,
        help_text=gettext_lazy("Every event also notes its own time zone."),
    )
    remind_day_before = forms.BooleanField(
        label=gettext_lazy("Email me 24 hours before events I registered for"), required=False
    )
    remind_hour_before = forms.BooleanField(
        label=gettext_lazy("Email me 1 hour before events I registered for"), required=False
    )


class FeedForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    group = forms.ModelChoiceField(
        label=gettext_lazy("Only events of"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        empty_label=gettext_lazy("All events I may see"),
    )


class CalendarFilterForm(forms.Form):
    """The filters every calendar view shares (all optional; bad values are ignored)."""

    group = forms.ModelChoiceField(
        label=gettext_lazy("Working Group"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All groups"),
    )
    organizer = forms.ModelChoiceField(
        label=gettext_lazy("Organizer"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.MEMBER_STATE),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All organizers"),
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[("", gettext_lazy("All types")), *Event.Type.choices],
        required=False,
    )
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        to_field_name="iso3",
        required=False,
        empty_label=gettext_lazy("All countries"),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        choices=[("", gettext_lazy("All regions")), *Region.choices],
        required=False,
    )
    q = forms.CharField(label=gettext_lazy("Search"), max_length=100, required=False)
    mine = forms.BooleanField(label=gettext_lazy("My calendar"), required=False)
