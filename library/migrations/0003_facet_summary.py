"""Stored browse-page facet counts, and a change counter kept by triggers (one per statement)."""

from django.db import migrations, models

# Every table the stored counts depend on: the documents (status, visibility, facet arrays) and
# the tables that label the facet values.
WATCHED = [
    "library_document",
    "entities_theme",
    "entities_pillar",
    "entities_organization",
    "workinggroups_workinggroup",
]

CREATE = """
CREATE TABLE library_change_counter (id smallint PRIMARY KEY CHECK (id = 1), n bigint NOT NULL);
INSERT INTO library_change_counter VALUES (1, 0);
CREATE FUNCTION library_bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE library_change_counter SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER library_change_counter_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON {table} FOR EACH STATEMENT EXECUTE FUNCTION library_bump_change_counter();
"""
    for table in WATCHED
)

DROP = "".join(
    f"DROP TRIGGER IF EXISTS library_change_counter_{table} ON {table};\n" for table in WATCHED
) + """
DROP FUNCTION IF EXISTS library_bump_change_counter();
DROP TABLE IF EXISTS library_change_counter;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_search_facet_columns"),
        ("entities", "0005_outbox_reply_to_one_open_confirmation"),
        ("workinggroups", "0002_alter_workinggroup_options_groupeditor_and_more"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetSummary",
            fields=[
                ("audience", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("change_number", models.BigIntegerField()),
                ("total", models.BigIntegerField()),
                ("rows", models.JSONField()),
                ("computed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "facet summary"},
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
