from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from compact_portal.backup import dump


class Command(BaseCommand):
    help = "Dump the database with pg_dump (custom format) to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="file to write (default: backups/compact-portal-<UTC time>.dump)",
        )

    def handle(self, *args, output, **options):
        if output:
            path = Path(output)
        else:
            path = Path("backups") / f"compact-portal-{timezone.now():%Y%m%dT%H%M%SZ}.dump"
        path.parent.mkdir(parents=True, exist_ok=True)
        dump(path)
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
