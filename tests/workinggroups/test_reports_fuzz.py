"""Malformed input to the progress report and annual report forms gives form errors, never a 500,
and what is stored is always sanitised (hypothesis-driven)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_focal_point
from workinggroups.actions import designate_group_editor
from workinggroups.models import AnnualReport, ProgressReport, WorkingGroup

pytestmark = pytest.mark.django_db

dates = st.one_of(
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(
        ["2025-02-30", "0000-01-01", "9999-12-31", "2025-1-1", "", "١٢٣", "2017-01-01"]
    ),
)
rich = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<p onmouseover=alert(1)>x",
            '<a href="javascript:alert(1)">x</a>',
            "<<p>>",
            "\x00",
            "<h3>title</h3><ul><li>x",
        ]
    ),
)
ids = st.lists(st.one_of(st.text(max_size=5), st.integers().map(str)), max_size=3)

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Rollback(Exception):
    pass


def in_rollback(function):
    try:
        with transaction.atomic():
            function()
            raise Rollback
    except Rollback:
        pass


@pytest.fixture
def editor(compact):
    user = make_focal_point("cted@test.example", {"acronym": "CTED"})
    designate_group_editor(WorkingGroup.objects.get(number=2), user, actor=None)
    return user


def assert_clean(value):
    lowered = value.lower()
    for bad in ("<script", "javascript:", "onmouseover", "\x00"):
        assert bad not in lowered


@FUZZ
@given(start=dates, end=dates, text=rich, activities=ids)
def test_progress_report_form_never_answers_500(editor, start, end, text, activities):
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def example():
        response = client.post(
            reverse("reports:new", args=["border-management-law-enforcement"]),
            {
                "period_start": start,
                "period_end": end,
                "achievements": text,
                "challenges": text,
                "next_steps": text,
                "activities": activities,
            },
        )
        assert response.status_code in (200, 302)
        for report in ProgressReport.objects.all():
            assert_clean(report.achievements)
            assert report.period_end >= report.period_start

    in_rollback(example)


@FUZZ
@given(text=rich, year=st.one_of(st.text(max_size=6), st.integers().map(str)))
def test_annual_report_forms_never_answer_500(secretariat_user, text, year):
    client = Client(raise_request_exception=False)
    client.force_login(secretariat_user)

    def example():
        response = client.post(
            reverse("reports:annual_edit", args=[2024]),
            {"introduction": text, "consolidation": text, "capacity_building": text},
        )
        assert response.status_code in (200, 302)
        for annual in AnnualReport.objects.all():
            assert_clean(annual.introduction)
        assert client.get(reverse("reports:annual_index"), {"year": year}).status_code in (
            200,
            302,
        )

    in_rollback(example)
