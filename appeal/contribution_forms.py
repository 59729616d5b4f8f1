"""The contribution form: Decimal amounts, an ISO currency and its rate to USD (never float)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from entities.models import Organization

from .appeal_actions import MAX_USD, to_usd
from .models import AppealProject, Contribution


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.project.code} — {obj.project.title}"


class DonorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContributionForm(forms.Form):
    entry = EntryChoiceField(
        label=_("Project"),
        queryset=AppealProject.objects.none(),
        required=False,
        empty_label=_("Un-earmarked (to the whole cycle)"),
    )
    donor = DonorChoiceField(
        label=_("Donor"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.COMPACT_ENTITY).order_by(
            "kind", "name"
        ),
    )
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=16, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"),
        initial="USD",
        min_length=3,
        max_length=3,
        validators=[RegexValidator(r"^[A-Za-z]{3}$", _("Enter a three-letter code, e.g. EUR."))],
        help_text=_("ISO 4217 code: USD, EUR, GBP, JPY…"),
    )
    rate_to_usd = forms.DecimalField(
        label=_("Rate to USD"),
        initial=Decimal("1"),
        min_value=Decimal("0.00000001"),
        max_digits=18,
        decimal_places=8,
        help_text=_("USD for one unit of the currency, on the date of the contribution."),
    )
    received_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=Contribution.Status.choices)
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "Only the Secretariat, the donor and the receiving entity will see it; it is left "
            "out of everyone else's lists and totals."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, entries, allow_unearmarked: bool, may_mark_confidential: bool, **kw):
        super().__init__(*args, **kw)
        field = self.fields["entry"]
        field.queryset = entries.select_related("project").order_by("project__code")
        field.required = not allow_unearmarked
        if not allow_unearmarked:
            field.empty_label = None
        if not may_mark_confidential:
            del self.fields["confidential"]

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean(self):
        data = super().clean()
        amount, rate = data.get("amount"), data.get("rate_to_usd")
        if amount is not None and rate is not None:
            try:
                data["amount_usd"] = to_usd(amount, rate)
            except ValidationError:
                self.add_error("amount", _("The amount in USD is too large."))
            else:
                if data["amount_usd"] > MAX_USD:
                    self.add_error("amount", _("The amount in USD is too large."))
        return data

    def action_fields(self) -> dict:
        fields = {k: v for k, v in self.cleaned_data.items() if k != "amount_usd"}
        return fields
