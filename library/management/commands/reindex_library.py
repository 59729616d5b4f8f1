"""Re-extract files' text and/or rebuild every document's search vectors, with progress."""

import time

from django.core.management.base import BaseCommand

from library import indexing
from library.models import Document, DocumentFile
from library.tasks import extract_document_file


class Command(BaseCommand):
    help = "Rebuild the library's search index; optionally extract files' text again first."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract",
            choices=["none", "pending", "failed", "all"],
            default="pending",
            help="which files to extract first: none, pending (default), failed "
            "(pending and not extracted) or all",
        )
        parser.add_argument(
            "--no-index", action="store_true", help="extract only; do not rebuild the vectors"
        )
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)

    def handle(self, *args, extract, no_index, batch_size, **options):
        started = time.monotonic()
        if extract != "none":
            self.extract_files(extract)
        if not no_index:
            self.reindex(batch_size)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s."))

    def extract_files(self, which):
        files = DocumentFile.objects.all()
        if which == "pending":
            files = files.filter(extraction=DocumentFile.Extraction.PENDING)
        elif which == "failed":
            files = files.filter(
                extraction__in=[
                    DocumentFile.Extraction.PENDING,
                    DocumentFile.Extraction.NOT_EXTRACTED,
                ]
            )
        pks = list(files.order_by("pk").values_list("pk", flat=True))
        total = len(pks)
        self.stdout.write(f"Extracting text from {total:,} files...")
        counts = {}
        for done, pk in enumerate(pks, start=1):
            # Runs in this process (synchronously), without the task's time limit.
            state = extract_document_file.run(pk, force=True)
            counts[state] = counts.get(state, 0) + 1
            if done % 100 == 0 or done == total:
                self.stdout.write(f"  {done:,}/{total:,} files")
        summary = ", ".join(
            f"{state or 'gone'}: {n:,}" for state, n in sorted(counts.items(), key=str)
        )
        if summary:
            self.stdout.write(f"  {summary}")

    def reindex(self, batch_size):
        pks = list(Document.objects.order_by("pk").values_list("pk", flat=True))
        total = len(pks)
        self.stdout.write(f"Rebuilding the search vectors of {total:,} documents...")
        for start in range(0, total, batch_size):
            indexing.update_search_vectors(pks[start : start + batch_size])
            self.stdout.write(f"  {min(start + batch_size, total):,}/{total:,} documents")
