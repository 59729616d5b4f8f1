"""Money formatting for the appeal pages: Decimal in, text out (never through float)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html

from appeal.dashboard_charts import short_usd

register = template.Library()


@register.filter
def usd(value) -> str:
    """1234567.5 -> "1,234,567.50" (USD, two decimals); empty for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return formats.number_format(
        value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        2,
        use_l10n=True,
        force_grouping=True,
    )


@register.filter
def usd_short(value) -> str:
    if value is None:
        return ""
    return short_usd(value if isinstance(value, Decimal) else Decimal(str(value)))


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{value}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def funding_meter(percent):
    """A meter with its number written next to it (a tag, not an include: it is in loops)."""
    value = 0 if percent is None else min(max(percent, 0), 100)
    return format_html(
        '<span class="funding-meter"><meter class="funding-meter__bar" min="0" max="100" '
        'value="{}" aria-hidden="true"></meter><span class="funding-meter__text">{}</span></span>',
        value,
        "—" if percent is None else f"{percent}%",
    )


BADGES = {"included": "badge--success", "declined": "badge--danger", "submitted": "badge--info"}


@register.simple_tag
def status_badge(status, label):
    return format_html(
        '<span class="badge {}">{}</span>', BADGES.get(status, "badge--outline"), label
    )
