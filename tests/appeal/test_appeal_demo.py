"""The demo appeal: three cycles, 52 projects in 2021–2022, money that reconciles, idempotent."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from appeal import dashboard
from appeal.demo_appeal import seed_appeal
from appeal.models import AppealCycle, AppealProject, Contribution, Interest, Project

pytestmark = pytest.mark.django_db


def test_seed_appeal_creates_three_cycles_once(compact, secretariat_user):
    created = seed_appeal(1)
    assert created > 0
    cycles = {(c.start_year, c.end_year): c for c in AppealCycle.objects.all()}
    assert set(cycles) == {(2021, 2022), (2023, 2024), (2025, 2026)}
    first = cycles[(2021, 2022)]
    assert first.entries.filter(status=AppealProject.Status.INCLUDED).count() == 52
    assert cycles[(2025, 2026)].accepts_proposals
    assert cycles[(2025, 2026)].entries.filter(status=AppealProject.Status.DRAFT).exists()
    assert Project.objects.filter(code__startswith="MYA-").exists()
    assert Contribution.objects.filter(confidential=True).exists()
    assert Contribution.objects.filter(entry__isnull=True).exists()
    assert len(set(Contribution.objects.values_list("currency", flat=True))) >= 5
    assert Interest.objects.filter(donor__iso3="KEN").exists()
    for c in Contribution.objects.all()[:50]:
        assert c.amount_usd == (c.amount * c.rate_to_usd).quantize(Decimal("0.01"), ROUND_HALF_UP)
    board = dashboard.build_dashboard(secretariat_user, first)
    assert board.total.requirement > 0 and board.total.funded > 0
    for breakdown in board.breakdowns.values():
        assert sum((r.funded for r in breakdown.rows), Decimal(0)) == board.total.funded
    before = (AppealProject.objects.count(), Contribution.objects.count(), Project.objects.count())
    assert seed_appeal(1) == 0
    after = (AppealProject.objects.count(), Contribution.objects.count(), Project.objects.count())
    assert before == after
