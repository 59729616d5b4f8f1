"""seed_demo creates the volumes of the source documents, deterministically and once."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from entities.demo import plan_people
from entities.models import FocalPoint, Organization, User

pytestmark = pytest.mark.django_db

Kind = Organization.Kind


@pytest.fixture
def seeded(compact, settings):
    call_command("seed_demo", without_documents=True)


def test_scale_one_has_the_volumes_of_the_documents(seeded):
    focal_points = FocalPoint.objects.exclude(
        user__email__endswith="@example.org", user__email__startswith=""
    )
    assert FocalPoint.objects.filter(user__email__contains=".example.org").count() == 1050
    states = Organization.objects.filter(kind=Kind.MEMBER_STATE, focal_points__isnull=False)
    assert states.distinct().count() == 137
    regional = Organization.objects.filter(kind=Kind.REGIONAL, focal_points__isnull=False)
    assert regional.distinct().count() == 14
    assert focal_points.filter(organization__kind=Kind.COMPACT_ENTITY).exists()


def test_people_come_from_many_regions_with_accented_names(seeded):
    regions = set(FocalPoint.objects.values_list("country__region", flat=True))
    assert {"Africa", "Americas", "Asia", "Europe", "Oceania"} <= regions
    names = "".join(User.objects.values_list("last_name", flat=True))
    assert any(ord(ch) > 127 for ch in names)


def test_every_person_has_expertise_and_languages(seeded):
    without_themes = FocalPoint.objects.annotate(n=Count("themes")).filter(
        n=0, user__email__contains=".example.org"
    )
    assert not without_themes.exists()
    assert not FocalPoint.objects.filter(languages=[]).exists()


def test_seeding_twice_adds_nothing(seeded):
    before = User.objects.count()
    call_command("seed_demo", without_documents=True)
    assert User.objects.count() == before


def test_the_plan_is_deterministic(compact):
    assert plan_people() == plan_people()


def test_demo_people_cannot_sign_in(seeded):
    person = (
        User.objects.filter(email__contains=".example.org")
        .exclude(email__endswith="@example.org")
        .first()
    )
    assert not person.has_usable_password()


def test_demo_logins_one_per_role(seeded, settings):
    password = settings.DEMO_PASSWORD
    expected = {
        "secretariat@example.org": "UNOCT",
        "chair@example.org": "CTED",
        "entity@example.org": "UNODC",
        "state@example.org": "Kenya",
        "regional@example.org": "AU",
    }
    for email, organization in expected.items():
        user = User.objects.get(email=email)
        assert user.check_password(password)
        assert user.focal_point.organization.label == organization
    secretariat = User.objects.get(email="secretariat@example.org")
    assert secretariat.is_staff and not secretariat.is_superuser
    assert secretariat.groups.filter(name="Secretariat").exists()
    assert secretariat.has_perm("entities.change_organization")
    chair = User.objects.get(email="chair@example.org")
    from workinggroups.models import WorkingGroup

    assert chair.has_perm("workinggroups.edit_space", WorkingGroup.objects.get(number=2))
    assert not chair.has_perm("workinggroups.edit_space", WorkingGroup.objects.get(number=3))


def test_scale_multiplies_the_people(compact):
    assert len(plan_people(scale=2)) == 2100


def test_no_demo_logins_outside_development(compact, settings):
    settings.DEVELOPMENT = False
    call_command("seed_demo", without_documents=True)
    assert not User.objects.filter(email="secretariat@example.org").exists()
