"""Creating, editing and cancelling events; conflict warnings; attendance and capacity."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from calendar_app.actions import EventFull, answer_event
from calendar_app.models import Attendance, Event, OccurrenceException
from entities.models import Organization
from tests.calendar_app.conftest import at, make_event
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


def form_data(organizer, **overrides):
    data = {
        "title": "Expert group meeting",
        "event_type": "workshop",
        "status": "confirmed",
        "organizer": organizer.pk,
        "timezone": "Europe/Vienna",
        "start_date": "2027-02-03",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "12:00",
        "visibility": "all",
        "repeat": "",
    }
    data.update(overrides)
    return data


def unodc():
    return Organization.objects.get(acronym="UNODC")


def test_who_may_open_the_new_event_form(
    client, secretariat_user, editor_user, entity_user, state_user, regional_user
):
    for user, status in (
        (secretariat_user, 200),
        (editor_user, 200),
        (entity_user, 200),
        (state_user, 403),
        (regional_user, 403),
    ):
        client.force_login(user)
        assert client.get("/calendar/events/new/").status_code == status, user


def test_entity_focal_point_creates_an_event_of_their_organization(client, entity_user):
    client.force_login(entity_user)
    response = client.post(
        "/calendar/events/new/",
        form_data(
            unodc(), description="<p>Hello <script>alert(1)</script><b onclick='x()'>there</b></p>"
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="Expert group meeting")
    assert event.organizer == unodc() and event.created_by == entity_user
    assert event.starts_at == dt.datetime(2027, 2, 3, 9, 0, tzinfo=dt.UTC)  # 10:00 in Vienna
    assert event.timezone == "Europe/Vienna"
    assert "<script" not in event.description and "onclick" not in event.description
    assert "Hello" in event.description


def test_entity_focal_point_may_not_organize_for_others_or_for_a_group(client, entity_user, wg2):
    client.force_login(entity_user)
    unoct = Organization.objects.get(acronym="UNOCT")
    response = client.post("/calendar/events/new/", form_data(unoct))
    assert response.status_code == 200 and "organizer" in response.context["form"].errors
    assert not Event.objects.exists()
    # Not an editor of any group: no group field, and a forged one is ignored.
    assert "working_group" not in client.get("/calendar/events/new/").context["form"].fields
    response = client.post("/calendar/events/new/", form_data(unodc(), working_group=wg2.pk))
    assert response.status_code == 302
    assert Event.objects.get().working_group is None


def test_group_editor_schedules_their_group_s_meetings(client, editor_user, wg2, wg3):
    client.force_login(editor_user)
    cted = Organization.objects.get(acronym="CTED")
    response = client.post(
        "/calendar/events/new/",
        form_data(cted, event_type="wg_meeting", working_group=wg2.pk, visibility="groups"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.working_group == wg2
    assert list(event.audience_groups.all()) == [wg2]  # "groups" with none given: its own
    response = client.post(
        "/calendar/events/new/", form_data(cted, working_group=wg3.pk, title="Not mine")
    )
    assert response.status_code == 200
    assert not Event.objects.filter(title="Not mine").exists()


def test_conflict_warning_is_shown_before_saving_and_can_be_confirmed(
    client, secretariat_user, wg2
):
    make_event(
        secretariat_user,
        title="WG 2 plenary",
        working_group=wg2,
        starts_at=at("Europe/Vienna", 2027, 2, 3, 11, 0),
        ends_at=at("Europe/Vienna", 2027, 2, 3, 13, 0),
    )
    client.force_login(secretariat_user)
    data = form_data(unodc(), working_group=wg2.pk)
    response = client.post("/calendar/events/new/", data)
    assert response.status_code == 200
    conflicts = response.context["conflicts"]
    assert [c.occurrence.event.title for c in conflicts] == ["WG 2 plenary"]
    assert "same Working Group" in conflicts[0].reasons
    assert "This overlaps with other events" in response.content.decode()
    assert not Event.objects.filter(title="Expert group meeting").exists()

    # Confirming a warning about other times does not count.
    stale = client.post(
        "/calendar/events/new/",
        {**data, "start_time": "10:30", "acknowledged": response.context["signature"]},
    )
    assert stale.context["conflicts"]

    saved = client.post(
        "/calendar/events/new/", {**data, "acknowledged": response.context["signature"]}
    )
    assert saved.status_code == 302
    assert Event.objects.filter(title="Expert group meeting").exists()


def test_conflicts_with_the_same_organizer_and_participant_groups_but_not_unrelated(
    secretariat_user, wg2, wg3
):
    from calendar_app.conflicts import find_conflicts

    start, end = (
        dt.datetime(2027, 5, 5, 9, tzinfo=dt.UTC),
        dt.datetime(2027, 5, 5, 17, tzinfo=dt.UTC),
    )
    make_event(title="Same organizer", organizer=unodc(), starts_at=start, ends_at=end)
    high_level = make_event(
        title="High-level",
        event_type="high_level",
        starts_at=start,
        ends_at=end,
        organizer=Organization.objects.get(acronym="UNDP"),
    )
    high_level.participant_groups.set([wg3])
    make_event(
        title="Unrelated",
        organizer=Organization.objects.get(acronym="UNDP"),
        starts_at=start,
        ends_at=end,
    )
    make_event(
        title="Cancelled", organizer=unodc(), status="cancelled", starts_at=start, ends_at=end
    )
    make_event(
        title="Next day",
        organizer=unodc(),
        starts_at=start + dt.timedelta(days=1),
        ends_at=end + dt.timedelta(days=1),
    )
    candidate = Event(
        starts_at=start + dt.timedelta(hours=2),
        ends_at=end,
        timezone="UTC",
        organizer=unodc(),
        working_group=wg3,
    )
    found = find_conflicts(
        secretariat_user, candidate, organizer_ids={unodc().pk}, group_ids={wg3.pk}
    )
    assert sorted((c.occurrence.event.title, tuple(c.reasons)) for c in found) == [
        ("High-level", ("same high-level participants' groups",)),
        ("Same organizer", ("same organizer",)),
    ]


def test_a_recurring_event_warns_about_a_later_occurrence(secretariat_user, wg2):
    from calendar_app.conflicts import find_conflicts

    make_event(
        title="March plenary",
        working_group=wg2,
        starts_at=dt.datetime(2027, 3, 9, 14, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 3, 9, 16, tzinfo=dt.UTC),
    )
    candidate = Event(
        starts_at=dt.datetime(2027, 1, 12, 15, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 12, 16, tzinfo=dt.UTC),
        timezone="UTC",
        rrule="FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
        working_group=wg2,
        organizer=unodc(),
    )
    found = find_conflicts(secretariat_user, candidate, organizer_ids=set(), group_ids={wg2.pk})
    assert [c.occurrence.event.title for c in found] == ["March plenary"]


def test_editing_needs_the_right_to_manage(client, secretariat_user, entity_user, editor_user, wg2):
    event = make_event(secretariat_user, title="WG 2 meeting", working_group=wg2)
    client.force_login(entity_user)
    assert client.get(f"/calendar/events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/calendar/events/{event.pk}/cancel/").status_code == 403
    client.force_login(editor_user)
    response = client.get(f"/calendar/events/{event.pk}/edit/")
    assert response.status_code == 200
    data = {k: v for k, v in response.context["form"].initial.items() if v not in (None, [])}
    data.update(
        organizer=event.organizer_id,
        working_group=wg2.pk,
        start_date="2027-01-12",
        start_time="10:00",
        end_date="2027-01-12",
        end_time="13:00",
        repeat="",
        title="WG 2 meeting (longer)",
    )
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    response = client.post(f"/calendar/events/{event.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert (
        event.title == "WG 2 meeting (longer)" and event.ends_at.hour == 13 and event.sequence == 1
    )
    assert client.post(f"/calendar/events/{event.pk}/cancel/").status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled" and event.sequence == 2


def test_form_builds_repeat_rules(entity_user):
    from calendar_app.forms import EventForm

    form = EventForm(
        form_data(
            unodc(), start_date="2027-01-12", repeat="monthly_weekday", repeat_until="2027-12-31"
        ),
        user=entity_user,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rrule"] == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T225959Z"
    form = EventForm(form_data(unodc(), repeat="custom", rrule="FREQ=SECONDLY"), user=entity_user)
    assert not form.is_valid() and "rrule" in form.errors
    form = EventForm(form_data(unodc(), repeat="weekly"), user=entity_user)
    assert not form.is_valid() and "repeat_until" in form.errors


def test_registration_capacity_and_modes(
    compact, secretariat_user, entity_user, state_user, regional_user
):
    event = make_event(
        secretariat_user, venue="Vienna", online_url="https://meet.example.org/v", capacity=1
    )
    answer_event(event, actor=entity_user, status="registered", mode="in_person")
    with pytest.raises(EventFull):
        answer_event(event, actor=state_user, status="registered", mode="in_person")
    answer_event(event, actor=state_user, status="registered", mode="online")  # online: no limit
    answer_event(event, actor=entity_user, status="declined")
    answer_event(event, actor=regional_user, status="registered", mode="in_person")  # place freed
    assert Attendance.objects.filter(event=event, status="registered").count() == 2


def test_register_and_decline_through_the_page(client, secretariat_user, entity_user):
    event = make_event(secretariat_user, venue="Geneva", capacity=5)
    client.force_login(entity_user)
    response = client.post(
        f"/calendar/events/{event.pk}/attendance/", {"status": "registered"}, follow=True
    )
    assert "You are registered" in response.content.decode()
    assert response.context["places_left"] == 4
    client.post(f"/calendar/events/{event.pk}/attendance/", {"status": "declined"})
    assert Attendance.objects.get(event=event, user=entity_user).status == "declined"
    assert (
        client.post(f"/calendar/events/{event.pk}/attendance/", {"status": "bogus"}).status_code
        == 302
    )


def test_a_full_event_says_so(client, secretariat_user, entity_user, state_user):
    event = make_event(secretariat_user, venue="Geneva", capacity=1)
    answer_event(event, actor=state_user, status="registered")
    client.force_login(entity_user)
    response = client.post(
        f"/calendar/events/{event.pk}/attendance/", {"status": "registered"}, follow=True
    )
    assert "No in-person place is left" in response.content.decode()
    assert not Attendance.objects.filter(user=entity_user).exists()


def test_attendee_exports(client, secretariat_user, entity_user, state_user):
    event = make_event(secretariat_user, venue="Geneva")
    answer_event(event, actor=entity_user, status="registered")
    answer_event(event, actor=state_user, status="declined")
    state_user.first_name = "=HYPERLINK(1)"
    state_user.save(update_fields=["first_name"])
    client.force_login(secretariat_user)
    page = client.get(f"/calendar/events/{event.pk}/attendees/")
    assert page.status_code == 200 and page.context["registered"] == 1
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/calendar/events/{event.pk}/attendees/?format=csv").content.decode(
                    "utf-8-sig"  # a byte-order mark first, for Excel
                )
            )
        )
    )
    assert rows[0][:3] == ["Name", "Email", "Organization"]
    assert {row[1] for row in rows[1:]} == {"entity@test.example", "state@test.example"}
    assert any(row[0].startswith("'=") for row in rows[1:])  # no formula injection
    response = client.get(f"/calendar/events/{event.pk}/attendees/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3


def test_cancel_and_move_one_occurrence(client, secretariat_user):
    event = make_event(
        secretariat_user,
        timezone="UTC",
        rrule="FREQ=WEEKLY;COUNT=4",
        starts_at=dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 7, 10, tzinfo=dt.UTC),
    )
    client.force_login(secretariat_user)
    client.post(
        f"/calendar/events/{event.pk}/occurrence/",
        {"occurrence": "20300114T090000Z", "action": "cancel"},
    )
    client.post(
        f"/calendar/events/{event.pk}/occurrence/",
        {
            "occurrence": "20300121T090000Z",
            "action": "move",
            "start_date": "2030-01-22",
            "start_time": "11:00",
            "end_time": "12:00",
        },
    )
    response = client.post(
        f"/calendar/events/{event.pk}/occurrence/",
        {"occurrence": "20300121T093000Z", "action": "cancel"},
        follow=True,
    )
    assert "not an occurrence" in response.content.decode()
    assert OccurrenceException.objects.filter(event=event).count() == 2
    week = client.get("/calendar/week/?date=2030-01-22")
    days = {d.date: [o.start for o in d.occurrences] for d in week.context["days"]}
    assert days[dt.date(2030, 1, 22)] == [dt.datetime(2030, 1, 22, 11, tzinfo=dt.UTC)]
    assert days[dt.date(2030, 1, 21)] == []
    week = client.get("/calendar/week/?date=2030-01-14")
    assert all(not d.occurrences for d in week.context["days"])
    event.refresh_from_db()
    assert event.sequence == 2


def test_bad_parameters_never_fail(client, entity_user):
    make_event()
    client.force_login(entity_user)
    for url in (
        "/calendar/?month=banana",
        "/calendar/?month=99999-13",
        "/calendar/?month=2027-00",
        "/calendar/week/?date=0001-01-01",
        "/calendar/week/?date=x",
        "/calendar/agenda/?from=9999-12-31&page=zz",
        "/calendar/?group=nope&organizer=%00&type=zzz&country=XXX&region=Mars",
        "/calendar/events/99999999/",
        "/calendar/events/1/?occurrence=garbage",
    ):
        assert client.get(url).status_code in (200, 404), url


def test_pages_have_a_bounded_number_of_queries(
    client, entity_user, wg2, django_assert_max_num_queries
):
    for index in range(40):
        make_event(
            title=f"E{index}",
            working_group=wg2 if index % 2 else None,
            starts_at=dt.datetime(2027, 1, 1 + index % 28, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 1, 1 + index % 28, 10, tzinfo=dt.UTC),
            rrule="FREQ=WEEKLY;COUNT=5" if index % 5 == 0 else "",
        )
    client.force_login(entity_user)
    for url in (
        "/calendar/?month=2027-01",
        "/calendar/week/?date=2027-01-12",
        "/calendar/agenda/?from=2027-01-01",
        "/calendar/?month=2027-01&mine=on&group=" + wg2.slug,
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_my_calendar_has_my_groups_my_organization_and_what_i_attend(client, entity_user, wg2, wg3):
    make_event(title="WG 2 (UNODC leads)", working_group=wg2)
    attended = make_event(title="Attended", organizer=Organization.objects.get(acronym="UNDP"))
    make_event(title="Not mine", organizer=Organization.objects.get(acronym="UNDP"))
    make_event(title="Ours", organizer=unodc())
    answer_event(attended, actor=entity_user, status="registered")
    make_focal_point("other@test.example", {"acronym": "UNDP"})
    client.force_login(entity_user)
    response = client.get("/calendar/agenda/?from=2027-01-01&mine=on")
    titles = {row["occurrence"].event.title for row in response.context["page_obj"].object_list}
    assert titles == {"WG 2 (UNODC leads)", "Attended", "Ours"}


def test_moving_an_occurrence_onto_another_event_asks_first(client, secretariat_user, wg2):
    event = make_event(
        secretariat_user,
        working_group=wg2,
        rrule="FREQ=WEEKLY;COUNT=4",
        starts_at=dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 7, 10, tzinfo=dt.UTC),
    )
    make_event(
        secretariat_user,
        title="WG 2 retreat",
        working_group=wg2,
        starts_at=dt.datetime(2030, 1, 15, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 15, 16, tzinfo=dt.UTC),
    )
    client.force_login(secretariat_user)
    move = {
        "occurrence": "20300114T090000Z",
        "action": "move",
        "start_date": "2030-01-15",
        "start_time": "11:00",
        "end_time": "12:00",
    }
    response = client.post(f"/calendar/events/{event.pk}/occurrence/", move)
    assert response.status_code == 200
    assert [c.occurrence.event.title for c in response.context["conflicts"]] == ["WG 2 retreat"]
    assert not OccurrenceException.objects.exists()
    response = client.post(
        f"/calendar/events/{event.pk}/occurrence/", {**move, "acknowledged": "1"}
    )
    assert response.status_code == 302
    assert OccurrenceException.objects.get().starts_at == dt.datetime(
        2030, 1, 15, 11, tzinfo=dt.UTC
    )


def test_detail_page_of_a_multi_day_event_shows_its_days(client, entity_user):
    event = make_event(
        title="Three days",
        timezone="Africa/Nairobi",
        all_day=True,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 3),
    )
    client.force_login(entity_user)
    body = client.get(f"/calendar/events/{event.pk}/").content.decode()
    assert "Monday 1 March 2027 – Wednesday 3 March 2027" in body
