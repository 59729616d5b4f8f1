"""Demo progress reports and annual report (`seed_reports`), and the read-only admin pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from entities.models import Organization
from tests.conftest import make_focal_point
from workinggroups.annual_report import compile_annual_report
from workinggroups.demo_reports import seed_reports
from workinggroups.models import Activity, AnnualReport, ProgressReport, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def test_seed_reports_is_deterministic_and_idempotent(compact):
    make_focal_point("cted@test.example", {"acronym": "CTED"})
    wg2 = WorkingGroup.objects.get(number=2)
    activity = Activity.objects.create(
        group=wg2,
        title="API/PNR capacity building",
        lead_organization=Organization.objects.get(acronym="CTED"),
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 9, 30),
    )
    created = seed_reports(1)
    # 8 groups x 4 half-years, less WG 8's last one (not reported yet).
    assert created == 31
    assert seed_reports(1) == 0
    assert ProgressReport.objects.count() == 31
    drafts = ProgressReport.objects.filter(status="draft")
    assert [(r.group.number, r.period_start) for r in drafts] == [(6, datetime.date(2025, 7, 1))]
    submitted = ProgressReport.objects.filter(status="submitted")
    assert all(r.submitted_at and r.submitted_at.date() > r.period_end for r in submitted)
    wg2_reports = ProgressReport.objects.filter(group=wg2, period_start__year=2024)
    assert {r.period_start.month: list(r.activities.all()) for r in wg2_reports} == {
        1: [activity],
        7: [activity],
    }
    assert wg2_reports.get(period_start__month=1).submitted_by.email == "cted@test.example"
    assert "Border Security and Management" in wg2_reports.get(period_start__month=1).achievements

    annual = AnnualReport.objects.get(year=2024)
    assert annual.published and "Joint Programme of Work" in annual.introduction
    assert not AnnualReport.objects.filter(year=2025).exists()
    assert compile_annual_report(2024).groups_reporting == 8
    missing = compile_annual_report(2025).missing_groups
    assert missing == []  # WG 8 reported for the first half of 2025
    assert len(compile_annual_report(2025).sections) == 8


def test_a_larger_scale_adds_earlier_years(compact):
    assert seed_reports(2) == 31 + 16
    assert ProgressReport.objects.filter(period_start__year=2023).count() == 16
    assert seed_reports(2) == 0


@pytest.fixture
def report_admin(settings):
    """The admin of this feature, registered from workinggroups/admin.py; if the URLs were loaded
    before that import existed, they are loaded again."""
    import importlib
    import sys

    from django.urls import NoReverseMatch, clear_url_caches

    import workinggroups.admin_reports  # noqa: F401

    try:
        reverse("admin:workinggroups_progressreport_changelist")
    except NoReverseMatch:
        importlib.reload(sys.modules[settings.ROOT_URLCONF])
        clear_url_caches()


def test_the_admin_lists_reports_read_only_with_their_history(
    compact, secretariat_user, report_admin
):
    seed_reports(1)
    secretariat_user.is_superuser = True
    secretariat_user.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(secretariat_user)
    report = ProgressReport.objects.filter(status="submitted").first()
    assert client.get(reverse("admin:workinggroups_progressreport_changelist")).status_code == 200
    page = client.get(reverse("admin:workinggroups_progressreport_change", args=[report.pk]))
    assert page.status_code == 200
    assert reverse("reports:detail", args=[report.group.slug, report.pk]) in page.content.decode()
    assert client.get(reverse("admin:workinggroups_progressreport_add")).status_code == 403
    history = reverse("admin:workinggroups_progressreport_history", args=[report.pk])
    assert client.get(history).status_code == 200
    assert client.get(reverse("admin:workinggroups_annualreport_changelist")).status_code == 200
