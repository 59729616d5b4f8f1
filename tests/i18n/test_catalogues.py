"""The shipped catalogues are complete, current with the code, and compiled.

- every message of every language has a translation, none fuzzy;
- `makemessages` over the code (into a copy) finds no message the catalogues lack;
- the committed `.mo` files say what the `.po` files say.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

from compact_portal.management.commands.update_catalogues import CATALOGUE_LOCALES, make_messages

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(root: Path, locale: str, kind: str = "po"):
    path = root / locale / "LC_MESSAGES" / f"django.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


def missing(po) -> list[str]:
    gaps = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            gaps.append(f"fuzzy: {entry.msgid[:70]!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                gaps.append(f"empty plural: {entry.msgid[:70]!r}")
        elif not entry.msgstr:
            gaps.append(f"empty: {entry.msgid[:70]!r}")
    return gaps


def messages(po) -> dict:
    out = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        value = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        out[(entry.msgctxt or "", entry.msgid)] = value
    return out


@pytest.mark.parametrize("locale", CATALOGUE_LOCALES)
def test_every_message_is_translated(locale):
    gaps = missing(catalogue(LOCALE, locale))
    assert not gaps, f"{locale}: {len(gaps)} untranslated or fuzzy, e.g.\n" + "\n".join(gaps[:20])


@pytest.mark.parametrize("locale", CATALOGUE_LOCALES)
def test_compiled_catalogue_matches_its_source(locale):
    assert messages(catalogue(LOCALE, locale, "mo")) == messages(catalogue(LOCALE, locale)), (
        f"locale/{locale}: the .mo is stale — run `python manage.py update_catalogues`"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_makemessages_finds_nothing_the_catalogues_lack(tmp_path, monkeypatch):
    # makemessages writes next to the code it reads, so it runs on a copy of the sources.
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".data",
            "staticfiles",
            "node_modules",
            "media",
            "tests",
            "*.mo",
            "__pycache__",
            "*.egg-info",
        ),
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        make_messages()
    for locale in CATALOGUE_LOCALES:
        updated = catalogue(copy / "locale", locale)
        gaps = missing(updated)
        if locale == "en":  # the English catalogue is the source text: new entries only
            gaps = [gap for gap in gaps if not gap.startswith("empty")] + [
                f"new: {entry.msgid[:70]!r}"
                for entry in updated
                if not entry.obsolete and not entry.msgstr and not entry.msgstr_plural
            ]
        assert not gaps, (
            f"{locale}: makemessages left {len(gaps)} entries to translate, e.g.\n"
            + "\n".join(gaps[:20])
            + "\nRun `make messages` and translate them (docs/i18n.md)."
        )
