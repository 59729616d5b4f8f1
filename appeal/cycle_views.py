"""Appeal cycles and their projects: list, cycle page, proposals, drafts, submission, inclusion.

Thin views: reads in `appeal_access` / `cycle_selectors`, changes in `appeal_actions`.
Missing or not-visible objects answer 404; visible but not changeable ones answer 403.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import appeal_access as access
from . import appeal_actions as actions
from . import cycle_selectors as selectors
from . import dashboard
from .appeal_forms import (
    CycleForm,
    DecisionForm,
    EntryFilterForm,
    EntryForm,
    InterestForm,
    ProposeForm,
)
from .models import AppealProject, Interest, Project

PER_PAGE = 25


def _page(request, queryset, per_page=PER_PAGE):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page_obj, paginator.get_elided_page_range(page_obj.number)


@require_GET
def index(request):
    cycles = list(access.cycles_visible_to(request.user))
    requirement = dashboard.cycle_totals(cycles)
    funded = dashboard.viewer_cycle_funded(request.user, cycles)
    counts = dict(
        access.entries_visible_to(request.user)
        .filter(cycle__in=cycles, status=AppealProject.Status.INCLUDED)
        .values("cycle_id")
        .annotate(n=Count("pk"))
        .values_list("cycle_id", "n")
    )
    for cycle in cycles:
        cycle.requirement = requirement[cycle.pk]
        cycle.funded = funded[cycle.pk]
        cycle.gap = cycle.requirement - cycle.funded
        cycle.percent_funded = dashboard.percent(cycle.funded, cycle.requirement)
        cycle.included_count = counts.get(cycle.pk, 0)
    viewer = access.viewer_of(request.user)
    return render(
        request,
        "appeal/index.html",
        {
            "cycles": cycles,
            "can_manage": viewer.secretariat,
            "is_donor": viewer.is_donor,
            "is_entity": viewer.entity_id is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def cycle_new(request):
    if not access.can_manage(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = actions.create_cycle(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The cycle was created."))
        return redirect("appeal:cycle_detail", cycle_id=cycle.pk)
    return render(request, "appeal/cycle_form.html", {"form": form, "cycle": None})


@require_http_methods(["GET", "POST"])
def cycle_edit(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    if not access.can_manage(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        fresh = access.get_cycle_for_user(request.user, cycle_id)  # the form changed `cycle`
        actions.update_cycle(fresh, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The cycle was saved."))
        return redirect("appeal:cycle_detail", cycle_id=cycle_id)
    return render(request, "appeal/cycle_form.html", {"form": form, "cycle": cycle})


@require_GET
def cycle_detail(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    form = EntryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.entry_rows(
        request.user, access.entries_visible_to(request.user).filter(cycle=cycle)
    )
    rows = selectors.filter_entries(rows, data)
    page_obj, page_range = _page(request, rows)
    entries = list(page_obj.object_list)
    requirements = selectors.requirements_by_entry(entries)
    selectors.project_labels(entries)
    for entry in entries:
        entry.year_amounts = [requirements.get(entry.pk, {}).get(y) for y in cycle.years]
        entry.percent_funded = dashboard.percent(entry.funded_total, entry.requirement_total)
    viewer = access.viewer_of(request.user)
    return render(
        request,
        "appeal/cycle_detail.html",
        {
            "cycle": cycle,
            "form": form,
            "page_obj": page_obj,
            "page_range": page_range,
            "entries": entries,
            "can_manage": viewer.secretariat,
            "can_propose": access.can_propose(request.user, cycle),
            "filtered": bool(data and any(v for k, v in data.items() if k != "sort")),
            "sort": data.get("sort") or "code",
        },
    )


def _own_projects(user):
    viewer = access.viewer_of(user)
    if viewer.secretariat:
        return Project.objects.all()
    return Project.objects.filter(lead_organization_id=viewer.entity_id)


@require_http_methods(["GET", "POST"])
def propose(request, cycle_id):
    cycle = access.get_cycle_for_user(request.user, cycle_id)
    if not access.can_propose(request.user, cycle):
        raise PermissionDenied
    form = ProposeForm(request.POST or None, cycle=cycle, projects=_own_projects(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.propose_entry(
                cycle,
                form.cleaned_data["project"],
                actor=request.user,
                narrative=form.cleaned_data["narrative"],
                requirements=form.requirements(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft was saved. Submit it when it is ready."))
            return redirect("appeal:entry_detail", entry_id=entry.pk)
    return render(request, "appeal/propose.html", {"cycle": cycle, "form": form})


def _decisions(entry):
    """Status changes of an entry, newest first, with who decided and the note."""
    history = list(
        entry.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes = []
    previous = None
    for record in history:
        if previous is None or record.status != previous.status:
            changes.append(record)
        previous = record
    return list(reversed(changes))


@require_GET
def entry_detail(request, entry_id):
    entry = access.get_entry_for_user(request.user, entry_id)
    project = entry.project
    requirements = list(entry.requirements.all())
    requirement_total = sum((r.amount_usd for r in requirements), Decimal("0"))
    contributions = list(
        access.contributions_visible_to(request.user)
        .filter(entry=entry)
        .select_related("donor")
        .order_by("-received_on", "pk")
    )
    funded = sum((c.amount_usd for c in contributions), Decimal("0"))
    interests = list(
        access.interests_visible_to(request.user)
        .filter(entry=entry)
        .select_related("donor", "expressed_by", "contribution")
    )
    viewer = access.viewer_of(request.user)
    own_open_interest = next(
        (
            i
            for i in interests
            if i.donor_id == viewer.organization_id and i.status == Interest.Status.OPEN
        ),
        None,
    )
    return render(
        request,
        "appeal/entry_detail.html",
        {
            "entry": entry,
            "cycle": entry.cycle,
            "project": project,
            "pillars": list(project.pillars.all()),
            "themes": list(project.themes.all()),
            "groups": list(project.working_groups.all()),
            "countries": list(project.countries.all()[:50]),
            "requirements": requirements,
            "requirement_total": requirement_total,
            "contributions": contributions,
            "funded": funded,
            "gap": requirement_total - funded,
            "percent_funded": dashboard.percent(funded, requirement_total),
            "interests": interests,
            "own_open_interest": own_open_interest,
            "decisions": _decisions(entry)
            if viewer.secretariat or access.is_own_entry(request.user, entry)
            else [],
            "can_edit": access.can_edit_entry(request.user, entry),
            "can_submit": access.can_submit_entry(request.user, entry),
            "can_decide": access.can_decide_entry(request.user, entry),
            "can_record": access.can_record_contribution(request.user, entry),
            "can_express_interest": access.can_express_interest(request.user, entry)
            and own_open_interest is None,
            "decision_form": DecisionForm(),
            "interest_form": InterestForm(),
            "can_manage": viewer.secretariat,
        },
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request, entry_id):
    entry = access.get_entry_for_user(request.user, entry_id)
    if not access.can_edit_entry(request.user, entry):
        raise PermissionDenied
    current = {r.year: r.amount_usd for r in entry.requirements.all()}
    form = EntryForm(request.POST or None, entry=entry, requirements=current)
    if request.method == "POST" and form.is_valid():
        changed = actions.update_entry(
            entry,
            actor=request.user,
            narrative=form.cleaned_data["narrative"],
            requirements=form.requirements(),
        )
        if changed:
            messages.success(request, _("The appeal project was saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("appeal:entry_detail", entry_id=entry.pk)
    return render(request, "appeal/entry_form.html", {"entry": entry, "form": form})


@require_POST
def entry_submit(request, entry_id):
    entry = access.get_entry_for_user(request.user, entry_id)
    if not access.can_submit_entry(request.user, entry):
        raise PermissionDenied
    actions.submit_entry(entry, actor=request.user)
    messages.success(request, _("The project was submitted to the Secretariat."))
    return redirect("appeal:entry_detail", entry_id=entry.pk)


@require_POST
def entry_decide(request, entry_id):
    entry = access.get_entry_for_user(request.user, entry_id)
    if not access.can_decide_entry(request.user, entry):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to include or decline the project."))
        return redirect("appeal:entry_detail", entry_id=entry.pk)
    include = form.cleaned_data["decision"] == "include"
    actions.decide_entry(entry, actor=request.user, include=include, note=form.cleaned_data["note"])
    if include:
        messages.success(request, _("The project is included in the appeal."))
    else:
        messages.success(request, _("The project was declined."))
    return redirect("appeal:entry_detail", entry_id=entry.pk)
