"""The appeal pages over HTTP: who sees and changes what (404 / 403), forms, bounded queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appeal.models import AppealCycle, AppealProject, Contribution, Interest
from entities.models import Organization
from tests.conftest import make_focal_point

from .test_appeal_actions import contribute, make_cycle, make_entry, make_project

pytestmark = pytest.mark.django_db

D = Decimal
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


@pytest.fixture
def world(compact, settings, secretariat_user, entity_user, state_user, regional_user):
    settings.MFA_REQUIRED_FOR_STAFF = False
    cycle = make_cycle(accepts_proposals=True)
    hidden = make_cycle(2027, 2028, published=False)
    included = make_entry(
        cycle,
        make_project("T-INC", "UNODC", pillars=[1], groups=[2], regions=["Africa"]),
        requirements={2025: D("100000"), 2026: D("50000")},
    )
    draft = make_entry(
        cycle,
        make_project("T-DRAFT", "UNODC"),
        status=AppealProject.Status.DRAFT,
        requirements={2025: D("10")},
    )
    cted_submitted = make_entry(
        cycle, make_project("T-CTED", "CTED"), status=AppealProject.Status.SUBMITTED
    )
    cted_included = make_entry(
        cycle, make_project("T-CTED-INC", "CTED", pillars=[2]), requirements={2025: D("7000")}
    )
    public = contribute(cycle, included, Organization.objects.get(iso3="JPN"), D("30000"))
    secret = contribute(
        cycle, included, Organization.objects.get(iso3="NOR"), D("20000"), confidential=True
    )
    return {
        "cycle": cycle,
        "hidden": hidden,
        "included": included,
        "draft": draft,
        "cted_submitted": cted_submitted,
        "cted_included": cted_included,
        "public": public,
        "secret": secret,
        "cted": make_focal_point("cted@test.example", {"acronym": "CTED"}),
        "norway": make_focal_point("norway@test.example", {"iso3": "NOR"}),
    }


def status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


ROLES = ["secretariat_user", "entity_user", "cted", "state_user", "regional_user"]


def user_for(request, world, role):
    return world[role] if role in world else request.getfixturevalue(role)


# url builder, then expected status for: secretariat, UNODC, CTED, Kenya, AU
GET_MATRIX = [
    (lambda w: reverse("appeal:index"), [OK, OK, OK, OK, OK]),
    (lambda w: reverse("appeal:cycle_new"), [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (lambda w: reverse("appeal:cycle_detail", args=[w["cycle"].pk]), [OK] * 5),
    (lambda w: reverse("appeal:cycle_detail", args=[w["hidden"].pk]), [OK] + [NOT_FOUND] * 4),
    (
        lambda w: reverse("appeal:cycle_edit", args=[w["cycle"].pk]),
        [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ),
    (
        lambda w: reverse("appeal:propose", args=[w["cycle"].pk]),
        [OK, OK, OK, FORBIDDEN, FORBIDDEN],
    ),
    (lambda w: reverse("appeal:dashboard", args=[w["cycle"].pk]), [OK] * 5),
    (lambda w: reverse("appeal:dashboard", args=[w["hidden"].pk]), [OK] + [NOT_FOUND] * 4),
    (
        lambda w: reverse("appeal:dashboard_export", args=[w["cycle"].pk]) + "?by=pillar",
        [OK] * 5,
    ),
    (lambda w: reverse("appeal:contribution_list", args=[w["cycle"].pk]), [OK] * 5),
    (
        lambda w: reverse("appeal:contribution_new", args=[w["cycle"].pk]),
        [OK, OK, OK, FORBIDDEN, FORBIDDEN],
    ),
    (
        lambda w: reverse("appeal:contribution_edit", args=[w["public"].pk]),
        [OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ),
    (
        lambda w: reverse("appeal:contribution_edit", args=[w["secret"].pk]),
        [OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    (lambda w: reverse("appeal:entry_detail", args=[w["included"].pk]), [OK] * 5),
    (
        lambda w: reverse("appeal:entry_detail", args=[w["draft"].pk]),
        [OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    (
        lambda w: reverse("appeal:entry_detail", args=[w["cted_submitted"].pk]),
        [OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND],
    ),
    (
        lambda w: reverse("appeal:entry_edit", args=[w["draft"].pk]),
        [OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    (
        lambda w: reverse("appeal:entry_edit", args=[w["included"].pk]),
        [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    ),
    (
        lambda w: reverse("appeal:express_interest", args=[w["included"].pk]),
        [FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
    ),
    (lambda w: reverse("appeal:opportunities"), [OK] * 5),
    (lambda w: reverse("appeal:interest_list"), [OK] * 5),
    (lambda w: reverse("appeal:audit"), [OK] + [NOT_FOUND] * 4),
    (lambda w: "/appeal/999999/", [NOT_FOUND] * 5),
    (lambda w: "/appeal/projects/999999/", [NOT_FOUND] * 5),
]


@pytest.mark.parametrize(("url", "expected"), GET_MATRIX, ids=range(len(GET_MATRIX)))
def test_who_may_open_which_appeal_page(client, request, world, url, expected):
    path = url(world)
    got = [status(client, user_for(request, world, role), path) for role in ROLES]
    assert got == expected, path


def test_direct_posts_without_the_right_answer_403_or_404(client, world, entity_user, state_user):
    included, draft, cted_submitted = world["included"], world["draft"], world["cted_submitted"]
    decide = reverse("appeal:entry_decide", args=[cted_submitted.pk])
    # the entity cannot decide, cannot see the other entity's submission
    assert status(client, entity_user, decide, "post", {"decision": "include"}) == NOT_FOUND
    assert status(client, world["cted"], decide, "post", {"decision": "include"}) == FORBIDDEN
    submit = reverse("appeal:entry_submit", args=[draft.pk])
    assert status(client, world["cted"], submit, "post") == NOT_FOUND
    assert (
        status(
            client,
            state_user,
            reverse("appeal:entry_edit", args=[included.pk]),
            "post",
            {"narrative": "x"},
        )
        == FORBIDDEN
    )
    new = reverse("appeal:contribution_new", args=[world["cycle"].pk])
    payload = {
        "entry": included.pk,
        "donor": Organization.objects.get(iso3="KEN").pk,
        "amount": "5",
        "currency": "USD",
        "rate_to_usd": "1",
        "received_on": "2025-01-01",
        "status": "pledged",
    }
    assert status(client, state_user, new, "post", payload) == FORBIDDEN
    # CTED may open the form (its own projects) but not record for UNODC's project
    assert status(client, world["cted"], new, "post", payload) == 200  # form error: not a choice
    assert not Contribution.objects.filter(donor__iso3="KEN").exists()
    cycle_new = reverse("appeal:cycle_new")
    assert status(client, entity_user, cycle_new, "post", {"title": "X"}) == FORBIDDEN
    assert AppealProject.objects.get(pk=cted_submitted.pk).status == "submitted"


def test_entity_proposes_edits_and_submits_through_the_pages(client, world, entity_user):
    cycle = world["cycle"]
    project = make_project("T-NEW", "UNODC")
    client.force_login(entity_user)
    url = reverse("appeal:propose", args=[cycle.pk])
    bad = client.post(url, {"project": project.pk, "year_2025": "abc", "year_2026": "-5"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    huge = client.post(url, {"project": project.pk, "year_2025": "1e400", "year_2026": "0"})
    assert huge.status_code == 200
    response = client.post(
        url,
        {"project": project.pk, "narrative": "Need", "year_2025": "1200.50", "year_2026": "0"},
    )
    entry = AppealProject.objects.get(project=project)
    assert response.status_code == 302
    assert entry.status == "draft"
    edit = reverse("appeal:entry_edit", args=[entry.pk])
    client.post(edit, {"narrative": "Need more", "year_2025": "1300.00", "year_2026": "99.99"})
    assert dict(entry.requirements.values_list("year", "amount_usd")) == {
        2025: D("1300.00"),
        2026: D("99.99"),
    }
    client.post(reverse("appeal:entry_submit", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == "submitted"
    assert client.post(edit, {"narrative": "late"}).status_code == FORBIDDEN


def test_secretariat_decides_with_a_note_shown_on_the_page(client, world, secretariat_user):
    entry = world["cted_submitted"]
    client.force_login(secretariat_user)
    client.post(
        reverse("appeal:entry_decide", args=[entry.pk]),
        {"decision": "decline", "note": "Outside the appeal's priorities"},
    )
    entry.refresh_from_db()
    assert entry.status == "declined"
    page = client.get(reverse("appeal:entry_detail", args=[entry.pk])).content.decode()
    assert "Outside the appeal&#x27;s priorities" in page


def test_secretariat_records_a_confidential_contribution_in_another_currency(
    client, world, secretariat_user
):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("appeal:contribution_new", args=[world["cycle"].pk]),
        {
            "entry": "",
            "donor": Organization.objects.get(iso3="DEU").pk,
            "amount": "1000000",
            "currency": "eur",
            "rate_to_usd": "1.08345",
            "received_on": "2025-06-30",
            "status": "signed",
            "confidential": "on",
            "notes": "=cmd|' /C calc'!A0",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(donor__iso3="DEU")
    assert contribution.entry is None
    assert contribution.amount_usd == D("1083450.00")
    assert contribution.confidential


def test_bad_contribution_input_gives_form_errors_not_500(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("appeal:contribution_new", args=[world["cycle"].pk])
    for payload in (
        {"amount": "NaN", "currency": "USD", "rate_to_usd": "1"},
        {"amount": "10", "currency": "U$D", "rate_to_usd": "1"},
        {"amount": "10", "currency": "USD", "rate_to_usd": "0"},
        {"amount": "99999999999999", "currency": "USD", "rate_to_usd": "9999"},
        {"amount": "1.001", "currency": "USD", "rate_to_usd": "1"},
    ):
        data = {
            "donor": Organization.objects.get(iso3="DEU").pk,
            "received_on": "2025-01-01",
            "status": "pledged",
            **payload,
        }
        response = client.post(url, data)
        assert response.status_code == 200, payload
        assert "There is a problem" in response.content.decode()
    assert not Contribution.objects.filter(donor__iso3="DEU").exists()
    assert (
        client.get(
            reverse("appeal:dashboard_export", args=[world["cycle"].pk]), {"by": "nonsense"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("appeal:cycle_detail", args=[world["cycle"].pk]),
            {"sort": "drop table", "pillar": "x", "page": "-1"},
        ).status_code
        == 200
    )


def test_cycle_page_filters_by_status_and_shows_requirements_per_year(
    client, world, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("appeal:cycle_detail", args=[world["cycle"].pk])
    body = client.get(url, {"status": "draft"}).content.decode()
    assert "T-DRAFT" in body and "T-INC" not in body
    body = client.get(url, {"sort": "-requirement"}).content.decode()
    assert body.index("T-INC") < body.index("T-CTED-INC")
    assert "100,000.00" in body and "50,000.00" in body


def test_cycle_admin_pages_create_and_edit(client, compact, secretariat_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(secretariat_user)
    response = client.post(
        reverse("appeal:cycle_new"),
        {"title": "Appeal 2029–2030", "start_year": 2029, "end_year": 2030, "published": "on"},
    )
    cycle = AppealCycle.objects.get(start_year=2029)
    assert response.status_code == 302
    clash = client.post(
        reverse("appeal:cycle_new"),
        {"title": "Again", "start_year": 2029, "end_year": 2030},
    )
    assert clash.status_code == 200
    client.post(
        reverse("appeal:cycle_edit", args=[cycle.pk]),
        {
            "title": "Appeal 2029–2030",
            "start_year": 2029,
            "end_year": 2030,
            "accepts_proposals": "on",
            "published": "on",
        },
    )
    cycle.refresh_from_db()
    assert cycle.accepts_proposals


def test_state_focal_point_expresses_interest_through_the_page(
    client, world, state_user, django_capture_on_commit_callbacks
):
    client.force_login(state_user)
    url = reverse("appeal:express_interest", args=[world["included"].pk])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"message": "Kenya could co-fund 2026."})
    assert response.status_code == 302
    assert len(callbacks) == 1
    interest = Interest.objects.get()
    assert interest.donor.iso3 == "KEN"
    body = client.get(reverse("appeal:opportunities")).content.decode()
    assert "You expressed interest" in body


def test_opportunities_list_unfunded_and_partly_funded_included_projects(client, world, state_user):
    funded = make_entry(
        world["cycle"], make_project("T-FULL", "UNODC"), requirements={2025: D("10")}
    )
    contribute(world["cycle"], funded, Organization.objects.get(iso3="JPN"), D("10"))
    client.force_login(state_user)
    body = client.get(reverse("appeal:opportunities")).content.decode()
    assert "T-INC" in body and "T-CTED-INC" in body
    assert "T-FULL" not in body and "T-DRAFT" not in body and "T-CTED<" not in body
    body = client.get(reverse("appeal:opportunities"), {"funding": "unfunded"}).content.decode()
    assert "T-CTED-INC" in body and "T-INC" not in body.replace("T-CTED-INC", "")
    body = client.get(reverse("appeal:opportunities"), {"pillar": "2"}).content.decode()
    assert "T-CTED-INC" in body and "Project T-INC<" not in body


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("index", 12),
        ("cycle_detail", 16),
        ("dashboard", 22),
        ("contribution_list", 14),
        ("opportunities", 16),
        ("interest_list", 12),
        ("audit", 14),
        ("entry_detail", 20),
    ],
)
def test_pages_run_a_bounded_number_of_queries(
    client, world, secretariat_user, name, budget, django_assert_max_num_queries
):
    cycle = world["cycle"]
    for i in range(15):  # more rows must not mean more queries
        entry = make_entry(
            cycle,
            make_project(f"T-MORE-{i}", "UNODC", pillars=[1, 2], themes=[], groups=[1, 3]),
            requirements={2025: D("1000")},
        )
        contribute(cycle, entry, Organization.objects.get(iso3="JPN"), D("100"))
        Interest.objects.create(entry=entry, donor=Organization.objects.get(iso3="KEN"))
    args = {
        "index": [],
        "opportunities": [],
        "interest_list": [],
        "audit": [],
        "entry_detail": [world["included"].pk],
    }.get(name, [cycle.pk])
    client.force_login(secretariat_user)
    url = reverse(f"appeal:{name}", args=args)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_a_donor_does_not_count_other_donors_confidential_pledges(
    client, world, state_user, secretariat_user
):
    client.force_login(state_user)
    body = client.get(reverse("appeal:dashboard", args=[world["cycle"].pk])).content.decode()
    # Kenya sees Japan's 30,000 but not Norway's confidential 20,000
    assert 'data-figure="funded">$30K<' in body
    client.force_login(secretariat_user)
    body = client.get(reverse("appeal:dashboard", args=[world["cycle"].pk])).content.decode()
    assert 'data-figure="funded">$50K<' in body
    client.force_login(state_user)
    export = client.get(
        reverse("appeal:dashboard_export", args=[world["cycle"].pk]), {"by": "donor"}
    ).content.decode()
    assert "Japan" in export and "Norway" not in export


def test_dashboard_at_its_stable_period_address(client, world, state_user):
    client.force_login(state_user)
    ok = client.get(reverse("appeal:dashboard_by_period", args=[2025, 2026]))
    assert ok.status_code == 200 and ok.context["cycle"] == world["cycle"]
    assert client.get(reverse("appeal:dashboard_by_period", args=[2027, 2028])).status_code == 404
    assert client.get(reverse("appeal:dashboard_by_period", args=[1990, 1991])).status_code == 404
