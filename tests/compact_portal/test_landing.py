"""The public landing page: what the Compact is, its structure, public figures and news —
and nothing that lives behind the login."""

import datetime as dt
from decimal import Decimal

import pytest

from appeal.models import AppealCycle, Contribution
from assessments.models import Assessment
from entities.models import FocalPoint, Organization
from library.models import Document

pytestmark = pytest.mark.django_db


def newsletter(title, *, status="published", visibility="all", summary="", day=None):
    return Document.objects.create(
        title=title,
        doc_type="newsletter",
        status=status,
        visibility=visibility,
        summary=summary,
        publication_date=day or dt.date(2026, 5, 1),
    )


@pytest.fixture
def behind_the_login(compact, state_user, entity_user):
    """Restricted things whose titles and figures must never show anonymously."""
    Document.objects.create(
        title="Restricted: entities-only report", doc_type="report", visibility="compact"
    )
    Document.objects.create(
        title="Restricted: secretariat memo", doc_type="report", visibility="secretariat"
    )
    Document.objects.create(title="Restricted: draft report", doc_type="report", status="draft")
    Document.objects.create(title="Open report for everyone", doc_type="report")
    newsletter("Restricted: draft newsletter", status="draft")
    newsletter("Restricted: entities newsletter", visibility="compact")
    Assessment.objects.create(
        state=Organization.objects.get(iso3="KEN"),
        assessment_type="comprehensive",
        starts_on=dt.date(2024, 1, 1),
        summary="Restricted: Kenya assessment summary",
    )
    cycle = AppealCycle.objects.create(
        start_year=2025, end_year=2026, title="Appeal", published=True
    )
    Contribution.objects.create(
        cycle=cycle,
        donor=Organization.objects.get(iso3="NOR"),
        amount=Decimal("987654"),
        amount_usd=Decimal("987654"),
        received_on=dt.date(2025, 1, 1),
        confidential=True,
    )


def test_anonymous_visitors_get_the_public_landing_page(client, compact):
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "home/landing.html"
    html = response.content.decode()
    assert "UN Global Counter-Terrorism Coordination Compact" in html
    assert "February 2018" in html  # what the Compact is
    assert 'href="/accounts/login/"' in html and 'href="/access/request/"' in html
    assert "Request access" in html and "Sign in" in html


def test_landing_shows_the_structure(client, compact):
    html = client.get("/").content.decode()
    for pillar in ("Pillar I", "Pillar II", "Pillar III", "Pillar IV"):
        assert pillar in html
    assert "Border management and law enforcement" in html
    assert html.count('class="wg"') == 8
    # WG 2 is chaired by CTED; every Compact entity is listed, observers marked
    assert "CTED" in html and "INTERPOL" in html and "UNICEF" in html
    assert len(client.get("/").context["entities"]) == 45
    assert "Observer" in html


def test_public_figures_reveal_nothing_restricted(client, behind_the_login, state_user):
    response = client.get("/")
    figures = {f.key: f.value for f in response.context["figures"]}
    assert set(figures) == {
        "entities",
        "member_states",
        "organizations",
        "focal_points",
        "working_groups",
        "documents",
        "visits",
    }
    assert (
        figures["documents"]
        == Document.objects.filter(status="published", visibility="all").count()
        == 1
    )
    assert figures["focal_points"] == FocalPoint.objects.filter(user__is_active=True).count()
    assert figures["member_states"] == 1  # Kenya (state_user); entities are not Member States
    html = response.content.decode()
    assert "987" not in html  # the confidential pledge, in any format


def test_nothing_behind_the_login_leaks(client, behind_the_login):
    html = client.get("/").content.decode()
    assert "Restricted:" not in html
    assert "Open report for everyone" not in html  # documents themselves stay behind the login
    for word in (
        "assessment summary",
        "Appeal funding",
        "recommendations",
        "Projects in the matrix",
    ):
        assert word not in html


def test_recent_public_news_links_to_sign_in(client, compact):
    older = newsletter(
        "Compact in Review, March–April 2026",
        summary="Two months of joint work.",
        day=dt.date(2026, 4, 30),
    )
    newer = newsletter(
        "Compact in Review, May–June 2026",
        summary="Border work and a new appeal.",
        day=dt.date(2026, 6, 30),
    )
    html = client.get("/").content.decode()
    assert html.index("May–June 2026") < html.index("March–April 2026")
    assert "Border work and a new appeal." in html and "30 June 2026" in html
    assert f'href="/accounts/login/?next=/library/{newer.pk}/"' in html
    assert f'href="/library/{older.pk}/"' not in html  # no direct link to a members' page


def test_signed_in_people_get_their_dashboard(client, state_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(state_user)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "home.html"
    assert "Request access" not in response.content.decode()


def test_a_deactivated_account_sees_the_landing_page(client, state_user):
    client.force_login(state_user)
    state_user.is_active = False
    state_user.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Welcome, Stella" not in response.content.decode()


@pytest.mark.parametrize("newsletters", [0, 10])
def test_landing_queries_are_bounded(client, compact, django_assert_max_num_queries, newsletters):
    for i in range(newsletters):
        newsletter(f"Issue {i}", day=dt.date(2026, 1, 1) + dt.timedelta(days=i))
    with django_assert_max_num_queries(16):  # 13, and 2 more when the stored totals are stale
        assert client.get("/").status_code == 200
