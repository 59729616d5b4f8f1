"""The Compact in numbers: every figure equals what the viewer may see, counted independently."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.urls import path
from django.utils import timezone

from appeal.models import AppealCycle, AppealProject, Contribution, Project
from assessments.models import Assessment, Recommendation
from compact_portal import numbers, views
from compact_portal.models import DailyFigures, VisitDay, VisitMark
from compact_portal.tasks import take_daily_figures
from compact_portal.urls import urlpatterns as root_urlpatterns
from entities.models import FocalPoint, Organization, Theme
from library.models import Document
from workinggroups.models import WorkingGroup, WorkingGroupMembership

# `/numbers/` until the root URLconf names it (see the report): this module is the URLconf.
urlpatterns = [path("numbers/", views.numbers, name="numbers"), *root_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

D = Decimal
SECRET_TITLE = "Secret assessment of Uganda border posts"


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def make_document(title, visibility="all", *, status="published", groups=(), organizations=()):
    document = Document.objects.create(
        title=title, doc_type="report", status=status, visibility=visibility
    )
    document.audience_groups.set(groups)
    document.audience_organizations.set(organizations)
    return document


@pytest.fixture
def restricted(compact):
    """Data of every audience, so that each kind of viewer counts something different."""
    kenya = Organization.objects.get(iso3="KEN")
    uganda = Organization.objects.get(iso3="UGA")
    norway = Organization.objects.get(iso3="NOR")
    unodc = Organization.objects.get(acronym="UNODC")
    au = Organization.objects.get(acronym="AU")
    wg2 = WorkingGroup.objects.get(number=2)
    WorkingGroupMembership.objects.get_or_create(group=wg2, organization=au)

    make_document("Shared with everyone 1")
    make_document("Shared with everyone 2")
    make_document("Entities only", "compact")
    make_document("For Kenya", "organizations", organizations=[kenya])
    make_document("For WG 2", "groups", groups=[wg2])
    make_document("Secretariat only", "secretariat")
    make_document("A draft", status="draft")

    theme = Theme.objects.first()
    for state, recommendations in ((kenya, 2), (uganda, 3)):
        assessment = Assessment.objects.create(
            state=state,
            assessment_type="comprehensive",
            starts_on=dt.date(2024, 5, 1),
            summary=SECRET_TITLE if state == uganda else "",
        )
        for number in range(1, recommendations + 1):
            Recommendation.objects.create(
                assessment=assessment, number=number, theme=theme, text=f"R{number}"
            )
    Assessment.objects.create(
        state=uganda, assessment_type="desk_review", starts_on=dt.date(2025, 1, 1)
    )

    project = Project.objects.create(
        code="N-1",
        title="Border project",
        lead_organization=unodc,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    Project.objects.create(
        code="N-2",
        title="Other project",
        lead_organization=Organization.objects.get(acronym="CTED"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    cycle = AppealCycle.objects.create(
        start_year=2025, end_year=2026, title="Appeal", published=True
    )
    hidden_cycle = AppealCycle.objects.create(
        start_year=2027, end_year=2028, title="Draft appeal", published=False
    )
    entry = AppealProject.objects.create(
        cycle=cycle, project=project, status=AppealProject.Status.INCLUDED
    )

    def contribute(cycle, entry, donor, amount, confidential=False):
        return Contribution.objects.create(
            cycle=cycle,
            entry=entry,
            donor=donor,
            amount=amount,
            amount_usd=amount,
            received_on=dt.date(2025, 3, 1),
            confidential=confidential,
        )

    contribute(cycle, entry, norway, D("100000"))
    contribute(cycle, entry, norway, D("400000"), confidential=True)  # Norway, UNODC, Secretariat
    contribute(cycle, None, norway, D("5000"), confidential=True)  # Norway and the Secretariat
    contribute(hidden_cycle, None, norway, D("7000"))  # the Secretariat only (unpublished)

    today = timezone.localdate()
    VisitDay.objects.create(
        day=today - dt.timedelta(days=2), visits=7, by_tier={"un": 4, "member_state": 3}
    )
    VisitDay.objects.create(day=today - dt.timedelta(days=45), visits=11, by_tier={"un": 11})
    VisitMark.objects.create(day=today, visitor="x" * 32, tier="regional")
    return {"kenya": kenya, "uganda": uganda, "unodc": unodc, "au": au, "wg2": wg2}


def expected(user, data, role):
    """Plain ORM, independently of the features' visibility modules."""
    published = Document.objects.filter(status="published")
    organization = FocalPoint.objects.get(user=user).organization
    member_groups = WorkingGroupMembership.objects.filter(organization=organization).values("group")
    if role == "secretariat":
        documents = published.count()
    else:
        rule = (
            Q(visibility="all")
            | Q(visibility="organizations", audience_organizations=organization)
            | Q(visibility="groups", audience_groups__in=member_groups)
        )
        if role == "entity":
            rule |= Q(visibility="compact")
        documents = published.filter(rule).distinct().count()

    figures = {"documents": documents, "projects": Project.objects.count(), "visits": 8}
    if role in ("secretariat", "entity"):
        figures["assessments"] = Assessment.objects.count()
        figures["recommendations"] = Recommendation.objects.count()
    elif role == "state":
        figures["assessments"] = Assessment.objects.filter(state=organization).count()
        figures["recommendations"] = Recommendation.objects.filter(
            assessment__state=organization
        ).count()

    contributions = Contribution.objects.all()
    if role != "secretariat":
        may_see_confidential = Q(donor=organization)
        if role == "entity":
            may_see_confidential |= Q(entry__project__lead_organization=organization)
        contributions = contributions.filter(
            Q(confidential=False) | may_see_confidential, cycle__published=True
        )
    figures["appeal_funding"] = contributions.aggregate(s=Sum("amount_usd"))["s"] or D("0")
    return figures


@pytest.mark.parametrize("role", ["secretariat", "entity", "state", "regional"])
def test_figures_equal_what_each_viewer_may_see(
    role, restricted, secretariat_user, entity_user, state_user, regional_user
):
    user = {
        "secretariat": secretariat_user,
        "entity": entity_user,
        "state": state_user,
        "regional": regional_user,
    }[role]
    figures = {f.key: f.value for f in numbers.figures_for(user)}
    want = expected(user, restricted, role)
    for key, value in want.items():
        assert figures[key] == value, key
    if role == "regional":  # regional organizations see no CTED assessment at all
        assert "assessments" not in figures and "recommendations" not in figures
    assert figures["entities"] == Organization.objects.filter(kind="compact_entity").count()
    assert figures["focal_points"] == FocalPoint.objects.filter(user__is_active=True).count()


def test_restricted_data_makes_the_viewers_figures_differ(
    restricted, secretariat_user, entity_user, state_user, regional_user
):
    def of(user):
        return {f.key: f.value for f in numbers.figures_for(user)}

    secretariat, entity, state, regional = map(
        of, (secretariat_user, entity_user, state_user, regional_user)
    )
    assert secretariat["documents"] == 6  # every published one
    assert entity["documents"] == 4  # everyone's two, entities only, WG 2 (UNODC is a member)
    assert state["documents"] == 3  # everyone's two + Kenya's
    assert regional["documents"] == 3  # everyone's two + WG 2's (AU is a member)
    assert (secretariat["recommendations"], entity["recommendations"]) == (5, 5)
    assert (state["assessments"], state["recommendations"]) == (1, 2)
    assert secretariat["appeal_funding"] == D("512000")
    assert entity["appeal_funding"] == D("500000")  # the confidential pledge to its project
    assert state["appeal_funding"] == regional["appeal_funding"] == D("100000")


def test_numbers_page_shows_the_viewers_figures(client, restricted, state_user):
    client.force_login(state_user)
    response = client.get("/numbers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Compact in numbers" in html
    figures = {f.key: f.value for f in response.context["figures"]}
    assert figures["assessments"] == 1
    assert "$100K" in html and "$500K" not in html
    assert SECRET_TITLE not in html
    assert response.context["trends"] is None
    assert "Trends" not in html


def test_only_the_secretariat_sees_the_trends(client, restricted, secretariat_user, entity_user):
    take_daily_figures()
    client.force_login(entity_user)
    assert client.get("/numbers/").context["trends"] is None
    client.force_login(secretariat_user)
    response = client.get("/numbers/")
    trends = response.context["trends"]
    assert trends is not None
    html = response.content.decode()
    assert "Trends" in html and "<polyline" in html
    assert "The Compact in numbers, day by day" in html  # the data table


def test_daily_snapshot_is_idempotent_and_complete(restricted, secretariat_user):
    first = numbers.take_daily_figures()
    Document.objects.create(title="One more", doc_type="report")
    again = take_daily_figures()  # the task, run twice the same day
    assert DailyFigures.objects.count() == 1
    snapshot = DailyFigures.objects.get()
    assert snapshot.pk == first.pk and again == snapshot.day.isoformat()
    assert snapshot.figures["documents"] == 7  # the Secretariat's complete figures, updated
    assert snapshot.figures["recommendations"] == 5
    assert D(snapshot.figures["appeal_funding"]) == D("512000")


def test_trend_chart_follows_the_snapshots(restricted):
    today = timezone.localdate()
    for back, documents in ((2, 10), (1, 20), (0, 40)):
        DailyFigures.objects.create(
            day=today - dt.timedelta(days=back), figures={"documents": documents}
        )
    DailyFigures.objects.create(day=today - dt.timedelta(days=400), figures={"documents": 1})
    trends = numbers.trends()
    chart = next(c for c in trends.charts if c.key == "documents")
    ys = [float(y) for _x, y, _label in chart.dots]
    assert ys[0] > ys[1] > ys[2]  # higher values are drawn higher (smaller y)
    assert chart.low_text == "10" and chart.high_text == "40"
    assert [row[0] for row in trends.rows] == [today - dt.timedelta(days=b) for b in (0, 1, 2)]


def test_visits_by_month_and_kind_of_organization(restricted):
    chart = numbers.visits_by_month(today=timezone.localdate())
    this_month = chart.months[-1]
    assert this_month.month == timezone.localdate().replace(day=1)
    by_tier = {}
    for bar in chart.months:
        for tier, n in bar.by_tier.items():
            by_tier[tier] = by_tier.get(tier, 0) + n
    assert by_tier == {"un": 15, "member_state": 3, "regional": 1}
    assert sum(b.total for b in chart.months) == chart.total == 19
    tallest = max(chart.months, key=lambda b: b.total)
    assert float(tallest.height) == pytest.approx(160.0)


def test_visits_chart_and_table_on_the_page(client, restricted, regional_user):
    client.force_login(regional_user)
    html = client.get("/numbers/").content.decode()
    assert "Visits per month" in html and "<rect" in html
    assert "Visits per month, in all and by kind of organization" in html  # the table


def test_numbers_page_needs_a_login(client, restricted):
    response = client.get("/numbers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("scale", [0, 1])
def test_numbers_page_queries_are_bounded(
    client, secretariat_user, state_user, django_assert_max_num_queries, scale
):
    if scale:
        numbers.seed_numbers(scale)
    for user in (state_user, secretariat_user):
        client.force_login(user)
        with django_assert_max_num_queries(26):
            assert client.get("/numbers/").status_code == 200


def test_seed_numbers_is_idempotent(compact):
    created = numbers.seed_numbers(1)
    assert created > 300
    assert numbers.seed_numbers(1) == 0
    assert DailyFigures.objects.filter(day=timezone.localdate()).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_daily_snapshot(compact):
    from tests.workers import celery_worker, wait_for

    Document.objects.create(title="Counted by the worker", doc_type="report")
    with celery_worker("numbers-snapshot-worker.log") as log:
        take_daily_figures.delay()
        taken = wait_for(lambda: DailyFigures.objects.filter(day=timezone.localdate()).exists())
        assert taken, log.read_text()[-3000:]
        take_daily_figures.delay()  # delivered twice: still one row for the day
        wait_for(lambda: "succeeded" in log.read_text() and log.read_text().count("succeeded") >= 2)
    snapshot = DailyFigures.objects.get()
    assert snapshot.figures["documents"] == 1
    assert snapshot.figures["entities"] == 45
