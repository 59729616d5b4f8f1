"""Demo content for the development profile and the benchmark: `manage.py seed_demo`."""

from dataclasses import dataclass

from django.db import transaction
from guardian.shortcuts import remove_perm

from entities.demo import seed_focal_points
from entities.models import FocalPoint, Organization, User
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup

from .roles import ensure_secretariat_group


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    last_name: str
    organization: dict  # lookup for the Organization
    position: str
    role: str


DEMO_LOGINS = [
    DemoLogin(
        "secretariat@example.org",
        "Amina",
        "Haddad",
        {"acronym": "UNOCT"},
        "Coordination Officer, Compact Secretariat (PKMCB)",
        "secretariat",
    ),
    DemoLogin(
        "chair@example.org",
        "Lucía",
        "Fernández",
        {"acronym": "CTED"},
        "Legal Officer, Working Group 2 coordinator",
        "group_editor",
    ),
    DemoLogin(
        "entity@example.org",
        "Jonas",
        "Lindqvist",
        {"acronym": "UNODC"},
        "Crime Prevention Officer, Terrorism Prevention Branch",
        "focal_point",
    ),
    DemoLogin(
        "state@example.org",
        "Wanjiru",
        "Kamau",
        {"iso3": "KEN"},
        "Counsellor, Permanent Mission of Kenya to the United Nations",
        "focal_point",
    ),
    DemoLogin(
        "regional@example.org",
        "Kwame",
        "Mensah",
        {"acronym": "AU"},
        "Senior Political Officer, Peace and Security Department",
        "focal_point",
    ),
]


@transaction.atomic
def ensure_demo_logins(password: str) -> list[User]:
    """One login per role. The password is (re)set only when it differs, so re-runs are cheap."""
    secretariat = ensure_secretariat_group()
    users = []
    for login in DEMO_LOGINS:
        organization = Organization.objects.get(**login.organization)
        user, created = User.objects.get_or_create(
            email=login.email,
            defaults={"first_name": login.first_name, "last_name": login.last_name},
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        FocalPoint.objects.get_or_create(
            user=user,
            defaults={
                "organization": organization,
                "position": login.position,
                "country": organization if organization.iso3 else None,
                "languages": ["en"],
            },
        )
        if login.role == "secretariat" and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(secretariat)
        if login.role == "group_editor":
            # CTED chairs Working Group 2: the designation yields the editor permissions on it.
            group = WorkingGroup.objects.get(number=2)
            remove_perm("workinggroups.change_workinggroup", user, group)  # earlier demo data
            designate_group_editor(group, user, actor=None)
        users.append(user)
    return users


def seed_demo(*, scale: int = 1, password: str = "", documents: bool = True) -> dict:
    """Everything a demonstration needs, in dependency order; each step is idempotent."""
    from appeal.demo_appeal import seed_appeal
    from appeal.demo_projects import seed_projects
    from assessments.demo import seed_assessments
    from calendar_app.demo import seed_events
    from compact_portal.i18n import seed_languages
    from compact_portal.numbers import seed_numbers
    from library.demo import seed_documents, seed_multilingual
    from notifications.demo import seed_notifications
    from workinggroups.demo_discussions import seed_discussions
    from workinggroups.demo_planning import seed_planning
    from workinggroups.demo_reports import seed_reports
    from workinggroups.demo_spaces import seed_spaces

    created = seed_focal_points(scale)
    languages_set = seed_languages(scale)
    logins = ensure_demo_logins(password) if password else []
    result = {
        "focal_points_created": created,
        "languages_set": languages_set,
        "logins": [u.email for u in logins],
    }
    if not documents:  # people only (`seed_demo --without-documents`)
        return {**result, "documents_created": 0}
    return {
        **result,
        "documents_created": seed_documents(scale),
        "multilingual_documents_created": seed_multilingual(scale),
        "activities_created": seed_planning(scale),
        "reports_created": seed_reports(scale),
        "space_items_created": seed_spaces(scale),
        "discussions_created": seed_discussions(scale),
        "events_created": seed_events(scale),
        "projects_created": seed_projects(scale),
        "assessments_created": seed_assessments(scale),
        "appeal_items_created": seed_appeal(scale),
        "numbers_created": seed_numbers(scale),
        "notifications_created": seed_notifications(scale),
    }
