"""Pages of Compact entities, Member States and regional/international organizations.

Thin views: selectors in `entities.organizations`, changes in `entities.organization_actions`.
Every signed-in member of the network sees these pages (login is required by the middleware);
only the Secretariat edits a mandate summary, and only the Secretariat and an organization's own
focal points edit its profile (others get 403, on GET and POST alike).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from . import organization_actions as actions
from . import organizations as selectors
from .models import Organization, OrganizationProfileRevision
from .organization_forms import (
    EntityFilterForm,
    MandateForm,
    MemberStateFilterForm,
    OrganizationProfileForm,
    RegionalFilterForm,
)

FOCAL_POINTS_PER_PAGE = 25
REVISIONS_PER_PAGE = 20


# Sections that fill up once documents, events and projects exist (no sample data meanwhile).
def _render_list(request, template, partial, context):
    """A full page, or only the results partial for htmx requests (live filtering)."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        response = render(request, partial, context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_range = paginator.get_elided_page_range(page_obj.number)
    return page_obj, page_range


# --- Compact entities ---------------------------------------------------------------------------


@require_GET
def entity_index(request):
    form = EntityFilterForm(request.GET or None)
    text, group = "", None
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        group = form.cleaned_data["group"]
    entities = list(selectors.entity_list(text=text, group=group))
    members = [e for e in entities if e.compact_status == Organization.CompactStatus.MEMBER]
    observers = [e for e in entities if e.compact_status == Organization.CompactStatus.OBSERVER]
    context = {
        "form": form,
        "entities": entities,
        "status_groups": [
            {"key": "members", "title": _("Members"), "entities": members},
            {"key": "observers", "title": _("Observers"), "entities": observers},
        ],
        "filtered": bool(text or group),
    }
    return _render_list(
        request,
        "entities/organizations/entity_index.html",
        "entities/organizations/partials/_entity_results.html",
        context,
    )


@require_GET
def organization_detail(request, slug):
    """A Compact entity's page; other organizations' slugs lead to their own pages."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    if organization.kind != Organization.Kind.COMPACT_ENTITY:
        return redirect(selectors.organization_url(organization), permanent=True)
    page_obj, page_range = _page(
        request, selectors.focal_points_of(organization, request.user), FOCAL_POINTS_PER_PAGE
    )
    return render(
        request,
        "entities/organizations/entity_detail.html",
        {
            "organization": organization,
            "page_obj": page_obj,
            "page_range": page_range,
            "memberships": list(selectors.memberships_of(organization)),
            "can_edit": selectors.can_edit_mandate(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def entity_edit(request, slug):
    organization = selectors.get_entity(slug)
    if not selectors.can_edit_mandate(request.user):
        raise PermissionDenied
    form = MandateForm(request.POST or None, initial={"description": organization.description})
    if request.method == "POST" and form.is_valid():
        changed = actions.update_entity_mandate(
            organization, description=form.cleaned_data["description"], actor=request.user
        )
        if changed:
            messages.success(request, _("The mandate summary was saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("organization_detail", slug=organization.slug)
    return render(
        request,
        "entities/organizations/entity_edit.html",
        {"organization": organization, "form": form},
    )


# --- Member States and regional organizations: one set of views, two kinds of page --------------


@dataclass(frozen=True)
class ProfileSection:
    """What differs between Member State pages and regional organization pages."""

    prefix: str  # URL names: <prefix>_index, <prefix>_detail, <prefix>_edit, <prefix>_history
    index_label: str

    def key(self, organization):
        return organization.iso3 if self.prefix == "member_state" else organization.slug

    def urls(self, organization):
        key = self.key(organization)
        return {
            "index_url": reverse(f"{self.prefix}_index"),
            "detail_url": reverse(f"{self.prefix}_detail", args=[key]),
            "edit_url": reverse(f"{self.prefix}_edit", args=[key]),
            "history_url": reverse(f"{self.prefix}_history", args=[key]),
        }


MEMBER_STATES = ProfileSection(
    prefix="member_state",
    index_label=gettext_lazy("Member States"),
)

REGIONAL = ProfileSection(
    prefix="regional",
    index_label=gettext_lazy("Regional and international organizations"),
)


def _profile_detail(request, section, organization):
    profile = selectors.profile_of(organization)
    page_obj, page_range = _page(
        request, selectors.focal_points_of(organization, request.user), FOCAL_POINTS_PER_PAGE
    )
    return render(
        request,
        "entities/organizations/profile_detail.html",
        {
            "organization": organization,
            "section": section,
            "profile": profile,
            "page_obj": page_obj,
            "page_range": page_range,
            "can_edit": selectors.can_edit_profile(request.user, organization),
            **section.urls(organization),
        },
    )


def _profile_edit(request, section, organization):
    if not selectors.can_edit_profile(request.user, organization):
        raise PermissionDenied
    profile = selectors.profile_of(organization)
    initial = {}
    if profile is not None:
        initial = {field: getattr(profile, field) for field in actions.PROFILE_FIELDS}
    form = OrganizationProfileForm(request.POST or None, initial=initial)
    urls = section.urls(organization)
    if request.method == "POST" and form.is_valid():
        actions.update_organization_profile(organization, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The profile was saved."))
        return redirect(urls["detail_url"])
    return render(
        request,
        "entities/organizations/profile_edit.html",
        {"organization": organization, "section": section, "form": form, **urls},
    )


def _profile_history(request, section, organization):
    profile = selectors.profile_of(organization)
    revisions = selectors.revisions_of(profile)
    shown = None
    revision_id = request.GET.get("revision")
    if revision_id is not None:
        if not revision_id.isdigit():
            raise Http404
        try:
            shown = revisions.get(pk=int(revision_id))
        except OrganizationProfileRevision.DoesNotExist:
            raise Http404 from None
    page_obj, page_range = _page(request, revisions, REVISIONS_PER_PAGE)
    return render(
        request,
        "entities/organizations/profile_history.html",
        {
            "organization": organization,
            "section": section,
            "profile": profile,
            "shown": shown,
            "page_obj": page_obj,
            "page_range": page_range,
            **section.urls(organization),
        },
    )


@require_GET
def member_state_index(request):
    form = MemberStateFilterForm(request.GET or None, regions=selectors.member_state_regions())
    filters = {"text": "", "region": "", "with_focal_points": False}
    if form.is_valid():
        filters = {
            "text": form.cleaned_data["q"].strip(),
            "region": form.cleaned_data["region"],
            "with_focal_points": form.cleaned_data["with_focal_points"],
        }
    states = list(selectors.member_state_list(**filters))
    regions = {}
    for state in states:
        regions.setdefault(state.region or _("Other"), []).append(state)
    context = {
        "form": form,
        "states": states,
        "regions": [{"name": name, "states": items} for name, items in regions.items()],
        "with_focal_points_count": sum(1 for s in states if s.focal_point_count),
        "filtered": any(filters.values()),
    }
    return _render_list(
        request,
        "entities/organizations/member_state_index.html",
        "entities/organizations/partials/_member_state_results.html",
        context,
    )


def _member_state(iso3):
    organization = selectors.get_member_state(iso3)
    return organization, iso3 != organization.iso3


@require_GET
def member_state_detail(request, iso3):
    organization, redirect_needed = _member_state(iso3)
    if redirect_needed:
        return redirect("member_state_detail", iso3=organization.iso3, permanent=True)
    return _profile_detail(request, MEMBER_STATES, organization)


@require_http_methods(["GET", "POST"])
def member_state_edit(request, iso3):
    organization, _redirect = _member_state(iso3)
    return _profile_edit(request, MEMBER_STATES, organization)


@require_GET
def member_state_history(request, iso3):
    organization, _redirect = _member_state(iso3)
    return _profile_history(request, MEMBER_STATES, organization)


@require_GET
def regional_index(request):
    form = RegionalFilterForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    organizations = list(selectors.regional_list(text=text))
    context = {
        "form": form,
        "organizations": organizations,
        "kind_groups": [
            {
                "key": "regional",
                "title": _("Regional and international organizations"),
                "organizations": [o for o in organizations if o.kind == Organization.Kind.REGIONAL],
            },
            {
                "key": "other",
                "title": _("Other organizations"),
                "organizations": [o for o in organizations if o.kind == Organization.Kind.OTHER],
            },
        ],
        "filtered": bool(text),
    }
    return _render_list(
        request,
        "entities/organizations/regional_index.html",
        "entities/organizations/partials/_regional_results.html",
        context,
    )


@require_GET
def regional_detail(request, slug):
    return _profile_detail(request, REGIONAL, selectors.get_regional(slug))


@require_http_methods(["GET", "POST"])
def regional_edit(request, slug):
    return _profile_edit(request, REGIONAL, selectors.get_regional(slug))


@require_GET
def regional_history(request, slug):
    return _profile_history(request, REGIONAL, selectors.get_regional(slug))
