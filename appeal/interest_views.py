"""For donors: browse the appeal's unfunded and partly funded projects, express interest, and
follow what became of it. Everyone signed in may browse; Member State focal points express
interest (others: 403); the interests list shows each viewer what `interests_visible_to` allows.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import appeal_access as access
from . import appeal_actions as actions
from . import cycle_selectors as selectors
from . import dashboard
from .appeal_forms import EntryFilterForm, InterestForm
from .models import AppealProject, Interest

PER_PAGE = 25


class OpportunityFilterForm(EntryFilterForm):
    cycle = forms.ModelChoiceField(
        label=gettext_lazy("Cycle"),
        required=False,
        queryset=None,
        empty_label=gettext_lazy("Any cycle"),
    )

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        del self.fields["status"]
        self.order_fields(["q", "cycle"])


@require_GET
def opportunities(request):
    cycles = access.cycles_visible_to(request.user)
    params = request.GET.copy()
    params.setdefault("funding", "open")
    params.setdefault("sort", "-gap")
    form = OpportunityFilterForm(params, cycles=cycles)
    data = form.cleaned_data if form.is_valid() else {"funding": "open", "sort": "-gap"}
    rows = access.entries_visible_to(request.user).filter(
        status=AppealProject.Status.INCLUDED, cycle__in=cycles
    )
    if data.get("cycle"):
        rows = rows.filter(cycle=data["cycle"])
    rows = selectors.filter_entries(selectors.entry_rows(request.user, rows), data)
    paginator = Paginator(rows, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    entries = list(page_obj.object_list)
    selectors.project_labels(entries)
    viewer = access.viewer_of(request.user)
    interested = set()
    if viewer.is_donor:
        interested = set(
            Interest.objects.filter(
                donor_id=viewer.organization_id,
                status=Interest.Status.OPEN,
                entry_id__in=[e.pk for e in entries],
            ).values_list("entry_id", flat=True)
        )
    for entry in entries:
        entry.percent_funded = dashboard.percent(entry.funded_total, entry.requirement_total)
        entry.interested = entry.pk in interested
    return render(
        request,
        "appeal/opportunities.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "entries": entries,
            "is_donor": viewer.is_donor,
            "can_manage": viewer.secretariat,
        },
    )


@require_http_methods(["GET", "POST"])
def express_interest(request, entry_id):
    entry = access.get_entry_for_user(request.user, entry_id)
    if not access.can_express_interest(request.user, entry):
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.express_interest(entry, actor=request.user, message=form.cleaned_data["message"])
        messages.success(
            request,
            _("Thank you. %(entity)s and the Secretariat were told of your interest.")
            % {"entity": entry.project.lead_organization.label},
        )
        return redirect("appeal:entry_detail", entry_id=entry.pk)
    return render(request, "appeal/interest_form.html", {"entry": entry, "form": form})


class InterestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status"))] + list(Interest.Status.choices),
    )


@require_GET
def interest_list(request):
    form = InterestFilterForm(request.GET or None)
    interests = access.interests_visible_to(request.user).select_related(
        "donor", "entry__cycle", "entry__project__lead_organization", "expressed_by", "contribution"
    )
    if form.is_valid() and form.cleaned_data["status"]:
        interests = interests.filter(status=form.cleaned_data["status"])
    paginator = Paginator(interests.order_by("-created_at", "pk"), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    viewer = access.viewer_of(request.user)
    for interest in page_obj.object_list:
        interest.can_withdraw = interest.status == Interest.Status.OPEN and (
            viewer.secretariat or interest.donor_id == viewer.organization_id
        )
        interest.can_record = interest.status == Interest.Status.OPEN and (
            viewer.secretariat or interest.entry.project.lead_organization_id == viewer.entity_id
        )
    return render(
        request,
        "appeal/interest_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "lapse_days": actions.interest_lapse_days(),
            "can_manage": viewer.secretariat,
        },
    )


@require_POST
def interest_withdraw(request, pk):
    interest = access.interests_visible_to(request.user).filter(pk=pk).first()
    if interest is None:
        raise Http404
    viewer = access.viewer_of(request.user)
    if not (viewer.secretariat or interest.donor_id == viewer.organization_id):
        raise PermissionDenied
    if actions.withdraw_interest(interest, actor=request.user):
        messages.success(request, _("The expression of interest was withdrawn."))
    return redirect("appeal:interest_list")
