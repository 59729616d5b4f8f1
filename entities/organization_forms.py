"""Forms of the organization pages: index filters, profile and mandate editing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workinggroups.models import WorkingGroup

RICH_TEXT_MAX = 20_000
MANDATE_MAX = 5_000
SEARCH_MAX = 100

# Rendered unescaped by includes/_field_messages.html: keep it free of angle brackets.
RICH_TEXT_HELP = _(
    "Plain text: leave a blank line between paragraphs. Simple HTML also works: paragraphs, "
    "bold, italics, lists, headings (h3, h4), quotations and links. Anything else is removed "
    "when you save."
)


def _rich_text_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=RICH_TEXT_MAX,
        help_text=RICH_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class OrganizationProfileForm(forms.Form):
    priorities = _rich_text_field(_("Counter-terrorism priorities"))
    challenges = _rich_text_field(_("Challenges"))
    good_practices = _rich_text_field(_("Good practices"))


class MandateForm(forms.Form):
    description = forms.CharField(
        label=_("Mandate summary"),
        required=False,
        max_length=MANDATE_MAX,
        help_text=_("Plain text. Leave a blank line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class EntityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=SEARCH_MAX)
    group = forms.ModelChoiceField(
        label=_("Working Group"),
        queryset=WorkingGroup.objects.order_by("kind", "number"),
        required=False,
        empty_label=_("All groups"),
        to_field_name="slug",
    )


class MemberStateFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=SEARCH_MAX)
    region = forms.ChoiceField(label=_("Region"), required=False)
    with_focal_points = forms.BooleanField(label=_("With focal points only"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [(r, r) for r in regions]


class RegionalFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=SEARCH_MAX)
