"""Indexes for the contact directory's accent- and typo-tolerant search (see entities.directory).

`f_unaccent` is an IMMUTABLE wrapper around `unaccent` (which is only STABLE, because its
dictionary could change), so expressions using it can be indexed. The GIN trigram indexes serve
the word-similarity operator (`query <% text`) on exactly the expressions the directory queries.
"""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

CREATE_INDEXES = """
CREATE INDEX IF NOT EXISTS entities_user_search_name_trgm ON entities_user
    USING gin (f_unaccent(lower(first_name || ' ' || last_name)) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS entities_focalpoint_search_position_trgm ON entities_focalpoint
    USING gin (f_unaccent(lower(position)) gin_trgm_ops);
-- The directory's default order (by name) and "newest": the first page without a sort.
CREATE INDEX IF NOT EXISTS entities_user_directory_order ON entities_user
    (lower(last_name), lower(first_name), id);
CREATE INDEX IF NOT EXISTS entities_focalpoint_directory_newest ON entities_focalpoint
    (created_at DESC, id DESC);
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS entities_user_search_name_trgm;
DROP INDEX IF EXISTS entities_focalpoint_search_position_trgm;
DROP INDEX IF EXISTS entities_user_directory_order;
DROP INDEX IF EXISTS entities_focalpoint_directory_newest;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0003_directory_profiles_confirmations"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, "DROP FUNCTION IF EXISTS f_unaccent(text);"),
        migrations.RunSQL(CREATE_INDEXES, DROP_INDEXES),
    ]
