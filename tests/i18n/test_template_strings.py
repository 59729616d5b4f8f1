"""Every user-visible word in a template goes through {% translate %} or {% blocktranslate %}.

Templates are split with Django's own template Lexer: text outside template tags is put back
together (each tag or variable replaced by a placeholder) and read as HTML; what a reader sees —
text between elements and the attributes read aloud or shown (alt, title, placeholder,
aria-label…) — must hold no letters once placeholders, entities, numbers and punctuation are
gone, except the proper names allowed below. Text inside blocktranslate, comments, verbatim,
<script> and <style> is skipped.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Proper names and codes that read the same in every language.
PROPER_NAMES = {
    "UNOCT",
    "CTED",
    "UN",
    "UNODC",
    "INTERPOL",
    "WCO",
    "JPOW",
    "CSV",
    "XLSX",
    "PDF",
    "iCal",
    "ICS",
    "vCard",
    "TOTP",
    "USD",
    "M49",  # the UN's standard country or area codes
    "Compact Portal",
    # The language switcher names each language in itself.
    "English",
    "Français",
    "Español",
    "Русский",
    "العربية",
    "中文",
}

VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
# Tags and variables are dropped, not replaced: `<tr{% if mine %} class="x"{% endif %}>` must
# still read as one HTML tag.
PLACEHOLDER = ""
SKIP_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
LETTERS = re.compile(r"[^\W\d_]+")
URL_PATHS = re.compile(r"(?:https?:/)?/\S*")


def skeleton(source: str) -> str:
    """The template's literal text, each tag and variable replaced by PLACEHOLDER."""
    parts = []
    closing = None
    for token in Lexer(source).tokenize():
        name = token.contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if closing:
            if name == closing:
                closing = None
            continue
        if name == "block" and token.contents.split()[1].endswith("_class"):
            closing = "endblock"  # {% block main_class %}main--wide{% endblock %}: a CSS class
        elif name in SKIP_BLOCKS:
            closing = SKIP_BLOCKS[name]
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.COMMENT:
            continue
        else:
            parts.append(PLACEHOLDER)
    return "".join(parts)


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[int, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.chunks.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.chunks.append((self.getpos()[0], data))


def untranslated(source: str) -> list[str]:
    """Literal user-visible text in a template source, as 'line N: text' strings."""
    parser = VisibleText()
    parser.feed(skeleton(source))
    parser.close()
    found = []
    for line, chunk in parser.chunks:
        text = URL_PATHS.sub(" ", chunk)
        for name in sorted(PROPER_NAMES, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
        if LETTERS.search(text):
            found.append(f"line {line}: {' '.join(chunk.split())}")
    return found


def template_files():
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt"})


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>{% translate 'Hello' %}</p>", []),
        ("<p>Hello</p>", ["line 1: Hello"]),
        ("<p>{{ name }} · 12 — {{ count }}%</p>", []),
        ("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}", []),
        ("{# Hello #}{% comment %}Hello{% endcomment %}<!-- Hello -->", []),
        ('<img alt="Logo of the portal" src="x">', ["line 1: Logo of the portal"]),
        ("<a title=\"{% translate 'Open' %}\">&rarr;</a>", []),
        ("<p>UNOCT &amp; CTED</p>", []),
        ("<p>CTED report</p>", ["line 1: CTED report"]),
        ("<script>var a = 'b';</script>", []),
        ("Dear {{ name }},", ["line 1: Dear ,"]),
        ('<tr{% if mine %} class="row--mine"{% endif %}>', []),
        ("{% block main_class %}main--wide{% endblock main_class %}<p>Hi</p>", ["line 1: Hi"]),
        ("{{ site_url }}/admin/entities/", []),
    ],
)
def test_literal_text_detector(source, expected):
    assert untranslated(source) == expected


def test_templates_have_no_untranslated_literal_text():
    problems = []
    for path in template_files():
        for finding in untranslated(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(TEMPLATES)} {finding}")
    assert not problems, f"{len(problems)} untranslated texts:\n" + "\n".join(problems)
