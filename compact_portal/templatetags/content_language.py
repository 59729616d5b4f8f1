"""Mark reference content shown in another language than the page's.

Names, objectives and priorities are translated with django-modeltranslation:
`{{ group.objectives }}` shows the reader's language, or English where that language has no
text yet. Where it falls back, the element must say so, to screen readers (`lang="en"`, so the
English is pronounced as English) and to the eye (a small label naming the language, in the
reader's language):

    {% load content_language %}
    <div class="space-prose"{% content_lang group "objectives" %}>
      {{ group.objectives|linebreaks }}
    </div>
    {% fallback_label group "objectives" %}

Both tags read only the columns the object already holds (`entities.translation.shown`), so no
query is made.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_bidi, get_language_info, gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_language

from entities.translation import shown

register = template.Library()


def shown_language(obj, field: str) -> str | None:
    """The language `obj.<field>` is shown in on this page: the active one or its fallback.

    None when the field is not translated (or `obj` is not a translated model) or has no text in
    any language.
    """
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    if field not in options.all_fields:
        return None
    return shown(obj, field)[0]


def falls_back(obj, field: str) -> str | None:
    """The fallback language `obj.<field>` is shown in, or None if it is in the page's language."""
    code = shown_language(obj, field)
    return code if code is not None and code != get_language() else None


@register.simple_tag
def content_lang(obj, field):
    """` lang="en"` (with its leading space) where the value falls back to English; else nothing.

    On a right-to-left page, also ` dir="ltr"`: English keeps its own direction (its full stop
    at the end of the line, not before the first word).
    """
    code = falls_back(obj, field)
    if not code:
        return ""
    if get_language_bidi() and not get_language_info(code)["bidi"]:
        return format_html(' lang="{}" dir="ltr"', code)
    return format_html(' lang="{}"', code)


@register.simple_tag
def fallback_label(obj, field):
    """A small label naming the language of a fallback value ("anglais" on a French page)."""
    code = falls_back(obj, field)
    if not code:
        return ""
    language = get_language_info(code)["name_translated"]
    return format_html(
        '<span class="badge badge--outline content-language" title="{}">{}</span>',
        # Mid-sentence, as French, Spanish and Russian write language names ("en anglais").
        gettext("Not translated yet: shown in %(language)s.") % {"language": language.lower()},
        language,
    )
