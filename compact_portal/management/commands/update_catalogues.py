"""Bring the translation catalogues up to date with the code, and compile them.

    python manage.py update_catalogues            # makemessages for the six languages + compile
    python manage.py update_catalogues --no-compile

New messages arrive untranslated; `scripts/catalogue.py export/import` hands them to translators.
The English catalogue is the source text itself, so it is filled in here. Needs GNU gettext
(`apt-get install gettext`); the compiled `.mo` files are committed, so running the portal does not.
"""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The catalogues' directory names (Django's `to_locale` of settings.LANGUAGES).
CATALOGUE_LOCALES = ["en", "fr", "es", "ar", "ru", "zh_Hans"]
# Not the portal's own text: the virtualenv, data, collected static files, tests and scripts.
IGNORE_PATTERNS = [".venv/*", ".data/*", "staticfiles/*", "tests/*", "scripts/*", "node_modules/*"]


def make_messages(**options) -> None:
    call_command(
        "makemessages",
        locale=CATALOGUE_LOCALES,
        ignore_patterns=IGNORE_PATTERNS,
        no_obsolete=True,
        verbosity=0,
        **options,
    )


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--no-compile", action="store_true")

    def handle(self, *args, no_compile=False, **options):
        make_messages()
        catalogue_script("fill-en")
        if not no_compile:
            call_command("compilemessages", locale=CATALOGUE_LOCALES, verbosity=0)
        catalogue_script("status")


def catalogue_script(command: str) -> None:
    script = Path(settings.BASE_DIR) / "scripts" / "catalogue.py"
    subprocess.run([sys.executable, str(script), command], check=True)  # noqa: S603 (fixed argv)
