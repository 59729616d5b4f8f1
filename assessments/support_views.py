"""Member State requests for tailored support: post, list, read, answer, close.

Reads go through `SupportRequest.objects.visible_to(user)`: the requesting State's focal points,
the entities and Working Groups the request was routed to, and the Secretariat. Others: 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entities.models import Organization

from . import actions
from .forms import SupportRequestForm, SupportResponseForm
from .models import SupportRequest
from .views import project_url
from .visibility import (
    get_support_request_for_user,
    may_close,
    may_post_support_request,
    may_respond,
    viewer_of,
)

PER_PAGE = 25


def _no_store(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def support_list(request):
    status = request.GET.get("status", "")
    queryset = (
        SupportRequest.objects.visible_to(request.user)
        .select_related("state")
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
    )
    if status in SupportRequest.Status.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    paginator = Paginator(queryset, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return _no_store(
        render(
            request,
            "assessments/support_list.html",
            {
                "page_obj": page_obj,
                "page_range": paginator.get_elided_page_range(page_obj.number),
                "status": status,
                "statuses": SupportRequest.Status.choices,
                "may_post": may_post_support_request(request.user),
            },
        )
    )


@require_http_methods(["GET", "POST"])
def support_new(request):
    if not may_post_support_request(request.user):
        raise PermissionDenied
    state = Organization.objects.get(pk=viewer_of(request.user).organization_id)
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        support_request = actions.post_support_request(
            state=state,
            title=form.cleaned_data["title"],
            themes=form.cleaned_data["themes"],
            description=form.cleaned_data["description"],
            urgency=form.cleaned_data["urgency"],
            actor=request.user,
        )
        messages.success(
            request,
            _(
                "Your request has been sent to %(groups)s Working Group(s) and %(entities)s "
                "entities."
            )
            % {
                "groups": support_request.routed_groups.count(),
                "entities": support_request.routed_entities.count(),
            },
        )
        return redirect("assessments:support_detail", pk=support_request.pk)
    return render(request, "assessments/support_form.html", {"form": form, "state": state})


def _detail_context(request, support_request, response_form=None):
    viewer = viewer_of(request.user)
    responses = list(
        support_request.responses.select_related("organization", "project", "created_by")
    )
    for response in responses:
        response.project_url = project_url(response.project)
    can_respond = may_respond(request.user, support_request)
    if can_respond and response_form is None:
        organization = Organization.objects.get(pk=viewer.organization_id)
        response_form = SupportResponseForm(organization=organization)
    return {
        "support_request": support_request,
        "themes": list(support_request.themes.order_by("name")),
        "groups": list(support_request.routed_groups.order_by("number")),
        "entities": list(support_request.routed_entities.order_by("acronym", "name")),
        "responses": responses,
        "response_form": response_form if can_respond else None,
        "can_close": may_close(request.user, support_request),
    }


@require_GET
def support_detail(request, pk: int):
    support_request = get_support_request_for_user(request.user, pk)
    return _no_store(
        render(
            request,
            "assessments/support_detail.html",
            _detail_context(request, support_request),
        )
    )


@require_POST
def support_respond(request, pk: int):
    support_request = get_support_request_for_user(request.user, pk)
    if not may_respond(request.user, support_request):
        raise PermissionDenied
    organization = Organization.objects.get(pk=viewer_of(request.user).organization_id)
    form = SupportResponseForm(request.POST, organization=organization)
    if form.is_valid():
        actions.respond_to_support_request(
            support_request,
            organization=organization,
            text=form.cleaned_data["text"],
            project=form.cleaned_data["project"],
            actor=request.user,
        )
        messages.success(request, _("Your answer has been sent to the Member State."))
        return redirect("assessments:support_detail", pk=support_request.pk)
    context = _detail_context(request, support_request, response_form=form)
    return _no_store(render(request, "assessments/support_detail.html", context, status=400))


@require_POST
def support_close(request, pk: int):
    support_request = get_support_request_for_user(request.user, pk)
    if not may_close(request.user, support_request):
        raise PermissionDenied
    if actions.close_support_request(support_request, actor=request.user):
        messages.success(request, _("The request has been closed."))
    return redirect("assessments:support_detail", pk=support_request.pk)
