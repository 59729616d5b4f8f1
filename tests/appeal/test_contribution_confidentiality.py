"""A donor sees no other donors' pledges once the Secretariat marks them confidential: not in
lists, exports, entry pages, dashboards or totals. The donor itself, the receiving entity and
the Secretariat still see them."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from appeal import appeal_access as access
from appeal import dashboard as board
from entities.models import Organization
from tests.conftest import make_focal_point

from .test_appeal_actions import contribute, make_cycle, make_entry, make_project

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def pledges(compact, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    cycle = make_cycle()
    entry = make_entry(cycle, make_project("T-C", "UNODC"), requirements={2025: D("1000000")})
    norway = Organization.objects.get(iso3="NOR")
    japan = Organization.objects.get(iso3="JPN")
    secret = contribute(cycle, entry, norway, D("400000"), confidential=True)
    unearmarked_secret = contribute(cycle, None, norway, D("5000"), confidential=True)
    public = contribute(cycle, entry, japan, D("100000"))
    return {
        "cycle": cycle,
        "entry": entry,
        "secret": secret,
        "unearmarked_secret": unearmarked_secret,
        "public": public,
        "norway_user": make_focal_point("no@test.example", {"iso3": "NOR"}),
        "japan_user": make_focal_point("jp@test.example", {"iso3": "JPN"}),
        "cted_user": make_focal_point("cted@test.example", {"acronym": "CTED"}),
    }


def visible_pks(user, cycle):
    return set(
        access.contributions_visible_to(user).filter(cycle=cycle).values_list("pk", flat=True)
    )


def test_who_sees_a_confidential_pledge(pledges, secretariat_user, entity_user, state_user):
    cycle = pledges["cycle"]
    everything = {pledges["secret"].pk, pledges["unearmarked_secret"].pk, pledges["public"].pk}
    assert visible_pks(secretariat_user, cycle) == everything
    assert visible_pks(pledges["norway_user"], cycle) == everything  # the donor
    # the receiving entity sees the earmarked one (not the un-earmarked: it receives nothing)
    assert visible_pks(entity_user, cycle) == {pledges["secret"].pk, pledges["public"].pk}
    for other in (pledges["japan_user"], state_user, pledges["cted_user"]):
        assert visible_pks(other, cycle) == {pledges["public"].pk}


def test_other_donors_totals_leave_confidential_pledges_out(pledges, secretariat_user):
    cycle = pledges["cycle"]
    full = board.build_dashboard(secretariat_user, cycle)
    japan = board.build_dashboard(pledges["japan_user"], cycle)
    assert full.total.funded == D("505000.00")
    assert japan.total.funded == D("100000.00")
    assert [row.label for row in japan.breakdowns["donor"].rows] == ["Japan"]
    assert japan.top_unfunded[0].funded == D("100000.00")
    assert board.viewer_cycle_funded(pledges["japan_user"], [cycle])[cycle.pk] == D("100000.00")


def test_confidential_pledges_absent_from_another_donors_pages_and_exports(client, pledges):
    cycle = pledges["cycle"]
    client.force_login(pledges["japan_user"])
    pages = [
        reverse("appeal:contribution_list", args=[cycle.pk]),
        reverse("appeal:entry_detail", args=[pledges["entry"].pk]),
        reverse("appeal:dashboard", args=[cycle.pk]),
        reverse("appeal:index"),
        reverse("appeal:opportunities"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Norway" not in body, url
        assert "400,000" not in body and "505" not in body, url
    export = client.get(
        reverse("appeal:contribution_list", args=[cycle.pk]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    assert [row[1] for row in rows[1:]] == ["Japan"]
    assert (
        client.get(reverse("appeal:contribution_edit", args=[pledges["secret"].pk])).status_code
        == 404
    )


def test_the_donor_and_the_receiving_entity_see_it_marked_confidential(
    client, pledges, entity_user
):
    for user in (pledges["norway_user"], entity_user):
        client.force_login(user)
        body = client.get(
            reverse("appeal:contribution_list", args=[pledges["cycle"].pk])
        ).content.decode()
        assert "Norway" in body and "Confidential" in body


def test_exports_add_up_to_the_dashboard_totals(client, pledges, secretariat_user):
    cycle = pledges["cycle"]
    client.force_login(secretariat_user)
    export = client.get(
        reverse("appeal:dashboard_export", args=[cycle.pk]), {"by": "pillar", "format": "csv"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    body, total = rows[1:-1], rows[-1]
    assert sum(D(r[2]) for r in body) == D(total[2]) == D("505000.00")
    assert sum(D(r[1]) for r in body) == D(total[1]) == D("1000000.00")
    xlsx = client.get(
        reverse("appeal:dashboard_export", args=[cycle.pk]), {"by": "donor", "format": "xlsx"}
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values[-1][1] == 505000  # the total row
    assert sum(D(str(v[1])) for v in values[:-1]) == D("505000")
