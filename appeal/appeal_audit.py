"""The Secretariat's audit page: every change to a requirement or a contribution — who, when,
old → new — read from simple-history, filterable by cycle. Others get 404 (like every
Secretariat-only page of the portal).

A fixed number of queries per page: the page of history rows, the rows before them (for "old"),
and the labels of the projects and donors they mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from entities.models import Organization

from . import appeal_access as access
from .models import AppealCycle, AppealProject, Contribution, Requirement

PER_PAGE = 50

TRACKED = {
    "requirements": ["year", "amount_usd"],
    "contributions": [
        "entry_id",
        "donor_id",
        "amount",
        "currency",
        "rate_to_usd",
        "amount_usd",
        "received_on",
        "status",
        "confidential",
        "notes",
    ],
}
FIELD_LABELS = {
    "year": _("year"),
    "amount_usd": _("amount (USD)"),
    "entry_id": _("project"),
    "donor_id": _("donor"),
    "amount": _("amount"),
    "currency": _("currency"),
    "rate_to_usd": _("rate to USD"),
    "received_on": _("date"),
    "status": _("status"),
    "confidential": _("confidential"),
    "notes": _("notes"),
}
KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Changes to"),
        required=False,
        choices=[("contributions", _("Contributions")), ("requirements", _("Requirements"))],
    )
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        required=False,
        queryset=AppealCycle.objects.all(),
        empty_label=_("Every cycle"),
    )


@dataclass
class Change:
    field: str
    old: str
    new: str


def _history(kind):
    return Requirement.history if kind == "requirements" else Contribution.history


@require_GET
def audit(request):
    if not access.can_manage(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or "contributions"
    records = _history(kind).select_related("history_user").order_by("-history_date", "-history_id")
    if data.get("cycle"):
        if kind == "requirements":
            records = records.filter(entry__cycle=data["cycle"])
        else:
            records = records.filter(cycle=data["cycle"])
    paginator = Paginator(records, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    earlier = {}
    if rows:
        ids = {r.id for r in rows}
        before = (
            _history(kind)
            .filter(id__in=ids, history_date__lt=max(r.history_date for r in rows))
            .order_by("id", "history_date", "history_id")
        )
        by_id = {}
        for record in before:
            by_id.setdefault(record.id, []).append(record)
        for row in rows:
            previous = [
                r
                for r in by_id.get(row.id, [])
                if (r.history_date, r.history_id) < (row.history_date, row.history_id)
            ]
            earlier[row.history_id] = previous[-1] if previous else None
    entry_ids = {r.entry_id for r in rows if getattr(r, "entry_id", None)}
    donor_ids = set()
    for row in rows:
        for record in (row, earlier.get(row.history_id)):
            if record is None:
                continue
            if getattr(record, "entry_id", None):
                entry_ids.add(record.entry_id)
            if getattr(record, "donor_id", None):
                donor_ids.add(record.donor_id)
    entries = {
        pk: (code, cycle)
        for pk, code, cycle in AppealProject.objects.filter(pk__in=entry_ids).values_list(
            "pk", "project__code", "cycle__title"
        )
    }
    donors = dict(Organization.objects.filter(pk__in=donor_ids).values_list("pk", "name"))

    def show(name, value):
        if value is None or value == "":
            return "—"
        if name == "entry_id":
            return entries.get(value, (f"#{value}",))[0]
        if name == "donor_id":
            return donors.get(value, f"#{value}")
        if name == "confidential":
            return str(_("yes")) if value else str(_("no"))
        if name == "status":
            return str(dict(Contribution.Status.choices).get(value, value))
        return str(value)

    for row in rows:
        previous = earlier.get(row.history_id)
        row.kind_label = KIND_LABELS.get(row.history_type, row.history_type)
        row.changes = []
        for name in TRACKED[kind]:
            new = getattr(row, name)
            old = getattr(previous, name) if previous is not None else None
            if row.history_type == "+" or old != new:
                row.changes.append(
                    Change(
                        str(FIELD_LABELS[name]),
                        "—" if previous is None else show(name, old),
                        show(name, new),
                    )
                )
        entry_id = getattr(row, "entry_id", None)
        code, cycle_title = entries.get(entry_id, (None, None)) if entry_id else (None, None)
        if kind == "requirements":
            row.subject = f"{code or '#' + str(entry_id)} — {row.year}"
        else:
            row.subject = f"{donors.get(row.donor_id, '')} → {code or _('un-earmarked')}"
        row.cycle_title = cycle_title or ""
    return render(
        request,
        "appeal/audit.html",
        {
            "form": form,
            "kind": kind,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "rows": rows,
        },
    )
