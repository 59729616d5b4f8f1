"""Pledges and contributions of a cycle: the list (and its export), recording and editing.

The Secretariat records any contribution (earmarked or un-earmarked, confidential or not); an
entity's focal points record and edit contributions to their own included projects (never
confidential: the Secretariat marks those). Lists, totals and exports use the one visibility
rule (`appeal_access.contributions_visible_to`).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from . import appeal_access as access
from . import appeal_actions as actions
from .contribution_forms import ContributionForm
from .dashboard_exports import FORMATS, table_response
from .models import AppealProject, Contribution

PER_PAGE = 50


class ContributionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status"))] + list(Contribution.Status.choices),
    )
    earmarking = forms.ChoiceField(
        label=gettext_lazy("Earmarking"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            ("earmarked", gettext_lazy("Earmarked to a project")),
            ("unearmarked", gettext_lazy("Un-earmarked")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Donor or project"), required=False, max_length=200)
    format = forms.ChoiceField(required=False, choices=[("", "")] + [(f, f) for f in FORMATS])


def _recordable_entries(user, cycle):
    included = AppealProject.objects.filter(cycle=cycle, status=AppealProject.Status.INCLUDED)
    viewer = access.viewer_of(user)
    if viewer.secretariat:
        return included
    return included.filter(project__lead_organization_id=viewer.entity_id)


@require_GET
def contribution_list(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    form = ContributionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    contributions = (
        access.contributions_visible_to(request.user)
        .filter(cycle=cycle)
        .select_related("donor", "entry__project", "entry__project__lead_organization")
    )
    if data.get("status"):
        contributions = contributions.filter(status=data["status"])
    if data.get("earmarking") == "earmarked":
        contributions = contributions.filter(entry__isnull=False)
    elif data.get("earmarking") == "unearmarked":
        contributions = contributions.filter(entry__isnull=True)
    text = (data.get("q") or "").strip()
    if text:
        contributions = contributions.filter(
            Q(donor__name__icontains=text)
            | Q(donor__acronym__iexact=text)
            | Q(entry__project__code__icontains=text)
            | Q(entry__project__title__icontains=text)
        )
    contributions = contributions.order_by("-received_on", "pk")
    if data.get("format"):
        return _export(cycle, contributions, data["format"])
    total = contributions.aggregate(total=Sum("amount_usd"))["total"] or Decimal("0")
    paginator = Paginator(contributions, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    viewer = access.viewer_of(request.user)
    for contribution in page_obj.object_list:
        contribution.editable = viewer.secretariat or (
            contribution.entry is not None
            and contribution.entry.project.lead_organization_id == viewer.entity_id
            and viewer.entity_id is not None
        )
    return render(
        request,
        "appeal/contribution_list.html",
        {
            "cycle": cycle,
            "form": form,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "total": total,
            "can_record": access.can_record_any_contribution(request.user),
            "can_manage": viewer.secretariat,
        },
    )


def _export(cycle, contributions, fmt):
    headers = [
        _("Date"),
        _("Donor"),
        _("Project"),
        _("Appealing entity"),
        _("Amount"),
        _("Currency"),
        _("Rate to USD"),
        _("Amount (USD)"),
        _("Status"),
        _("Confidential"),
    ]
    rows = []
    for c in contributions[:20_000]:
        rows.append(
            [
                c.received_on.isoformat(),
                c.donor.name,
                c.entry.project.code if c.entry else _("Un-earmarked"),
                c.entry.project.lead_organization.label if c.entry else "",
                c.amount,
                c.currency,
                f"{c.rate_to_usd}",
                c.amount_usd,
                c.get_status_display(),
                _("yes") if c.confidential else "",
            ]
        )
    return table_response(
        f"appeal-{cycle.start_year}-{cycle.end_year}-contributions", headers, rows, fmt
    )


@require_http_methods(["GET", "POST"])
def contribution_new(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    if not access.can_record_any_contribution(request.user):
        raise PermissionDenied
    secretariat = access.can_manage(request.user)
    entries = _recordable_entries(request.user, cycle)
    initial = {}
    if request.GET.get("entry", "").isdigit():
        initial["entry"] = request.GET["entry"]
    if request.GET.get("donor", "").isdigit():
        initial["donor"] = request.GET["donor"]
    form = ContributionForm(
        request.POST or None,
        initial=initial,
        entries=entries,
        allow_unearmarked=secretariat,
        may_mark_confidential=secretariat,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.action_fields()
        if not access.can_record_contribution(request.user, fields.get("entry")):
            raise PermissionDenied
        try:
            actions.record_contribution(cycle, actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contribution was recorded."))
            if fields.get("entry"):
                return redirect("appeal:entry_detail", entry_id=fields["entry"].pk)
            return redirect("appeal:contribution_list", cycle_id=cycle.pk)
    return render(
        request,
        "appeal/contribution_form.html",
        {"cycle": cycle, "form": form, "contribution": None, "no_entries": not entries.exists()},
    )


@require_http_methods(["GET", "POST"])
def contribution_edit(request, pk):
    contribution = access.get_contribution_for_user(request.user, pk)
    if not access.can_edit_contribution(request.user, contribution):
        raise PermissionDenied
    cycle = contribution.cycle
    secretariat = access.can_manage(request.user)
    initial = {name: getattr(contribution, name) for name in actions.CONTRIBUTION_FIELDS}
    form = ContributionForm(
        request.POST or None,
        initial=initial,
        entries=_recordable_entries(request.user, cycle),
        allow_unearmarked=secretariat,
        may_mark_confidential=secretariat,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_contribution(
                contribution, actor=request.user, **form.action_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The contribution was saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("appeal:contribution_list", cycle_id=cycle.pk)
    return render(
        request,
        "appeal/contribution_form.html",
        {"cycle": cycle, "form": form, "contribution": contribution, "no_entries": False},
    )
