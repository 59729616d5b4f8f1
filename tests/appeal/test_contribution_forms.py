"""Malformed input to the contribution and proposal forms gives form errors, never a 500, and
never stores anything but whole cents (hypothesis-driven)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeal.models import Contribution, Requirement
from entities.models import Organization

from .test_appeal_actions import make_cycle, make_entry, make_project

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["NaN", "Infinity", "-1", "1e400", "0.001", "1,5", "", " 12 ", "١٢٣"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


class Rollback(Exception):
    pass


def in_rollback(function):
    """Run `function` in a savepoint that is rolled back (one hypothesis example, no residue)."""
    try:
        with transaction.atomic():
            function()
            raise Rollback
    except Rollback:
        pass


FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(amount=junk, currency=junk, rate=junk, received_on=junk, entry=junk)
def test_contribution_form_never_answers_500(
    client, compact, secretariat_user, amount, currency, rate, received_on, entry
):
    client.force_login(secretariat_user)

    def example():
        cycle = make_cycle(2041, 2042)
        response = client.post(
            reverse("appeal:contribution_new", args=[cycle.pk]),
            {
                "entry": entry,
                "donor": Organization.objects.get(iso3="NOR").pk,
                "amount": amount,
                "currency": currency,
                "rate_to_usd": rate,
                "received_on": received_on,
                "status": "pledged",
            },
        )
        assert response.status_code in (200, 302)
        for contribution in Contribution.objects.filter(cycle=cycle):
            assert contribution.amount_usd == contribution.amount_usd.quantize(Decimal("0.01"))
            assert len(contribution.currency) == 3 and contribution.currency.isupper()

    in_rollback(example)


@FUZZ
@given(first=junk, second=junk, narrative=st.text(max_size=200))
def test_proposal_form_never_answers_500(client, compact, entity_user, first, second, narrative):
    client.force_login(entity_user)

    def example():
        cycle = make_cycle(2043, 2044, accepts_proposals=True)
        project = make_project("T-FZ", "UNODC")
        response = client.post(
            reverse("appeal:propose", args=[cycle.pk]),
            {
                "project": project.pk,
                "narrative": narrative,
                "year_2043": first,
                "year_2044": second,
            },
        )
        assert response.status_code in (200, 302)
        for requirement in Requirement.objects.filter(entry__cycle=cycle):
            assert Decimal("0") <= requirement.amount_usd

    in_rollback(example)


def test_earmarked_contribution_page_preselects_the_project(client, compact, entity_user):
    cycle = make_cycle()
    entry = make_entry(cycle, make_project("T-PRE", "UNODC"))
    client.force_login(entity_user)
    body = client.get(
        reverse("appeal:contribution_new", args=[cycle.pk]), {"entry": entry.pk}
    ).content.decode()
    assert f'<option value="{entry.pk}" selected>' in body
    assert "Confidential" not in body  # only the Secretariat marks contributions confidential
