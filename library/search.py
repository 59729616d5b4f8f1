"""Full-text search of the library, with facets, for one viewer.

The query shape follows what was measured to be fast at library scale (STACK-NOTES.md):
- match on the big `search_vector` (`@@`, GIN), rank on the small `rank_vector` (`ts_rank_cd`);
- the total and every facet count come from ONE query over the same visible + matching set
  (a materialized CTE, then one GROUP BY per facet joined by UNION ALL). Facets are disjunctive:
  a facet's counts apply every other facet's selection but not its own, so ticking a second value
  of a facet shows what it would add;
- headlines (`ts_headline`) are computed only for the page shown.

Queries: `websearch_to_tsquery` (quotes for phrases, `or`, `-word`), and the last word also
matches as a prefix (`secur` finds "security") while the user is still typing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, Exists, F, FloatField, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexing import LANGUAGE_CONFIGS
from .models import Document, DocumentFile

PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 results deep; refine the search for more
MAX_QUERY_CHARS = 200
MAX_VALUES_PER_FILTER = 20
COUNT_CAP = 10_000
FACET_VALUES_SHOWN = 12
HEADLINE_TEXT_CHARS = 60_000

SORTS = ("relevance", "newest", "oldest")
FACETS = ("type", "theme", "pillar", "group", "organization", "country", "language", "year")

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-zA-Z0-9]{2,4})?$")
_YEAR = re.compile(r"^(19|20|21)\d\d$")
_PILLAR = re.compile(r"^[1-9]$")
_PREFIX_WORD = re.compile(r"(?:^|\s)([^\W_]{1,60})$")

_VALIDATORS = {
    "type": lambda v: v in Document.Type.values,
    "theme": _SLUG.match,
    "pillar": _PILLAR.match,
    "group": _SLUG.match,
    "organization": _SLUG.match,
    "country": _SLUG.match,
    "language": _LANGUAGE.match,
    "year": _YEAR.match,
}


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    @property
    def has_filters(self) -> bool:
        return any(self.filters.values())


def parse_params(data) -> SearchParams:
    """Read the search from a QueryDict (or a dict of lists); invalid values are dropped."""

    def getlist(key):
        if hasattr(data, "getlist"):
            return data.getlist(key)
        value = data.get(key, [])
        return value if isinstance(value, list) else [value]

    raw_q = "".join(ch for ch in str((getlist("q") or [""])[0]) if ch.isprintable() or ch.isspace())
    q = " ".join(raw_q.split())[:MAX_QUERY_CHARS]
    filters = {}
    for name in FACETS:
        values = []
        for value in getlist(name):
            value = str(value).strip()
            if value and _VALIDATORS[name](value) and value not in values:
                values.append(value)
        if values:
            filters[name] = values[:MAX_VALUES_PER_FILTER]
    sort = str((getlist("sort") or [""])[0])
    if sort not in SORTS:
        sort = "relevance" if q else "newest"
    if sort == "relevance" and not q:
        sort = "newest"
    try:
        page = max(1, min(MAX_PAGE, int(str((getlist("page") or ["1"])[0]))))
    except ValueError:
        page = 1
    return SearchParams(q=q, filters=filters, sort=sort, page=page)


# --- the text query ------------------------------------------------------------------------------


def _configs(params: SearchParams) -> list[str]:
    """English always, 'simple' for names and exact words, plus the selected languages'."""
    configs = ["english", "simple"]
    for code in params.filters.get("language", []):
        config = LANGUAGE_CONFIGS.get(code.split("-")[0])
        if config and config not in configs:
            configs.append(config)
    return configs


def tsquery_sql(params: SearchParams) -> tuple[str, list]:
    """SQL for the tsquery of `params.q` (non-empty), and its parameters."""
    q = params.q
    prefix = None
    # The last word is still being typed: match it as a prefix too, unless it ends a phrase,
    # is negated or is the `or` operator.
    if q.count('"') % 2 == 0 and not q.endswith('"'):
        found = _PREFIX_WORD.search(q)
        if found and found.group(1).lower() != "or":
            prefix = found.group(1)
            rest = q[: found.start(1)]
    branches, sql_params = [], []
    for config in _configs(params):
        if prefix:
            branches.append(f"(websearch_to_tsquery('{config}', %s) && to_tsquery('{config}', %s))")
            sql_params += [rest, f"{prefix}:*"]
        else:
            branches.append(f"websearch_to_tsquery('{config}', %s)")
            sql_params.append(q)
    return "(" + " || ".join(branches) + ")", sql_params


# --- filters -------------------------------------------------------------------------------------


def _filter_conditions(filters: dict[str, list[str]]) -> dict[str, Q]:
    """One condition per selected facet (each an EXISTS or a column test: no duplicate rows)."""
    through = {
        "theme": (Document.themes.through, "theme__slug__in"),
        "pillar": (Document.pillars.through, "pillar__number__in"),
        "group": (Document.working_groups.through, "workinggroup__slug__in"),
        "organization": (Document.author_organizations.through, "organization__slug__in"),
        "country": (Document.countries.through, "organization__slug__in"),
    }
    conditions = {}
    for name, values in filters.items():
        if not values:
            continue
        if name == "type":
            conditions[name] = Q(doc_type__in=values)
        elif name == "language":
            conditions[name] = Q(languages__overlap=values)
        elif name == "year":
            conditions[name] = Q(publication_date__year__in=[int(v) for v in values])
        else:
            model, lookup = through[name]
            conditions[name] = Q(
                Exists(model.objects.filter(document_id=OuterRef("pk"), **{lookup: values}))
            )
    return conditions


def _text_match(params: SearchParams) -> RawSQL:
    """`search_vector @@ tsquery`: the GIN-indexed test (tsquery_sql's SQL is constant)."""
    sql, sql_params = tsquery_sql(params)
    return RawSQL(f'"library_document"."search_vector" @@ {sql}', sql_params, BooleanField())  # noqa: S611


def matching_documents(user, params: SearchParams):
    """The visible documents matching the text query and every filter (unordered)."""
    queryset = Document.objects.visible_to(user)
    if params.q:
        queryset = queryset.filter(_text_match(params))
    for condition in _filter_conditions(params.filters).values():
        queryset = queryset.filter(condition)
    return queryset


# --- facets --------------------------------------------------------------------------------------


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False

    @property
    def count_display(self) -> str:
        return display_count(self.count)


@dataclass
class Facet:
    name: str
    values: list[FacetValue]
    more: int = 0  # values not shown


def display_count(count: int) -> str:
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def _facet_sql(base_sql: str, selected: set[str]) -> str:
    themes = Document.themes.through._meta.db_table
    pillars = Document.pillars.through._meta.db_table
    groups = Document.working_groups.through._meta.db_table
    authors = Document.author_organizations.through._meta.db_table
    countries = Document.countries.through._meta.db_table

    def where(own: str | None) -> str:
        flags = [f"m.f_{name}" for name in sorted(selected) if name != own]
        return " AND ".join(flags) if flags else "TRUE"

    # Only table names, flag names and the compiled base query are interpolated (S608).
    return f"""
WITH m AS MATERIALIZED ({base_sql})
SELECT 'total', '', '', 0, count(*) FROM m WHERE {where(None)}
UNION ALL
SELECT 'type', m.doc_type, '', 0, count(*) FROM m WHERE {where("type")} GROUP BY m.doc_type
UNION ALL
SELECT 'theme', t.slug, t.name, 0, c.n FROM (
    SELECT x.theme_id AS ref, count(*) AS n FROM m JOIN {themes} x ON x.document_id = m.id
    WHERE {where("theme")} GROUP BY x.theme_id) c JOIN entities_theme t ON t.id = c.ref
UNION ALL
SELECT 'pillar', p.number::text, p.numeral, p.number, c.n FROM (
    SELECT x.pillar_id AS ref, count(*) AS n FROM m JOIN {pillars} x ON x.document_id = m.id
    WHERE {where("pillar")} GROUP BY x.pillar_id) c JOIN entities_pillar p ON p.id = c.ref
UNION ALL
SELECT 'group', g.slug, coalesce(nullif(g.short_name, ''), g.name), coalesce(g.number, 0), c.n
    FROM (SELECT x.workinggroup_id AS ref, count(*) AS n FROM m
          JOIN {groups} x ON x.document_id = m.id
          WHERE {where("group")} GROUP BY x.workinggroup_id) c
    JOIN workinggroups_workinggroup g ON g.id = c.ref
UNION ALL
SELECT 'organization', o.slug, coalesce(nullif(o.acronym, ''), o.name), 0, c.n FROM (
    SELECT x.organization_id AS ref, count(*) AS n FROM m JOIN {authors} x ON x.document_id = m.id
    WHERE {where("organization")} GROUP BY x.organization_id) c
    JOIN entities_organization o ON o.id = c.ref
UNION ALL
SELECT 'country', o.slug, o.name, 0, c.n FROM (
    SELECT x.organization_id AS ref, count(*) AS n FROM m JOIN {countries} x ON x.document_id = m.id
    WHERE {where("country")} GROUP BY x.organization_id) c
    JOIN entities_organization o ON o.id = c.ref
UNION ALL
SELECT 'language', lang, '', 0, count(*) FROM m CROSS JOIN LATERAL unnest(m.languages) AS lang
    WHERE {where("language")} GROUP BY lang
UNION ALL
SELECT 'year', extract(year FROM m.publication_date)::int::text, '', 0, count(*) FROM m
    WHERE m.publication_date IS NOT NULL AND {where("year")}
    GROUP BY extract(year FROM m.publication_date)
"""  # noqa: S608


def _facet_base(user, params: SearchParams):
    """The visible + text-matching set, with one boolean column per selected filter."""
    queryset = Document.objects.visible_to(user)
    if params.q:
        queryset = queryset.filter(_text_match(params))
    conditions = _filter_conditions(params.filters)
    annotations = {f"f_{name}": _as_boolean(condition) for name, condition in conditions.items()}
    queryset = queryset.annotate(**annotations).values(
        "id", "doc_type", "languages", "publication_date", *annotations
    )
    return queryset, set(conditions)


def _as_boolean(condition: Q):
    from django.db.models import ExpressionWrapper

    return ExpressionWrapper(condition, output_field=BooleanField())


def facet_counts(user, params: SearchParams) -> tuple[int, dict[str, list[tuple]]]:
    """(total matching every filter, {facet: [(key, label, number, count), ...]}) in one query."""
    queryset, selected = _facet_base(user, params)
    if queryset.query.is_empty():
        return 0, {}
    base_sql, base_params = queryset.query.get_compiler(using=queryset.db).as_sql()
    sql = _facet_sql(base_sql, selected)
    total, facets = 0, {name: [] for name in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, base_params)
        for facet, key, label, number, count in cursor.fetchall():
            if facet == "total":
                total = count
            else:
                facets[facet].append((key, label, number, count))
    return total, facets


# --- the search ----------------------------------------------------------------------------------


@dataclass
class Result:
    document: Document
    snippet: str = ""


@dataclass
class SearchResults:
    params: SearchParams
    total: int
    page_obj: object
    results: list[Result]
    facets: list[Facet]

    @property
    def total_display(self) -> str:
        return display_count(self.total)


def search(user, params: SearchParams, *, facet_labels=None) -> SearchResults:
    """The page of results, the total and the facets for `user`: three queries (and a SET)."""
    with transaction.atomic():
        if params.q:
            # The planner underrates decompressing TOASTed vectors and picks a sequential scan
            # for common terms; keep these queries on the GIN bitmap path (STACK-NOTES.md).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        return _search(user, params, facet_labels)


def _search(user, params: SearchParams, facet_labels) -> SearchResults:
    total, raw_facets = facet_counts(user, params)
    queryset = matching_documents(user, params).only(
        "id",
        "title",
        "summary",
        "doc_type",
        "publication_date",
        "languages",
        "created_at",
        "status",
        "visibility",
    )
    if params.q and params.sort == "relevance":
        sql, sql_params = tsquery_sql(params)
        queryset = queryset.annotate(
            rank=RawSQL(  # noqa: S611 — tsquery_sql's SQL is constant; the words are parameters
                f'ts_rank_cd("library_document"."rank_vector", {sql})', sql_params, FloatField()
            )
        ).order_by("-rank", F("publication_date").desc(nulls_last=True), "-id")
    elif params.sort == "oldest":
        queryset = queryset.order_by(F("publication_date").asc(nulls_last=True), "id")
    else:
        queryset = queryset.order_by(F("publication_date").desc(nulls_last=True), "-id")

    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = min(total, MAX_PAGE * PAGE_SIZE)  # known already: no COUNT query
    page_obj = paginator.get_page(params.page)
    documents = list(page_obj.object_list) if total else []
    snippets = headlines(params, [d.pk for d in documents]) if params.q and documents else {}
    results = [Result(document=d, snippet=snippets.get(d.pk, "")) for d in documents]
    page_obj.object_list = results
    return SearchResults(
        params=params,
        total=total,
        page_obj=page_obj,
        results=results,
        facets=build_facets(params, raw_facets, facet_labels or {}),
    )


def headlines(params: SearchParams, document_ids: list[int]) -> dict[int, str]:
    """Highlighted snippets for the shown documents only: escaped text with <mark> around hits."""
    start, stop = f"QXS{secrets.token_hex(6)}", f"QXE{secrets.token_hex(6)}"
    options = (
        f"StartSel={start}, StopSel={stop}, MaxWords=35, MinWords=15, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    sql, sql_params = tsquery_sql(params)
    files = DocumentFile._meta.db_table
    query = f"""
        SELECT d.id, ts_headline('english',
            concat_ws(E'\\n', d.summary, left((
                SELECT string_agg(f.extracted_text, E'\\n' ORDER BY f.id) FROM {files} f
                WHERE f.document_id = d.id AND f.is_current AND f.extraction = 'done'
            ), %s)),
            {sql}, %s)
        FROM {Document._meta.db_table} d WHERE d.id = ANY(%s)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, [HEADLINE_TEXT_CHARS, *sql_params, options, document_ids])
        rows = cursor.fetchall()
    return {pk: render_headline(text or "", start, stop) for pk, text in rows}


def render_headline(text: str, start: str, stop: str) -> str:
    """Escape everything, then turn only our own sentinels into <mark> tags."""
    if start not in text:
        return ""  # no hit in the text (the match was in the title or metadata)
    escaped = escape(" ".join(text.split()))
    return mark_safe(escaped.replace(start, "<mark>").replace(stop, "</mark>"))  # noqa: S308


def build_facets(params, raw: dict[str, list[tuple]], labels: dict[str, dict]) -> list[Facet]:
    """Facets in display order; values by count, selected ones always shown."""
    facets = []
    for name in FACETS:
        selected = set(params.filters.get(name, []))
        values = []
        for key, label, number, count in raw.get(name, []):
            label = _label(name, key, label, number, labels)
            values.append(FacetValue(key=key, label=label, count=count, selected=key in selected))
        if name == "year":
            values.sort(key=lambda v: v.key, reverse=True)
        elif name == "pillar":
            values.sort(key=lambda v: int(v.key))
        else:
            values.sort(key=lambda v: (-v.count, v.label.lower()))
        present = {v.key for v in values}
        for key in params.filters.get(name, []):
            if key not in present:  # selected but nothing left: still shown, to untick
                values.insert(0, FacetValue(key, _label(name, key, "", 0, labels), 0, True))
        shown = [v for i, v in enumerate(values) if i < FACET_VALUES_SHOWN or v.selected]
        if shown:
            facets.append(Facet(name=name, values=shown, more=len(values) - len(shown)))
    return facets


def _label(name, key, label, number, labels) -> str:
    from django.utils.translation import gettext

    if name == "type":
        return str(dict(Document.Type.choices).get(key, key))
    if name == "pillar":
        return gettext("Pillar %(numeral)s") % {"numeral": label or key}
    if name == "group" and number:
        return gettext("WG %(number)s: %(name)s") % {"number": number, "name": label}
    if name == "language":
        from .forms import language_name

        return language_name(key)
    return label or key
