"""Appeal actions: proposals, drafts, decisions, contributions in Decimal, interests.

The helpers at the top (`make_project`, `make_cycle`, `make_entry`, `secretariat`...) are shared
by the other appeal test modules.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from appeal import appeal_actions as actions
from appeal.models import AppealCycle, AppealProject, Contribution, Interest, Project, Requirement
from entities.models import Organization, Pillar, Theme
from tests.conftest import make_focal_point
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

D = Decimal


def org(**lookup):
    return Organization.objects.get(**lookup)


def make_project(code, lead="UNODC", *, pillars=(), themes=(), groups=(), regions=(), **extra):
    project = Project.objects.create(
        code=code,
        title=extra.pop("title", f"Project {code}"),
        lead_organization=org(acronym=lead),
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
        regions=list(regions),
        **extra,
    )
    if pillars:
        project.pillars.set(Pillar.objects.filter(number__in=pillars))
    if themes:
        project.themes.set(Theme.objects.filter(slug__in=themes))
    if groups:
        project.working_groups.set(WorkingGroup.objects.filter(number__in=groups))
    return project


def make_cycle(start=2025, end=2026, **fields):
    fields.setdefault("title", f"Appeal {start}–{end}")
    fields.setdefault("published", True)
    return AppealCycle.objects.create(start_year=start, end_year=end, **fields)


def make_entry(cycle, project, status=AppealProject.Status.INCLUDED, requirements=None):
    entry = AppealProject.objects.create(cycle=cycle, project=project, status=status)
    for year, amount in (requirements or {}).items():
        Requirement.objects.create(entry=entry, year=year, amount_usd=amount)
    return entry


def contribute(
    cycle,
    entry,
    donor,
    amount,
    *,
    confidential=False,
    currency="USD",
    rate=None,
    received_on=date(2025, 3, 1),
    status=Contribution.Status.PLEDGED,
):
    rate = rate or D("1")
    return Contribution.objects.create(
        cycle=cycle,
        entry=entry,
        donor=donor,
        amount=amount,
        currency=currency,
        rate_to_usd=rate,
        amount_usd=actions.to_usd(amount, rate),
        received_on=received_on,
        status=status,
        confidential=confidential,
    )


@pytest.fixture
def cycle(compact):
    return make_cycle(accepts_proposals=True)


@pytest.fixture
def unodc_project(compact):
    return make_project("T-UNODC-1", "UNODC", pillars=[1])


@pytest.fixture
def other_project(compact):
    return make_project("T-CTED-1", "CTED", pillars=[2])


# --- money ----------------------------------------------------------------------------------


def test_to_usd_rounds_half_up_to_the_cent_in_decimal():
    assert actions.to_usd(D("10.005"), D("1")) == D("10.01")
    assert actions.to_usd(D("100.00"), D("1.08345")) == D("108.35")  # 108.345 -> .35
    assert actions.to_usd(D("1000.00"), D("0.0066667")) == D("6.67")
    assert isinstance(actions.to_usd(D("1"), D("1")), Decimal)


def test_to_usd_refuses_floats():
    with pytest.raises(TypeError):
        actions.to_usd(10.0, D("1"))
    with pytest.raises(TypeError):
        actions.to_usd(D("10"), 1.1)


# --- proposals and drafts ------------------------------------------------------------------


def test_entity_proposes_its_own_project_as_a_draft_with_requirements(
    cycle, unodc_project, entity_user
):
    entry = actions.propose_entry(
        cycle,
        unodc_project,
        actor=entity_user,
        narrative="Why",
        requirements={2025: D("1000.00"), 2026: D("2500.50")},
    )
    assert entry.status == AppealProject.Status.DRAFT
    assert entry.proposed_by == entity_user
    amounts = dict(entry.requirements.values_list("year", "amount_usd"))
    assert amounts == {2025: D("1000.00"), 2026: D("2500.50")}
    assert entry.requirements.first().history.first().history_user == entity_user


def test_entity_cannot_propose_another_entitys_project(cycle, other_project, entity_user):
    with pytest.raises(PermissionDenied):
        actions.propose_entry(cycle, other_project, actor=entity_user)


def test_nobody_but_the_secretariat_proposes_when_the_cycle_is_closed(
    compact, unodc_project, entity_user, secretariat_user
):
    closed = make_cycle(2027, 2028, accepts_proposals=False)
    with pytest.raises(PermissionDenied):
        actions.propose_entry(closed, unodc_project, actor=entity_user)
    assert actions.propose_entry(closed, unodc_project, actor=secretariat_user).pk


def test_state_focal_point_cannot_propose(cycle, unodc_project, state_user):
    with pytest.raises(PermissionDenied):
        actions.propose_entry(cycle, unodc_project, actor=state_user)


def test_entity_edits_its_draft_but_not_once_submitted(cycle, unodc_project, entity_user):
    entry = actions.propose_entry(cycle, unodc_project, actor=entity_user)
    assert (
        actions.update_entry(
            entry, actor=entity_user, narrative="Better", requirements={2025: D("5")}
        )
        == 2
    )
    actions.submit_entry(entry, actor=entity_user)
    with pytest.raises(PermissionDenied):
        actions.update_entry(entry, actor=entity_user, narrative="Later")
    with pytest.raises(PermissionDenied):
        actions.submit_entry(entry, actor=entity_user)


def test_another_entity_cannot_edit_or_submit_the_draft(cycle, unodc_project, entity_user):
    entry = actions.propose_entry(cycle, unodc_project, actor=entity_user)
    cted = make_focal_point("cted@test.example", {"acronym": "CTED"})
    with pytest.raises(PermissionDenied):
        actions.update_entry(entry, actor=cted, narrative="Mine now")
    with pytest.raises(PermissionDenied):
        actions.submit_entry(entry, actor=cted)


def test_requirements_are_for_years_of_the_cycle(cycle, unodc_project, entity_user):
    entry = actions.propose_entry(cycle, unodc_project, actor=entity_user)
    with pytest.raises(ValidationError):
        actions.update_entry(entry, actor=entity_user, requirements={2031: D("1")})


def test_secretariat_includes_or_declines_a_submitted_project_with_a_note(
    cycle, unodc_project, other_project, entity_user, secretariat_user
):
    entry = actions.propose_entry(cycle, unodc_project, actor=entity_user)
    with pytest.raises(PermissionDenied):  # a draft is not decided
        actions.decide_entry(entry, actor=secretariat_user, include=True)
    actions.submit_entry(entry, actor=entity_user)
    with pytest.raises(PermissionDenied):
        actions.decide_entry(entry, actor=entity_user, include=True)
    actions.decide_entry(entry, actor=secretariat_user, include=True, note="Fits priority 2")
    entry.refresh_from_db()
    assert entry.status == AppealProject.Status.INCLUDED
    assert entry.decided_by == secretariat_user
    latest = entry.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Fits priority 2"
    assert latest.history_user == secretariat_user


# --- contributions --------------------------------------------------------------------------


def test_record_contribution_computes_usd_and_links_the_open_interest(
    cycle, unodc_project, state_user, secretariat_user, django_capture_on_commit_callbacks
):
    entry = make_entry(cycle, unodc_project, requirements={2025: D("100000")})
    with django_capture_on_commit_callbacks():
        interest = actions.express_interest(entry, actor=state_user, message="We can help")
    contribution = actions.record_contribution(
        cycle,
        actor=secretariat_user,
        entry=entry,
        donor=org(iso3="KEN"),
        amount=D("1000.00"),
        currency="eur",
        rate_to_usd=D("1.08345000"),
        received_on=date(2025, 5, 1),
    )
    assert contribution.currency == "EUR"
    assert contribution.amount_usd == D("1083.45")
    interest.refresh_from_db()
    assert interest.status == Interest.Status.PLEDGED
    assert interest.contribution == contribution
    record = contribution.history.get()
    assert record.history_user == secretariat_user


def test_entity_records_contributions_to_its_own_included_projects_only(
    cycle, unodc_project, other_project, entity_user
):
    own = make_entry(cycle, unodc_project)
    other = make_entry(cycle, other_project)
    draft_project = make_project("T-UNODC-2", "UNODC")
    draft = make_entry(cycle, draft_project, status=AppealProject.Status.DRAFT)
    donor = org(iso3="NOR")
    kwargs = {"donor": donor, "amount": D("10"), "received_on": date(2025, 1, 1)}
    assert actions.record_contribution(cycle, actor=entity_user, entry=own, **kwargs).pk
    for entry in (other, draft, None):
        with pytest.raises(PermissionDenied):
            actions.record_contribution(cycle, actor=entity_user, entry=entry, **kwargs)
    with pytest.raises(PermissionDenied):  # the Secretariat marks contributions confidential
        actions.record_contribution(
            cycle, actor=entity_user, entry=own, confidential=True, **kwargs
        )


def test_contribution_goes_to_an_included_project_of_the_same_cycle(
    cycle, unodc_project, secretariat_user
):
    other_cycle = make_cycle(2023, 2024)
    entry = make_entry(other_cycle, unodc_project)
    with pytest.raises(ValidationError):
        actions.record_contribution(
            cycle,
            actor=secretariat_user,
            entry=entry,
            donor=org(iso3="NOR"),
            amount=D("1"),
            received_on=date(2025, 1, 1),
        )


def test_update_contribution_recomputes_usd_and_keeps_old_and_new_in_history(
    cycle, unodc_project, secretariat_user
):
    entry = make_entry(cycle, unodc_project)
    contribution = actions.record_contribution(
        cycle,
        actor=secretariat_user,
        entry=entry,
        donor=org(iso3="NOR"),
        amount=D("100.00"),
        received_on=date(2025, 1, 1),
    )
    changed = actions.update_contribution(
        contribution, actor=secretariat_user, amount=D("250.00"), rate_to_usd=D("0.5")
    )
    assert set(changed) == {"amount", "rate_to_usd", "amount_usd"}
    contribution.refresh_from_db()
    assert contribution.amount_usd == D("125.00")
    old, new = contribution.history.order_by("history_date")
    assert (old.amount_usd, new.amount_usd) == (D("100.00"), D("125.00"))


# --- interests ------------------------------------------------------------------------------


def test_only_member_state_focal_points_express_interest_once_in_included_projects(
    cycle, unodc_project, state_user, entity_user, regional_user, django_capture_on_commit_callbacks
):
    entry = make_entry(cycle, unodc_project)
    with django_capture_on_commit_callbacks() as callbacks:
        first = actions.express_interest(entry, actor=state_user, message="Yes")
        again = actions.express_interest(entry, actor=state_user, message="Yes again")
    assert first == again
    assert len(callbacks) == 1  # notified once
    for user in (entity_user, regional_user):
        with pytest.raises(PermissionDenied):
            actions.express_interest(entry, actor=user)
    draft = make_entry(cycle, make_project("T-D"), status=AppealProject.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        actions.express_interest(draft, actor=state_user)


def test_open_interests_lapse_after_the_period(cycle, unodc_project, state_user, settings):
    settings.APPEAL_INTEREST_LAPSE_DAYS = 30
    entry = make_entry(cycle, unodc_project)
    old = Interest.objects.create(entry=entry, donor=org(iso3="KEN"), expressed_by=state_user)
    Interest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    fresh = Interest.objects.create(
        entry=make_entry(cycle, make_project("T-F")), donor=org(iso3="KEN")
    )
    assert actions.lapse_open_interests() == 1
    assert actions.lapse_open_interests() == 0  # idempotent
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Interest.Status.LAPSED and old.resolved_at
    assert fresh.status == Interest.Status.OPEN


def test_donor_withdraws_its_own_interest_only(cycle, unodc_project, state_user, regional_user):
    entry = make_entry(cycle, unodc_project)
    interest = Interest.objects.create(entry=entry, donor=org(iso3="KEN"))
    with pytest.raises(PermissionDenied):
        actions.withdraw_interest(interest, actor=regional_user)
    assert actions.withdraw_interest(interest, actor=state_user)
    assert not actions.withdraw_interest(interest, actor=state_user)
