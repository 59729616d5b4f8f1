"""A directory that stays true: the periodic confirmation cycle, the one-click link, the
Secretariat's list of unconfirmed focal points, and the choice of an alternate."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entities import confirmations, tasks
from entities.actions import hash_token
from entities.models import ConfirmationRequest, FocalPoint, OutgoingEmail
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_mfa_gate(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def backdate(user, days, *, confirmed_days=None):
    """Make the person's entry `days` old (and last confirmed `confirmed_days` ago)."""
    now = timezone.now()
    FocalPoint.objects.filter(user=user).update(
        created_at=now - days * DAY,
        last_confirmed_at=None if confirmed_days is None else now - confirmed_days * DAY,
    )
    return FocalPoint.objects.get(user=user)


@pytest.fixture
def due_user(compact):
    user = make_focal_point(
        "due@test.example", {"acronym": "UNODC"}, first_name="Zoë", last_name="Ångström"
    )
    backdate(user, 200)
    return user


def ask(user) -> tuple[ConfirmationRequest, str]:
    """Send the person a request and return it with its token (as the email link has it)."""
    sent = confirmations.request_confirmation(user.focal_point.pk)
    assert sent is not None
    return sent.request, sent.token


def flag(request, *, days_ago=40):
    ConfirmationRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - days_ago * DAY
    )
    confirmations.flag_unconfirmed()
    request.refresh_from_db()
    assert request.flagged_at is not None
    return request


# --- the cycle ----------------------------------------------------------------------------------


def test_a_focal_point_past_the_interval_is_asked_with_a_one_click_link(due_user, settings):
    settings.SITE_URL = "https://portal.example.org"
    assert tasks.send_confirmation_requests() == 1

    request = ConfirmationRequest.objects.get(focal_point__user=due_user)
    email = OutgoingEmail.objects.get(dedupe_key=f"confirmation:{request.pk}:request")
    assert email.to == due_user.email
    assert "UNODC" in email.subject
    link = next(line for line in email.body_text.splitlines() if "/directory/confirm/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert link.startswith("https://portal.example.org/directory/confirm/")
    assert request.token_hash == hash_token(token)
    assert token not in request.token_hash


def test_a_second_run_sends_nothing(due_user):
    assert confirmations.send_confirmation_requests() == 1
    assert confirmations.send_confirmation_requests() == 0
    assert tasks.send_confirmation_requests() == 0
    assert ConfirmationRequest.objects.filter(focal_point__user=due_user).count() == 1
    assert OutgoingEmail.objects.filter(dedupe_key__startswith="confirmation:").count() == 1
    # asking one person directly is refused too while their request is open
    assert confirmations.request_confirmation(due_user.focal_point.pk) is None


def test_recently_confirmed_new_and_deactivated_people_are_not_asked(compact, due_user):
    recent = make_focal_point("recent@test.example", {"acronym": "UNODC"})
    backdate(recent, 400, confirmed_days=30)
    make_focal_point("new@test.example", {"acronym": "UNODC"})  # created just now
    gone = make_focal_point("gone@test.example", {"acronym": "UNODC"}, is_active=False)
    backdate(gone, 400)

    assert confirmations.send_confirmation_requests() == 1
    assert list(ConfirmationRequest.objects.values_list("focal_point__user", flat=True)) == [
        due_user.pk
    ]


def test_the_interval_is_configurable(due_user, settings):
    settings.CONFIRMATION_INTERVAL_DAYS = 365
    assert confirmations.send_confirmation_requests() == 0
    settings.CONFIRMATION_INTERVAL_DAYS = 100
    assert confirmations.send_confirmation_requests() == 1


def test_a_run_is_capped_and_the_rest_follow(compact, settings):
    for n in range(3):
        backdate(make_focal_point(f"p{n}@test.example", {"acronym": "UNODC"}), 300 + n)
    settings.CONFIRMATION_BATCH_SIZE = 2
    assert confirmations.send_confirmation_requests() == 2
    assert confirmations.send_confirmation_requests() == 1
    assert confirmations.send_confirmation_requests() == 0


def test_after_confirming_the_next_cycle_asks_again_half_a_year_later(client, due_user):
    request, token = ask(due_user)
    client.force_login(due_user)
    client.get(reverse("confirm_focal_point", args=[token]))

    assert confirmations.send_confirmation_requests() == 0
    later = timezone.now() + 183 * DAY
    assert confirmations.send_confirmation_requests(now=later) == 1
    assert ConfirmationRequest.objects.filter(focal_point__user=due_user).count() == 2


def test_unconfirmed_requests_are_flagged_after_the_grace_period_once(due_user):
    request, _token = ask(due_user)
    assert confirmations.flag_unconfirmed() == 0  # within the grace period
    assert confirmations.flag_unconfirmed(now=timezone.now() + 29 * DAY) == 0
    assert tasks.flag_unconfirmed() == 0
    flagged_at = timezone.now() + 31 * DAY
    assert confirmations.flag_unconfirmed(now=flagged_at) == 1
    assert confirmations.flag_unconfirmed(now=flagged_at + DAY) == 0
    request.refresh_from_db()
    assert request.flagged_at == flagged_at


def test_confirmed_requests_are_never_flagged(client, due_user):
    _request, token = ask(due_user)
    client.force_login(due_user)
    client.get(reverse("confirm_focal_point", args=[token]))
    assert confirmations.flag_unconfirmed(now=timezone.now() + 60 * DAY) == 0


# --- the link -----------------------------------------------------------------------------------


def test_the_link_confirms_with_one_click(client, due_user):
    request, token = ask(due_user)
    client.force_login(due_user)
    response = client.get(reverse("confirm_focal_point", args=[token]))

    assert response.status_code == 200
    assert "Thank you for confirming" in response.content.decode()
    request.refresh_from_db()
    due_user.focal_point.refresh_from_db()
    assert request.confirmed_at is not None
    assert due_user.focal_point.last_confirmed_at == request.confirmed_at
    assert "no-store" in response["Cache-Control"]


def test_a_reused_link_shows_a_friendly_page(client, due_user):
    request, token = ask(due_user)
    client.force_login(due_user)
    client.get(reverse("confirm_focal_point", args=[token]))
    request.refresh_from_db()
    first = request.confirmed_at

    response = client.get(reverse("confirm_focal_point", args=[token]))
    assert response.status_code == 200
    assert "You already confirmed" in response.content.decode()
    request.refresh_from_db()
    assert request.confirmed_at == first


def test_a_link_the_secretariat_closed_shows_a_friendly_page(client, due_user, secretariat_user):
    request, token = ask(due_user)
    confirmations.mark_still_active(request, actor=secretariat_user)
    client.force_login(due_user)
    response = client.get(reverse("confirm_focal_point", args=[token]))
    assert response.status_code == 200
    assert "This request was closed" in response.content.decode()


def test_another_persons_link_or_a_made_up_one_is_not_found(client, due_user, entity_user):
    request, token = ask(due_user)
    client.force_login(entity_user)
    assert client.get(reverse("confirm_focal_point", args=[token])).status_code == 404
    assert client.get(reverse("confirm_focal_point", args=["x" * 43])).status_code == 404
    assert client.get(reverse("confirm_focal_point", args=["x" * 500])).status_code == 404
    request.refresh_from_db()
    assert request.confirmed_at is None


def test_signed_out_the_link_asks_to_sign_in_then_comes_back(client, due_user):
    _request, token = ask(due_user)
    url = reverse("confirm_focal_point", args=[token])
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "next=" in response["Location"]


def test_the_link_does_not_change_anything_on_post(client, due_user):
    request, token = ask(due_user)
    client.force_login(due_user)
    assert client.post(reverse("confirm_focal_point", args=[token])).status_code == 405
    request.refresh_from_db()
    assert request.confirmed_at is None


# --- the Secretariat's list ---------------------------------------------------------------------


def test_the_secretariat_sees_flagged_people(client, due_user, secretariat_user):
    flag(ask(due_user)[0])
    client.force_login(secretariat_user)
    response = client.get(reverse("directory_unconfirmed"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zoë Ångström" in body
    assert "1 focal point awaits a decision" in body


def test_unflagged_confirmed_and_deactivated_people_are_not_listed(
    client, compact, due_user, secretariat_user
):
    ask(due_user)  # open, not flagged yet
    gone = make_focal_point("gone@test.example", {"acronym": "UNODC"}, last_name="Gone")
    backdate(gone, 300)
    request = flag(ask(gone)[0])
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    client.force_login(secretariat_user)
    body = client.get(reverse("directory_unconfirmed")).content.decode()
    assert "Ångström" not in body and "Gone" not in body
    assert "Nobody is waiting for a decision" in body
    assert confirmations.get_flagged_request(request.pk) is None


@pytest.mark.parametrize("who", ["entity_user", "due_user", "state_user"])
def test_only_the_secretariat_may_see_the_list(client, request, due_user, who):
    flagged = flag(ask(due_user)[0])
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("directory_unconfirmed")).status_code == 404
    for name in ("directory_unconfirmed_still_active", "directory_unconfirmed_deactivate"):
        assert client.post(reverse(name, args=[flagged.pk])).status_code == 404
    flagged.refresh_from_db()
    assert flagged.resolved_at is None
    due_user.refresh_from_db()
    assert due_user.is_active


def test_the_list_paginates_with_a_bounded_number_of_queries(
    client, compact, secretariat_user, django_assert_max_num_queries
):
    for n in range(30):
        user = make_focal_point(f"p{n}@test.example", {"acronym": "UNODC"}, last_name=f"P{n:02}")
        backdate(user, 300)
        flag(ask(user)[0])
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory_unconfirmed"))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="unconfirmed-') == 25
    with django_assert_max_num_queries(12):
        second = client.get(reverse("directory_unconfirmed") + "?page=2", HTTP_HX_REQUEST="true")
    assert second.content.decode().count('<tr id="unconfirmed-') == 5
    assert "<html" not in second.content.decode()  # htmx gets the partial
    assert client.get(reverse("directory_unconfirmed") + "?page=abc").status_code == 200


def test_still_active_resolves_and_restarts_the_cycle(client, due_user, secretariat_user):
    request = flag(ask(due_user)[0])
    client.force_login(secretariat_user)
    response = client.post(reverse("directory_unconfirmed_still_active", args=[request.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("directory_unconfirmed")

    request.refresh_from_db()
    due_user.focal_point.refresh_from_db()
    assert request.resolved_at is not None
    assert due_user.focal_point.last_confirmed_at == request.resolved_at
    assert confirmations.send_confirmation_requests() == 0
    listing = client.get(reverse("directory_unconfirmed")).content.decode()
    assert f'id="unconfirmed-{request.pk}"' not in listing
    # a second click changes nothing and says so
    again = client.post(reverse("directory_unconfirmed_still_active", args=[request.pk]))
    assert again.status_code == 302


def test_deactivate_from_the_list(client, due_user, secretariat_user):
    request = flag(ask(due_user)[0])
    client.force_login(secretariat_user)
    response = client.post(
        reverse("directory_unconfirmed_deactivate", args=[request.pk]),
        {"page": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="unconfirmed-{request.pk}"' in response.content.decode()
    assert "was deactivated" in response.content.decode()
    due_user.refresh_from_db()
    request.refresh_from_db()
    assert not due_user.is_active
    assert request.resolved_at is not None


def test_the_actions_need_a_csrf_token(due_user, secretariat_user):
    request = flag(ask(due_user)[0])
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat_user)
    for name in ("directory_unconfirmed_still_active", "directory_unconfirmed_deactivate"):
        assert client.post(reverse(name, args=[request.pk])).status_code == 403
    request.refresh_from_db()
    assert request.resolved_at is None


def test_an_unknown_request_is_not_found(client, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("directory_unconfirmed_still_active", args=[999999])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405


# --- alternates ---------------------------------------------------------------------------------


@pytest.fixture
def colleague(compact):
    return make_focal_point(
        "colleague@test.example", {"acronym": "UNODC"}, first_name="Olga", last_name="Voronkova"
    )


def test_a_focal_point_names_a_colleague_as_alternate(client, entity_user, colleague):
    client.force_login(entity_user)
    page = client.get(reverse("alternate_edit"))
    assert page.status_code == 200
    assert "Olga Voronkova" in page.content.decode()

    response = client.post(reverse("alternate_edit"), {"alternate": colleague.focal_point.pk})
    assert response.status_code == 302
    entity_user.focal_point.refresh_from_db()
    assert entity_user.focal_point.alternate == colleague.focal_point

    client.post(reverse("alternate_edit"), {"alternate": ""})
    entity_user.focal_point.refresh_from_db()
    assert entity_user.focal_point.alternate is None


@pytest.mark.parametrize("case", ["self", "inactive", "other_organization", "nonsense"])
def test_an_alternate_must_be_an_active_colleague(client, entity_user, state_user, case):
    inactive = make_focal_point("inactive@test.example", {"acronym": "UNODC"}, is_active=False)
    choice = {
        "self": entity_user.focal_point.pk,
        "inactive": inactive.focal_point.pk,
        "other_organization": state_user.focal_point.pk,
        "nonsense": "'; drop table",
    }[case]
    client.force_login(entity_user)
    response = client.post(reverse("alternate_edit"), {"alternate": choice})
    assert response.status_code == 200
    assert "other than yourself" in response.content.decode()
    entity_user.focal_point.refresh_from_db()
    assert entity_user.focal_point.alternate is None


def test_the_action_refuses_what_the_form_would(entity_user, state_user, colleague):
    fp = entity_user.focal_point
    with pytest.raises(confirmations.AlternateRefused):
        confirmations.set_alternate(fp, fp, actor=entity_user)
    with pytest.raises(confirmations.AlternateRefused):
        confirmations.set_alternate(fp, state_user.focal_point, actor=entity_user)
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    colleague.focal_point.refresh_from_db()
    with pytest.raises(confirmations.AlternateRefused):
        confirmations.set_alternate(fp, colleague.focal_point, actor=entity_user)


def test_a_deactivated_alternate_is_pointed_out(client, entity_user, colleague):
    confirmations.set_alternate(entity_user.focal_point, colleague.focal_point, actor=entity_user)
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    client.force_login(entity_user)
    body = client.get(reverse("alternate_edit")).content.decode()
    assert "is no longer active" in body


def test_alone_in_the_organization_there_is_nobody_to_choose(client, state_user):
    client.force_login(state_user)
    body = client.get(reverse("alternate_edit")).content.decode()
    assert "No colleague to choose yet" in body


def test_the_alternate_page_needs_a_focal_point_profile(client, compact):
    from entities.models import User

    user = User.objects.create_user(email="nobody@test.example", password="x" * 14)
    client.force_login(user)
    assert client.get(reverse("alternate_edit")).status_code == 200
    assert client.post(reverse("alternate_edit"), {"alternate": "1"}).status_code == 200


# --- demo data ----------------------------------------------------------------------------------


def test_the_demo_directory_has_featured_names_alternates_and_flagged_entries(compact):
    from django.core.management import call_command

    from entities.models import User

    call_command("seed_demo", without_documents=True)
    assert User.objects.filter(first_name="Zoë", last_name="Ångström").exists()
    assert User.objects.filter(last_name__startswith="Voronkov").count() >= 3
    with_alternate = FocalPoint.objects.filter(alternate__isnull=False).select_related("alternate")
    assert with_alternate.count() > 100
    assert all(fp.organization_id == fp.alternate.organization_id for fp in with_alternate)
    assert FocalPoint.objects.filter(last_confirmed_at__isnull=False).count() > 500
    flagged = confirmations.flagged_requests().count()
    assert 3 <= flagged <= 30
    assert confirmations.open_requests().filter(flagged_at=None).exists()
    due_before = confirmations.due_focal_points().count()
    assert due_before > 0

    counts = (ConfirmationRequest.objects.count(), flagged)
    call_command("seed_demo", without_documents=True)
    assert (ConfirmationRequest.objects.count(), confirmations.flagged_requests().count()) == counts
    assert confirmations.due_focal_points().count() == due_before


@pytest.mark.parametrize(
    "url",
    [
        "/directory/unconfirmed/",
        "/directory/unconfirmed/1/still-active/",
        "/directory/unconfirmed/1/deactivate/",
        "/accounts/profile/alternate/",
        "/directory/confirm/abc/",
    ],
)
def test_every_page_needs_a_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_alternate_page_runs_a_bounded_number_of_queries(
    client, compact, entity_user, django_assert_max_num_queries
):
    for n in range(40):
        make_focal_point(f"c{n}@test.example", {"acronym": "UNODC"}, last_name=f"C{n:02}")
    client.force_login(entity_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("alternate_edit"))
    assert response.content.decode().count("<option") == 41  # 40 colleagues and "No alternate"


# --- in the browser -----------------------------------------------------------------------------


def sign_in(page, live_server, user):
    import re

    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_keeps_one_and_deactivates_another_then_a_person_confirms(
    live_server, page, screenshot, compact, secretariat_user, settings
):
    from playwright.sync_api import expect

    settings.MFA_REQUIRED_FOR_STAFF = False
    people = {}
    for first, last in [("Zoë", "Ångström"), ("Dmitri", "Voronkov"), ("Olga", "Voronkova")]:
        user = make_focal_point(
            f"{last.lower()}@test.example", {"acronym": "UNODC"}, first_name=first, last_name=last
        )
        backdate(user, 300, confirmed_days=250)
        people[last] = (user, *ask(user))
    for _user, request, _token in list(people.values())[:2]:
        flag(request)

    sign_in(page, live_server, secretariat_user)
    page.goto(f"{live_server.url}{reverse('directory_unconfirmed')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unconfirmed focal points")
    expect(page.get_by_role("row")).to_have_count(3)  # header + the two flagged
    screenshot("1-unconfirmed-list")

    zoe_row = page.get_by_role("row").filter(has_text="Zoë Ångström")
    zoe_row.get_by_role("button", name="Still active").click()
    expect(page.get_by_text("Zoë Ångström is marked as still active.")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row").filter(has_text="Dmitri Voronkov").get_by_role(
        "button", name="Deactivate"
    ).click()
    expect(page.get_by_text("Dmitri Voronkov was deactivated")).to_be_visible()
    screenshot("2-after-actions")
    assert not people["Voronkov"][0].__class__.objects.get(pk=people["Voronkov"][0].pk).is_active

    page.goto(f"{live_server.url}{reverse('directory_unconfirmed')}")
    expect(page.get_by_text("Nobody is waiting for a decision")).to_be_visible()
    screenshot("3-empty")

    # Olga follows her link: sign in first, then straight back to the confirmation.
    olga, request, token = people["Voronkova"]
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('confirm_focal_point', args=[token])}")
    page.get_by_label("Email").fill(olga.email)
    from tests.conftest import PASSWORD

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for confirming")
    screenshot("4-confirmed")

    page.goto(f"{live_server.url}{reverse('alternate_edit')}")
    page.locator("#id_alternate").select_option(label="Zoë Ångström — Focal point")
    page.get_by_role("button", name="Save my alternate").click()
    expect(page.get_by_text("Zoë Ångström is now your alternate.")).to_be_visible()
    screenshot("5-alternate")
