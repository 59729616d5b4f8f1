"""CSV and XLSX exports of the filtered (and therefore permission-aware) lists."""

from __future__ import annotations

from django.utils.translation import gettext as _

from entities.exports import table_response

FORMATS = ("csv", "xlsx")
EXPORT_MAX_ROWS = 50_000


def _labels(choices) -> dict:
    """Display labels translated once per export, not once per row."""
    return {value: str(label) for value, label in choices}


def assessment_rows(queryset):
    from .models import Assessment

    types = _labels(Assessment.Type.choices)
    statuses = _labels(Assessment.Status.choices)
    yield [
        _("Member State"),
        _("ISO3"),
        _("Type"),
        _("From"),
        _("To"),
        _("Status"),
        _("Recommendations"),
        _("Open recommendations"),
        _("Summary"),
    ]
    for a in queryset[:EXPORT_MAX_ROWS]:
        yield [
            a.state.name,
            a.state.iso3,
            types.get(a.assessment_type, a.assessment_type),
            a.starts_on.isoformat(),
            a.ends_on.isoformat() if a.ends_on else "",
            statuses.get(a.status, a.status),
            a.recommendation_count,
            a.open_count,
            a.summary,
        ]


def recommendation_rows(queryset):
    from .models import Recommendation

    priorities = _labels(Recommendation.Priority.choices)
    statuses = _labels(Recommendation.Status.choices)
    yes, no = _("yes"), _("no")
    yield [
        _("Reference"),
        _("Member State"),
        _("Thematic area"),
        _("Priority"),
        _("Status"),
        _("Covered by a project"),
        _("Recommendation"),
    ]
    # Plain tuples rather than model instances: an export can hold thousands of rows.
    rows = queryset.values_list(
        "assessment__state__iso3",
        "assessment__starts_on",
        "number",
        "assessment__state__name",
        "theme__name",
        "priority",
        "status",
        "covered",
        "text",
    )
    for iso3, starts_on, number, state, theme, priority, status, covered, text in rows[
        :EXPORT_MAX_ROWS
    ].iterator(chunk_size=2000):
        yield [
            f"{iso3}-{starts_on.year}-{number:02d}",
            state,
            theme,
            priorities.get(priority, priority),
            statuses.get(status, status),
            yes if covered else no,
            text,
        ]


def export(rows, kind: str, name: str):
    """The rows (the first one the headers) as a CSV or XLSX download."""
    rows = iter(rows)
    return table_response(name, next(rows), rows, kind, sheet=name, typed=True, stream=False)
