"""The Joint Calendar in headless Chromium: create an event, see the conflict warning, save anyway,
register, download the .ics; the month grid on a desktop and on a phone."""

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from calendar_app.models import Attendance, Event
from entities.models import Organization
from tests.calendar_app.conftest import at, make_event
from tests.conftest import PASSWORD, make_focal_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_create_with_a_conflict_warning_register_and_download_the_ics(
    live_server, page, screenshot, compact
):
    unodc = Organization.objects.get(acronym="UNODC")
    make_focal_point("amina@test.example", {"acronym": "UNODC"}, first_name="Amina")
    make_event(
        title="UNODC donor briefing",
        organizer=unodc,
        timezone="Europe/Vienna",
        starts_at=at("Europe/Vienna", 2027, 3, 10, 9, 0),
        ends_at=at("Europe/Vienna", 2027, 3, 10, 11, 0),
        venue="Vienna International Centre",
    )
    sign_in(page, live_server, "amina@test.example")

    page.goto(f"{live_server.url}/calendar/?month=2027-03")
    expect(page.get_by_role("heading", level=2, name="March 2027")).to_be_visible()
    page.get_by_role("link", name="Add an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an event")
    page.get_by_label("Title").fill("Expert meeting on border security")
    page.get_by_label("Type").select_option("workshop")
    page.get_by_label("Status").select_option("confirmed")
    page.get_by_label("Time zone of the event").select_option("Europe/Vienna")
    page.get_by_label("First day").fill("2027-03-10")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:30")
    page.get_by_label("Venue").fill("Vienna International Centre, Room M1")
    page.get_by_label("Online meeting link").fill("https://meet.example.org/border")
    page.get_by_label("In-person places").fill("20")
    screenshot("1-form")
    page.get_by_role("button", name="Add the event").click()

    warning = page.locator("[data-conflicts]")
    expect(warning).to_contain_text("This overlaps with other events")
    expect(warning).to_contain_text("UNODC donor briefing")
    expect(warning).to_contain_text("same organizer")
    screenshot("2-conflict-warning")
    assert not Event.objects.filter(title="Expert meeting on border security").exists()
    page.get_by_role("button", name="Save anyway").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expert meeting on border security")
    expect(page.get_by_text("The event is in the calendar.")).to_be_visible()
    event = Event.objects.get(title="Expert meeting on border security")
    assert event.starts_at == dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)

    page.get_by_label("In person").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered (In person).")).to_be_visible()
    expect(page.get_by_text("19 in-person places left")).to_be_visible()
    screenshot("3-registered")
    assert Attendance.objects.get(event=event).status == "registered"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{event.pk}.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    vevent = next(iter(calendar.walk("VEVENT")))
    assert vevent["SUMMARY"] == "Expert meeting on border security"
    assert vevent.decoded("dtstart") == at("Europe/Vienna", 2027, 3, 10, 10, 0)
    assert vevent["CONFERENCE"] == "https://meet.example.org/border"

    page.goto(f"{live_server.url}/calendar/?month=2027-03")
    expect(
        page.get_by_role("link", name=re.compile("Expert meeting on border security"))
    ).to_be_visible()
    screenshot("4-month")
    page.get_by_role("link", name="Wednesday 10 March 2027").click()  # the day opens its week
    expect(page.get_by_role("heading", level=3, name="Wednesday 10 March")).to_be_visible()
    screenshot("5-week")
    page.get_by_role("link", name="Agenda", exact=True).click()
    expect(
        page.get_by_role("heading", level=4, name="Expert meeting on border security")
    ).to_be_visible()
    screenshot("6-agenda")


def test_month_grid_reads_as_a_list_on_a_phone(live_server, page, screenshot, compact):
    make_focal_point("amina@test.example", {"acronym": "UNODC"}, first_name="Amina")
    for day, title in (
        (3, "Webinar on victims"),
        (3, "Training on prisons"),
        (17, "Regional workshop"),
    ):
        make_event(
            title=title,
            starts_at=dt.datetime(2027, 3, day, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 3, day, 11, tzinfo=dt.UTC),
        )
    sign_in(page, live_server, "amina@test.example")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/calendar/?month=2027-03")
    expect(page.get_by_text("Wednesday 3 March")).to_be_visible()
    expect(page.get_by_text("Wednesday 17 March")).to_be_visible()
    expect(page.get_by_text("Thursday 4 March")).to_be_hidden()  # empty days fold away
    # Keyboard: the event links are reachable with Tab.
    link = page.get_by_role("link", name=re.compile("Webinar on victims"))
    link.focus()
    expect(link).to_be_focused()
    screenshot("phone-month")
