"""Server-rendered SVG charts (geometry only; the templates draw them, with no style attribute).

Coordinates are computed with Decimal (no float in anything derived from money) and written with
one decimal. Every chart is drawn next to its data table; bars carry their value as text and the
requirement and funding bars differ by pattern and outline as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from compact_portal.i18n import format_compact_money

from .dashboard import Breakdown, Month, Row

WIDTH = Decimal("720")
LABEL_HEIGHT = Decimal("18")
BAR_HEIGHT = Decimal("16")
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + Decimal("14")
TENTH = Decimal("0.1")


def _fmt(value: Decimal) -> str:
    return str(value.quantize(TENTH, rounding=ROUND_HALF_UP))


def short_usd(value: Decimal) -> str:
    """$1.2M style in the reader's language, for chart labels (the tables hold exact figures)."""
    return format_compact_money(value, "USD")


@dataclass
class Bar:
    label: str
    y_label: str
    y_bar: str
    y_inner: str
    requirement_width: str
    funded_width: str
    requirement_text: str
    funded_text: str
    has_requirement: bool
    text: str = ""


def _bar_text(row: Row, has_requirement: bool) -> str:
    label = row.label if len(row.label) <= 70 else row.label[:69] + "…"
    if not has_requirement:
        return f"{label} — {short_usd(row.funded)}"
    return _("%(label)s — %(funded)s of %(requirement)s") % {
        "label": label,
        "funded": short_usd(row.funded),
        "requirement": short_usd(row.requirement),
    }


@dataclass
class BarChart:
    height: str
    bars: list[Bar]
    width: str = str(WIDTH)


def bar_chart(breakdown: Breakdown) -> BarChart:
    rows: list[Row] = breakdown.rows
    scale_max = max([max(row.requirement, row.funded) for row in rows] + [Decimal("1")])
    bars = []
    y = Decimal("0")
    for row in rows:
        req_w = WIDTH * row.requirement / scale_max
        fund_w = WIDTH * row.funded / scale_max
        bars.append(
            Bar(
                label=row.label,
                y_label=_fmt(y + LABEL_HEIGHT - Decimal("4")),
                y_bar=_fmt(y + LABEL_HEIGHT),
                y_inner=_fmt(y + LABEL_HEIGHT + Decimal("3")),
                requirement_width=_fmt(req_w),
                funded_width=_fmt(fund_w),
                requirement_text=short_usd(row.requirement),
                funded_text=short_usd(row.funded),
                has_requirement=breakdown.has_requirement,
                text=_bar_text(row, breakdown.has_requirement),
            )
        )
        y += ROW_HEIGHT
    return BarChart(height=_fmt(max(y, ROW_HEIGHT)), bars=bars)


@dataclass
class LineChart:
    points: str
    dots: list[tuple[str, str, str]]  # x, y, label
    requirement_y: str | None
    requirement_text: str
    max_text: str
    first_label: str
    last_label: str
    width: str = "720"
    height: str = "240"
    plot_bottom: str = "210"


def line_chart(months: list[Month], requirement: Decimal) -> LineChart | None:
    if not months:
        return None
    top, bottom, left, right = Decimal("20"), Decimal("210"), Decimal("10"), Decimal("700")
    scale_max = max([m.cumulative for m in months] + [requirement, Decimal("1")])
    step = (right - left) / max(len(months) - 1, 1)
    dots = []
    for i, month in enumerate(months):
        x = left + step * i if len(months) > 1 else (left + right) / 2
        y = bottom - (bottom - top) * month.cumulative / scale_max
        dots.append((_fmt(x), _fmt(y), f"{month.month:%b %Y}: {short_usd(month.cumulative)}"))
    requirement_y = None
    if requirement:
        requirement_y = _fmt(bottom - (bottom - top) * requirement / scale_max)
    return LineChart(
        points=" ".join(f"{x},{y}" for x, y, _label in dots),
        dots=dots,
        requirement_y=requirement_y,
        requirement_text=short_usd(requirement),
        max_text=short_usd(scale_max),
        first_label=f"{months[0].month:%b %Y}",
        last_label=f"{months[-1].month:%b %Y}",
    )
