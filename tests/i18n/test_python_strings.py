"""Text that Python code shows to people goes through gettext.

The places where a string literal reaches a reader are few and recognisable: a validation
error, a flash message, a form field's label or help text, a model field's verbose name or help
text, a choice's label, a form's `add_error`. The modules of the apps are read with `ast`, and
each such place must hold a call to a gettext function (`_`, `gettext`, `gettext_lazy`,
`pgettext_lazy`, `ngettext` …), never a bare string or f-string.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The portal's own apps: those installed from this repository (a new app is checked too).
APPS = [
    app.name for app in apps.get_app_configs() if Path(app.path).resolve().parent == ROOT.resolve()
]
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "add_message"}
FIELD_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            yield path


def is_text(node) -> bool:
    """A literal a reader would see: a str constant with letters in it, or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(ch.isalpha() for ch in node.value)
    )


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def untranslated(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        if name in GETTEXT:
            continue
        candidates = []
        if name in {"ValidationError", "HttpResponseBadRequest"} and node.args:
            candidates.append(node.args[0])
        if name in MESSAGE_FUNCTIONS and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "messages" and len(node.args) >= 2:
                candidates.append(node.args[-1] if name != "add_message" else node.args[2])
        if name == "add_error" and len(node.args) >= 2:
            candidates.append(node.args[1])
        for keyword in node.keywords:
            if keyword.arg in FIELD_KEYWORDS:
                candidates.append(keyword.value)
        # TextChoices members: NAME = "value", "Label"
        for candidate in candidates:
            if is_text(candidate):
                yield node.lineno, ast.unparse(candidate)[:80]
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Attribute | ast.Name)
            and getattr(base, "attr", getattr(base, "id", "")) in {"TextChoices", "IntegerChoices"}
            for base in node.bases
        ):
            for statement in node.body:
                value = getattr(statement, "value", None)
                if isinstance(statement, ast.Assign) and isinstance(value, ast.Tuple):
                    label = value.elts[-1]
                    if len(value.elts) >= 2 and is_text(label):
                        yield statement.lineno, ast.unparse(label)[:80]


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_text_shown_to_people_is_marked_for_translation(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"{path.relative_to(ROOT)}:{line}: {text}" for line, text in untranslated(tree)]
    assert not found, "Wrap these in gettext:\n" + "\n".join(found)


def test_the_check_catches_a_bare_validation_error():
    tree = ast.parse(
        "from django.core.exceptions import ValidationError\n"
        "def clean(value):\n"
        "    raise ValidationError('The amount is too large.')\n"
    )
    assert [text for _line, text in untranslated(tree)] == ["'The amount is too large.'"]


def test_the_check_accepts_gettext():
    tree = ast.parse(
        "raise ValidationError(_('The amount is too large.'))\n"
        "messages.success(request, gettext('Saved.'))\n"
        "name = forms.CharField(label=_('Name'), help_text=pgettext_lazy('x', 'Help'))\n"
    )
    assert list(untranslated(tree)) == []
