"""Rebuild every document's search vectors with its languages' configurations (issue 12).

The vectors are computed from the documents' current rows (`library.indexing`), so this is
idempotent: running it again, or `manage.py reindex_library`, gives the same vectors. A database
with no documents (a fresh one) does nothing here.
"""

from django.db import migrations


def reindex(apps, schema_editor):
    from library.indexing import BATCH_SIZE, update_search_vectors

    Document = apps.get_model("library", "Document")
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        update_search_vectors(ids[start : start + BATCH_SIZE])


class Migration(migrations.Migration):
    # One transaction per batch (update_search_vectors), not one for 35,000 documents.
    atomic = False

    dependencies = [
        ("library", "0004_audit_history"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
