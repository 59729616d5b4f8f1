"""The matrix (rows × columns of any two axes) and the distribution charts, each in ONE query.

A project counts in every cell its arrays put it in: a project in Kenya and Somalia on two themes
is in four cells of a country × theme matrix, with its whole budget in each (budgets are not split:
nothing says how a project spends across countries). So cells do not add up to the totals; the
row, column and grand totals count each project once, and come from the same SQL statement
(`UNION ALL` of the four groupings over one filtered scan, the arrays expanded with `unnest`).
Labels come from the cached reference data (`appeal.projects.reference`), not from joins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection

from .projects import AXES, portfolio_generation, reference

CACHE_TTL = 300

CELL, ROW, COLUMN, TOTAL = "c", "r", "k", "t"


@dataclass
class Tally:
    count: int = 0
    budget: Decimal = Decimal(0)


@dataclass
class MatrixRow:
    member: object
    total: Tally
    cells: list = field(default_factory=list)  # (Tally or None, url) per column
    url: str = ""


@dataclass
class Matrix:
    rows_axis: str
    columns_axis: str
    columns: list  # (member, Tally)
    rows: list  # MatrixRow
    total: Tally

    @property
    def is_empty(self) -> bool:
        return not self.total.count


def _inner_sql(queryset, *arrays: str) -> tuple[str, tuple]:
    """The filtered projects as SQL: id, budget and the given arrays (order dropped)."""
    inner = queryset.order_by().values_list("id", "budget_usd", *arrays)
    return inner.query.sql_with_params()


def matrix_counts(queryset, rows_axis: str, columns_axis: str) -> dict:
    """{(kind, row value, column value): (count, budget)} for the filtered projects. One query.

    The answer is cached per statement and portfolio generation (`projects.portfolio_generation`,
    renewed by every change of a project), so a repeated matrix costs no query.
    """
    sql, params = _inner_sql(queryset, AXES[rows_axis][1], AXES[columns_axis][1])
    key = _cache_key("matrix", rows_axis, columns_axis, sql, params)
    cached = cache.get(key)
    if cached is not None:
        return cached
    # Only constants and Django's own compiled SQL are interpolated; values go in `params`.
    # unnest() in the select list (a ProjectSet node) is cheaper than LATERAL function scans, and
    # grouping on the arrays' own types (integers) cheaper than on text: cast after grouping.
    statement = f"""
        WITH p(id, budget, r, c) AS MATERIALIZED ({sql}),
        pr AS (SELECT unnest(r) AS rv, c, budget FROM p)
        SELECT '{CELL}', rv::text, cv::text, n, b FROM (
            SELECT rv, cv, count(*) AS n, coalesce(sum(budget), 0) AS b
              FROM (SELECT rv, unnest(c) AS cv, budget FROM pr) AS cells GROUP BY rv, cv
        ) AS grouped_cells
        UNION ALL
        SELECT '{ROW}', rv::text, NULL, n, b FROM (
            SELECT rv, count(*) AS n, coalesce(sum(budget), 0) AS b FROM pr GROUP BY rv
        ) AS grouped_rows
        UNION ALL
        SELECT '{COLUMN}', NULL, cv::text, n, b FROM (
            SELECT cv, count(*) AS n, coalesce(sum(budget), 0) AS b
              FROM (SELECT unnest(c) AS cv, budget FROM p) AS cols GROUP BY cv
        ) AS grouped_columns
        UNION ALL
        SELECT '{TOTAL}', NULL, NULL, count(*), coalesce(sum(budget), 0) FROM p
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        counts = {(kind, r, c): (n, budget) for kind, r, c, n, budget in cursor.fetchall()}
    cache.set(key, counts, CACHE_TTL)
    return counts


def _cache_key(*parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"projects:{parts[0]}:{portfolio_generation()}:{digest}"


def build_matrix(
    queryset, rows_axis: str, columns_axis: str, list_url: str, values: dict
) -> Matrix:
    """The matrix for the filtered projects; each cell links to the list filtered to it.

    The drill-down URLs are the list's URL with the filter `values` plus the row's and the
    column's filters: the query-string parts are encoded once per row and column, not per cell.
    """
    counts = matrix_counts(queryset, rows_axis, columns_axis)
    ref = reference()
    row_members = ref[rows_axis]
    column_members = ref[columns_axis]
    row_key, column_key = AXES[rows_axis][2], AXES[columns_axis][2]
    base = {k: v for k, v in values.items() if k not in (row_key, column_key)}
    prefix = f"{list_url}?{urlencode(base)}&" if base else f"{list_url}?"

    def tally(key) -> Tally | None:
        found = counts.get(key)
        return Tally(found[0], found[1]) if found else None

    columns = sorted(
        (
            (column_members[c], tally((COLUMN, None, c)))
            for kind, _r, c in counts
            if kind == COLUMN and c in column_members
        ),
        key=lambda item: item[0].order,
    )
    column_parts = [urlencode({column_key: member.key}) for member, _t in columns]
    rows = []
    for member in sorted(
        (row_members[r] for kind, r, _c in counts if kind == ROW and r in row_members),
        key=lambda m: m.order,
    ):
        row_part = urlencode({row_key: member.key})
        row = MatrixRow(member=member, total=tally((ROW, member.id, None)))
        row.url = prefix + row_part
        for (column, _total), column_part in zip(columns, column_parts, strict=True):
            found = counts.get((CELL, member.id, column.id))
            if found:
                row.cells.append((Tally(found[0], found[1]), f"{prefix}{row_part}&{column_part}"))
            else:
                row.cells.append((None, ""))
        rows.append(row)
    total = tally((TOTAL, None, None)) or Tally()
    return Matrix(rows_axis, columns_axis, columns, rows, total)


# --- charts --------------------------------------------------------------------------------------

CHART_AXES = ("pillar", "theme", "region", "entity")


def distribution_counts(queryset) -> dict[str, list[tuple[str, int, Decimal]]]:
    """{axis: [(member id, count, budget)]} for the four chart axes, in one query."""
    arrays = [AXES[axis][1] for axis in CHART_AXES]
    sql, params = _inner_sql(queryset, *arrays)
    key = _cache_key("charts", sql, params)
    cached = cache.get(key)
    if cached is not None:
        return cached
    names = ", ".join(f"a{i}" for i in range(len(arrays)))
    parts = [
        f"SELECT '{axis}', v.v::text, count(*), coalesce(sum(p.budget), 0) "  # noqa: S608
        f"FROM p CROSS JOIN LATERAL unnest(p.a{i}) AS v(v) GROUP BY v.v"
        for i, axis in enumerate(CHART_AXES)
    ]
    statement = f"WITH p(id, budget, {names}) AS ({sql}) " + " UNION ALL ".join(parts)
    result: dict[str, list] = {axis: [] for axis in CHART_AXES}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for axis, value, n, budget in cursor.fetchall():
            result[axis].append((value, n, budget))
    cache.set(key, result, CACHE_TTL)
    return result


@dataclass
class Bar:
    label: str
    count: int
    budget: Decimal
    url: str
    count_width: float  # 0–100, share of the largest count
    budget_width: float
    y: int = 0


@dataclass
class Chart:
    axis: str
    title: str
    bars: list
    height: int = 0


BAR_HEIGHT = 26
CHART_TOP = 4


def build_charts(queryset, list_url, base_values: dict) -> list[Chart]:
    """One chart per axis, bars sorted by count (largest first), with drill-down URLs."""
    ref = reference()
    charts = []
    for axis, rows in distribution_counts(queryset).items():
        members = ref[axis]
        rows = [(members[v], n, b) for v, n, b in rows if v in members]
        rows.sort(key=lambda item: (-item[1], item[0].order))
        max_count = max((n for _m, n, _b in rows), default=0) or 1
        max_budget = max((b for _m, _n, b in rows), default=0) or 1
        bars = []
        for index, (member, n, budget) in enumerate(rows):
            query = {**base_values, AXES[axis][2]: member.key}
            bars.append(
                Bar(
                    label=member.label,
                    count=n,
                    budget=budget,
                    url=f"{list_url}?{urlencode(query)}",
                    count_width=round(100 * n / max_count, 2),
                    budget_width=round(float(100 * budget / max_budget), 2),
                    y=CHART_TOP + index * BAR_HEIGHT,
                )
            )
        charts.append(
            Chart(
                axis=axis,
                title=str(AXES[axis][0]),
                bars=bars,
                height=CHART_TOP * 2 + len(bars) * BAR_HEIGHT,
            )
        )
    return charts
