"""Emails are written in the recipient's language, whoever triggers them and in which language."""

import array
import struct

import pytest
from django.utils import translation

from entities.emails import queue_email
from entities.models import OutgoingEmail

pytestmark = pytest.mark.django_db

# A tiny French catalogue: just the strings of the welcome email this test reads.
FRENCH = {
    "Welcome to the Compact Portal": "Bienvenue sur le Portail du Pacte",
    "Dear %(name)s,": "Madame, Monsieur %(name)s,",
    "Counter-Terrorism Compact Secretariat, UNOCT": (
        "Secrétariat du Pacte mondial de coordination contre le terrorisme, BLT"
    ),
}


def write_mo(messages: dict[str, str], path) -> None:
    """A GNU .mo file (the format msgfmt writes), so the test needs no gettext tools."""
    catalogue = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(key.encode() for key in catalogue)
    values = {key.encode(): value.encode() for key, value in catalogue.items()}
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(values[key])))
        ids += key + b"\0"
        strs += values[key] + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    table = []
    for id_offset, id_length, _str_offset, _str_length in offsets:
        table += [id_length, id_offset + key_start]
    for _id_offset, _id_length, str_offset, str_length in offsets:
        table += [str_length, str_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + array.array("i", table).tobytes() + ids + strs)


@pytest.fixture
def french_catalogue(settings, tmp_path):
    write_mo(FRENCH, tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.mo")
    # Changing LOCALE_PATHS makes Django drop its cached catalogues (and again on restore).
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    with translation.override("fr"):
        assert (
            translation.gettext("Welcome to the Compact Portal")
            == FRENCH["Welcome to the Compact Portal"]
        )


def welcome(user, key="welcome"):
    return queue_email(f"{key}:{user.pk}", user.email, "welcome", {"user": user})


def test_french_speaking_recipient_gets_the_email_in_french(french_catalogue, entity_user):
    entity_user.language = "fr"
    entity_user.save(update_fields=["language"])
    # Whoever sends it works in English (the active language of their request).
    with translation.override("en"):
        email = welcome(entity_user)
    assert email.subject.endswith("Bienvenue sur le Portail du Pacte")
    assert email.body_text.startswith("Madame, Monsieur Eve,")
    assert "Secrétariat du Pacte mondial" in email.body_text
    # The active language is left as it was.
    assert translation.get_language() == "en"


def test_recipient_without_a_saved_language_gets_the_default_language(
    french_catalogue, entity_user
):
    with translation.override("fr"):  # e.g. a French-speaking Secretariat member acting
        email = welcome(entity_user)
    assert email.subject.endswith("Welcome to the Compact Portal")
    assert email.body_text.startswith("Dear Eve,")


def test_recipient_is_found_whatever_the_case_of_the_address(french_catalogue, entity_user):
    entity_user.language = "fr"
    entity_user.save(update_fields=["language"])
    email = queue_email("w:upper", entity_user.email.upper(), "welcome", {"user": entity_user})
    assert email.subject.endswith("Bienvenue sur le Portail du Pacte")


def test_explicit_language_is_used_for_an_address_without_an_account(french_catalogue, compact):
    class Person:
        first_name = "Amina"
        email = "amina@nowhere.example"

    email = queue_email(
        "w:anon", "amina@nowhere.example", "welcome", {"user": Person()}, language="fr"
    )
    assert email.body_text.startswith("Madame, Monsieur Amina,")
    assert OutgoingEmail.objects.get(dedupe_key="w:anon").subject == email.subject


def test_unknown_explicit_language_falls_back_to_the_recipients(french_catalogue, entity_user):
    entity_user.language = "fr"
    entity_user.save(update_fields=["language"])
    email = queue_email("w:xx", entity_user.email, "welcome", {"user": entity_user}, language="xx")
    assert email.subject.endswith("Bienvenue sur le Portail du Pacte")


def test_dates_in_emails_follow_the_recipients_language(entity_user):
    """Django's own catalogues name the months: no catalogue of ours is needed for dates."""
    import datetime as dt

    from django.template import engines

    entity_user.language = "ru"
    entity_user.save(update_fields=["language"])
    from compact_portal.i18n import language_for_address

    template = engines["django"].from_string('{{ day|date:"DATE_FORMAT" }}')
    with translation.override(language_for_address(entity_user.email)):
        assert template.render({"day": dt.date(2026, 11, 28)}) == "28 ноября 2026 г."
