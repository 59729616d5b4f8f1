import csv
import io
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workinggroups.models import WorkingGroup

from .models import Organization, User

OTHER = "other"


def organization_choices():
    """Reference organizations grouped by kind, then "Other"."""
    groups = {kind: [] for kind, _label in Organization.Kind.choices if kind != OTHER}
    for org in Organization.objects.exclude(kind=Organization.Kind.OTHER).order_by("name"):
        groups[org.kind].append((str(org.pk), str(org)))
    choices = [("", gettext_lazy("Choose your organization"))]
    for kind, label in Organization.Kind.choices:
        if groups.get(kind):
            choices.append((label, groups[kind]))
    choices.append((OTHER, gettext_lazy("Other (not in this list)")))
    return choices


class AccessRequestForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Work email"),
        help_text=gettext_lazy("Your professional address; we write to you there."),
    )
    organization = forms.ChoiceField(label=gettext_lazy("Organization"), choices=())
    organization_other = forms.CharField(
        label=gettext_lazy("Name of your organization, if not in the list"),
        max_length=300,
        required=False,
    )
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200)
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        help_text=gettext_lazy("Where you are based."),
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        empty_label=gettext_lazy("Choose a country"),
    )
    working_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Working Groups of interest"),
        queryset=WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).order_by(
            "number"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    justification = forms.CharField(
        label=gettext_lazy("Reason for your request"),
        help_text=gettext_lazy(
            "For example: nominated as focal point by your organization, your role in a "
            "Working Group."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organization_choices()
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        choice = data.get("organization")
        data["organization_object"] = None
        if choice == OTHER:
            if not data.get("organization_other", "").strip():
                self.add_error(
                    "organization_other", _("Please give the name of your organization.")
                )
        elif choice:
            org = Organization.objects.filter(pk=choice).exclude(kind=OTHER).first()
            if org is None:
                self.add_error("organization", _("Please choose an organization from the list."))
            data["organization_object"] = org
        return data


class InviteFocalPointForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organization"), queryset=Organization.objects.order_by("name")
    )
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200, required=False)
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        required=False,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("This person already has an account."))
        return email


# --- bulk invitations from CSV ------------------------------------------------------------------

CSV_COLUMNS = ["email", "first_name", "last_name", "organization", "position", "country"]
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000


@dataclass
class CsvRow:
    number: int
    email: str
    data: dict | None = None
    error: str = ""
    ok: bool = False


class BulkInviteForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, with the header row: email,first_name,last_name,organization,position,"
            "country. Organization: acronym, short name or name; country: ISO3 code or name. "
            "At most 2,000 rows and 1 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."))
        raw = upload.read()
        if b"\x00" in raw:
            raise ValidationError(_("This is not a CSV file (it contains binary data)."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            message = _("The file is not UTF-8 text. Save it as “CSV UTF-8”.")
            raise ValidationError(message) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            rows = []
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                rows.append((reader.line_num, values))
                if len(rows) > MAX_CSV_ROWS:
                    raise ValidationError(_("The file has more than 2,000 rows."))
        except csv.Error as exc:
            message = _("The file is not valid CSV: %(error)s") % {"error": exc}
            raise ValidationError(message) from None
        if header is None or [h.strip().lower() for h in header] != CSV_COLUMNS:
            raise ValidationError(
                _("The first row must be exactly: %(columns)s") % {"columns": ",".join(CSV_COLUMNS)}
            )
        if not rows:
            raise ValidationError(_("The file has no rows after the header."))
        return rows


def find_organization(value: str) -> Organization | None:
    value = value.strip()
    if not value:
        return None
    for lookup in (
        Q(acronym__iexact=value),
        Q(slug__iexact=value),
        Q(name__iexact=value) | Q(official_name__iexact=value),
        Q(aliases__icontains=[value]),
    ):
        matches = list(Organization.objects.filter(lookup)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def find_country(value: str) -> Organization | None:
    value = value.strip()
    states = Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
    return (
        states.filter(iso3__iexact=value).first()
        or states.filter(Q(name__iexact=value) | Q(official_name__iexact=value)).first()
    )


def validate_csv_rows(rows) -> list[CsvRow]:
    """Check every row; a valid row gets `data` (keyword arguments for invite_focal_point)."""
    report, seen = [], set()
    existing = {
        e.lower()
        for e in User.objects.filter(
            email__in=[(v[0] if v else "").strip().lower() for _n, v in rows]
        ).values_list("email", flat=True)
    }
    for number, values in rows:
        email = (values[0] if values else "").strip().lower()
        row = CsvRow(number=number, email=email)
        report.append(row)
        if len(values) != len(CSV_COLUMNS):
            row.error = _("Expected %(n)s columns, found %(found)s.") % {
                "n": len(CSV_COLUMNS),
                "found": len(values),
            }
            continue
        _email, first, last, org_value, position, country_value = (v.strip() for v in values)
        try:
            validate_email(email)
        except ValidationError:
            row.error = _("“%(email)s” is not a valid email address.") % {"email": email}
            continue
        if email in seen:
            row.error = _("This email appears more than once in the file.")
            continue
        seen.add(email)
        if email in existing:
            row.error = _("This person already has an account.")
            continue
        if not first or not last:
            row.error = _("First and last name are required.")
            continue
        if len(first) > 150 or len(last) > 150 or len(position) > 200:
            row.error = _("A name or the position is too long.")
            continue
        organization = find_organization(org_value)
        if organization is None:
            row.error = _("Unknown organization “%(value)s”.") % {"value": org_value}
            continue
        country = None
        if country_value:
            country = find_country(country_value)
            if country is None:
                row.error = _("Unknown country “%(value)s”.") % {"value": country_value}
                continue
        row.data = {
            "email": email,
            "first_name": first,
            "last_name": last,
            "organization": organization,
            "position": position,
            "country": country,
        }
    return report
