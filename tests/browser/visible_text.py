"""What a reader of a page sees or hears, and which of it is still in English.

`page_texts(page)` collects, in the browser, every text node of the body (and the attributes a
reader sees or hears: placeholder, title, alt, aria-label, a button's value) and the page title,
with whitespace collapsed. It skips `script`, `style`, `noscript` and `template`, anything under
`translate="no"` (proper names and user content, as the HTML standard tells browser translators)
unless a nearer `translate="yes"` turns translation back on, and anything whose nearest `lang`
differs from the page's: content shown in its own language (a document summary in French, a
value that fell back to English and says so with `lang="en"`).

`untranslated(english, translated, language)` is the check: a text found on the English page and,
identical, on the page in `language` is English left over when it holds a Latin-script word of
three letters or more, unless that word is written in capitals (an acronym or a code: UNODC,
XLSX) or is a proper name on the allow-list below, or the text is the language's own word for
it: the whole text appears in a translation of the loaded catalogues for `language` (a
translator may keep "Contact" or "Menu" in French) or is a country's name in `language` (CLDR,
via babel: "Kenya" is Kenya in French too). Reference content with no translation in `language`
yet (django-modeltranslation falls back to English by design) is cut out of a text before the
check; content that has a translation must be shown translated.
"""

import re
from functools import cache

from babel import Locale
from django.utils import translation
from django.utils.translation import trans_real

# Proper names and codes that read the same in every language (as tests/i18n/test_template_strings).
PROPER_NAMES = {
    "UNOCT",
    "CTED",
    "UNODC",
    "INTERPOL",
    "WCO",
    "JPOW",
    "CSV",
    "XLSX",
    "Excel",
    "PDF",
    "iCal",
    "ICS",
    "vCard",
    "USD",
    "UTC",
    # The language switcher names each language in itself.
    "English",
    "Français",
    "Español",
}

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]{3,}")
# A word in capitals is an acronym or a code (UNODC, ASEAN, CARICOM IMPACS, XLSX).
ACRONYM = re.compile(r"[A-Z]{2,}")

COLLECT = """
() => {
  const pageLang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  const skipped = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const excluded = (element) => {
    if (!element) return true;
    if (element.closest("script, style, noscript, template")) return true;
    const marked = element.closest("[translate]");
    if (marked && marked.getAttribute("translate").toLowerCase() === "no") return true;
    const ownLanguage = element.closest("[lang]");
    return !!ownLanguage && ownLanguage.getAttribute("lang").toLowerCase() !== pageLang;
  };
  const clean = (text) => (text || "").replace(/\\s+/g, " ").trim();
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = clean(node.nodeValue);
    if (text && !skipped.has(node.parentElement.tagName) && !excluded(node.parentElement)) {
      texts.push(text);
    }
  }
  const attributes = ["placeholder", "title", "alt", "aria-label"];
  for (const element of document.body.querySelectorAll("*")) {
    if (excluded(element)) continue;
    for (const name of attributes) {
      const text = clean(element.getAttribute(name));
      if (text) texts.push(text);
    }
    if (element.matches("input[type=submit], input[type=button]") && clean(element.value)) {
      texts.push(clean(element.value));
    }
  }
  const title = clean(document.title);
  if (title) texts.push(title);
  return texts;
}
"""


def page_texts(page) -> set[str]:
    """The texts a reader of `page` sees or hears, names and own-language content left out."""
    return set(page.evaluate(COLLECT))


@cache
def _translations(language: str) -> str:
    """Every translation in the catalogues Django loads for `language`, one a line."""
    with translation.override(language):
        catalog = trans_real.translation(language)._catalog
        return "\n".join(value for value in dict(catalog.items()).values() if value)


@cache
def _country_names(language: str) -> frozenset[str]:
    locale = Locale.parse(translation.to_locale(language))
    return frozenset(locale.territories.values())


def fallback_content(language: str) -> list[str]:
    """Content shown as it is: with no translation in `language` yet, or a code.

    django-modeltranslation falls back to English where a name, title or objective has no value
    in the reader's language; those English values (and only those) may be on the page. A value
    that has a translation must be shown translated. Organizations' acronyms ("UN Women",
    "1540 Expert Group") are codes, the same in every language. Longest first, to be cut out.
    """
    from django.db.models import Q
    from modeltranslation.translator import translator
    from modeltranslation.utils import build_localized_fieldname

    from entities.models import Organization

    values = set(Organization.objects.exclude(acronym="").values_list("acronym", flat=True))
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            own = build_localized_fieldname(field, language)
            english = build_localized_fieldname(field, "en")
            missing = Q(**{own: ""}) | Q(**{f"{own}__isnull": True})
            rows = model._default_manager.filter(missing).values_list(english, flat=True)
            values.update(value for value in rows if value)
    return sorted(values, key=len, reverse=True)


def _is_own_word(text: str, language: str) -> bool:
    if text in _country_names(language):
        return True
    # Case apart: Django writes "Nov" from the catalogue's "nov".
    pattern = r"(?<!\w)" + re.escape(text) + r"(?!\w)"
    return re.search(pattern, _translations(language), re.IGNORECASE) is not None


def _has_english_word(text: str) -> bool:
    return any(
        word not in PROPER_NAMES and not ACRONYM.fullmatch(word)
        for word in LATIN_WORD.findall(text)
    )


def _without(text: str, contents: list[str]) -> str:
    for content in contents:
        if content in text:
            text = text.replace(content, " ")
    return text


def untranslated(english: set[str], translated: set[str], language: str) -> list[str]:
    """The texts of the `language` page left in English, sorted."""
    contents = fallback_content(language)
    return sorted(
        text
        for text in translated & english
        if _has_english_word(_without(text, contents)) and not _is_own_word(text, language)
    )


def clear_caches() -> None:
    """Forget the catalogues read so far (a test that loads other catalogues calls this)."""
    _translations.cache_clear()
    _country_names.cache_clear()
