"""The directory's order by name through `compact_portal.i18n.name_order`: f_unaccent(lower(…)).

"Émile" sorts next to "Emma" (not after "Zuma"), as organization and country names do. The index
replaces 0004's `(lower(last_name), lower(first_name), id)`, which nothing orders by any more.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS entities_user_directory_name_key ON entities_user
    (f_unaccent(lower(last_name)), f_unaccent(lower(first_name)), id);
DROP INDEX IF EXISTS entities_user_directory_order;
"""

REVERSE = """
CREATE INDEX IF NOT EXISTS entities_user_directory_order ON entities_user
    (lower(last_name), lower(first_name), id);
DROP INDEX IF EXISTS entities_user_directory_name_key;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0009_translated_reference_names"),
    ]

    operations = [migrations.RunSQL(CREATE, REVERSE)]
