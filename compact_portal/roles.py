"""The Secretariat role: staff who manage membership and content in the admin (not superusers)."""

from django.contrib.auth.models import Group, Permission

SECRETARIAT_GROUP = "Secretariat"
# Apps whose every model the Secretariat manages, and auth models it may manage.
SECRETARIAT_APPS = ["entities", "workinggroups", "library", "calendar_app", "appeal"]
SECRETARIAT_AUTH_PERMISSIONS = ["view_group"]


def ensure_secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS) | (
        Permission.objects.filter(
            content_type__app_label="auth", codename__in=SECRETARIAT_AUTH_PERMISSIONS
        )
    )
    group.permissions.set(permissions)
    return group
