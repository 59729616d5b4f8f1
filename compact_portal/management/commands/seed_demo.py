from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from compact_portal.demo import seed_demo


class Command(BaseCommand):
    help = "Create deterministic demo content (idempotent). Demo logins only in development."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the volumes by N")
        parser.add_argument(
            "--without-documents",
            action="store_true",
            help="people only: no documents, events, projects or other content",
        )

    def handle(self, *args, scale, without_documents, **options):
        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100")
        password = settings.DEMO_PASSWORD if settings.DEVELOPMENT else ""
        try:
            result = seed_demo(scale=scale, password=password, documents=not without_documents)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result['focal_points_created']} focal points and "
                f"{result['documents_created']} documents created (scale {scale}); "
                f"demo logins: {', '.join(result['logins']) or 'none'}."
            )
        )
