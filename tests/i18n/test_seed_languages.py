"""Demo data: some demo focal points read the portal in another language; demo logins do not."""

import pytest

from compact_portal.i18n import seed_languages
from entities.models import FocalPoint, User
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


def test_seed_languages_is_deterministic_idempotent_and_spares_the_demo_logins(compact):
    speakers = []
    for index in range(30):
        user = make_focal_point(f"person.{index}@unodc.example.org", {"acronym": "UNODC"})
        FocalPoint.objects.filter(user=user).update(languages=["ar", "en", "fr", "zh"])
        speakers.append(user.pk)
    english_only = make_focal_point("only.english@unodc.example.org", {"acronym": "UNODC"})
    real = make_focal_point("real.person@unodc.org", {"acronym": "UNODC"})
    FocalPoint.objects.filter(user__in=[english_only, real]).update(languages=["en", "fr"])
    FocalPoint.objects.filter(user=english_only).update(languages=["en"])
    login = make_focal_point("entity@example.org", {"acronym": "UNODC"})
    FocalPoint.objects.filter(user=login).update(languages=["fr"])

    updated = seed_languages(1)
    assert 0 < updated < 30
    saved = dict(User.objects.filter(pk__in=speakers).values_list("pk", "language"))
    assert set(saved.values()) <= {"", "ar", "fr", "zh-hans"}
    assert sum(1 for code in saved.values() if code) == updated
    for user in (english_only, real, login):
        user.refresh_from_db()
        assert user.language == ""

    assert seed_languages(1) == 0  # a second run changes nothing
    # The same people get the same languages from scratch.
    User.objects.filter(pk__in=speakers).update(language="")
    assert seed_languages(1) == updated
    assert dict(User.objects.filter(pk__in=speakers).values_list("pk", "language")) == saved
