"""Property-based: every dashboard total equals the sum of its parts, for random projects (with
several pillars, themes, groups, regions), requirements, contributions in several currencies,
earmarked or not, confidential or not — for the Secretariat and for a donor who may not see
other donors' confidential pledges. And no float anywhere: every amount is a Decimal."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeal import appeal_actions as actions
from appeal import dashboard as board
from appeal import dashboard_charts as charts
from appeal.models import Contribution, Interest
from entities.models import Organization, Region, Theme

from .test_appeal_actions import make_cycle, make_entry, make_project

pytestmark = pytest.mark.django_db

CURRENCIES = ["USD", "EUR", "JPY", "GBP", "CHF"]
DONORS = ["KEN", "NOR", "JPN"]  # the donor user is Kenya's focal point

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("5000000"), places=2, allow_nan=False)
rates = st.decimals(
    min_value=Decimal("0.00000100"), max_value=Decimal("300"), places=8, allow_nan=False
).filter(lambda r: r > 0)

project_st = st.fixed_dictionaries(
    {
        "pillars": st.lists(st.integers(1, 4), unique=True, max_size=4),
        "themes": st.lists(st.integers(0, 5), unique=True, max_size=3),
        "groups": st.lists(st.integers(1, 8), unique=True, max_size=3),
        "regions": st.lists(st.sampled_from(Region.values), unique=True, max_size=3),
        "is_global": st.booleans(),
        "lead": st.sampled_from(["UNODC", "CTED", "UNOCT"]),
        "requirements": st.tuples(money, money),
    }
)
contribution_st = st.fixed_dictionaries(
    {
        "project": st.one_of(st.none(), st.integers(0, 4)),  # None: un-earmarked
        "donor": st.sampled_from(DONORS),
        "amount": money.filter(lambda m: m > 0),
        "currency": st.sampled_from(CURRENCIES),
        "rate": rates,
        "confidential": st.booleans(),
        "status": st.sampled_from(Contribution.Status.values),
        "month": st.integers(1, 24),
    }
)


class Rollback(Exception):
    pass


def all_decimal(dashboard) -> bool:
    values = [dashboard.total.requirement, dashboard.total.funded, dashboard.received]
    values += list(dashboard.by_status.values())
    for breakdown in dashboard.breakdowns.values():
        for row in [*breakdown.rows, breakdown.total]:
            values += [row.requirement, row.funded, row.gap]
    for entry in dashboard.entries:
        values += [entry.requirement, entry.funded, entry.gap]
    for month in dashboard.months:
        values += [month.funded, month.cumulative]
    return all(type(v) is Decimal for v in values)


def check_reconciles(dashboard, expected_requirement, expected_funded):
    total = dashboard.total
    assert total.requirement == expected_requirement
    assert total.funded == expected_funded
    assert total.gap == expected_requirement - expected_funded
    for slug, breakdown in dashboard.breakdowns.items():
        rows = breakdown.rows
        assert sum((r.funded for r in rows), Decimal(0)) == total.funded, slug
        if breakdown.has_requirement:
            assert sum((r.requirement for r in rows), Decimal(0)) == total.requirement, slug
            assert sum((r.gap for r in rows), Decimal(0)) == total.gap, slug
    assert (
        sum((e.funded for e in dashboard.entries), Decimal(0)) + dashboard.unearmarked
        == total.funded
    )
    assert sum((e.requirement for e in dashboard.entries), Decimal(0)) == total.requirement
    assert sum(dashboard.by_status.values(), Decimal(0)) == total.funded
    if dashboard.months:
        assert dashboard.months[-1].cumulative == total.funded
    assert all_decimal(dashboard)
    # the charts are drawn from the same Decimal figures without error
    for breakdown in dashboard.breakdowns.values():
        charts.bar_chart(breakdown)
    charts.line_chart(dashboard.months, total.requirement)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    projects=st.lists(project_st, min_size=1, max_size=5),
    contributions=st.lists(contribution_st, max_size=10),
)
def test_every_dashboard_total_equals_the_sum_of_its_parts(
    compact, secretariat_user, state_user, projects, contributions
):
    themes = list(Theme.objects.order_by("pk")[:6])
    donors = {iso3: Organization.objects.get(iso3=iso3) for iso3 in DONORS}
    try:
        with transaction.atomic():
            cycle = make_cycle(2031, 2032)
            entries = []
            for i, spec in enumerate(projects):
                project = make_project(
                    f"P-{i}",
                    spec["lead"],
                    pillars=spec["pillars"],
                    groups=spec["groups"],
                    regions=spec["regions"],
                    is_global=spec["is_global"],
                )
                project.themes.set([themes[t] for t in spec["themes"] if t < len(themes)])
                req = dict(zip((2031, 2032), spec["requirements"], strict=True))
                entries.append(make_entry(cycle, project, requirements=req))
            expected_requirement = sum(
                (a for spec in projects for a in spec["requirements"]), Decimal(0)
            )
            funded_all = Decimal(0)
            funded_for_kenya = Decimal(0)
            for spec in contributions:
                index = spec["project"]
                entry = entries[index] if index is not None and index < len(entries) else None
                usd = actions.to_usd(spec["amount"], spec["rate"])  # at most 1.5e9: fits
                month = spec["month"] - 1
                Contribution.objects.create(
                    cycle=cycle,
                    entry=entry,
                    donor=donors[spec["donor"]],
                    amount=spec["amount"],
                    currency=spec["currency"],
                    rate_to_usd=spec["rate"],
                    amount_usd=usd,
                    received_on=date(2031 + month // 12, month % 12 + 1, 1),
                    status=spec["status"],
                    confidential=spec["confidential"],
                )
                funded_all += usd
                if not spec["confidential"] or spec["donor"] == "KEN":
                    funded_for_kenya += usd
            Interest.objects.create(entry=entries[0], donor=donors["NOR"])

            secretariat_view = board.build_dashboard(secretariat_user, cycle)
            check_reconciles(secretariat_view, expected_requirement, funded_all)
            assert secretariat_view.open_interests == 1

            donor_view = board.build_dashboard(state_user, cycle)
            check_reconciles(donor_view, expected_requirement, funded_for_kenya)
            raise Rollback
    except Rollback:
        pass


@given(amount=money, parts=st.integers(1, 12))
def test_equal_split_in_cents_always_adds_up(amount, parts):
    shares = board.split_equally(amount, parts)
    assert len(shares) == parts
    assert sum(shares, Decimal(0)) == amount
    assert max(shares) - min(shares) <= Decimal("0.01")
    assert all(type(s) is Decimal for s in shares)


def test_split_gives_the_leftover_cents_to_the_first_parts():
    assert board.split_equally(Decimal("1.00"), 3) == [
        Decimal("0.34"),
        Decimal("0.33"),
        Decimal("0.33"),
    ]


def test_a_project_with_two_pillars_counts_half_in_each(compact, secretariat_user):
    cycle = make_cycle(2031, 2032)
    project = make_project("P-2P", pillars=[1, 3], regions=["Africa"])
    entry = make_entry(cycle, project, requirements={2031: Decimal("100.01")})
    Contribution.objects.create(
        cycle=cycle,
        entry=entry,
        donor=Organization.objects.get(iso3="NOR"),
        amount=Decimal("50"),
        amount_usd=Decimal("50.00"),
        received_on=date(2031, 1, 5),
    )
    dashboard = board.build_dashboard(secretariat_user, cycle)
    pillars = {
        row.label: (row.requirement, row.funded) for row in dashboard.breakdowns["pillar"].rows
    }
    assert pillars == {
        "Pillar I": (Decimal("50.01"), Decimal("25.00")),
        "Pillar III": (Decimal("50.00"), Decimal("25.00")),
    }
    regions = {row.key: row.requirement for row in dashboard.breakdowns["region"].rows}
    assert regions == {"Africa": Decimal("100.01")}
    themes = {row.key: row.requirement for row in dashboard.breakdowns["theme"].rows}
    assert themes == {board.UNSPECIFIED: Decimal("100.01")}
