"""The library's search index: two stored tsvectors per document, rebuilt in SQL.

- `search_vector` (GIN): title (A), summary (B), metadata — type, themes, pillars, Working Groups,
  author organizations, countries (C) — and the current files' extracted text and the body (D).
- `rank_vector` (GIN): title (A) and summary (B) only. Small, so ranking a common term does not
  decompress every big vector (see STACK-NOTES.md, "PostgreSQL full-text search at library scale").
- the facet keys `theme_ids`, `pillar_ids`, `group_ids`, `author_ids`, `country_ids`: copies of the
  many-to-many tables, so search filters and counts facets from one scan (library/search.py).

Languages (issue 12): each current file's text goes through the text search configuration of its
own language (`DocumentFile.language`: english, french, spanish, russian, arabic, …; a file of no
stated language through english, one in a language PostgreSQL has no configuration for through
simple). Title, summary and body go through english and 'simple' (unstemmed: names, exact words)
and through the configuration of each of the document's languages (`Document.languages`).
Chinese and Japanese have no spaces between words, so PostgreSQL's parser would make a whole
sentence one token: their text is rewritten in Python as overlapping character bigrams
(`cjk_bigrams`, standard CJK practice) and indexed with 'simple'; queries are rewritten the same
way (library/search.py), so "恐怖主义" finds "…恐怖主义…" whatever surrounds it. Any text with
CJK characters gets the bigram pass, whatever language it is filed under.

`update_search_vectors(ids)` is one UPDATE per batch (plus one small read of the batch's CJK text,
if any). Call `schedule_reindex(document)` after any change to a document's metadata or files: it
reindexes once the transaction commits. Rebuilding is idempotent: every vector is computed from the
document's current rows, never added to.
"""

import logging
import re

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
    "en": "english",
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
# Languages written without spaces between words: indexed and searched as character bigrams.
BIGRAM_LANGUAGES = ("zh", "ja")
# Every query goes through these (the UN's languages with a configuration; Chinese as bigrams).
SEARCH_CONFIGS = ("english", "simple", "french", "spanish", "russian", "arabic")

# Han ideographs (with extension A and the compatibility block), kana, and the rarer extensions.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK_CHARACTERS = re.compile(f"[{_CJK_CLASS}]")
CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
# The same class for PostgreSQL's regular expressions (passed as a parameter).
CJK_SQL_PATTERN = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def has_cjk(text: str | None) -> bool:
    return bool(text) and CJK_CHARACTERS.search(text) is not None


def cjk_runs(text: str) -> list[str]:
    """The runs of CJK characters in `text`, in order."""
    return CJK_RUN.findall(text or "")


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of one run: 恐怖主义 → 恐怖 怖主 主义 (one character: itself)."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_bigrams(text: str) -> str:
    """`text` with every CJK run replaced by its overlapping bigrams, separated by spaces; other
    words are kept, so 'simple' indexes them as usual. Consecutive bigrams keep consecutive
    positions, so a phrase query of bigrams still needs them in order."""
    return CJK_RUN.sub(lambda found: " " + " ".join(bigrams(found.group(0))) + " ", text or "")


def base_language(code: str | None) -> str:
    """'zh-hans' → 'zh', 'FR' → 'fr'."""
    return (code or "").split("-")[0].split("_")[0].lower()


def _language_config_sql(column: str, *, default: str = "simple") -> str:
    """A CASE expression mapping a language code column to a regconfig name (literal, safe).

    An empty code (a file nobody said the language of) is read as English; a code PostgreSQL has
    no configuration for as 'simple' (unstemmed words), as are Chinese and Japanese."""
    whens = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in LANGUAGE_CONFIGS.items())
    code = f"split_part(lower(coalesce({column}, '')), '-', 1)"
    return f"(CASE {code} WHEN '' THEN 'english' {whens} ELSE '{default}' END)"


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
    file_config = _language_config_sql("f.language")
    doc_config = _language_config_sql("l.code", default="")
    bigram_codes = ", ".join(f"'{code}'" for code in BIGRAM_LANGUAGES)

    def in_document_languages(row: str, column: str) -> str:
        """`row.column` through each of the document's languages' configurations (but english,
        which every title and summary gets anyway), as one tsvector."""
        vector = f"to_tsvector(c.config::regconfig, {row}.{column})::text"
        where = f"c.id = {row}.id"
        return (
            f"coalesce((SELECT string_agg({vector}, ' ') FROM src_configs c WHERE {where}), '')"  # noqa: S608
            "::tsvector"
        )

    # Only table names and constant SQL are interpolated; every value is a query parameter.
    return f"""
WITH cjk AS (
    SELECT * FROM unnest(%(cjk_doc_ids)s::int[], %(cjk_titles)s::text[],
                         %(cjk_summaries)s::text[], %(cjk_bodies)s::text[])
        AS c(id, title, summary, body)
),
cjk_files AS (
    SELECT * FROM unnest(%(cjk_file_ids)s::int[], %(cjk_file_texts)s::text[]) AS c(id, text)
),
src_configs AS (
    SELECT DISTINCT doc.id, {doc_config} AS config
    FROM {d} doc CROSS JOIN LATERAL unnest(doc.languages) AS l(code)
    WHERE doc.id = ANY(%(ids)s) AND {doc_config} NOT IN ('', 'english')
),
src AS (
    SELECT
        doc.id,
        coalesce(doc.title, '') AS title,
        coalesce(doc.summary, '') AS summary,
        left(coalesce(doc.body, ''), %(text_chars)s) AS body,
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
        -- Each current file through its own language's configuration; Chinese and Japanese
        -- files as bigrams only, other files with CJK text as bigrams too.
        (SELECT string_agg((
                CASE WHEN split_part(lower(f.language), '-', 1) IN ({bigram_codes})
                          AND cf.text IS NOT NULL THEN ''::tsvector
                     ELSE to_tsvector({file_config}::regconfig,
                                      left(f.extracted_text, %(text_chars)s)) END
                || coalesce(to_tsvector('simple', cf.text), ''::tsvector))::text, ' ')
            FROM {files} f LEFT JOIN cjk_files cf ON cf.id = f.id
            WHERE f.document_id = doc.id AND f.is_current AND f.extraction = 'done'
        ) AS files_vector,
        cjk.title AS cjk_title,
        cjk.summary AS cjk_summary,
        cjk.body AS cjk_body,
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
    FROM {d} doc LEFT JOIN cjk ON cjk.id = doc.id
    WHERE doc.id = ANY(%(ids)s)
),
vectors AS (
    SELECT
        src.*,
        setweight(to_tsvector('english', src.title), 'A')
        || setweight(to_tsvector('simple', src.title), 'A')
        || setweight({in_document_languages("src", "title")}, 'A')
        || setweight(to_tsvector('simple', coalesce(src.cjk_title, '')), 'A')
        || setweight(to_tsvector('english', src.summary), 'B')
        || setweight({in_document_languages("src", "summary")}, 'B')
        || setweight(to_tsvector('simple', coalesce(src.cjk_summary, '')), 'B') AS ranked
    FROM src
)
UPDATE {d} AS target SET
    search_vector =
        vectors.ranked
        || setweight(to_tsvector('english', vectors.meta), 'C')
        || setweight(to_tsvector('english', vectors.names), 'C')
        || setweight(to_tsvector('simple', vectors.names), 'C')
        || setweight(to_tsvector('english', vectors.body), 'D')
        || setweight({in_document_languages("vectors", "body")}, 'D')
        || setweight(to_tsvector('simple', coalesce(vectors.cjk_body, '')), 'D')
        || setweight(coalesce(vectors.files_vector::tsvector, ''::tsvector), 'D'),
    rank_vector = vectors.ranked,
    theme_ids = coalesce(vectors.theme_ids, '{{}}'),
    pillar_ids = coalesce(vectors.pillar_ids, '{{}}'),
    group_ids = coalesce(vectors.group_ids, '{{}}'),
    author_ids = coalesce(vectors.author_ids, '{{}}'),
    country_ids = coalesce(vectors.country_ids, '{{}}')
FROM vectors
WHERE target.id = vectors.id
"""  # noqa: S608


def _cjk_params(ids: list[int], text_chars: int) -> dict:
    """The batch's CJK text, rewritten as bigrams: titles, summaries and bodies of documents
    with CJK characters (or in Chinese or Japanese), and the current files with CJK text.

    One small query (the regular expression runs in PostgreSQL, so only text that has CJK
    characters comes back)."""
    d = Document._meta.db_table
    files = DocumentFile._meta.db_table
    codes = list(BIGRAM_LANGUAGES)
    sql = f"""
        SELECT 'doc', doc.id, doc.title, doc.summary, left(doc.body, %(text_chars)s)
        FROM {d} doc
        WHERE doc.id = ANY(%(ids)s)
          AND (concat_ws(' ', doc.title, doc.summary, doc.body) ~ %(pattern)s)
        UNION ALL
        SELECT 'file', f.id, '', '', left(f.extracted_text, %(text_chars)s)
        FROM {files} f
        WHERE f.document_id = ANY(%(ids)s) AND f.is_current AND f.extraction = 'done'
          AND (split_part(lower(f.language), '-', 1) = ANY(%(codes)s)
               OR left(f.extracted_text, %(text_chars)s) ~ %(pattern)s)
    """  # noqa: S608
    params = {
        "cjk_doc_ids": [],
        "cjk_titles": [],
        "cjk_summaries": [],
        "cjk_bodies": [],
        "cjk_file_ids": [],
        "cjk_file_texts": [],
    }
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"ids": ids, "text_chars": text_chars, "pattern": CJK_SQL_PATTERN, "codes": codes}
        )
        rows = cursor.fetchall()
    for kind, pk, title, summary, body in rows:
        if kind == "doc":
            params["cjk_doc_ids"].append(pk)
            params["cjk_titles"].append(cjk_bigrams(title) if has_cjk(title) else None)
            params["cjk_summaries"].append(cjk_bigrams(summary) if has_cjk(summary) else None)
            params["cjk_bodies"].append(cjk_bigrams(body) if has_cjk(body) else None)
        else:
            params["cjk_file_ids"].append(pk)
            params["cjk_file_texts"].append(cjk_bigrams(body or ""))
    return params


def _type_params() -> list[str]:
    params = []
    for value, label in Document.Type.choices:
        params += [value, str(label)]
    return params


def _execute(ids: list[int], text_chars: int) -> int:
    sql = _update_sql()
    # The CASE for types is written with positional %s; name them, as the rest are named.
    type_params = _type_params()
    named = {"ids": ids, "text_chars": text_chars, **_cjk_params(ids, text_chars)}
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
