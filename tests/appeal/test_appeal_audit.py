"""The Secretariat's audit page: who changed a requirement or a contribution, when, old → new."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from appeal import appeal_actions as actions
from entities.models import Organization

from .test_appeal_actions import make_cycle, make_entry, make_project

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def changes(compact, settings, secretariat_user, entity_user):
    settings.MFA_REQUIRED_FOR_STAFF = False
    cycle = make_cycle(accepts_proposals=True)
    other_cycle = make_cycle(2023, 2024)
    entry = actions.propose_entry(
        cycle, make_project("T-AUD", "UNODC"), actor=entity_user, requirements={2025: D("100")}
    )
    actions.update_entry(entry, actor=entity_user, requirements={2025: D("175.25")})
    included = make_entry(cycle, make_project("T-AUD-2", "UNODC"))
    contribution = actions.record_contribution(
        cycle,
        actor=secretariat_user,
        entry=included,
        donor=Organization.objects.get(iso3="NOR"),
        amount=D("1000"),
        received_on=date(2025, 2, 1),
    )
    actions.update_contribution(contribution, actor=secretariat_user, amount=D("1500"))
    actions.record_contribution(
        other_cycle,
        actor=secretariat_user,
        donor=Organization.objects.get(iso3="JPN"),
        amount=D("42"),
        received_on=date(2023, 2, 1),
    )
    return {"cycle": cycle, "other_cycle": other_cycle}


def test_audit_shows_who_changed_a_requirement_from_what_to_what(client, changes, secretariat_user):
    client.force_login(secretariat_user)
    body = client.get(
        reverse("appeal:audit"), {"kind": "requirements", "cycle": changes["cycle"].pk}
    ).content.decode()
    assert "T-AUD — 2025" in body
    assert (
        '<del dir="auto">100.00</del> <span class="flip-rtl" aria-hidden="true">→</span>'
        '<span class="visually-hidden">became</span> <ins dir="auto">175.25</ins>'
    ) in body
    assert "Eve Entity" in body


def test_audit_of_contributions_filtered_by_cycle(client, changes, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("appeal:audit")
    body = client.get(url, {"kind": "contributions", "cycle": changes["cycle"].pk}).content.decode()
    assert (
        '<del dir="auto">1000.00</del> <span class="flip-rtl" aria-hidden="true">→</span>'
        '<span class="visually-hidden">became</span> <ins dir="auto">1500.00</ins>'
    ) in body
    assert "Sam Secretariat" in body
    assert "Japan" not in body
    body = client.get(url, {"cycle": changes["other_cycle"].pk}).content.decode()
    assert "Japan" in body and "Norway" not in body


def test_audit_is_for_the_secretariat_only(client, changes, entity_user, state_user):
    for user in (entity_user, state_user):
        client.force_login(user)
        assert client.get(reverse("appeal:audit")).status_code == 404
