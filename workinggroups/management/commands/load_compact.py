from django.core.management.base import BaseCommand, CommandError

from workinggroups.reference_data import DATA_FILE, ReferenceDataError, load_compact, read_data


class Command(BaseCommand):
    help = "Load the Compact's reference data (pillars, entities, Working Groups, JPOW, States)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="YAML file to load")

    def handle(self, *args, **options):
        try:
            report = load_compact(read_data(options["file"]))
        except (OSError, ReferenceDataError, KeyError) as exc:
            raise CommandError(f"Could not load {options['file']}: {exc!r}") from exc
        if options["verbosity"] > 1:
            for line in report.lines():
                self.stdout.write(line)
        summary = "changed" if report.changed else "already up to date"
        self.stdout.write(self.style.SUCCESS(f"Compact reference data {summary}."))
