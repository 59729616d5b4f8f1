import pytest

from calendar_app.demo import seed_events
from calendar_app.models import Event, OccurrenceException

pytestmark = pytest.mark.django_db


def test_seed_events_is_two_years_of_varied_events_and_idempotent(compact):
    created = seed_events(1)
    assert created == Event.objects.count() > 180
    wg_meetings = Event.objects.filter(event_type="wg_meeting").count()
    assert 95 <= wg_meetings <= 130
    assert Event.objects.filter(event_type="cc_meeting", all_day=True).count() == 4
    for kind in ("high_level", "workshop", "training", "webinar", "field_mission"):
        assert Event.objects.filter(event_type=kind).exists(), kind
    assert Event.objects.exclude(rrule="").count() == 2
    assert OccurrenceException.objects.count() == 4
    assert Event.objects.filter(status="cancelled").exists()
    assert Event.objects.exclude(visibility="all").count() > 10
    assert len(set(Event.objects.values_list("timezone", flat=True))) >= 5
    assert seed_events(1) == 0
