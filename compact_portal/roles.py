"""The Secretariat role: staff who manage membership and content in the admin (not superusers).

`ensure_secretariat_group()` is idempotent; `manage.py sync_roles` runs it after every migrate
(the stack and the compose `migrate` service), so new models' permissions reach the group.

The group holds every model permission of the portal's apps, except that authentication events are
read-only, plus read-only access to groups, email addresses, two-factor authenticators, user
sessions and the admin's history. It never holds `auth.change_permission`, `auth.change_group` or
the django-guardian tables: object permissions are derived (workinggroups.permissions), and making
superusers is for superusers only.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from entities.accounts import SECRETARIAT_GROUP

__all__ = ["SECRETARIAT_GROUP", "ensure_secretariat_group", "secretariat_permissions"]

# Apps whose every model the Secretariat manages.
SECRETARIAT_APPS = [
    "entities",
    "workinggroups",
    "library",
    "calendar_app",
    "appeal",
    "compact_portal",
]
# Models of those apps the Secretariat may only read: (app_label, model).
READ_ONLY_MODELS = [("compact_portal", "authevent")]
# Other apps' permissions: (app_label, codename).
EXTRA_PERMISSIONS = [
    ("auth", "view_group"),
    ("account", "view_emailaddress"),
    ("mfa", "view_authenticator"),
    ("usersessions", "view_usersession"),
    ("admin", "view_logentry"),
]


def secretariat_permissions():
    managed = Q(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, model in READ_ONLY_MODELS:
        managed &= ~Q(content_type__app_label=app_label, content_type__model=model) | Q(
            codename=f"view_{model}"
        )
    extra = Q(pk__in=[])
    for app_label, codename in EXTRA_PERMISSIONS:
        extra |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(managed | extra)


def ensure_secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.set(secretariat_permissions())
    return group
