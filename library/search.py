"""Full-text search of the library, with facets, for one viewer.

The query shape follows what was measured to be fast at library scale (STACK-NOTES.md):
- the tsquery is built once (one small query) and then passed as a constant `%s::tsquery`;
- match on the big `search_vector` (`@@`, GIN bitmap path), rank on the small `rank_vector`;
- the total and every facet count come from ONE scan of the visible + matching set (a
  materialized CTE), counting the denormalised facet keys (`theme_ids`, ... kept by
  `indexing.update_search_vectors`) with `unnest`, one GROUP BY per facet joined by UNION ALL —
  no join on the many-to-many tables. Facets are disjunctive: a facet's counts apply every other
  facet's selection but not its own, so ticking a second value of a facet shows what it would add;
- exact counts for big sets (the browse page, very common words) are cached in Redis per viewer
  audience and search, under a version bumped whenever a document is saved or reindexed;
- the browse page (no words, no filters) does not count the whole library: the slices every
  viewer shares (published for all; for Compact entities) are stored in `FacetSummary`, valid
  while a trigger-kept change counter has not moved, and only the viewer's own remainder is
  counted live (`browse_counts`);
- when counts are computed live, the same statement also orders the matches and returns the
  page's ids, so the matching set is found once per search;
- headlines (`ts_headline`) are computed only for the page shown.

Queries: `websearch_to_tsquery` (quotes for phrases, `or`, `-word`), and the last word (3+
characters) also matches as a prefix (`secur` finds "security") while the user is still typing.
Languages (issue 12): the words go through every UN language's configuration at once (english,
french, spanish, russian, arabic, and 'simple' for exact words), joined with `|`, so "financement"
finds French documents stemmed ("financements") while "financing" finds English ones; a language
filter adds that language's configuration. CJK words are rewritten as character bigrams, as they
are indexed (library/indexing.py), each run as a phrase of its bigrams.
A hyphenated word (`counter-terrorism`) matches its compound lexeme or its parts as a phrase
(`'counter-terror' | 'counter' <-> 'terror'`), so most matches need no position check.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexing import (
    BIGRAM_LANGUAGES,
    CJK_RUN,
    LANGUAGE_CONFIGS,
    SEARCH_CONFIGS,
    base_language,
    bigrams,
    cjk_bigrams,
    cjk_runs,
    has_cjk,
)
from .models import Document, DocumentFile

logger = logging.getLogger(__name__)

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
_PREFIX_WORD = re.compile(r"(?:^|\s)([^\W_]{3,60})$")
_TSQUERY_TOKEN = re.compile(r"'(?:[^']|'')*'(?::[*A-D]+)?|<->|<\d+>|[&|!()]")

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
    """The UN languages' configurations and 'simple' (names, exact words) always, plus the
    selected languages'. Most words give the same tsquery in several of them (an English word
    through french is itself): `_keep_tsquery` keeps each distinct one once."""
    configs = list(SEARCH_CONFIGS)
    for code in params.filters.get("language", []):
        config = LANGUAGE_CONFIGS.get(base_language(code))
        if config and config not in configs:
            configs.append(config)
    return configs


def cjk_query_text(q: str) -> str:
    """The query with its CJK runs as bigrams, as they are indexed: outside quotes, a run of
    three or more characters becomes a quoted phrase of its bigrams ("恐怖主义" → "恐怖 怖主 主义"),
    so the characters must be in that order; inside the user's quotes the phrase already is one."""
    parts = q.split('"')
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # inside quotes
            out.append(cjk_bigrams(part))
            continue

        def phrase(found, part=part):
            run = found.group(0)
            pairs = bigrams(run)
            text = pairs[0] if len(pairs) == 1 else '"' + " ".join(pairs) + '"'
            before = part[found.start() - 1] if found.start() else ""
            return text if before in ("", " ", "-") else f" {text}"

        out.append(CJK_RUN.sub(phrase, part))
    return '"'.join(out)


def tsquery_sql(params: SearchParams) -> tuple[str, list]:
    """SQL for the tsquery of `params.q` (non-empty), and its parameters."""
    branches, sql_params = _tsquery_branches(params)
    return "(" + " || ".join(branches) + ")", sql_params


def _tsquery_branches(params: SearchParams) -> tuple[list[str], list]:
    """One tsquery SQL expression per text search configuration, and their parameters."""
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
    if has_cjk(q):
        # Chinese and Japanese: the bigram form ('simple', as indexed). A last word being typed
        # in Latin letters is still a prefix; a CJK one is matched by its bigrams.
        if prefix and not has_cjk(prefix):
            branches.append("(websearch_to_tsquery('simple', %s) && to_tsquery('simple', %s))")
            sql_params += [cjk_query_text(rest), f"{prefix}:*"]
        else:
            branches.append("websearch_to_tsquery('simple', %s)")
            sql_params.append(cjk_query_text(q))
    return branches, sql_params


def _branches_array_sql(params: SearchParams) -> tuple[str, list]:
    branches, sql_params = _tsquery_branches(params)
    return "ARRAY[" + ", ".join(f"({b})::text" for b in branches) + "]", sql_params


def compile_tsquery(params: SearchParams) -> str:
    """The tsquery of `params.q` as text ('' when nothing is left to search, e.g. stop words).

    Built once per search with one small query, then passed to every later query as a constant
    `%s::tsquery` parameter (PostgreSQL re-reads the text form exactly).
    """
    if not params.q:
        return ""
    cached = getattr(params, "_tsquery", None)
    if cached is not None:
        return cached
    sql, sql_params = _branches_array_sql(params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", sql_params)  # noqa: S608 — constant SQL
        return _keep_tsquery(params, cursor.fetchone()[0])


def _keep_tsquery(params: SearchParams, branches: list[str] | None) -> str:
    """Join the configurations' tsqueries with `|`, each once (for a prefix or a name, English
    and 'simple' often give the same query, and every operand costs when ranking)."""
    kept = []
    for text in branches or []:
        text = (text or "").strip()
        if text and '"' not in params.q:
            text = rewrite_hyphenated(text)
        if text and text not in kept:
            kept.append(text)
    joined = kept[0] if len(kept) == 1 else " | ".join(f"( {text} )" for text in kept)
    params._tsquery = joined
    return joined


def rewrite_hyphenated(tsquery: str) -> str:
    """`'counter-terror' <-> 'counter' <-> 'terror'` → `( 'counter-terror' | 'counter' <-> ... )`.

    PostgreSQL indexes a hyphenated word as the compound and its parts, and a query for it becomes
    a phrase of all three, which the GIN index cannot decide: every candidate's big vector is
    decompressed to check positions. The compound lexeme alone is decided by the index; the
    parts' phrase still finds the words written apart ("counter terrorism"). Only a phrase that
    stands alone is rewritten (callers skip queries with quoted phrases).
    """
    tokens = _TSQUERY_TOKEN.findall(tsquery)
    if not tokens or "".join(tokens).replace(" ", "") != tsquery.replace(" ", ""):
        return tsquery  # empty, or a form this does not know: leave it as PostgreSQL wrote it

    def is_lexeme(token):
        return token.startswith("'")

    def is_phrase_op(token):
        return token.startswith("<")

    out, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        if (
            is_lexeme(token)
            and "-" in token
            and not token.endswith("*")
            and (i == 0 or not is_phrase_op(tokens[i - 1]))
            and i + 2 < len(tokens)
            and is_phrase_op(tokens[i + 1])
            and is_lexeme(tokens[i + 2])
        ):
            j = i + 1
            while j + 1 < len(tokens) and is_phrase_op(tokens[j]) and is_lexeme(tokens[j + 1]):
                j += 2
            parts_count = (j - i) // 2
            standalone = j >= len(tokens) or not is_phrase_op(tokens[j])
            if standalone and parts_count <= token.count("-") + 1:
                out.append(token)
                i = j
                continue
        out.append(token)
        i += 1
    return " ".join(out)


# --- filters -------------------------------------------------------------------------------------

# facet → (array column of Document, model table, model column the URL names the value by)
_ARRAY_FACETS = {
    "theme": ("theme_ids", "entities_theme", "slug"),
    "pillar": ("pillar_ids", "entities_pillar", "number"),
    "group": ("group_ids", "workinggroups_workinggroup", "slug"),
    "organization": ("author_ids", "entities_organization", "slug"),
    "country": ("country_ids", "entities_organization", "slug"),
}


def _filter_conditions(filters: dict[str, list[str]]) -> dict[str, Q]:
    """One condition per selected facet, each a test on the document's own row (no joins)."""
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
            column, table, key = _ARRAY_FACETS[name]
            cast = "::int[]" if key == "number" else "::text[]"
            sql = f'"library_document"."{column}" && ARRAY(SELECT id::int FROM {table} WHERE {key} = ANY(%s{cast}))'  # noqa: E501, S608
            if key == "number":
                values = [int(v) for v in values]
            conditions[name] = Q(RawSQL(sql, [values], BooleanField()))  # noqa: S611 — constant
    return conditions


def _text_match(params: SearchParams) -> RawSQL:
    """`search_vector @@ tsquery`, answered by the GIN index alone.

    Written as `ctid = ANY(ARRAY(SELECT ctid ... OFFSET 0))` so the planner cannot move the test
    into a row filter: when a word matches nearly everything (a common word, a short prefix), it
    otherwise prefers the visibility index and tests `@@` row by row, decompressing every big
    TOASTed vector (5-10× slower). The sub-select is planned on its own (a GIN bitmap, exact for
    plain words and prefixes) and the outer query fetches its rows directly (a TID scan: no
    index probes). Both run in the statement's one snapshot, so the row addresses are stable.
    """
    return RawSQL(
        '"library_document"."ctid" = ANY(ARRAY(SELECT h.ctid FROM library_document h '
        "WHERE h.search_vector @@ %s::tsquery OFFSET 0))",
        [compile_tsquery(params)],
        BooleanField(),
    )


def _base(user, params: SearchParams):
    queryset = Document.objects.visible_to(user)
    if params.q:
        if not compile_tsquery(params):
            return queryset.none()  # only stop words or operators: nothing to search for
        queryset = queryset.filter(_text_match(params))
    return queryset


def matching_documents(user, params: SearchParams):
    """The visible documents matching the text query and every filter (unordered)."""
    queryset = _base(user, params)
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
    """Every facet's counts from ONE pass over the matching rows.

    One aggregation with a grouping set per facet counts the matching rows by type, year and by
    each facet array as a whole (no per-row unnest); each facet's count applies every selected
    filter but its own (`count(*) FILTER`). The few thousand aggregated arrays are then unnested
    and summed per value, and labelled from the small reference tables.
    """

    def where(own: str | None) -> str:
        flags = [f"z.f_{name}" for name in sorted(selected) if name != own]
        return " AND ".join(flags) if flags else "TRUE"

    def count(own: str | None) -> str:
        # Identical aggregate calls are computed once: plain count(*) when nothing filters it.
        condition = where(own)
        return "count(*)" if condition == "TRUE" else f"count(*) FILTER (WHERE {condition})"

    # Only column names, flag names and the compiled base query are interpolated (S608).
    # Five grouping sets, not eight: type, year and languages share one (few combinations), as
    # do pillars and groups; each row is hashed once per set, which is most of the cost.
    return f"""
WITH z AS ({base_sql}),
agg AS MATERIALIZED (
    SELECT
        GROUPING(doc_type) = 0 AS is_ty, GROUPING(theme_ids) = 0 AS is_th,
        GROUPING(pillar_ids) = 0 AS is_pi, GROUPING(author_ids) = 0 AS is_au,
        GROUPING(country_ids) = 0 AS is_co,
        doc_type, year, theme_ids, pillar_ids, group_ids, author_ids, country_ids, languages,
        {count(None)} AS n_all,
        {count("type")} AS n_ty,
        {count("year")} AS n_yr,
        {count("theme")} AS n_th,
        {count("pillar")} AS n_pi,
        {count("group")} AS n_gr,
        {count("organization")} AS n_au,
        {count("country")} AS n_co,
        {count("language")} AS n_la
    FROM z
    GROUP BY GROUPING SETS ((doc_type, year, languages), (theme_ids), (pillar_ids, group_ids),
                            (author_ids), (country_ids))
)
SELECT 'total', '', '', 0, coalesce(sum(n_all), 0)::bigint FROM agg WHERE is_ty
UNION ALL
SELECT 'type', doc_type, '', 0, sum(n_ty)::bigint FROM agg WHERE is_ty
    GROUP BY doc_type HAVING sum(n_ty) > 0
UNION ALL
SELECT 'theme', t.slug, t.name, 0, c.n FROM (
    SELECT ref, sum(n_th)::bigint AS n FROM agg CROSS JOIN LATERAL unnest(agg.theme_ids) AS ref
    WHERE is_th GROUP BY ref) c JOIN entities_theme t ON t.id = c.ref WHERE c.n > 0
UNION ALL
SELECT 'pillar', p.number::text, p.numeral, p.number, c.n FROM (
    SELECT ref, sum(n_pi)::bigint AS n FROM agg CROSS JOIN LATERAL unnest(agg.pillar_ids) AS ref
    WHERE is_pi GROUP BY ref) c JOIN entities_pillar p ON p.id = c.ref WHERE c.n > 0
UNION ALL
SELECT 'group', g.slug, coalesce(nullif(g.short_name, ''), g.name), coalesce(g.number, 0), c.n
    FROM (SELECT ref, sum(n_gr)::bigint AS n FROM agg
          CROSS JOIN LATERAL unnest(agg.group_ids) AS ref WHERE is_pi GROUP BY ref) c
    JOIN workinggroups_workinggroup g ON g.id = c.ref WHERE c.n > 0
UNION ALL
SELECT 'organization', o.slug, coalesce(nullif(o.acronym, ''), o.name), 0, c.n
    FROM (SELECT ref, sum(n_au)::bigint AS n FROM agg
          CROSS JOIN LATERAL unnest(agg.author_ids) AS ref WHERE is_au GROUP BY ref) c
    JOIN entities_organization o ON o.id = c.ref WHERE c.n > 0
UNION ALL
SELECT 'country', o.slug, o.name, 0, c.n
    FROM (SELECT ref, sum(n_co)::bigint AS n FROM agg
          CROSS JOIN LATERAL unnest(agg.country_ids) AS ref WHERE is_co GROUP BY ref) c
    JOIN entities_organization o ON o.id = c.ref WHERE c.n > 0
UNION ALL
SELECT 'language', ref, '', 0, sum(n_la)::bigint FROM agg
    CROSS JOIN LATERAL unnest(agg.languages) AS ref WHERE is_ty GROUP BY ref HAVING sum(n_la) > 0
UNION ALL
SELECT 'year', year::text, '', 0, sum(n_yr)::bigint FROM agg
    WHERE is_ty AND year IS NOT NULL GROUP BY year HAVING sum(n_yr) > 0
"""  # noqa: S608


def _facet_base(user, params: SearchParams, *, page_columns=False):
    """The visible + text-matching set, with one boolean column per selected filter."""
    return _facet_base_of(_base(user, params), params, page_columns=page_columns)


def _facet_base_of(queryset, params: SearchParams, *, page_columns=False):
    from django.db.models import ExpressionWrapper, IntegerField
    from django.db.models.functions import Cast, ExtractYear

    conditions = _filter_conditions(params.filters)
    annotations = {
        f"f_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    queryset = queryset.order_by().annotate(
        year=Cast(ExtractYear("publication_date"), IntegerField()), **annotations
    )
    queryset = queryset.values(
        "id",
        "doc_type",
        "languages",
        "year",
        *(column for column, _table, _key in _ARRAY_FACETS.values()),
        *annotations,
        *(("publication_date", "rank_vector") if page_columns else ()),
    )
    return queryset, set(conditions)


def facet_counts(user, params: SearchParams, *, key=False) -> tuple[int, dict[str, list[tuple]]]:
    """(total matching every filter, {facet: [(key, label, number, count), ...]}) in one query.

    Exact, always. Counts for a big matching set are cached (see `_cache_key`); the browse page
    (no words, no filters) adds stored slices to a small live remainder (see `browse_counts`).
    """
    total, facets, _page_ids = _counts_and_page(user, params, key=key)
    return total, facets


def _counts_and_page(user, params: SearchParams, *, key=False, page: int | None = None):
    """(total, facets, page ids or None). When the counts must be computed live and `page` is
    given, the same query also orders the matches and returns that page's ids: the matching set
    is then found (text match, visibility) once, not twice."""
    if key is False:
        key = _cache_key(user, params)  # first: it compiles the tsquery in the same query
    browsing = not params.q and not params.has_filters
    queryset, selected = _facet_base(user, params, page_columns=page is not None)
    if queryset.query.is_empty():
        return 0, {}, None
    if key is not None:
        cached = _cache_get(key)
        if cached is not None:
            return (*cached, None)
    page_ids = None
    if browsing:
        total, facets, scanned = browse_counts(user)
    else:
        order = _page_order_sql(params, selected, page) if page is not None else None
        total, facets, scanned, _number, page_ids = _count(queryset, selected, page=order)
    if key is not None and max(total, scanned) >= CACHE_FACETS_FROM:
        _cache_set(key, (total, facets))
    return total, facets, page_ids


def _page_order_sql(params: SearchParams, selected: set[str], page: int) -> tuple[str, list]:
    """A page of the matching set (every filter applied), ordered as `_search` orders it."""
    flags = " AND ".join(f"z.f_{name}" for name in sorted(selected)) or "TRUE"
    order_params = []
    if params.q and params.sort == "relevance":
        order = (
            "ts_rank(z.rank_vector, %s::tsquery) DESC, "
            "z.publication_date DESC NULLS LAST, z.id DESC"
        )
        order_params.append(compile_tsquery(params))
    elif params.sort == "oldest":
        order = "z.publication_date ASC NULLS LAST, z.id ASC"
    else:
        order = "z.publication_date DESC NULLS LAST, z.id DESC"
    sql = (
        "SELECT 'page', id::text, '', (row_number() OVER ())::int, 0 FROM "  # noqa: S608
        f"(SELECT z.id FROM z WHERE {flags} ORDER BY {order} LIMIT %s OFFSET %s) page_ids\n"
    )
    return sql, [*order_params, PAGE_SIZE, (page - 1) * PAGE_SIZE]


def _count(queryset, selected: set[str], *, with_change_number=False, page=None):
    """Run the facet query over `queryset` (from `_facet_base`):
    (total, facets, scanned, change number or None, page ids or None)."""
    base_sql, base_params = queryset.query.get_compiler(using=queryset.db).as_sql()
    sql = _facet_sql(base_sql, selected)
    base_params = list(base_params)
    if page is not None:
        sql += "UNION ALL\n" + page[0]
        base_params += page[1]
    if with_change_number:
        # Same statement, same snapshot: the counts are exactly those of this change number.
        sql += "UNION ALL\nSELECT 'change_number', '', '', 0, n FROM library_change_counter\n"
    total, facets, scanned, number = 0, {name: [] for name in FACETS}, 0, None
    ranked = [] if page is not None else None
    with connection.cursor() as cursor:
        cursor.execute(sql, base_params)
        for facet, key_value, label, number_value, count in cursor.fetchall():
            if facet == "total":
                total = count
            elif facet == "page":
                ranked.append((number_value, int(key_value)))
            elif facet == "change_number":
                number = count
            else:
                facets[facet].append((key_value, label, number_value, count))
                if facet == "type":
                    scanned += count  # the matching set before filters: what counting costs
    page_ids = [pk for _position, pk in sorted(ranked)] if ranked is not None else None
    return total, facets, scanned, number, page_ids


# --- the browse page: stored slices + a live remainder --------------------------------------------

_SLICES = {"all": Document.Visibility.ALL, "compact": Document.Visibility.COMPACT}


def browse_counts(user) -> tuple[int, dict[str, list[tuple]], int]:
    """The browse page's counts for `user`, without counting the whole library each time.

    What a viewer sees splits into disjoint parts: the published documents for every focal
    point ("all"), those for Compact entities ("compact", if the viewer is one), and a small
    remainder (documents shared with their groups or organization, their own, and for the
    Secretariat drafts and restricted ones). The first two do not depend on who asks, so their
    counts are stored (`FacetSummary`) and reused while the change counter — bumped by triggers
    on every write to the documents and the label tables — has not moved. The remainder is
    counted live, and the parts' counts are added up.
    """
    from .models import FacetSummary
    from .visibility import audience_of

    audience = audience_of(user)
    slices = ["all"]
    if audience.secretariat or audience.organization_kind == "compact_entity":
        slices.append("compact")
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM library_change_counter WHERE id = 1")
        current = cursor.fetchone()[0]
    stored = {
        summary.audience: summary
        for summary in FacetSummary.objects.filter(audience__in=slices, change_number=current)
    }
    parts = []
    for name in slices:
        summary = stored.get(name) or refresh_facet_summary(name)
        parts.append((summary.total, summary.rows))
    remainder = (
        Document.objects.visible_to(user)
        .exclude(status=Document.Status.PUBLISHED, visibility__in=[_SLICES[n] for n in slices])
        .order_by()
    )
    queryset, selected = _facet_base_of(remainder, SearchParams())
    total, facets, _scanned, _n, _ids = _count(queryset, selected)
    parts.append((total, [[f, *value] for f, values in facets.items() for value in values]))
    return _merge(parts)


def refresh_facet_summary(name: str):
    """Count one stored slice now and keep it (a newer count is never overwritten by an older)."""
    from .models import FacetSummary

    slice_set = Document.objects.filter(status=Document.Status.PUBLISHED, visibility=_SLICES[name])
    queryset, selected = _facet_base_of(slice_set.order_by(), SearchParams())
    total, facets, _scanned, number, _ids = _count(queryset, selected, with_change_number=True)
    rows = [[facet, *value] for facet, values in facets.items() for value in values]
    summary = FacetSummary(audience=name, change_number=number, total=total, rows=rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {FacetSummary._meta.db_table}
                    (audience, change_number, total, rows, computed_at)
                VALUES (%s, %s, %s, %s::jsonb, now())
                ON CONFLICT (audience) DO UPDATE SET change_number = EXCLUDED.change_number,
                    total = EXCLUDED.total, rows = EXCLUDED.rows, computed_at = now()
                WHERE {FacetSummary._meta.db_table}.change_number <= EXCLUDED.change_number""",  # noqa: S608
            [name, number, total, json.dumps(rows)],
        )
    return summary


def refresh_facet_summaries() -> None:
    """Recount the stored slices (after the library changed), so no visitor has to."""
    for name in _SLICES:
        refresh_facet_summary(name)


def _merge(parts) -> tuple[int, dict[str, list[tuple]], int]:
    total = 0
    merged: dict[tuple[str, str], list] = {}
    for part_total, rows in parts:
        total += part_total
        for facet, key_value, label, number, count in rows:
            entry = merged.setdefault((facet, key_value), [label, number, 0])
            entry[2] += count
    facets = {name: [] for name in FACETS}
    for (facet, key_value), (label, number, count) in merged.items():
        facets[facet].append((key_value, label, number, count))
    return total, facets, total


# --- the facet cache -----------------------------------------------------------------------------

CACHE_FACETS_FROM = 2_000  # matching documents: below this, counting is cheaper than caching
CACHE_SECONDS = 300
_VERSION_KEY = "library:search:version"


def bump_search_version() -> None:
    """Make every cached count stale: now, and again once the current transaction commits (so a
    search running meanwhile cannot cache what it read before the change under the new version)."""
    _incr_version()
    transaction.on_commit(_incr_version)


def _incr_version() -> None:
    from django.core.cache import cache

    try:
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:  # not set yet
            cache.add(_VERSION_KEY, 1, timeout=None)
            cache.incr(_VERSION_KEY)
    except Exception:  # noqa: BLE001 — the cache is an optimisation; never fail a save over it
        logger.warning("library search: could not bump the cache version", exc_info=True)


def _cache_key(user, params: SearchParams) -> str | None:
    """Per (audience, search) — the audience being what decides visibility, not the person:
    the Secretariat; or the organization, its kind and Working Groups, plus the user when they
    added documents (they always see their own)."""
    import hashlib

    from django.core.cache import cache

    from workinggroups.models import WorkingGroupMembership

    from .visibility import audience_of

    audience = audience_of(user)
    if audience.sees_nothing:
        return None
    try:
        version = cache.get(_VERSION_KEY) or 0
    except Exception:  # noqa: BLE001 — no cache: count every time
        return None
    if audience.secretariat:
        who = "secretariat"
    else:
        # One query for the audience facts, and the tsquery too while at it.
        memberships = WorkingGroupMembership._meta.db_table
        sql = (
            f"SELECT ARRAY(SELECT DISTINCT group_id FROM {memberships} "  # noqa: S608
            "WHERE organization_id = %s ORDER BY 1), "
            f"EXISTS(SELECT 1 FROM {Document._meta.db_table} WHERE created_by_id = %s)"
        )
        sql_params = [audience.organization_id, audience.user_id]
        compile_now = bool(params.q) and getattr(params, "_tsquery", None) is None
        if compile_now:
            text_sql, text_params = _branches_array_sql(params)
            sql += f", {text_sql}"
            sql_params += text_params
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            row = cursor.fetchone()
        groups, own = row[0], row[1]
        if compile_now:
            _keep_tsquery(params, row[2])
        who = (
            f"org:{audience.organization_id}:{audience.organization_kind}:"
            f"{','.join(map(str, groups))}:{audience.user_id if own else ''}"
        )
    what = repr((compile_tsquery(params), sorted(params.filters.items())))
    digest = hashlib.sha256(f"{who}|{what}".encode()).hexdigest()[:32]
    return f"library:facets:{version}:{digest}"


def _cache_get(key):
    from django.core.cache import cache

    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001
        return None


def _cache_set(key, value) -> None:
    from django.core.cache import cache

    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("library search: could not cache facet counts", exc_info=True)


# --- the search ----------------------------------------------------------------------------------


@dataclass
class Result:
    document: Document
    snippet: str = ""
    snippet_language: str = ""  # the language of the text the snippet comes from


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
    """The page of results, the total and the facets for `user`.

    Queries: a SET, the viewer's audience facts with the tsquery, the facet counts (skipped when
    cached), the page (by cached ids when big) and the page's headlines."""
    with transaction.atomic():
        if params.q:
            # The planner underrates decompressing TOASTed vectors and picks a sequential scan
            # for common terms; keep these queries on the GIN bitmap path (STACK-NOTES.md).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        return _search(user, params, facet_labels)


_RESULT_FIELDS = (
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


def _search(user, params: SearchParams, facet_labels) -> SearchResults:
    key = _cache_key(user, params)
    total, raw_facets, page_ids = _counts_and_page(user, params, key=key, page=params.page)
    queryset = matching_documents(user, params).only(*_RESULT_FIELDS)
    if params.q and params.sort == "relevance":
        queryset = queryset.annotate(
            rank=RawSQL(
                'ts_rank("library_document"."rank_vector", %s::tsquery)',
                [compile_tsquery(params)],
                FloatField(),
            )
        ).order_by("-rank", F("publication_date").desc(nulls_last=True), "-id")
    elif params.sort == "oldest":
        queryset = queryset.order_by(F("publication_date").asc(nulls_last=True), "id")
    else:
        queryset = queryset.order_by(F("publication_date").desc(nulls_last=True), "-id")

    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = min(total, MAX_PAGE * PAGE_SIZE)  # known already: no COUNT query
    page_obj = paginator.get_page(params.page)
    if page_ids is not None and page_obj.number == params.page:
        documents = _documents_in_order(user, page_ids)
        if key is not None and total >= CACHE_FACETS_FROM:
            _cache_set(f"{key}:{params.sort}:{page_obj.number}", page_ids)
    else:
        documents = _page_documents(user, page_obj, total, key, params)
    snippets = headlines(params, documents) if params.q and documents else {}
    results = [Result(d, *snippets.get(d.pk, ("", ""))) for d in documents]
    page_obj.object_list = results
    return SearchResults(
        params=params,
        total=total,
        page_obj=page_obj,
        results=results,
        facets=build_facets(params, raw_facets, facet_labels or {}),
    )


def _page_documents(user, page_obj, total: int, key: str | None, params: SearchParams) -> list:
    """The page's documents. For a big matching set, the page's ids in order are cached with the
    counts (same key, same version): ordering thousands of matches is the costly part. The rows
    are still read through `visible_to`, so the cache can only ever narrow what is shown."""
    if not total:
        return []
    if key is None or total < CACHE_FACETS_FROM:
        return list(page_obj.object_list)
    page_key = f"{key}:{params.sort}:{page_obj.number}"
    ids = _cache_get(page_key)
    if ids is None:
        documents = list(page_obj.object_list)
        _cache_set(page_key, [document.pk for document in documents])
        return documents
    return _documents_in_order(user, ids)


def _documents_in_order(user, ids: list[int]) -> list:
    """The documents of `ids`, in that order — read through `visible_to` all the same."""
    if not ids:
        return []
    rows = Document.objects.visible_to(user).filter(pk__in=ids).only(*_RESULT_FIELDS)
    by_id = {document.pk: document for document in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def headlines(params: SearchParams, documents: list) -> dict[int, tuple[str, str]]:
    """Highlighted snippets for the shown documents only: {id: (escaped text with <mark> around
    hits, the language of the text it comes from)}.

    The summary is read with the configuration of the document's own language, each file with
    its language's, so a French file's "financements" is marked for "financement"; the first
    part with a hit is shown. Chinese and Japanese text is matched in Python on the query's CJK
    characters (PostgreSQL's headline would not see bigrams)."""
    from .indexing import _language_config_sql

    if not documents:
        return {}
    start, stop = f"QXS{secrets.token_hex(6)}", f"QXE{secrets.token_hex(6)}"
    options = (
        f"StartSel={start}, StopSel={stop}, MaxWords=35, MinWords=15, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    ids = [d.pk for d in documents]
    summary_configs = [
        LANGUAGE_CONFIGS.get(d.content_language, "simple") if d.content_language else "english"
        for d in documents
    ]
    files = DocumentFile._meta.db_table
    bigram_codes = list(BIGRAM_LANGUAGES)
    query = f"""
        SELECT c.id, 0, c.config, ts_headline(c.config::regconfig, d.summary, %(q)s::tsquery,
                                              %(options)s)
        FROM unnest(%(ids)s::int[], %(configs)s::text[]) AS c(id, config)
        JOIN {Document._meta.db_table} d ON d.id = c.id
        WHERE d.summary <> ''
        UNION ALL
        SELECT f.document_id, f.id, f.language,
            CASE WHEN split_part(lower(f.language), '-', 1) = ANY(%(bigram_codes)s)
                 THEN left(f.extracted_text, %(chars)s)
                 ELSE ts_headline({_language_config_sql("f.language")}::regconfig,
                                  left(f.extracted_text, %(chars)s), %(q)s::tsquery, %(options)s)
            END
        FROM {files} f
        WHERE f.document_id = ANY(%(ids)s) AND f.is_current AND f.extraction = 'done'
        ORDER BY 1, 2
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            query,
            {
                "q": compile_tsquery(params),
                "options": options,
                "ids": ids,
                "configs": summary_configs,
                "bigram_codes": bigram_codes,
                "chars": HEADLINE_TEXT_CHARS,
            },
        )
        rows = cursor.fetchall()
    by_document = {d.pk: d for d in documents}
    runs = [run for run in cjk_runs(params.q) if run]
    snippets: dict[int, tuple[str, str]] = {}
    for pk, part, language, text in rows:
        if pk in snippets:
            continue
        document = by_document[pk]
        if part == 0:
            language, text = document.content_language, text or ""
            html = render_headline(text, start, stop)
            if not html and runs and has_cjk(document.summary):
                html = cjk_snippet(document.summary, runs)
        elif base_language(language) in BIGRAM_LANGUAGES:
            html = cjk_snippet(text or "", runs) if runs else ""
        else:
            html = render_headline(text or "", start, stop)
        if html:
            snippets[pk] = (html, base_language(language))
    return snippets


def cjk_snippet(text: str, runs: list[str], before: int = 30, after: int = 70) -> str:
    """A window of `text` around the first of the query's CJK runs it contains (else the first
    of their bigrams), escaped, with the hit in <mark>."""
    candidates = sorted(runs, key=len, reverse=True) + [b for run in runs for b in bigrams(run)]
    for candidate in candidates:
        found = text.find(candidate)
        if found >= 0:
            head = text[max(0, found - before) : found]
            tail = text[found + len(candidate) : found + len(candidate) + after]
            prefix = "… " if found > before else ""
            suffix = " …" if found + len(candidate) + after < len(text) else ""
            head, hit, tail = (escape(" ".join(x.split())) for x in (head, candidate, tail))
            return mark_safe(f"{prefix}{head}<mark>{hit}</mark>{tail}{suffix}")  # noqa: S308
    return ""


def render_headline(text: str, start: str, stop: str) -> str:
    """Escape everything, then turn only our own sentinels into <mark> tags."""
    if start not in text:
        return ""  # no hit in the text (the match was in the title or metadata)
    escaped = escape(" ".join(text.split()))
    return mark_safe(escaped.replace(start, "<mark>").replace(stop, "</mark>"))  # noqa: S308


def build_facets(params, raw: dict[str, list[tuple]], labels: dict[str, dict]) -> list[Facet]:
    """Facets in display order; values by count, selected ones always shown."""
    facets = []
    translated = translated_labels()
    for name in FACETS:
        selected = set(params.filters.get(name, []))
        values = []
        for key, label, number, count in raw.get(name, []):
            label = translated.get((name, key), label)
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


# --- facet labels in the reader's language -------------------------------------------------------

LABEL_CACHE_SECONDS = 300
_label_cache: dict[str, tuple[float, dict]] = {}


def translated_labels() -> dict[tuple[str, str], str]:
    """{(facet, key): name} of themes, Working Groups and countries in the active language.

    The counts (and the labels stored with them, cached and shared by every reader) carry the
    original names, which are English; a reader in another language sees the translated ones
    (django-modeltranslation's columns, `name_fr`, …). Read once per language and process every
    few minutes: reference names change rarely. Empty in English, or when nothing is translated.
    """
    import time

    from django.conf import settings
    from django.db import DatabaseError
    from django.utils.translation import get_language
    from modeltranslation.utils import build_localized_fieldname

    language = (get_language() or "").lower()
    if language not in {code for code, _name in settings.LANGUAGES} or language == (
        settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    ):
        return {}
    cached = _label_cache.get(language)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    name = build_localized_fieldname("name", language)  # name_fr, name_zh_hans: from settings
    short = build_localized_fieldname("short_name", language)
    sql = f"""
        SELECT 'theme', slug, {name} FROM entities_theme
        UNION ALL
        SELECT 'group', slug, coalesce(nullif({short}, ''), {name}) FROM workinggroups_workinggroup
        UNION ALL
        SELECT 'country', slug, {name} FROM entities_organization WHERE kind = 'member_state'
    """  # noqa: S608 — column names built from settings.LANGUAGES
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
    except DatabaseError:  # the translated columns are not there (yet): the original names
        logger.warning("library facets: no translated names for %s", language, exc_info=True)
        rows = []
    labels = {(facet, key): label for facet, key, label in rows if label}
    _label_cache[language] = (time.monotonic() + LABEL_CACHE_SECONDS, labels)
    return labels
