"""Choosing a language: the switcher, the saved profile language, the browser's first guess."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from compact_portal.i18n import NATIVE_NAMES
from entities.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.i18n.urls")]


def html_lang(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', response.content.decode())
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def switcher_buttons(response) -> list[tuple[str, str, str]]:
    """(value, lang, label) of each switcher button."""
    return re.findall(
        r'<button type="submit" class="language-switcher__option" name="language" '
        r'value="([^"]+)" lang="([^"]+)"[^>]*>([^<]+)</button>',
        response.content.decode(),
    )


def test_switcher_names_every_language_in_itself_on_public_and_signed_in_pages(client, entity_user):
    for path in (reverse("account_login"), reverse("home")):
        if path == reverse("home"):
            client.force_login(entity_user)
        buttons = switcher_buttons(client.get(path))
        assert {value for value, _lang, _label in buttons} == {c for c, _ in settings.LANGUAGES}
        for value, lang, label in buttons:
            assert label == NATIVE_NAMES[value]
            assert lang.lower() == value
    assert ("ar", "ar", "العربية") in buttons
    assert ("zh-hans", "zh-hans", "中文") in [
        (v, lang.lower(), label) for v, lang, label in buttons
    ]


def test_current_language_is_marked_in_the_switcher(client, entity_user):
    entity_user.language = "fr"
    entity_user.save(update_fields=["language"])
    client.force_login(entity_user)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r'value="fr" lang="fr" aria-current="true">Français<', page)
    assert page.count('aria-current="true">') >= 1
    assert not re.search(r'value="en" lang="en" aria-current="true"', page)


def test_browser_language_is_the_first_guess(client):
    response = client.get(
        reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5"
    )
    assert html_lang(response) == ("fr", "ltr")
    assert response["Content-Language"] == "fr"


def test_arabic_pages_are_right_to_left(client, state_user):
    client.force_login(state_user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar")
    assert html_lang(response) == ("ar", "rtl")


def test_switching_saves_the_language_on_the_profile_and_keeps_the_url(client, entity_user):
    client.force_login(entity_user)
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "/directory/?q=kenya"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/?q=kenya"
    entity_user.refresh_from_db()
    assert entity_user.language == "es"
    # The saved language wins over the browser's, with no prefix in the URL.
    page = client.get("/directory/?q=kenya", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(page) == ("es", "ltr")


def test_saved_language_follows_the_person_to_another_browser(client, entity_user):
    entity_user.language = "ru"
    entity_user.save(update_fields=["language"])
    client.force_login(entity_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # a pick made on another account
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == ("ru", "ltr")
    assert response["Content-Language"] == "ru"


def test_anonymous_switch_sets_the_cookie_only(client, compact):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert html_lang(client.get("/accounts/login/")) == ("ar", "rtl")


def test_language_picked_before_signing_in_is_remembered_at_sign_in(client, entity_user):
    from tests.conftest import PASSWORD

    client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    client.post(reverse("account_login"), {"login": entity_user.email, "password": PASSWORD})
    entity_user.refresh_from_db()
    assert entity_user.language == "fr"


def test_a_saved_language_is_not_overwritten_at_sign_in(client, entity_user):
    from tests.conftest import PASSWORD

    entity_user.language = "es"
    entity_user.save(update_fields=["language"])
    client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    client.post(reverse("account_login"), {"login": entity_user.email, "password": PASSWORD})
    entity_user.refresh_from_db()
    assert entity_user.language == "es"


@pytest.mark.parametrize("language", ["xx", "", "de"])
def test_unknown_language_changes_nothing(client, entity_user, language):
    client.force_login(entity_user)
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    entity_user.refresh_from_db()
    assert entity_user.language == ""


def test_switch_refuses_an_offsite_next(client, entity_user):
    client.force_login(entity_user)
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_switch_is_post_only(client, entity_user):
    client.force_login(entity_user)
    assert client.get(reverse("set_language") + "?language=fr").status_code == 405
    entity_user.refresh_from_db()
    assert entity_user.language == ""


def test_switch_needs_the_csrf_token(entity_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(entity_user)
    assert client.post(reverse("set_language"), {"language": "fr"}).status_code == 403


def test_profile_saves_and_clears_the_language(client, entity_user):
    client.force_login(entity_user)
    page = client.get(reverse("profile")).content.decode()
    assert 'name="language"' in page
    assert ">العربية</option>" in page
    data = {
        "first_name": "Eve",
        "last_name": "Entity",
        "position": "Programme officer",
        "notification_frequency": "weekly",
        "language": "zh-hans",
    }
    assert client.post(reverse("profile"), data).status_code == 302
    entity_user.refresh_from_db()
    assert entity_user.language == "zh-hans"
    assert html_lang(client.get(reverse("profile"))) == ("zh-hans", "ltr")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(reverse("profile"), {**data, "language": ""})
    entity_user.refresh_from_db()
    assert entity_user.language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    assert html_lang(client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="es")) == ("es", "ltr")


def test_profile_refuses_an_unknown_language(client, entity_user):
    client.force_login(entity_user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Eve",
            "last_name": "Entity",
            "notification_frequency": "weekly",
            "language": "klingon",
        },
    )
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert User.objects.get(pk=entity_user.pk).language == ""


def test_switcher_costs_no_query(client, entity_user, django_assert_max_num_queries):
    """The saved language rides on the user row the request loads anyway."""
    client.force_login(entity_user)
    client.get(reverse("profile"))
    with django_assert_max_num_queries(12) as counted:
        client.get(reverse("profile"))
    baseline = len(counted)
    entity_user.language = "fr"
    entity_user.save(update_fields=["language"])
    with django_assert_max_num_queries(baseline) as counted:
        client.get(reverse("profile"))
