"""The backup drill: dump the database, restore it into a new one, and find the same data."""

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from entities.models import Organization
from library.models import Document
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed data only


def connect(name):
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=name,
        autocommit=True,
    )


def test_a_backup_restores_into_a_new_database_with_the_same_data(tmp_path):
    call_command("load_compact", verbosity=0)
    Document.objects.create(title="Kept through the drill", doc_type="report")
    backup = tmp_path / "portal.dump"
    call_command("backup_database", output=str(backup))
    assert backup.stat().st_size > 10_000

    scratch = f"{connection.settings_dict['NAME']}_restore"[:63]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    try:
        call_command("restore_database", str(backup), database=scratch, create=True)
        with connect(scratch) as restored:
            count = lambda table: restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731,S608
            assert count("entities_organization") == Organization.objects.count() > 200
            assert count("workinggroups_workinggroup") == WorkingGroup.objects.count() == 9
            titles = restored.execute("SELECT title FROM library_document").fetchall()
            assert titles == [("Kept through the drill",)]
            # Extensions, functions and triggers come back too (search and the change counter).
            extensions = {r[0] for r in restored.execute("SELECT extname FROM pg_extension")}
            assert {"pg_trgm", "unaccent"} <= extensions
            restored.execute("UPDATE library_document SET title = 'x'")
            assert restored.execute("SELECT n FROM library_change_counter").fetchone()[0] > 0
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_restoring_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore_database", str(tmp_path / "nope.dump"), database="x", yes=True)


def test_a_bad_database_name_is_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="letters, digits"):
        call_command("restore_database", str(tmp_path / "a.dump"), database="x; DROP", yes=True)
