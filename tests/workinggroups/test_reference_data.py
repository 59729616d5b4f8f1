"""The loaded reference data states what the source documents state (shared/seeds/)."""

import datetime

import pytest
from django.core.management import call_command

from entities.models import Organization, Pillar
from workinggroups.models import JointProgramme, WorkingGroup, WorkingGroupMembership
from workinggroups.reference_data import load_compact

pytestmark = pytest.mark.django_db

Kind = Organization.Kind
Role = WorkingGroupMembership.Role


def roles_of(number):
    group = WorkingGroup.objects.get(number=number)
    return {
        m.organization.acronym: m.role for m in group.memberships.select_related("organization")
    }


def leaders_of(number):
    return {
        acronym: role
        for acronym, role in roles_of(number).items()
        if role in WorkingGroupMembership.LEADERSHIP_ROLES
    }


def test_four_pillars_of_the_strategy():
    assert list(Pillar.objects.values_list("numeral", flat=True)) == ["I", "II", "III", "IV"]


def test_45_compact_entities_39_members_6_observers():
    entities = Organization.objects.filter(kind=Kind.COMPACT_ENTITY)
    assert entities.count() == 45
    assert entities.filter(compact_status="member").count() == 39
    observers = set(entities.filter(compact_status="observer").values_list("acronym", flat=True))
    assert observers == {"DESA", "IOM", "IPU", "UNICEF", "UNHCR", "OCHA"}


def test_entities_have_full_names_and_acronyms():
    unocT = Organization.objects.get(acronym="UNOCT")
    assert unocT.name == "United Nations Office of Counter-Terrorism"
    assert Organization.objects.get(acronym="UN Women").name.startswith("United Nations Entity")
    assert not Organization.objects.filter(kind=Kind.COMPACT_ENTITY, acronym="").exists()


def test_unitad_and_fatf_joined_in_april_2022():
    for acronym in ("UNITAD", "FATF"):
        entity = Organization.objects.get(acronym=acronym)
        assert entity.joined_on == datetime.date(2022, 4, 1)
        assert "April 2022" in entity.joined_note


def test_all_193_member_states_with_codes():
    states = Organization.objects.filter(kind=Kind.MEMBER_STATE)
    assert states.count() == 193
    assert states.exclude(iso3__regex=r"^[A-Z]{3}$").count() == 0
    assert states.exclude(m49__regex=r"^\d{3}$").count() == 0
    kenya = states.get(iso3="KEN")
    assert (kenya.name, kenya.m49, kenya.region) == ("Kenya", "404", "Africa")
    assert states.get(iso3="SSD").m49 == "728"
    assert not states.filter(name__icontains="Holy See").exists()


def test_main_regional_organizations():
    regional = set(
        Organization.objects.filter(kind=Kind.REGIONAL).values_list("acronym", flat=True)
    )
    assert {"AU", "EU", "OSCE", "OIC", "ASEAN"} <= regional
    assert len(regional) >= 14


def test_eight_working_groups_under_the_four_pillars():
    groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
    assert list(groups.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    pillar_of = dict(groups.values_list("number", "pillar__number"))
    assert pillar_of == {1: 1, 2: 2, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4}
    assert all(groups.values_list("objectives", flat=True))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (
            1,
            {
                "UNOCT": Role.CHAIR,
                "UNAOC": Role.VICE_CHAIR,
                "UNDP": Role.VICE_CHAIR,
                "UNESCO": Role.VICE_CHAIR,
            },
        ),
        # Seed 000 (latest) lists WCO among the vice-chairs; earlier documents said co-chair.
        (
            2,
            {
                "CTED": Role.CHAIR,
                "INTERPOL": Role.VICE_CHAIR,
                "UNODC": Role.VICE_CHAIR,
                "WCO": Role.VICE_CHAIR,
            },
        ),
        (
            3,
            {
                "INTERPOL": Role.CHAIR,
                "UNODA": Role.VICE_CHAIR,
                "UNICRI": Role.VICE_CHAIR,
                "OPCW": Role.VICE_CHAIR,
            },
        ),
        (4, {"UNODC": Role.CHAIR, "CTED": Role.VICE_CHAIR, "UNOCT": Role.VICE_CHAIR}),
        (5, {"UNOCT": Role.CHAIR, "CTED": Role.CO_CHAIR, "UNODC": Role.CO_CHAIR}),
        # 2024 documents win over the 2022 brochure's "Co-Chairs UNOCT, CTED".
        (6, {"CTED": Role.CHAIR, "UNOCT": Role.VICE_CHAIR}),
        (7, {"OHCHR": Role.CHAIR, "UNOCT": Role.VICE_CHAIR}),
        (8, {"UN Women": Role.CHAIR, "CTED": Role.VICE_CHAIR}),
    ],
)
def test_working_group_leadership_as_the_documents_state(number, expected):
    assert leaders_of(number) == expected


def test_iaea_is_an_ad_hoc_observer_of_working_group_3():
    membership = WorkingGroupMembership.objects.get(group__number=3, organization__acronym="IAEA")
    assert membership.role == Role.OBSERVER
    assert membership.ad_hoc


def test_member_and_observer_lists_from_the_brochure():
    wg7 = roles_of(7)
    assert {a for a, r in wg7.items() if r == Role.OBSERVER} == {
        "IOM",
        "IPU",
        "OCHA",
        "UNHCR",
        "UNICEF",
    }
    assert wg7["UNODC"] == Role.MEMBER
    wg2 = roles_of(2)
    assert {a for a, r in wg2.items() if r == Role.OBSERVER} == {"DESA", "IOM", "UNHCR", "UNICEF"}
    assert len(wg2) == 4 + 17 + 4


def test_groups_open_to_all_entities_include_every_entity():
    for number in (1, 5, 6):
        roles = roles_of(number)
        assert len(roles) == 45
        assert roles["UNHCR"] == Role.OBSERVER
        assert roles["WHO"] == Role.MEMBER


def test_coordination_committee_and_the_joint_programme():
    committee = WorkingGroup.objects.get(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
    assert committee.chair_title == "Under-Secretary-General for Counter-Terrorism"
    assert committee.memberships.count() == 45
    programme = JointProgramme.objects.get()
    assert (programme.start_year, programme.end_year) == (2024, 2026)
    assert programme.adopted_on == datetime.date(2024, 1, 24)
    assert programme.adopted_by == committee
    titles = list(programme.priorities.values_list("title", flat=True))
    assert len(titles) == 5
    assert titles[1] == "Strengthen engagement with Member States"


def snapshot():
    from django.apps import apps

    rows = {}
    for label in (
        "entities.Pillar",
        "entities.Theme",
        "entities.Organization",
        "workinggroups.WorkingGroup",
        "workinggroups.WorkingGroupMembership",
        "workinggroups.JointProgramme",
        "workinggroups.Priority",
    ):
        model = apps.get_model(label)
        rows[label] = list(model.objects.order_by("pk").values())
    return rows


def test_loading_twice_changes_nothing():
    before = snapshot()
    report = load_compact()
    assert not report.changed
    assert snapshot() == before


def test_load_compact_command_reports_up_to_date(capsys):
    call_command("load_compact")
    assert "already up to date" in capsys.readouterr().out


def test_loader_restores_a_role_changed_away_from_the_documents():
    membership = WorkingGroupMembership.objects.get(group__number=6, organization__acronym="CTED")
    membership.role = Role.MEMBER
    membership.save(update_fields=["role"])
    report = load_compact()
    assert report.updated["memberships"] == 1
    membership.refresh_from_db()
    assert membership.role == Role.CHAIR
