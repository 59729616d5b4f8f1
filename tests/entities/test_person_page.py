"""The person page: who may open it, what it shows, what it hides, and its query budget."""

import pytest
from django.urls import reverse

from entities.models import FocalPoint, Organization, Theme, User
from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import WorkingGroup, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def person(email, lookup, *, themes=(), country=None, active=True, **fields):
    user = make_focal_point(
        email,
        lookup,
        first_name=fields.pop("first_name", "Ana"),
        last_name=fields.pop("last_name", "Lima"),
    )
    focal_point = user.focal_point
    for name, value in fields.items():
        setattr(focal_point, name, value)
    if country:
        focal_point.country = Organization.objects.get(iso3=country)
    focal_point.save()
    if themes:
        focal_point.themes.set(Theme.objects.filter(slug__in=themes))
    if not active:
        User.objects.filter(pk=user.pk).update(is_active=False)
    return focal_point


def url(focal_point):
    return reverse("person_detail", args=[focal_point.pk])


@pytest.fixture
def theme_slugs(compact):
    return list(Theme.objects.order_by("slug").values_list("slug", flat=True)[:4])


@pytest.fixture
def wanjiru(compact, theme_slugs):
    return person(
        "wanjiru@test.example",
        {"acronym": "UNODC"},
        first_name="Wanjiru",
        last_name="Kamau",
        position="Programme officer, terrorism prevention",
        country="KEN",
        themes=theme_slugs[:2],
        languages=["en", "fr"],
        bio="Works on <b>criminal justice</b> responses.",
        phone="+254 700 000 111",
        show_email=False,
        show_phone=False,
    )


def test_profile_shows_organization_country_languages_bio_and_themes(client, entity_user, wanjiru):
    client.force_login(entity_user)
    response = client.get(url(wanjiru))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wanjiru Kamau" in html
    assert "Programme officer, terrorism prevention" in html
    assert "United Nations Office on Drugs and Crime" in html
    assert "Kenya" in html
    assert "English, French" in html
    for theme in wanjiru.themes.all():
        assert theme.name in html
    # The bio is text: markup in it is escaped, not rendered.
    assert "&lt;b&gt;criminal justice&lt;/b&gt;" in html
    assert "<b>criminal justice</b>" not in html
    # Recent activity is an honest empty state until documents and events exist.
    assert "No documents yet" in html  # the library panel, empty for this person


@pytest.mark.parametrize("kind", ["deactivated", "missing"])
def test_inactive_or_missing_people_answer_404(client, entity_user, compact, kind):
    client.force_login(entity_user)
    if kind == "deactivated":
        gone = person("gone@test.example", {"acronym": "UNODC"}, active=False)
        pk = gone.pk
    else:
        pk = 987654
    assert client.get(reverse("person_detail", args=[pk])).status_code == 404
    assert client.get(reverse("person_contact", args=[pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, wanjiru):
    response = client.get(url(wanjiru))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_hidden_contact_details_are_absent_for_other_focal_points(client, state_user, wanjiru):
    client.force_login(state_user)
    html = client.get(url(wanjiru)).content.decode()
    assert "wanjiru@test.example" not in html
    assert "700 000 111" not in html
    assert "Not shared" in html


def test_shared_contact_details_are_shown(client, state_user, wanjiru):
    FocalPoint.objects.filter(pk=wanjiru.pk).update(show_email=True, show_phone=True)
    client.force_login(state_user)
    html = client.get(url(wanjiru)).content.decode()
    assert "mailto:wanjiru@test.example" in html
    assert "+254 700 000 111" in html


@pytest.mark.parametrize("viewer", ["self", "secretariat"])
def test_the_person_and_the_secretariat_see_hidden_details(
    client, settings, secretariat_user, wanjiru, viewer
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(wanjiru.user if viewer == "self" else secretariat_user)
    html = client.get(url(wanjiru)).content.decode()
    assert "wanjiru@test.example" in html
    assert "+254 700 000 111" in html


def test_own_page_offers_no_message_form(client, wanjiru):
    client.force_login(wanjiru.user)
    html = client.get(url(wanjiru)).content.decode()
    assert 'id="contact"' not in html
    assert reverse("profile") in html


def test_working_groups_with_role_and_designated_editor(
    client, secretariat_user, entity_user, wanjiru
):
    # UNODC is a Vice-Chair of Working Group 2; designate Wanjiru as its editor.
    group = WorkingGroup.objects.get(number=2)
    membership = WorkingGroupMembership.objects.get(group=group, organization=wanjiru.organization)
    assert membership.role == "vice_chair"
    designate_group_editor(group, wanjiru.user, actor=secretariat_user)
    client.force_login(entity_user)
    response = client.get(url(wanjiru))
    rows = {m.group_id: m for m in response.context["group_roles"]}
    assert rows[group.pk].person_is_editor is True
    assert sum(m.person_is_editor for m in rows.values()) == 1
    html = response.content.decode()
    assert "Vice-Chair" in html
    assert "Designated editor" in html


def test_similar_people_ranked_by_overlap_active_only_and_not_self(
    client, entity_user, wanjiru, theme_slugs
):
    best = person(
        "best@test.example",
        {"iso3": "KEN"},
        first_name="Best",
        last_name="Match",
        themes=theme_slugs[:2],
        country="KEN",
    )  # two themes + country
    one_theme = person(
        "theme@test.example",
        {"acronym": "AU"},
        first_name="One",
        last_name="Theme",
        themes=theme_slugs[1:2],
    )
    person(
        "nothing@test.example",
        {"iso3": "FRA"},
        first_name="No",
        last_name="Overlap",
        themes=theme_slugs[3:4],
        country="FRA",
    )
    person(
        "inactive@test.example",
        {"iso3": "KEN"},
        first_name="Gone",
        last_name="Away",
        themes=theme_slugs[:2],
        country="KEN",
        active=False,
    )
    client.force_login(entity_user)
    similar = client.get(url(wanjiru)).context["similar"]
    by_name = {p.user.last_name: p for p in similar}
    assert set(by_name) == {"Entity", "Match", "Theme"}  # not self, not inactive, not unrelated
    # Ranked by overlap: Eve (UNODC) shares every group of Wanjiru's organization.
    scores = [p.shared_themes + p.shared_groups + p.same_country for p in similar]
    assert scores == sorted(scores, reverse=True)
    groups = wanjiru.organization.group_memberships.count()
    assert (by_name["Entity"].shared_groups, by_name["Entity"].shared_themes) == (groups, 0)
    assert (by_name["Match"].shared_themes, by_name["Match"].same_country) == (2, 1)
    assert (by_name["Theme"].shared_themes, by_name["Theme"].shared_groups) == (1, 0)
    assert [p.pk for p in similar].index(best.pk) < [p.pk for p in similar].index(one_theme.pk)
    html = client.get(url(wanjiru)).content.decode()
    assert "2 shared themes · same country" in html


def test_similar_people_is_capped_at_six(client, entity_user, wanjiru, theme_slugs):
    for i in range(9):
        person(f"p{i}@test.example", {"iso3": "KEN"}, last_name=f"P{i}", themes=theme_slugs[:1])
    client.force_login(entity_user)
    assert len(client.get(url(wanjiru)).context["similar"]) == 6


def test_person_page_runs_a_bounded_number_of_queries(
    client, entity_user, wanjiru, theme_slugs, django_assert_max_num_queries
):
    for i in range(40):
        person(
            f"crowd{i}@test.example",
            {"acronym": "UNODC"},
            last_name=f"Crowd{i}",
            themes=theme_slugs,
            country="KEN",
        )
    client.force_login(entity_user)
    client.get(url(wanjiru))  # warm the session
    with django_assert_max_num_queries(15):
        response = client.get(url(wanjiru))
    assert response.status_code == 200
    assert len(response.context["similar"]) == 6
