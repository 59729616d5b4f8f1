"""Fixtures for assessments: a CTED focal point, another State's, an assessment of Kenya."""

import datetime

import pytest

from tests.conftest import make_focal_point


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def cted_user(compact):
    return make_focal_point(
        "cted@test.example", {"acronym": "CTED"}, first_name="Carla", last_name="Cted"
    )


@pytest.fixture
def other_state_user(compact):
    return make_focal_point(
        "uganda@test.example", {"iso3": "UGA"}, first_name="Uma", last_name="Uganda"
    )


@pytest.fixture
def kenya(compact):
    from entities.models import Organization

    return Organization.objects.get(iso3="KEN")


@pytest.fixture
def theme(compact):
    from entities.models import Theme

    return Theme.objects.get(slug="border-management")


@pytest.fixture
def make_project(compact):
    from appeal.models import Project
    from entities.models import Organization

    counter = {"n": 0}

    def make(lead="UNODC", *, countries=(), themes=(), status="ongoing", partners=(), **extra):
        counter["n"] += 1
        lead_org = Organization.objects.get(acronym=lead)
        partner_orgs = [Organization.objects.get(acronym=a) for a in partners]
        project = Project.objects.create(
            code=extra.pop("code", f"TEST-{counter['n']:03d}"),
            title=extra.pop("title", f"Test project {counter['n']}"),
            lead_organization=lead_org,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            status=status,
            country_ids=[c.pk for c in countries],
            theme_ids=[t.pk for t in themes],
            entity_ids=[lead_org.pk, *[p.pk for p in partner_orgs]],
            **extra,
        )
        project.countries.set(countries)
        project.themes.set(themes)
        project.partners.set(partner_orgs)
        return project

    return make


@pytest.fixture
def kenya_assessment(compact, kenya, theme):
    from assessments.models import Assessment, Recommendation
    from entities.models import Theme

    assessment = Assessment.objects.create(
        state=kenya,
        assessment_type=Assessment.Type.COMPREHENSIVE,
        starts_on=datetime.date(2023, 5, 8),
        ends_on=datetime.date(2023, 5, 12),
        status=Assessment.Status.TRANSMITTED,
        summary="Zanzibarite visit covering border security.",
    )
    Recommendation.objects.create(
        assessment=assessment,
        number=1,
        theme=theme,
        priority="high",
        text="Kenya should connect all border crossing points to quokkafjord databases.",
    )
    Recommendation.objects.create(
        assessment=assessment,
        number=2,
        theme=Theme.objects.get(slug="cft"),
        priority="medium",
        text="Kenya should conduct a terrorism financing risk assessment.",
        status="planned",
    )
    return assessment


@pytest.fixture
def uganda_assessment(compact, theme):
    from assessments.models import Assessment, Recommendation
    from entities.models import Organization

    assessment = Assessment.objects.create(
        state=Organization.objects.get(iso3="UGA"),
        assessment_type=Assessment.Type.FOLLOW_UP,
        starts_on=datetime.date(2024, 2, 1),
        status=Assessment.Status.CONDUCTED,
        summary="Follow-up on Uganda.",
    )
    Recommendation.objects.create(
        assessment=assessment, number=1, theme=theme, text="Uganda should do more."
    )
    return assessment
