"""Forms of the discussions: a post (text, mentions, attachments) and a new thread."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entities.models import User

from .discussion_actions import sanitize_post_body
from .discussions import readers_among

BODY_MAX_LENGTH = 20_000
MAX_MENTIONS = 20
MAX_DOCUMENTS = 10


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "class": "discussion-editor__text"}),
        help_text=_(
            "Plain text (blank lines separate paragraphs; web addresses become links), or basic "
            "HTML for bold, italics, lists, quotes and links. Type @ and a name to mention "
            "someone."
        ),
    )
    mentions = forms.ModelMultipleChoiceField(
        label=_("Mention people"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are told about the post and follow the discussion."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Attach documents from the library"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see an attachment only if the library lets them see the document."),
    )

    def __init__(self, *args, user, group, **kwargs):
        from library.models import Document

        super().__init__(*args, **kwargs)
        self.user = user
        self.group = group
        self.fields["mentions"].queryset = User.objects.filter(
            is_active=True, focal_point__isnull=False
        ).select_related("focal_point__organization")
        self.visible_documents = Document.objects.visible_to(user)
        self.fields["documents"].queryset = self.visible_documents.only(
            "pk", "title", "doc_type", "publication_date"
        )

    def selected(self, name: str) -> list:
        """The people or documents chosen so far (to redisplay the picker's choices)."""
        field = self.fields[name]
        if self.is_bound:
            raw = [
                value
                for value in self.data.getlist(self.add_prefix(name))
                if value.isascii() and value.isdigit() and len(value) < 19
            ]
        else:
            raw = [getattr(value, "pk", value) for value in self.initial.get(name, [])]
        if not raw:
            return []
        return list(field.queryset.filter(pk__in=raw[:50]))

    def selected_mentions(self) -> list:
        return self.selected("mentions")

    def selected_documents(self) -> list:
        return self.selected("documents")

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not sanitize_post_body(body):
            raise forms.ValidationError(gettext("Write a message."), code="empty")
        return body

    def clean_mentions(self):
        people = list(self.cleaned_data["mentions"])
        if len(people) > MAX_MENTIONS:
            raise forms.ValidationError(
                gettext("Mention at most %(count)s people.") % {"count": MAX_MENTIONS}
            )
        readers = readers_among([person.pk for person in people], self.group)
        outsiders = [person for person in people if person.pk not in readers]
        if outsiders:
            raise forms.ValidationError(
                gettext("%(names)s cannot read these discussions, so cannot be mentioned.")
                % {"names": ", ".join(str(person) for person in outsiders)}
            )
        return people

    def clean_documents(self):
        documents = list(self.cleaned_data["documents"])
        if len(documents) > MAX_DOCUMENTS:
            raise forms.ValidationError(
                gettext("Attach at most %(count)s documents.") % {"count": MAX_DOCUMENTS}
            )
        return documents


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)

    field_order = ["title", "body", "mentions", "documents"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(gettext("Give the discussion a title."), code="empty")
        return title


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label=_("Search titles"), max_length=100, required=False)

    def query(self) -> str:
        if self.is_valid():
            return " ".join(self.cleaned_data["q"].split())
        return ""


class PickerSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False)

    def query(self) -> str:
        if self.is_valid():
            return " ".join(self.cleaned_data["q"].split())
        return ""
