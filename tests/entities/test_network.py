"""Global Networking: counts by organization kind, region and theme, the region grid of Member
States, the newest members — all from a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entities import people
from entities.models import FocalPoint, Organization, Theme, User
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


def add(email, lookup, *, country=None, themes=(), active=True):
    user = make_focal_point(email, lookup, first_name="N", last_name=email.split("@")[0])
    if country:
        FocalPoint.objects.filter(user=user).update(country=Organization.objects.get(iso3=country))
    if themes:
        user.focal_point.themes.set(Theme.objects.filter(slug__in=themes))
    if not active:
        User.objects.filter(pk=user.pk).update(is_active=False)
    return user.focal_point


@pytest.fixture
def network(compact, entity_user):
    slugs = list(Theme.objects.order_by("slug").values_list("slug", flat=True)[:2])
    add("ken1@test.example", {"iso3": "KEN"}, country="KEN", themes=slugs)
    add("ken2@test.example", {"iso3": "KEN"}, country="KEN", themes=slugs[:1])
    add("fra@test.example", {"iso3": "FRA"}, country="FRA")
    add("au@test.example", {"acronym": "AU"}, country="ETH", themes=slugs[:1])
    add("gone@test.example", {"iso3": "FRA"}, country="FRA", themes=slugs, active=False)
    return slugs


def bars(context, name):
    return {bar.key: bar.count for bar in context[name]}


def test_counts_by_kind_region_and_theme_leave_out_inactive_people(client, entity_user, network):
    client.force_login(entity_user)
    response = client.get(reverse("network"))
    assert response.status_code == 200
    context = response.context
    # entity_user (UNODC, no country) + 4 active; the deactivated person is not counted.
    assert context["total"] == 5
    assert bars(context, "kinds") == {
        "compact_entity": 1,
        "member_state": 3,
        "regional": 1,
        "other": 0,
    }
    assert bars(context, "regions") == {"Africa": 3, "Europe": 1, "": 1}
    themes = bars(context, "themes")
    assert themes[network[0]] == 3
    assert themes[network[1]] == 1


def test_region_grid_lists_states_with_their_focal_points(client, entity_user, network):
    client.force_login(entity_user)
    response = client.get(reverse("network"))
    grid = {
        row["region"]: {s.iso3: s.n for s in row["states"]}
        for row in response.context["region_grid"]
    }
    assert grid == {"Africa": {"KEN": 2}, "Europe": {"FRA": 1}}
    assert response.context["state_count"] == 2
    html = response.content.decode()
    assert "Kenya" in html and "France" in html


def test_newest_members_are_the_latest_ten(client, entity_user, compact):
    now = timezone.now()
    for i in range(12):
        focal_point = add(f"new{i:02d}@test.example", {"acronym": "UNODC"})
        FocalPoint.objects.filter(pk=focal_point.pk).update(created_at=now - timedelta(days=30 - i))
    late = add("latest@test.example", {"acronym": "UNODC"}, active=False)
    FocalPoint.objects.filter(pk=late.pk).update(created_at=now + timedelta(days=1))
    client.force_login(entity_user)
    newest = client.get(reverse("network")).context["newest"]
    assert len(newest) == 10
    assert newest[0].user.email == "entity@test.example"  # created just now
    assert [p.user.email for p in newest[1:4]] == [
        "new11@test.example",
        "new10@test.example",
        "new09@test.example",
    ]
    assert "latest@test.example" not in [p.user.email for p in newest]


def test_bars_come_with_numbers_not_colour_alone(client, entity_user, network):
    client.force_login(entity_user)
    html = client.get(reverse("network")).content.decode()
    assert 'class="bar__fill bar--w100"' in html
    assert '<caption class="visually-hidden">Active focal points by region</caption>' in html
    assert 'style="' not in html


def test_bar_steps():
    result = people._bars([("a", "A", 10), ("b", "B", 1), ("c", "C", 0)], total=11)
    assert [(b.step, b.share) for b in result] == [(100, 91), (10, 9), (0, 0)]


def test_network_runs_a_bounded_number_of_queries(
    client, entity_user, network, django_assert_max_num_queries
):
    for i in range(60):
        add(
            f"many{i}@test.example",
            {"iso3": ["KEN", "FRA", "BRA", "IND"][i % 4]},
            country=["KEN", "FRA", "BRA", "IND"][i % 4],
            themes=network,
        )
    client.force_login(entity_user)
    client.get(reverse("network"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("network"))
    assert response.context["total"] == 65


def test_network_needs_sign_in(client, compact):
    response = client.get(reverse("network"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
