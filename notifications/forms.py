"""The preferences form: one choice of delivery per kind of notification."""

from django import forms

from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """A field per kind (named after it), each a radio choice of the four deliveries."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )

    def rows(self):
        """For the table: (kind label, field name, [(value, label, checked)])."""
        for kind in Kind:
            bound = self[kind.value]
            value = str(bound.value() or "")
            yield {
                "name": kind.value,
                "label": kind.label,
                "errors": bound.errors,
                "choices": [
                    {"value": v, "label": label, "checked": v == value, "id": f"pref-{kind}-{v}"}
                    for v, label in Delivery.choices
                ],
            }
