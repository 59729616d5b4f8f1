"""axe-core on the main pages, signed in and not: no serious or critical violations.

The pages list grows with the portal: add a page here when it lands.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}

ANONYMOUS_PAGES = [
    "/",  # the public landing page
    "/accounts/login/",
    "/access/request/",
    "/accounts/password/reset/",
]

# Paths for a Member State focal point; "{document}" and "{person}" are filled in by the test.
SIGNED_IN_PAGES = [
    "/",
    "/directory/",
    "/directory/?q=kenya",
    "/directory/network/",
    "/entities/",
    "/entities/unodc/",
    "/member-states/",
    "/member-states/KEN/",
    "/regional-organizations/",
    "/library/",
    "/library/?q=border",
    "/library/{document}/",
    "/library/subscriptions/",
    "/library/newsletters/",
    "/directory/people/{person}/",
    "/accounts/profile/",
    "/working-groups/",
    "/working-groups/border-management-law-enforcement/",
    "/working-groups/border-management-law-enforcement/history/",
    "/coordination-committee/",
    "/collaboration/",
    "/planning/",
    "/planning/activities/",
    "/planning/matrix/",
    "/planning/timeline/",
    "/annual-report/",
    "/calendar/",
    "/calendar/week/",
    "/calendar/agenda/",
    "/calendar/preferences/",
    "/projects/",
    "/projects/matrix/?rows=country&columns=theme",
    "/projects/charts/",
    "/assessments/",
    "/assessments/recommendations/",
    "/support-requests/",
    "/support-requests/new/",
    "/appeal/",
    "/appeal/opportunities/",
    "/numbers/",
    "/search/?q=border",
    "/notifications/",
    "/notifications/preferences/",
    "/working-groups/border-management-law-enforcement/activity/",
    "/member-states/KEN/activity/",
]
SECRETARIAT_PAGES = ["/audit/", "/exports/", "/numbers/"]


def audit(page, url):
    page.goto(url)
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in blocking
    ]


def test_anonymous_pages_have_no_serious_accessibility_violations(live_server, page, compact):
    problems = []
    for path in ANONYMOUS_PAGES:
        problems += audit(page, f"{live_server.url}{path}")
    assert not problems, "\n".join(problems)


def test_main_pages_have_no_serious_accessibility_violations(
    live_server, page, compact, screenshot
):
    from library.indexing import update_search_vectors
    from library.models import Document

    user = make_focal_point(
        "wanjiru@test.example", {"iso3": "KEN"}, first_name="Wanjiru", last_name="Kamau"
    )
    colleague = make_focal_point(
        "jonas@test.example", {"acronym": "UNODC"}, first_name="Jonas", last_name="Lindqvist"
    )
    document = Document.objects.create(
        title="Border security and management good practices",
        summary="Practices for border security.",
        doc_type=Document.Type.GOOD_PRACTICE,
        created_by=colleague,
    )
    update_search_vectors([document.pk])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")

    problems = []
    for path in SIGNED_IN_PAGES:
        url = live_server.url + path.format(document=document.pk, person=colleague.pk)
        problems += audit(page, url)
    screenshot("last-page")
    assert not problems, "\n".join(problems)


def test_secretariat_pages_have_no_serious_accessibility_violations(
    live_server, page, compact, secretariat_user
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(secretariat_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")
    problems = []
    for path in SECRETARIAT_PAGES:
        problems += audit(page, f"{live_server.url}{path}")
    assert not problems, "\n".join(problems)
