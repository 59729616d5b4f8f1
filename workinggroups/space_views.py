"""Group spaces: the index, a group's space, its editing and its edit history.

Thin views: reads in `workinggroups.space_selectors`, changes in `workinggroups.space_actions`.
Every signed-in member of the network reads the spaces. Every edit endpoint (GET and POST) first
finds the group (404 if missing) and then answers 403 unless the user is the Secretariat or holds
`workinggroups.edit_space` on that very group.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from library.models import Document

from . import space_actions as actions
from . import space_selectors as selectors
from .models import WorkingGroup
from .space_forms import (
    AnnouncementForm,
    DocumentSearchForm,
    FeatureForm,
    GroupTextsForm,
    MoveForm,
    SectionForm,
    VisibilityForm,
)

HISTORY_PER_PAGE = 25
DOCUMENT_RESULTS = 20


def editable_group(request, slug) -> WorkingGroup:
    """The group, if the user may edit its space: 404 if missing, 403 if not allowed."""
    group = selectors.get_group(slug)
    if not selectors.can_edit_space(request.user, group):
        raise PermissionDenied
    return group


def space_url(group: WorkingGroup) -> str:
    if group.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE:
        return reverse("workinggroups:committee")
    return reverse("workinggroups:detail", args=[group.slug])


def _edit_page(request, group, template, context):
    return render(request, template, {"group": group, "space_url": space_url(group), **context})


# --- Reading --------------------------------------------------------------------------------------


@require_GET
def index(request):
    committee = (
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.COORDINATION_COMMITTEE)
        .order_by("pk")
        .first()
    )
    return render(
        request,
        "workinggroups/index.html",
        {"pillars": selectors.groups_by_pillar(), "committee": committee},
    )


@require_GET
def detail(request, slug):
    group = selectors.get_group(slug)
    if group.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE:
        return redirect("workinggroups:committee")
    can_edit = selectors.can_edit_space(request.user, group)
    focal_points = selectors.focal_points_of(group)
    shown = list(focal_points[: selectors.FOCAL_POINTS_SHOWN + 1])
    focal_point_count = (
        len(shown) if len(shown) <= selectors.FOCAL_POINTS_SHOWN else focal_points.count()
    )
    meetings = list(selectors.meetings_of(group)[: selectors.MEETINGS_SHOWN])
    return render(
        request,
        "workinggroups/space.html",
        {
            "group": group,
            "can_edit": can_edit,
            "memberships": selectors.memberships_of(group),
            "focal_points": shown[: selectors.FOCAL_POINTS_SHOWN],
            "focal_point_count": focal_point_count,
            "directory_url": f"{reverse('directory')}?wg={group.slug}",
            "announcements": list(
                selectors.current_announcements(group)[: selectors.ANNOUNCEMENTS_SHOWN]
            ),
            "sections": list(selectors.sections_of(group, include_hidden=can_edit)),
            "featured": list(selectors.featured_documents_of(group, request.user)),
            "meetings": meetings,
        },
    )


@require_GET
def history(request, slug):
    group = selectors.get_group(slug)
    paginator = Paginator(selectors.history_index(group), HISTORY_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "workinggroups/history.html",
        {
            "group": group,
            "space_url": space_url(group),
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "changes": selectors.history_page(list(page_obj.object_list)),
        },
    )


# --- Objectives and description -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def edit_texts(request, slug):
    group = editable_group(request, slug)
    form = GroupTextsForm(
        request.POST or None,
        initial={"objectives": group.objectives, "description": group.description},
    )
    if request.method == "POST" and form.is_valid():
        if actions.update_group_texts(group, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The objectives and description were saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(space_url(group))
    return _edit_page(request, group, "workinggroups/texts_form.html", {"form": form})


# --- Announcements --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def announcement_new(request, slug):
    group = editable_group(request, slug)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.create_announcement(group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The announcement was posted."))
        return redirect(space_url(group))
    return _edit_page(
        request,
        group,
        "workinggroups/announcement_form.html",
        {"form": form, "announcement": None},
    )


@require_http_methods(["GET", "POST"])
def announcement_edit(request, slug, pk):
    group = editable_group(request, slug)
    announcement = selectors.get_announcement(group, pk)
    initial = {
        "title": announcement.title,
        "body": announcement.body,
        "pinned": announcement.pinned,
        "expires_at": announcement.expires_at,
    }
    form = AnnouncementForm(request.POST or None, initial=initial, is_new=False)
    if request.method == "POST" and form.is_valid():
        if actions.update_announcement(announcement, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The announcement was saved."))
        return redirect(space_url(group))
    return _edit_page(
        request,
        group,
        "workinggroups/announcement_form.html",
        {"form": form, "announcement": announcement},
    )


def _confirm_delete(request, group, obj, kind_label, delete, cancel_url=None):
    cancel_url = cancel_url or space_url(group)
    if request.method == "POST":
        delete(obj, actor=request.user)
        messages.success(request, _("%(kind)s deleted.") % {"kind": kind_label})
        return redirect(cancel_url)
    return _edit_page(
        request,
        group,
        "workinggroups/confirm_delete.html",
        {"object": obj, "kind_label": kind_label, "cancel_url": cancel_url},
    )


@require_http_methods(["GET", "POST"])
def announcement_delete(request, slug, pk):
    group = editable_group(request, slug)
    announcement = selectors.get_announcement(group, pk)
    return _confirm_delete(
        request, group, announcement, _("Announcement"), actions.delete_announcement
    )


# --- Sections -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def section_new(request, slug):
    group = editable_group(request, slug)
    form = SectionForm(request.POST or None, initial={"is_visible": True})
    if request.method == "POST" and form.is_valid():
        actions.create_section(group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The section was added."))
        return redirect(space_url(group))
    return _edit_page(
        request, group, "workinggroups/section_form.html", {"form": form, "section": None}
    )


@require_http_methods(["GET", "POST"])
def section_edit(request, slug, pk):
    group = editable_group(request, slug)
    section = selectors.get_section(group, pk)
    initial = {"title": section.title, "body": section.body, "is_visible": section.is_visible}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if actions.update_section(section, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The section was saved."))
        return redirect(space_url(group))
    return _edit_page(
        request, group, "workinggroups/section_form.html", {"form": form, "section": section}
    )


@require_http_methods(["GET", "POST"])
def section_delete(request, slug, pk):
    group = editable_group(request, slug)
    section = selectors.get_section(group, pk)
    return _confirm_delete(request, group, section, _("Section"), actions.delete_section)


def _bad_request_back(request, group):
    messages.error(request, _("That request could not be understood; nothing changed."))
    return redirect(space_url(group))


@require_POST
def section_move(request, slug, pk):
    group = editable_group(request, slug)
    section = selectors.get_section(group, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _bad_request_back(request, group)
    actions.move_section(section, direction=form.cleaned_data["direction"], actor=request.user)
    return redirect(f"{space_url(group)}#sections")


@require_POST
def section_visibility(request, slug, pk):
    group = editable_group(request, slug)
    section = selectors.get_section(group, pk)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        return _bad_request_back(request, group)
    visible = form.cleaned_data["visible"]
    actions.set_section_visibility(section, visible=visible, actor=request.user)
    if visible:
        messages.success(request, _("The section is shown in the space."))
    else:
        messages.success(request, _("The section is hidden from readers of the space."))
    return redirect(f"{space_url(group)}#sections")


# --- Featured documents ---------------------------------------------------------------------------


@require_GET
def documents(request, slug):
    """Manage the featured documents: the current list, and a search to pick more."""
    group = editable_group(request, slug)
    form = DocumentSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = list(selectors.pickable_documents(group, request.user, text)[:DOCUMENT_RESULTS])
    context = {"form": form, "results": results, "text": text}
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        response = render(
            request,
            "workinggroups/partials/_document_results.html",
            {"group": group, **context},
        )
    else:
        context["featured"] = list(selectors.featured_documents_of(group, request.user))
        response = _edit_page(request, group, "workinggroups/documents.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def document_feature(request, slug):
    group = editable_group(request, slug)
    form = FeatureForm(request.POST)
    if not form.is_valid():
        return _bad_request_back(request, group)
    # Only a document the editor may see can be featured (404 otherwise: existence does not leak).
    document = Document.objects.visible_to(request.user).filter(pk=form.cleaned_data["document"])
    document = document.first()
    if document is None:
        raise Http404
    _featured, created = actions.feature_document(group, document, actor=request.user)
    if created:
        messages.success(request, _("“%(title)s” is featured.") % {"title": document.title})
    else:
        messages.info(request, _("That document was already featured."))
    return redirect("workinggroups:documents", slug=group.slug)


@require_POST
def document_unfeature(request, slug, pk):
    group = editable_group(request, slug)
    featured = selectors.get_featured(group, pk)
    actions.unfeature_document(featured, actor=request.user)
    messages.success(
        request, _("“%(title)s” is no longer featured.") % {"title": featured.document.title}
    )
    return redirect("workinggroups:documents", slug=group.slug)


@require_POST
def document_move(request, slug, pk):
    group = editable_group(request, slug)
    featured = selectors.get_featured(group, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _bad_request_back(request, group)
    actions.move_featured_document(
        featured, direction=form.cleaned_data["direction"], actor=request.user
    )
    return redirect("workinggroups:documents", slug=group.slug)
