"""Translation catalogues: give a translator the untranslated entries, take the answers back.

    python scripts/catalogue.py status                 # per language: entries, untranslated, fuzzy
    python scripts/catalogue.py export fr --dir DIR    # DIR/chunk_000.json … (untranslated + fuzzy)
    python scripts/catalogue.py import fr --dir DIR    # reads DIR/chunk_NNN.out.json, checks, saves
    python scripts/catalogue.py fill-en                # English: msgstr = msgid (the source text)

A chunk is a list of {"k", "msgctxt", "msgid", "msgid_plural", "nplurals", "where"}. Its answer,
`chunk_NNN.out.json`, maps each "k" to the translation: a string, or for a plural entry a list
of `nplurals` strings. Import refuses a translation whose placeholders (%(name)s, %s, %d) or
HTML tags differ from the source's, and runs `msgfmt --check` on the result.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh_Hans"]
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdif]|%[sdif]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def load(language: str) -> polib.POFile:
    return polib.pofile(str(catalogue_path(language)), wrapwidth=0)


def entry_key(entry) -> str:
    return f"{entry.msgctxt or ''}\x04{entry.msgid}"


def nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def stamp(po: polib.POFile, language: str) -> None:
    """The header fields makemessages leaves as placeholders."""
    po.metadata["Project-Id-Version"] = "Compact Portal"
    po.metadata["Language"] = language
    po.metadata["Language-Team"] = f"Compact Portal translators ({language})"
    po.metadata["Last-Translator"] = "Compact Portal translators"
    po.metadata["Report-Msgid-Bugs-To"] = ""
    po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"


def needs_translation(entry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.get(i) for i in range(len(entry.msgstr_plural) or 1))
    return not entry.msgstr


def status() -> int:
    for language in LANGUAGES:
        path = catalogue_path(language)
        if not path.exists():
            print(f"{language:8} (no catalogue)")
            continue
        po = load(language)
        entries = [e for e in po if not e.obsolete]
        missing = sum(1 for e in entries if needs_translation(e))
        fuzzy = sum(1 for e in entries if "fuzzy" in e.flags)
        print(f"{language:8} {len(entries):5} entries, {missing:5} to translate ({fuzzy} fuzzy)")
    return 0


def export(language: str, directory: Path, size: int) -> int:
    po = load(language)
    plural_count = nplurals(po)
    todo = [e for e in po if needs_translation(e)]
    directory.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, len(todo), size)):
        chunk = []
        for k, entry in enumerate(todo[start : start + size], start=start):
            chunk.append(
                {
                    "k": k,
                    "msgctxt": entry.msgctxt,
                    "msgid": entry.msgid,
                    "msgid_plural": entry.msgid_plural or None,
                    "nplurals": plural_count if entry.msgid_plural else None,
                    "where": entry.occurrences[0][0] if entry.occurrences else "",
                }
            )
        (directory / f"chunk_{number:03}.json").write_text(
            json.dumps(chunk, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    print(f"{language}: {len(todo)} entries in {-(-len(todo) // size)} chunks under {directory}")
    return 0


def mismatch(source: str, translation: str, *, forms: int = 1) -> str | None:
    """Why `translation` cannot stand for `source`, or None.

    For a plural entry, `translation` is its forms joined: each form repeats the tags.
    """
    if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(translation))):
        return f"placeholders {PLACEHOLDER.findall(source)} vs {PLACEHOLDER.findall(translation)}"
    if forms > 1:
        if set(TAG.findall(source)) != set(TAG.findall(translation)):
            return f"HTML tags {TAG.findall(source)} vs {TAG.findall(translation)}"
    elif sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
        return f"HTML tags {TAG.findall(source)} vs {TAG.findall(translation)}"
    return None


def import_(language: str, directory: Path) -> int:
    po = load(language)
    plural_count = nplurals(po)
    by_key = {entry_key(e): e for e in po if not e.obsolete}
    applied, problems = 0, []
    for chunk_file in sorted(directory.glob("chunk_*.json")):
        if chunk_file.name.endswith(".out.json"):
            continue
        answer_file = chunk_file.with_name(chunk_file.stem + ".out.json")
        if not answer_file.exists():
            continue
        answers = json.loads(answer_file.read_text(encoding="utf-8"))
        for item in json.loads(chunk_file.read_text(encoding="utf-8")):
            answer = answers.get(str(item["k"]))
            entry = by_key.get(f"{item['msgctxt'] or ''}\x04{item['msgid']}")
            if answer is None or entry is None:
                continue
            if item["msgid_plural"]:
                forms = [answer] * plural_count if isinstance(answer, str) else list(answer)
                if len(forms) != plural_count:
                    problems.append(f"{answer_file.name} k={item['k']}: {len(forms)} forms")
                    continue
                # Each form may drop the count (Arabic's "one" and "two" often do), so the
                # placeholders are checked against the union of the forms.
                union = " ".join(forms)
                why = mismatch(item["msgid_plural"], union, forms=len(forms))
                if why and mismatch(item["msgid"], union, forms=len(forms)):
                    problems.append(f"{answer_file.name} k={item['k']}: {why}")
                    continue
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                if not isinstance(answer, str) or not answer.strip():
                    problems.append(f"{answer_file.name} k={item['k']}: empty or not a string")
                    continue
                why = mismatch(item["msgid"], answer)
                if why:
                    problems.append(f"{answer_file.name} k={item['k']}: {why}")
                    continue
                entry.msgstr = answer
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            applied += 1
    stamp(po, language)
    po.save()
    for problem in problems:
        print("REFUSED", problem)
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue_path(language))],
        capture_output=True,
        text=True,
    )
    print(check.stderr.strip() or f"{language}: msgfmt --check clean")
    remaining = sum(1 for e in po if needs_translation(e))
    print(f"{language}: applied {applied}, refused {len(problems)}, still to translate {remaining}")
    return 0 if check.returncode == 0 else 1


def fill_english() -> int:
    po = load("en")
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    stamp(po, "en")
    po.save()
    print(f"en: {len(po)} entries filled with their source text")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("command", choices=["status", "export", "import", "fill-en"])
    parser.add_argument("language", nargs="?")
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--size", type=int, default=150)
    args = parser.parse_args()
    if args.command == "status":
        return status()
    if args.command == "fill-en":
        return fill_english()
    if not args.language or not args.dir:
        parser.error("export and import need a language and --dir")
    if args.command == "export":
        return export(args.language, args.dir, args.size)
    return import_(args.language, args.dir)


if __name__ == "__main__":
    sys.exit(main())
