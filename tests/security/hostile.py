"""Hostile values for form fields, and a check that HTML in the database is inert."""

import re

from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q, TextField
from hypothesis import strategies as st

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",  # right-to-left override
    "\u200f\u200e\u061c",  # RTL / LTR marks
    "مرحبا بالعالم",
    "𝕳𝖊𝖑𝖑𝖔 🧨👩🏽‍💻",
    "Ω≈ç√∫˜µ≤≥÷",
    "x" * 10_000,
    "-1",
    "0",
    "99999999999999999999999",
    "-2147483649",
    "1e309",
    "NaN",
    "3.14",
    "2024-02-30",
    "2024-13-01",
    "0000-00-00",
    "99999-01-01",
    "2024-01-01T25:61",
    "31/12/2024",
    "true",
    "None",
    "null",
    "[]",
    "{}",
    "' OR '1'='1",
    "1; DROP TABLE entities_user; --",
    "%",
    "_",
    "\\",
    "((((",
    '"unbalanced',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "../../../../etc/passwd",
    "http://",
    "mailto:",
    "@",
    "a@b",
]

scalar = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(str),
)
value = st.one_of(scalar, st.lists(scalar, min_size=0, max_size=3))
upload = st.builds(
    lambda data, name: SimpleUploadedFile(name, data),
    st.binary(max_size=2048),
    st.sampled_from(["a.pdf", "a.docx", "x.svg", "evil.pdf.exe", "a.csv", "a.xlsx", "\u202etxt"]),
)


def field_names(form_class) -> list[tuple[str, forms.Field | None]]:
    return list(getattr(form_class, "base_fields", {}).items())


def data_for(fields: list[tuple[str, forms.Field | None]]):
    """A strategy of POST/GET data for the fields: some left out, each hostile."""
    entries = {}
    for name, field in fields:
        if isinstance(field, forms.FileField):
            entries[name] = st.one_of(st.none(), upload)
        elif isinstance(field, forms.MultiValueField):
            for index in range(len(field.fields)):
                entries[f"{name}_{index}"] = st.one_of(st.none(), value)
        else:
            entries[name] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(entries).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


RAW_FIELDS = [
    (name, None)
    for name in (
        "action",
        "token",
        "next",
        "unfollow",
        "page",
        "published",
        "acknowledged",
        "title",
        "description",
        "verdict",
        "project",
        "note",
        "form",
        "language",
    )
]

# Executable HTML in stored rich text: a script element, an on* attribute, a javascript: URL.
DANGEROUS = [
    r"<\s*script",
    r"<[^>]*\son[a-z]+\s*=",
    r"(href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(javascript|vbscript|data):",
    r"<\s*(iframe|object|embed|base|meta|form|style)\b",
]

EXTRA_RICH_FIELDS = {
    ("workinggroups", "ProgressReport"): ("achievements", "challenges", "next_steps"),
    ("entities", "OrganizationProfile"): ("priorities", "challenges", "good_practices"),
    ("library", "Document"): ("body",),
    ("workinggroups", "AnnualReport"): (),
}


def rich_text_fields():
    """(model, field name) of every field documented as sanitised rich text."""
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        extra = EXTRA_RICH_FIELDS.get((model._meta.app_label, model.__name__), ())
        for f in model._meta.get_fields():
            if not isinstance(f, TextField):
                continue
            if "rich text" in str(f.help_text).lower() or f.name in extra:
                yield model, f.name


def unsafe_rich_text() -> list[str]:
    """Rows whose sanitised rich text still holds something executable."""
    found = []
    for model, name in rich_text_fields():
        condition = Q()
        for pattern in DANGEROUS:
            condition |= Q(**{f"{name}__iregex": pattern})
        for pk, text in model.objects.filter(condition).values_list("pk", name)[:3]:
            found.append(f"{model.__name__}#{pk}.{name}: {text[:200]!r}")
    return found


def strip_nul(text: str) -> str:
    return re.sub("\x00", "", text)
