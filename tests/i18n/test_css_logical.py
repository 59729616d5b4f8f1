"""Stylesheets use logical properties only, so Arabic (dir="rtl") mirrors the layout unchanged."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"

# Declarations (or values) that name a physical side. Top and bottom are physical too, but they
# do not change with the writing direction, so they are allowed.
PHYSICAL = re.compile(
    r"""
    (?<![-\w])(?:left|right)\s*:                                  # left: 0 (positioning)
    | (?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)\b
    | border-(?:top|bottom)-(?:left|right)-radius\b
    | (?:text-align|float|clear|caption-side)\s*:\s*(?:left|right)\b
    | background-position(?:-x)?\s*:[^;]*\b(?:left|right)\b
    | transform-origin\s*:[^;]*\b(?:left|right)\b
    | \b(?:translateX|scaleX)\(                                   # mirror with [dir=rtl] only
    """,
    re.VERBOSE,
)

# file name -> {line content fragment: reason}
ALLOWED = {
    "portal.css": {
        "transform: scaleX(-1);": "the [dir=rtl] .flip-rtl rule that mirrors arrows",
    },
}


def css_rules(text: str):
    """(line number, line) of each line, comments blanked out (keeping line numbers)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    return enumerate(text.splitlines(), start=1)


def physical_properties(name: str, text: str) -> list[str]:
    allowed = ALLOWED.get(name, {})
    found = []
    for number, line in css_rules(text):
        if PHYSICAL.search(line) and not any(fragment in line for fragment in allowed):
            found.append(f"{name}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize(
    "line, physical",
    [
        ("  margin-left: 1rem;", True),
        ("  padding-right: 0;", True),
        ("  left: 0;", True),
        ("  inset-inline-start: 0;", False),
        ("  text-align: right;", True),
        ("  text-align: end;", False),
        ("  float: left;", True),
        ("  border-right: 1px solid;", True),
        ("  border-inline-end: 1px solid;", False),
        ("  border-top-left-radius: 4px;", True),
        ("  background-position: right 0.5rem center;", True),
        ("  transform: translateX(4px);", True),
        ("  /* margin-left: 1rem; */", False),
        ("  margin-inline-start: 1rem; /* was margin-left */", False),
        ("  scroll-margin-top: 1rem;", False),
    ],
)
def test_detector_sees_physical_properties(line, physical):
    assert bool(physical_properties("x.css", line)) is physical


def test_stylesheets_use_logical_properties():
    files = sorted(CSS.glob("*.css"))
    assert files
    problems = []
    for path in files:
        problems += physical_properties(path.name, path.read_text(encoding="utf-8"))
    assert not problems, "physical left/right in CSS (use logical properties):\n" + "\n".join(
        problems
    )


def test_rtl_pages_mirror_directional_arrows():
    portal = (CSS / "portal.css").read_text(encoding="utf-8")
    assert re.search(r'\[dir="rtl"\]\s*\.flip-rtl\s*\{[^}]*scaleX\(-1\)', portal)
