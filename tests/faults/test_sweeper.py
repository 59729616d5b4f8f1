"""The sweeper re-enqueues recorded work whose Celery message was lost, and only that."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compact_portal import resilience
from library.actions import create_document
from library.models import Document, DocumentFile
from tests.library.test_uploads import pdf_bytes
from tests.workinggroups.test_discussion_notifications import follow, follower
from workinggroups import discussion_actions as actions
from workinggroups.models import PostNotification, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """What the sweeper hands to the broker (the publishing itself is Celery's)."""
    calls = []
    monkeypatch.setattr(
        resilience, "enqueue", lambda task, *args: calls.append((task.name, *args)) or True
    )
    return calls


@pytest.fixture
def media_root(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def upload(user, title):
    document = create_document(
        {
            "title": title,
            "doc_type": Document.Type.REPORT,
            "visibility": Document.Visibility.ALL,
            "status": Document.Status.PUBLISHED,
        },
        upload=SimpleUploadedFile(f"{title}.pdf", pdf_bytes(title)),
        file_language="en",
        actor=user,
    )
    return document.files.get()


def test_files_still_waiting_for_extraction_are_enqueued_again(media_root, entity_user, published):
    stale = upload(entity_user, "stale")
    fresh = upload(entity_user, "fresh")  # its own message may still be on its way
    done = upload(entity_user, "done")
    DocumentFile.objects.filter(pk__in=[stale.pk, done.pk]).update(
        uploaded_at=timezone.now() - resilience.SWEEP_AFTER - timedelta(minutes=1)
    )
    DocumentFile.objects.filter(pk=done.pk).update(extraction=DocumentFile.Extraction.DONE)
    published.clear()

    counts = resilience.sweep_pending_work()
    assert counts == {"extractions": 1, "post_emails": 0}
    assert published == [("library.tasks.extract_document_file", stale.pk)]
    assert fresh.pk not in [args[1] for args in published]


def test_immediate_post_emails_left_unsent_are_enqueued_again(entity_user, published):
    reader = follower("reader@test.example", "immediate")
    group = WorkingGroup.objects.get(number=2)
    thread = actions.start_thread(group, title="T", body="first", actor=entity_user)
    follow(thread, reader)
    post = actions.reply(thread, body="its task was lost", actor=entity_user)
    assert PostNotification.objects.filter(post=post, mode="immediate", sent_at=None).exists()
    published.clear()
    assert resilience.sweep_pending_work()["post_emails"] == 0  # too recent
    PostNotification.objects.filter(post=post).update(
        created_at=timezone.now() - resilience.SWEEP_AFTER - timedelta(minutes=1)
    )
    assert resilience.sweep_pending_work()["post_emails"] == 1
    assert published == [("workinggroups.discussion_tasks.send_post_emails", post.pk)]
    PostNotification.objects.filter(post=post).update(sent_at=timezone.now())
    published.clear()
    assert resilience.sweep_pending_work() == {"extractions": 0, "post_emails": 0}


def test_the_sweeper_stops_at_the_first_refused_publish(media_root, entity_user, monkeypatch):
    files = [upload(entity_user, f"file{n}") for n in range(3)]
    DocumentFile.objects.filter(pk__in=[f.pk for f in files]).update(
        uploaded_at=timezone.now() - resilience.SWEEP_AFTER - timedelta(minutes=1)
    )
    monkeypatch.setattr(resilience, "enqueue", lambda task, *args: False)  # broker still down
    assert resilience.sweep_pending_work() == {"extractions": 0, "post_emails": 0}
