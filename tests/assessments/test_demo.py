"""Demo data: 28 assessments and 842 recommendations at scale 1, idempotent, with uptake."""

import pytest

from assessments.demo import seed_assessments
from assessments.models import Assessment, Recommendation, SupportRequest, Uptake
from entities.models import Theme

pytestmark = pytest.mark.django_db


def test_seed_creates_the_documented_volumes_once(compact):
    created = seed_assessments(1)
    assert Assessment.objects.count() == 28
    assert Recommendation.objects.count() == 842
    assert created >= 28 + 842
    assert Assessment.objects.filter(state__iso3="KEN").exists()
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert len(statuses) == 6
    assert Uptake.objects.filter(project__isnull=True).exists()  # no projects: intentions
    assert SupportRequest.objects.count() == 5
    texts = list(Recommendation.objects.values_list("text", flat=True)[:20])
    assert all(len(text) > 40 for text in texts)
    assert seed_assessments(1) == 0
    assert Recommendation.objects.count() == 842


def test_uptake_links_demo_projects_when_there_are_some(compact, make_project):
    from entities.models import Organization

    themes = list(Theme.objects.all())
    states = list(Organization.objects.filter(kind="member_state"))
    for index, lead in enumerate(["UNODC", "INTERPOL", "IOM", "UNDP"]):
        make_project(lead, countries=states[index::4], themes=themes)
    seed_assessments(1)
    linked = Uptake.objects.filter(project__isnull=False)
    assert linked.exists()
    assert all(u.organization_id == u.project.lead_organization_id for u in linked[:50])
