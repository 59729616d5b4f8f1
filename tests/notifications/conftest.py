"""Notification fixtures: eager Celery, running on_commit callbacks, people with a frequency."""

import pytest

from compact_portal.celery import app as celery_app
from entities.models import FocalPoint
from tests.conftest import make_focal_point


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield celery_app
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the on_commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def set_frequency(user, frequency):
    FocalPoint.objects.filter(user=user).update(notification_frequency=frequency)


@pytest.fixture
def people(compact):
    """Four UNODC focal points, one per profile frequency."""
    result = {}
    for frequency in ("immediate", "daily", "weekly", "never"):
        user = make_focal_point(
            f"{frequency}@test.example", {"acronym": "UNODC"}, first_name=frequency.title()
        )
        set_frequency(user, frequency)
        result[frequency] = user
    return result
