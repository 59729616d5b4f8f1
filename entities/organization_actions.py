"""State changes of the organization pages: profiles of Member States and regional organizations,
and the mandate summaries of Compact entities. Views call these; permissions are checked by the
views (`entities.organizations.can_edit_profile` / `can_edit_mandate`) before calling.
"""

from __future__ import annotations

import html
import logging
import re

import nh3
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Organization, OrganizationProfile, OrganizationProfileRevision

audit_log = logging.getLogger("portal.audit")

PROFILE_FIELDS = ("priorities", "challenges", "good_practices")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_TAG = re.compile(r"<[a-zA-Z!/]")


def sanitize_rich_text(value: str) -> str:
    """Allow-listed HTML (nh3): the only form in which profile text is stored and shown.

    Text without any tag is taken as plain text: blank lines separate paragraphs and single line
    breaks are kept. Everything else (scripts, event handlers, styles, `javascript:` URLs, ...) is
    removed; links get rel="noopener noreferrer".
    """
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", value) if part.strip()]
        value = "".join(
            "<p>" + "<br>".join(html.escape(line) for line in part.split("\n")) + "</p>"
            for part in paragraphs
        )
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


@transaction.atomic
def update_organization_profile(
    organization: Organization, *, priorities: str, challenges: str, good_practices: str, actor
) -> OrganizationProfile:
    """Save the sanitised profile and keep a revision of it.

    The revisions hold every saved version, newest first, so the history shows who wrote what and
    when. A profile that existed before any revision (written elsewhere) first gets a revision
    of its previous content, so nothing is lost. Saving unchanged text records nothing.
    """
    new = {
        "priorities": sanitize_rich_text(priorities),
        "challenges": sanitize_rich_text(challenges),
        "good_practices": sanitize_rich_text(good_practices),
    }
    profile, created = OrganizationProfile.objects.get_or_create(organization=organization)
    # Lock the row so two concurrent saves produce two revisions in order, not a lost update.
    profile = OrganizationProfile.objects.select_for_update().get(pk=profile.pk)
    old = {field: getattr(profile, field) for field in PROFILE_FIELDS}
    if old == new:
        return profile

    if not created and any(old.values()) and not profile.revisions.exists():
        OrganizationProfileRevision.objects.create(
            profile=profile, edited_by=profile.updated_by, **old
        )
    for field, value in new.items():
        setattr(profile, field, value)
    profile.updated_by = actor
    profile.save(update_fields=[*PROFILE_FIELDS, "updated_by", "updated_at"])
    OrganizationProfileRevision.objects.create(profile=profile, edited_by=actor, **new)
    changed = [field for field in PROFILE_FIELDS if old[field] != new[field]]
    audit_log.info(
        "profile of organization %s updated (%s) by user %s",
        organization.pk,
        ", ".join(changed),
        getattr(actor, "pk", None),
    )
    return profile


@transaction.atomic
def update_entity_mandate(organization: Organization, *, description: str, actor) -> bool:
    """Change a Compact entity's mandate summary (plain text); True if it changed."""
    if organization.kind != Organization.Kind.COMPACT_ENTITY:
        raise ValueError("Only Compact entities have a mandate summary.")
    description = (description or "").replace("\r\n", "\n").strip()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.description == description:
        return False
    organization.description = description
    organization.save(update_fields=["description"])
    audit_log.info(
        "mandate of organization %s updated by user %s", organization.pk, getattr(actor, "pk", None)
    )
    if actor is not None:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type=ContentType.objects.get_for_model(Organization),
            object_id=str(organization.pk),
            object_repr=str(organization)[:200],
            action_flag=CHANGE,
            change_message="Mandate summary updated.",
        )
    return True
