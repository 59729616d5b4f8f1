"""Names in the reader's language, in SQL: sort keys and searches over translated columns.

django-modeltranslation rewrites `order_by("name")` and `filter(name__icontains=…)` to the
active language's column only (`name_fr`), where an untranslated row holds NULL: it would sort
after "Zimbabwe" and never be found. These expressions read the reader's column with the
English one as fallback, exactly as `obj.name` does in Python.

Sorting goes through `compact_portal.i18n.name_order` (`f_unaccent(lower(…))`), so "Égypte"
sorts among the E's for a French reader. The embedded PostgreSQL has no ICU collations, so
Arabic, Russian and Chinese names sort by code point (after lowering): right for the Cyrillic
and Arabic alphabets' letter order, not for Chinese (which would want pinyin or stroke order).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language

from compact_portal.i18n import name_order

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def columns(path: str, language: str | None = None) -> list[str]:
    """`path`'s column in the reader's language, then English: ["name_fr", "name_en"].

    `path` may cross relations: "organization__name" → ["organization__name_fr", …].
    """
    prefix, _sep, field = path.rpartition("__")
    prefix = f"{prefix}__" if prefix else ""
    codes = [language or get_language(), DEFAULT_LANGUAGE]
    return list(dict.fromkeys(f"{prefix}{build_localized_fieldname(field, c)}" for c in codes))


def translated(path: str, language: str | None = None):
    """SQL for what `obj.<field>` shows: the reader's column, else English, else the original."""
    prefix, _sep, field = path.rpartition("__")
    original = f"{prefix}__{field}" if prefix else field
    parts = [NullIf(F(column), Value("")) for column in columns(path, language)]
    # (each language's column is its own field class: the output type must be named)
    return Coalesce(*parts, F(original), output_field=TextField())


def sort_key(path: str = "name", language: str | None = None):
    """The accent- and case-insensitive sort key of the translated `path`."""
    return name_order(translated(path, language))


def contains(path: str, text: str, language: str | None = None) -> Q:
    """`path` contains `text` (accents ignored) in the reader's language or in English."""
    condition = Q()
    for column in columns(path, language):
        condition |= Q(**{f"{column}__unaccent__icontains": text})
    return condition
