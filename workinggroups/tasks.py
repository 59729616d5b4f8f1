"""Celery discovers `<app>.tasks`: the group features' tasks are registered through here."""

from .discussion_tasks import send_discussion_digests, send_post_emails_task  # noqa: F401
