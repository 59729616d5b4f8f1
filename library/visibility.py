"""Who may see which document: the ONE rule, used by every list, search, facet, feed and download.

`Document.objects.visible_to(user)` answers the documents `user` may see:

- anonymous, inactive users, and accounts without a focal-point profile: nothing;
- the Secretariat (see `entities.accounts.is_secretariat`): everything, drafts included;
- everyone else sees **published** documents by audience:
  - ``all``: every active focal point;
  - ``compact``: focal points of a Compact entity;
  - ``groups``: focal points whose organization belongs (any role) to one of `audience_groups`;
  - ``organizations``: focal points whose organization is one of `audience_organizations`;
  - ``secretariat``: nobody but the Secretariat;
- and, whatever the above says, the documents they added themselves (their drafts included), so
  an uploader never loses sight of what they shared with an audience they are not part of.

The filter is a single WHERE clause (EXISTS sub-selects on the audience tables, no join on the
outer query), so it composes with `.count()`, `.values(...).annotate(...)` facet counts, search
ranking and pagination without duplicating rows. The viewer's organization is looked up once per
user object and kept on it (`_library_audience`), so calling `visible_to` several times in a
request costs no more queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from entities.accounts import is_secretariat
from entities.models import FocalPoint, Organization
from workinggroups.models import WorkingGroupMembership

_CACHE_ATTRIBUTE = "_library_audience"


@dataclass(frozen=True)
class Audience:
    """What the visibility rule needs to know about a viewer."""

    user_id: int | None
    secretariat: bool = False
    organization_id: int | None = None
    organization_kind: str = ""

    @property
    def sees_nothing(self) -> bool:
        return self.user_id is None or (not self.secretariat and self.organization_id is None)


def audience_of(user) -> Audience:
    """The viewer's audience facts (cached on the user object for the rest of the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Audience(user_id=None)
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    row = (
        FocalPoint.objects.filter(user_id=user.pk)
        .values_list("organization_id", "organization__kind")
        .first()
    )
    organization_id, kind = row if row else (None, "")
    audience = Audience(
        user_id=user.pk,
        secretariat=is_secretariat(user),
        organization_id=organization_id,
        organization_kind=kind,
    )
    setattr(user, _CACHE_ATTRIBUTE, audience)
    return audience


def is_library_secretariat(user) -> bool:
    return audience_of(user).secretariat


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The documents `user` may see (see the module docstring)."""
        audience = audience_of(user)
        if audience.user_id is None:
            return self.none()
        if audience.secretariat:
            return self.all()
        if audience.organization_id is None:
            # An account without a focal-point profile sees only what it added itself.
            return self.filter(created_by_id=audience.user_id)
        return self.filter(self._audience_condition(audience))

    def _audience_condition(self, audience: Audience) -> Q:
        Visibility = self.model.Visibility
        published = Q(status=self.model.Status.PUBLISHED)

        by_audience = Q(visibility=Visibility.ALL)
        if audience.organization_kind == Organization.Kind.COMPACT_ENTITY:
            by_audience |= Q(visibility=Visibility.COMPACT)

        groups_through = self.model.audience_groups.through
        member_groups = WorkingGroupMembership.objects.filter(
            organization_id=audience.organization_id
        ).values("group_id")
        by_audience |= Q(visibility=Visibility.GROUPS) & Exists(
            groups_through.objects.filter(
                document_id=OuterRef("pk"), workinggroup_id__in=member_groups
            )
        )

        organizations_through = self.model.audience_organizations.through
        by_audience |= Q(visibility=Visibility.ORGANIZATIONS) & Exists(
            organizations_through.objects.filter(
                document_id=OuterRef("pk"), organization_id=audience.organization_id
            )
        )
        return (published & by_audience) | Q(created_by_id=audience.user_id)

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)


def get_document_for_user(user, pk):
    """The document if `user` may see it; 404 for "missing" and "not yours" alike."""
    from .models import Document

    try:
        return Document.objects.visible_to(user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_file_for_user(user, pk):
    """A document file if `user` may see its document; 404 otherwise."""
    from .models import Document, DocumentFile

    try:
        return DocumentFile.objects.select_related("document").get(
            pk=pk, document__in=Document.objects.visible_to(user).values("pk")
        )
    except (DocumentFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_edit_document(user, document) -> bool:
    """The uploader and the Secretariat may change a document (others who see it: 403)."""
    audience = audience_of(user)
    if audience.user_id is None:
        return False
    return audience.secretariat or (
        document.created_by_id is not None and document.created_by_id == audience.user_id
    )


def can_upload(user) -> bool:
    """Any active focal point (and the Secretariat) may add documents to the library."""
    audience = audience_of(user)
    return audience.user_id is not None and (
        audience.secretariat or audience.organization_id is not None
    )
