"""Virtual visits: one per person per day, no IP or user id kept, folded daily by Celery."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compact_portal.models import VisitDay, VisitMark
from compact_portal.visits import SESSION_KEY, aggregate_visits, visitor_hash, visits_by_day

pytestmark = pytest.mark.django_db


def test_signing_in_and_browsing_count_one_visit_a_day(client, state_user, entity_user):
    client.force_login(state_user)
    for path in ("/", "/directory/", "/library/"):
        client.get(path)
    client.force_login(entity_user)
    client.get("/")
    today = timezone.localdate()
    assert VisitMark.objects.filter(day=today).count() == 2
    assert sorted(VisitMark.objects.values_list("tier", flat=True)) == ["member_state", "un"]


def test_a_session_open_across_midnight_counts_the_new_day(client, state_user):
    client.force_login(state_user)
    session = client.session
    session[SESSION_KEY] = (timezone.localdate() - timedelta(days=1)).isoformat()
    session.save()
    client.get("/")
    assert VisitMark.objects.count() == 1  # the login's mark; the same day is not counted twice
    VisitMark.objects.all().delete()
    session = client.session
    session[SESSION_KEY] = "2000-01-01"
    session.save()
    client.get("/")
    assert VisitMark.objects.count() == 1


def test_nothing_identifying_is_stored(state_user):
    from compact_portal.visits import record_visit

    record_visit(state_user)
    mark = VisitMark.objects.get()
    fields = {f.name for f in VisitMark._meta.get_fields()}
    assert fields == {"id", "day", "visitor", "tier"}  # no IP, no user
    # A different day gives an unrelated hash: days cannot be linked.
    assert visitor_hash(state_user.pk, mark.day) != visitor_hash(
        state_user.pk, mark.day - timedelta(days=1)
    )


def test_anonymous_requests_are_not_counted(client):
    client.get("/accounts/login/")
    assert not VisitMark.objects.exists()


def test_aggregation_folds_finished_days_once(state_user, entity_user, regional_user):
    from compact_portal.visits import record_visit

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    for user in (state_user, entity_user, regional_user):
        record_visit(user, yesterday)
    record_visit(state_user, yesterday)  # twice the same day: one visit
    record_visit(state_user, today)
    assert aggregate_visits() == 1
    assert aggregate_visits() == 0  # idempotent: nothing left to fold
    day = VisitDay.objects.get(day=yesterday)
    assert day.visits == 3
    assert day.by_tier == {"member_state": 1, "un": 1, "regional": 1}
    assert VisitMark.objects.filter(day=yesterday).count() == 0
    assert VisitMark.objects.filter(day=today).count() == 1  # today is still going on
    figures = dict(visits_by_day(7))
    assert figures[yesterday] == 3 and figures[today] == 1
    assert len(figures) == 7


def test_a_late_mark_is_added_to_its_folded_day(state_user, entity_user):
    from compact_portal.visits import record_visit

    yesterday = timezone.localdate() - timedelta(days=1)
    record_visit(state_user, yesterday)
    aggregate_visits()
    record_visit(entity_user, yesterday)
    aggregate_visits()
    assert VisitDay.objects.get(day=yesterday).visits == 2
