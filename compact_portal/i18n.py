"""The portal's six languages: the switcher, a person's saved language, formats and collation.

How the language of a response is chosen, first match wins:

1. the language saved on the signed-in person's profile (`User.language`), activated by
   `UserLanguageMiddleware`, which runs after `AuthenticationMiddleware`;
2. the language last picked with the switcher (Django's language cookie), read by
   `LocaleMiddleware`;
3. the browser's `Accept-Language` header; then `settings.LANGUAGE_CODE`.

URLs carry no language prefix, so a shared link opens in the reader's own language.
Emails are rendered in the recipient's saved language (`language_for_address`).
"""

import logging
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Func, TextField
from django.dispatch import receiver
from django.utils import formats, translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

logger = logging.getLogger(__name__)

# Each language named in itself, as the switcher shows it (the order of settings.LANGUAGES).
NATIVE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "ru": "Русский",
    "zh-hans": "中文",
}


def supported_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[dict]:
    """The switcher's entries: code, name in itself, and whether it is written right to left."""
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "bidi": translation.get_language_info(code)["bidi"],
        }
        for code in supported_codes()
    ]


def supported_language(code: str | None) -> str | None:
    """`code` if the portal speaks it (case-insensitive), else None."""
    if not code:
        return None
    code = code.lower()
    return code if code in supported_codes() else None


# --- The signed-in person's language ------------------------------------------------------------


class UserLanguageMiddleware:
    """Activate the language saved on the signed-in person's profile, wherever they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            code = supported_language(getattr(user, "language", ""))
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


@transaction.atomic
def set_user_language(user, code: str, *, actor) -> None:
    """Save `code` (or "" to follow the browser) as `user`'s language."""
    if code and supported_language(code) is None:
        raise ValueError(f"unsupported language {code!r}")
    if user.language == code:
        return
    user.language = code
    user.save(update_fields=["language"])
    logger.info("language of user_id=%s set to %r by user_id=%s", user.pk, code, actor.pk)


@login_not_required
@require_POST
def set_language(request):
    """Django's set_language (cookie, safe `next` redirect), and remembered on the profile."""
    response = django_set_language(request)
    code = supported_language(request.POST.get("language"))
    if code and request.user.is_authenticated:
        set_user_language(request.user, code, actor=request.user)
    return response


@receiver(user_logged_in, dispatch_uid="compact_portal.i18n.remember_language_on_login")
def remember_language_on_login(sender, request, user, **kwargs):
    """A language picked with the switcher before signing in becomes the profile's language."""
    if request is None or getattr(user, "language", "x"):
        return
    code = supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if code:
        set_user_language(user, code, actor=user)


# --- Emails -------------------------------------------------------------------------------------


def language_for_address(address: str) -> str:
    """The language to write to `address` in: its account's saved language, else the default."""
    saved = (
        get_user_model()
        .objects.filter(email__iexact=address.strip())
        .values_list("language", flat=True)
        .first()
    )
    return supported_language(saved) or settings.LANGUAGE_CODE


# --- Formats ------------------------------------------------------------------------------------


def first_day_of_week() -> int:
    """The active language's first day of the week as Python counts it (Monday 0 … Sunday 6)."""
    django_day = int(formats.get_format("FIRST_DAY_OF_WEEK"))  # Sunday 0, Monday 1 …
    return (django_day - 1) % 7


def week_start(day):
    """The first day of the locale's week that contains `day` (a date)."""
    import datetime as dt

    return day - dt.timedelta(days=(day.weekday() - first_day_of_week()) % 7)


def format_money(value, currency: str = "USD", *, decimals: int = 2) -> str:
    """An amount with the active language's separators, then its currency code: 1 250 000,00 USD.

    The ISO code after the amount reads the same in all six languages (no "$" that is only
    right in some of them). Empty for no value or a value that is not a number.
    """
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    number = formats.number_format(amount, decimals, use_l10n=True, force_grouping=True)
    return f"{number}\N{NO-BREAK SPACE}{currency}" if currency else number


def format_compact_money(value, currency: str = "USD") -> str:
    """A short amount for figures and chart labels, as the active language writes it (CLDR):
    $1.2M, 1,2 M $US, 1,2 млн $, US$120万. The tables next to them carry the exact amounts."""
    from babel.numbers import format_compact_currency

    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    locale = translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)
    return format_compact_currency(amount, currency, locale=locale, fraction_digits=1)


class NameSortKey(Func):
    """`f_unaccent(lower(name))`: a sort key that puts "Émile" next to "Emma" and "Ögren" next
    to "Oduya", where the database's C collation puts them after "Zuma".

    An ICU collation (`Collate(name, "und-x-icu")`) would also order other scripts by their
    own rules, but the embedded PostgreSQL the tests run on is built without ICU; the
    `f_unaccent` function is ours (entities migration 0004), so this works everywhere.
    """

    template = "f_unaccent(lower(%(expressions)s))"
    output_field = TextField()


def name_order(expression):
    """Order people and organizations by `expression` the way readers expect."""
    return NameSortKey(expression)


# --- Demo data ----------------------------------------------------------------------------------

# FocalPoint.languages uses "zh" for Chinese; the portal's interface code is "zh-hans".
_INTERFACE_CODE = {"zh": "zh-hans"}
DEMO_EMAIL_SUFFIX = ".example.org"


def seed_languages(scale: int = 1) -> int:
    """Give about a third of the demo focal points a saved language other than English.

    Deterministic (chosen from a hash of the email among the languages the person speaks) and
    idempotent (only people without a saved language are touched, and they get the same answer
    each run). The five demo logins keep following their browser. Returns how many were set.
    """
    import hashlib

    from compact_portal.demo import DEMO_LOGINS
    from entities.models import FocalPoint

    logins = {login.email for login in DEMO_LOGINS}
    chosen: dict[str, list[int]] = {}
    rows = (
        FocalPoint.objects.filter(user__language="", user__email__endswith=DEMO_EMAIL_SUFFIX)
        .exclude(user__email__in=logins)
        .values_list("user_id", "user__email", "languages")
        .order_by("user_id")
    )
    for user_id, email, spoken in rows:
        others = sorted(
            code
            for code in (_INTERFACE_CODE.get(c, c) for c in spoken or [])
            if code != "en" and supported_language(code)
        )
        digest = int(hashlib.sha256(email.encode()).hexdigest(), 16)
        if others and digest % 3 == 0:
            chosen.setdefault(others[digest % len(others)], []).append(user_id)
    updated = 0
    with transaction.atomic():
        for code, user_ids in sorted(chosen.items()):
            updated += get_user_model().objects.filter(pk__in=user_ids).update(language=code)
    return updated
