"""The library's search index: two stored tsvectors per document, rebuilt in SQL.

- `search_vector` (GIN): title (A), summary (B), metadata — type, themes, pillars, Working Groups,
  author organizations, countries (C) — and the current files' extracted text and the body (D).
  Words go through the 'english' configuration; titles and names also through 'simple' (unstemmed),
  and a file's text also through its language's configuration where PostgreSQL has one.
- `rank_vector` (GIN): title (A) and summary (B) only. Small, so ranking a common term does not
  decompress every big vector (see STACK-NOTES.md, "PostgreSQL full-text search at library scale").
- the facet keys `theme_ids`, `pillar_ids`, `group_ids`, `author_ids`, `country_ids`: copies of the
  many-to-many tables, so search filters and counts facets from one scan (library/search.py).

`update_search_vectors(ids)` is one UPDATE per batch. Call `schedule_reindex(document)` after any
change to a document's metadata or files: it reindexes once the transaction commits.
"""

import logging

from django.db import DatabaseError, connection, transaction

from .models import Document, DocumentFile

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Text fed to the index per document. PostgreSQL refuses a tsvector over 1 MB; natural text stays
# far below that at this length, and a document whose text still overflows is retried shorter.
INDEX_TEXT_CHARS = 400_000

# A file's language → PostgreSQL text search configuration (those it ships with).
LANGUAGE_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}


def _language_config_sql(column: str) -> str:
    """A CASE expression mapping a language code column to a regconfig name (literal, safe)."""
    whens = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in LANGUAGE_CONFIGS.items())
    return f"(CASE {column} {whens} ELSE NULL END)"


def _update_sql() -> str:
    d = Document._meta.db_table
    files = DocumentFile._meta.db_table
    themes = Document.themes.through._meta.db_table
    pillars = Document.pillars.through._meta.db_table
    groups = Document.working_groups.through._meta.db_table
    authors = Document.author_organizations.through._meta.db_table
    countries = Document.countries.through._meta.db_table
    type_case = "(CASE doc.doc_type {} ELSE '' END)".format(
        " ".join("WHEN %s THEN %s" for _ in Document.Type.choices)
    )
    lang_config = _language_config_sql("f.language")
    # Only table names and constant SQL are interpolated; every value is a query parameter.
    return f"""
WITH src AS (
    SELECT
        doc.id,
        coalesce(doc.title, '') AS title,
        coalesce(doc.summary, '') AS summary,
        concat_ws(' ',
            {type_case},
            (SELECT string_agg(t.name, ' ') FROM {themes} dt
                JOIN entities_theme t ON t.id = dt.theme_id WHERE dt.document_id = doc.id),
            (SELECT string_agg(concat_ws(' ', 'pillar', p.numeral, p.name), ' ') FROM {pillars} dp
                JOIN entities_pillar p ON p.id = dp.pillar_id WHERE dp.document_id = doc.id)
        ) AS meta,
        concat_ws(' ',
            (SELECT string_agg(concat_ws(' ', g.name, g.short_name, g.acronym,
                                         CASE WHEN g.number IS NOT NULL THEN 'WG ' || g.number END),
                               ' ')
                FROM {groups} dg JOIN workinggroups_workinggroup g ON g.id = dg.workinggroup_id
                WHERE dg.document_id = doc.id),
            (SELECT string_agg(concat_ws(' ', o.name, o.acronym, o.iso3,
                                         array_to_string(o.aliases, ' ')), ' ')
                FROM {authors} da JOIN entities_organization o ON o.id = da.organization_id
                WHERE da.document_id = doc.id),
            (SELECT string_agg(concat_ws(' ', o.name, o.acronym, o.iso3,
                                         array_to_string(o.aliases, ' ')), ' ')
                FROM {countries} dc JOIN entities_organization o ON o.id = dc.organization_id
                WHERE dc.document_id = doc.id)
        ) AS names,
        left(concat_ws(E'\\n', doc.body,
            (SELECT string_agg(left(f.extracted_text, %(text_chars)s), E'\\n' ORDER BY f.id)
                FROM {files} f
                WHERE f.document_id = doc.id AND f.is_current AND f.extraction = 'done')
        ), %(text_chars)s) AS body_text,
        (SELECT string_agg(to_tsvector({lang_config}::regconfig,
                                       left(f.extracted_text, %(text_chars)s))::text, ' ')
            FROM {files} f
            WHERE f.document_id = doc.id AND f.is_current AND f.extraction = 'done'
              AND {lang_config} IS NOT NULL) AS language_vector,
        (SELECT array_agg(x.theme_id ORDER BY x.theme_id) FROM {themes} x
            WHERE x.document_id = doc.id) AS theme_ids,
        (SELECT array_agg(x.pillar_id ORDER BY x.pillar_id) FROM {pillars} x
            WHERE x.document_id = doc.id) AS pillar_ids,
        (SELECT array_agg(x.workinggroup_id ORDER BY x.workinggroup_id) FROM {groups} x
            WHERE x.document_id = doc.id) AS group_ids,
        (SELECT array_agg(x.organization_id ORDER BY x.organization_id) FROM {authors} x
            WHERE x.document_id = doc.id) AS author_ids,
        (SELECT array_agg(x.organization_id ORDER BY x.organization_id) FROM {countries} x
            WHERE x.document_id = doc.id) AS country_ids
    FROM {d} doc
    WHERE doc.id = ANY(%(ids)s)
)
UPDATE {d} AS target SET
    search_vector =
        setweight(to_tsvector('english', src.title), 'A')
        || setweight(to_tsvector('simple', src.title), 'A')
        || setweight(to_tsvector('english', src.summary), 'B')
        || setweight(to_tsvector('english', src.meta), 'C')
        || setweight(to_tsvector('english', src.names), 'C')
        || setweight(to_tsvector('simple', src.names), 'C')
        || setweight(to_tsvector('english', src.body_text), 'D')
        || setweight(coalesce(src.language_vector::tsvector, ''::tsvector), 'D'),
    rank_vector =
        setweight(to_tsvector('english', src.title), 'A')
        || setweight(to_tsvector('simple', src.title), 'A')
        || setweight(to_tsvector('english', src.summary), 'B'),
    theme_ids = coalesce(src.theme_ids, '{{}}'),
    pillar_ids = coalesce(src.pillar_ids, '{{}}'),
    group_ids = coalesce(src.group_ids, '{{}}'),
    author_ids = coalesce(src.author_ids, '{{}}'),
    country_ids = coalesce(src.country_ids, '{{}}')
FROM src
WHERE target.id = src.id
"""  # noqa: S608


def _type_params() -> list[str]:
    params = []
    for value, label in Document.Type.choices:
        params += [value, str(label)]
    return params


def _execute(ids: list[int], text_chars: int) -> int:
    sql = _update_sql()
    # The CASE for types is written with positional %s; name them, as the rest are named.
    type_params = _type_params()
    named = {"ids": ids, "text_chars": text_chars}
    for index, value in enumerate(type_params):
        named[f"t{index}"] = value
    sql = _name_type_params(sql, len(type_params))
    with connection.cursor() as cursor:
        cursor.execute(sql, named)
        return cursor.rowcount


def _name_type_params(sql: str, count: int) -> str:
    names = iter(f"%(t{index})s" for index in range(count))
    parts = sql.split("WHEN %s THEN %s")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(f"WHEN {next(names)} THEN {next(names)}")
        out.append(part)
    return "".join(out)


def update_search_vectors(document_ids) -> int:
    """Rebuild both vectors and the facet keys of the given documents: one UPDATE per batch."""
    from .search import bump_search_version

    ids = sorted({int(pk) for pk in document_ids})
    updated = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        try:
            with transaction.atomic():
                updated += _execute(batch, INDEX_TEXT_CHARS)
        except DatabaseError:
            # Most likely one document's text makes a tsvector over PostgreSQL's 1 MB limit:
            # index that batch one by one, shortening the text of the ones that overflow.
            logger.warning("reindex batch failed; retrying %s documents one by one", len(batch))
            for pk in batch:
                updated += _update_one_with_fallback(pk)
    if ids:
        bump_search_version()  # cached facet counts are now stale
    return updated


def _update_one_with_fallback(pk: int) -> int:
    for text_chars in (INDEX_TEXT_CHARS // 4, 20_000, 0):
        try:
            with transaction.atomic():
                return _execute([pk], text_chars)
        except DatabaseError:
            continue
    logger.error("could not index document %s", pk)
    return 0


def schedule_reindex(document) -> None:
    """After the transaction commits, rebuild the document's search vectors in Celery."""
    from .tasks import reindex_document

    pk = document.pk if hasattr(document, "pk") else int(document)
    from compact_portal.resilience import enqueue_on_commit

    enqueue_on_commit(reindex_document, pk)  # a broker outage does not fail the request
