import re

from django.core.management.base import BaseCommand, CommandError

from compact_portal.backup import restore


class Command(BaseCommand):
    help = "Restore a pg_dump backup (replaces the objects it contains) into the database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", help="another database to restore into (a drill)")
        parser.add_argument("--create", action="store_true", help="create --database first")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, database, create, yes, **options):
        if database and not re.fullmatch(r"[A-Za-z0-9_]{1,63}", database):
            raise CommandError("--database: letters, digits and underscores only.")
        if not database and not yes:
            answer = input("This replaces the data of the configured database. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("Not restored.")
        restore(path, database=database, create=create)
        self.stdout.write(f"Restored {path} into {database or 'the configured database'}.")
