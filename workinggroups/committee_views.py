"""The Coordination Committee's space, and the meetings of record of every group.

The Coordination Committee and the Working Groups record their meetings the same way: a meeting
with its agenda and summary, numbered decisions and follow-up actions (owner entity, due date,
status). Everyone signed in reads them; the Secretariat and the group's editors
(`workinggroups.edit_space` on the group) record and change them, others get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import space_actions as actions
from . import space_selectors as selectors
from .space_forms import ActionFilterForm, DecisionForm, FollowUpActionForm, MeetingForm
from .space_views import _confirm_delete, _edit_page, editable_group, space_url

ACTIONS_PER_PAGE = 25
MEETINGS_PER_PAGE = 10


@require_GET
def committee(request):
    group = selectors.get_committee()
    form = ActionFilterForm(request.GET or None)
    state, mine = "", False
    if form.is_valid():
        state, mine = form.cleaned_data["state"], form.cleaned_data["mine"]
    own_organization_id = selectors.viewer_organization_id(request.user)
    owner = own_organization_id if mine and own_organization_id else None
    actions_page = Paginator(
        selectors.follow_up_actions(group, state=state, owner=owner), ACTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    meetings_page = Paginator(selectors.meetings_of(group), MEETINGS_PER_PAGE).get_page(
        request.GET.get("meetings")
    )
    return render(
        request,
        "workinggroups/committee.html",
        {
            "group": group,
            "can_edit": selectors.can_edit_space(request.user, group),
            "composition": selectors.committee_composition(group),
            "meetings_page": meetings_page,
            "actions_page": actions_page,
            "filter_form": form,
            "own_organization_id": own_organization_id,
            "today": timezone.localdate(),
            "announcements": list(
                selectors.current_announcements(group)[: selectors.ANNOUNCEMENTS_SHOWN]
            ),
        },
    )


# --- Meetings -------------------------------------------------------------------------------------


def _meeting_url(group, meeting):
    return reverse("workinggroups:meeting_detail", args=[group.slug, meeting.pk])


@require_GET
def meeting_detail(request, slug, pk):
    group = selectors.get_group(slug)
    meeting = selectors.get_meeting(group, pk)
    return render(
        request,
        "workinggroups/meeting_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "space_url": space_url(group),
            "can_edit": selectors.can_edit_space(request.user, group),
            "today": timezone.localdate(),
            "own_organization_id": selectors.viewer_organization_id(request.user),
            **selectors.meeting_record(meeting, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_new(request, slug):
    group = editable_group(request, slug)
    form = MeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting was recorded."))
        return redirect(_meeting_url(group, meeting))
    return _edit_page(
        request, group, "workinggroups/meeting_form.html", {"form": form, "meeting": None}
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug, pk):
    group = editable_group(request, slug)
    meeting = selectors.get_meeting(group, pk)
    initial = {name: getattr(meeting, name) for name in actions.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial, group=group, instance=meeting)
    if request.method == "POST" and form.is_valid():
        if actions.update_meeting(meeting, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The meeting was saved."))
        return redirect(_meeting_url(group, meeting))
    return _edit_page(
        request, group, "workinggroups/meeting_form.html", {"form": form, "meeting": meeting}
    )


@require_http_methods(["GET", "POST"])
def meeting_delete(request, slug, pk):
    group = editable_group(request, slug)
    meeting = selectors.get_meeting(group, pk)
    return _confirm_delete(request, group, meeting, _("Meeting"), actions.delete_meeting)


# --- Decisions ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decision_new(request, slug, pk):
    group = editable_group(request, slug)
    meeting = selectors.get_meeting(group, pk)
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        initial={"number": actions.next_decision_number(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        actions.create_decision(meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The decision was recorded."))
        return redirect(_meeting_url(group, meeting))
    return _edit_page(
        request,
        group,
        "workinggroups/decision_form.html",
        {"form": form, "meeting": meeting, "decision": None},
    )


@require_http_methods(["GET", "POST"])
def decision_edit(request, slug, pk):
    group = editable_group(request, slug)
    decision = selectors.get_decision(group, pk)
    form = DecisionForm(
        request.POST or None,
        meeting=decision.meeting,
        instance=decision,
        initial={"number": decision.number, "text": decision.text},
    )
    if request.method == "POST" and form.is_valid():
        if actions.update_decision(decision, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The decision was saved."))
        return redirect(_meeting_url(group, decision.meeting))
    return _edit_page(
        request,
        group,
        "workinggroups/decision_form.html",
        {"form": form, "meeting": decision.meeting, "decision": decision},
    )


@require_http_methods(["GET", "POST"])
def decision_delete(request, slug, pk):
    group = editable_group(request, slug)
    decision = selectors.get_decision(group, pk)
    return _confirm_delete(
        request,
        group,
        decision,
        _("Decision"),
        actions.delete_decision,
        cancel_url=_meeting_url(group, decision.meeting),
    )


# --- Follow-up actions ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_new(request, slug, pk):
    group = editable_group(request, slug)
    meeting = selectors.get_meeting(group, pk)
    form = FollowUpActionForm(request.POST or None, meeting=meeting, initial={"status": "open"})
    if request.method == "POST" and form.is_valid():
        actions.create_follow_up_action(meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The follow-up action was recorded."))
        return redirect(_meeting_url(group, meeting))
    return _edit_page(
        request,
        group,
        "workinggroups/action_form.html",
        {"form": form, "meeting": meeting, "action": None},
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, slug, pk):
    group = editable_group(request, slug)
    action = selectors.get_follow_up_action(group, pk)
    initial = {name: getattr(action, name) for name in actions.ACTION_FIELDS}
    form = FollowUpActionForm(request.POST or None, meeting=action.meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        if actions.update_follow_up_action(action, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The follow-up action was saved."))
        return redirect(_meeting_url(group, action.meeting))
    return _edit_page(
        request,
        group,
        "workinggroups/action_form.html",
        {"form": form, "meeting": action.meeting, "action": action},
    )


@require_http_methods(["GET", "POST"])
def action_delete(request, slug, pk):
    group = editable_group(request, slug)
    action = selectors.get_follow_up_action(group, pk)
    return _confirm_delete(
        request,
        group,
        action,
        _("Follow-up action"),
        actions.delete_follow_up_action,
        cancel_url=_meeting_url(group, action.meeting),
    )
