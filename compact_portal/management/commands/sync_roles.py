from django.core.management.base import BaseCommand

from compact_portal.roles import ensure_secretariat_group
from workinggroups.permissions import sync_group_editor_permissions


class Command(BaseCommand):
    help = (
        "Give the Secretariat group its permissions and re-derive every group editor's object "
        "permissions (idempotent; run after migrate)."
    )

    def handle(self, *args, **options):
        group = ensure_secretariat_group()
        added, removed = sync_group_editor_permissions()
        self.stdout.write(
            self.style.SUCCESS(
                f"Secretariat group: {group.permissions.count()} permissions. "
                f"Group editors: {added} grants added, {removed} removed."
            )
        )
