"""Directory upkeep pages: the one-click confirmation link, the Secretariat's list of unconfirmed
focal points, and a focal point's choice of alternate. Thin: parse, call `confirmations`, render."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import confirmations
from .accounts import is_secretariat
from .models import ConfirmationRequest, FocalPoint

UNCONFIRMED_PER_PAGE = 25


@never_cache
@require_GET
def confirm_focal_point(request, token):
    """The link in the email: signed in as the person it was sent to, one click confirms."""
    confirmation = confirmations.get_request_for_token(token, request.user)
    if confirmation is None:
        raise Http404
    if confirmation.confirmed_at is not None:
        outcome = "already"
    elif confirmation.resolved_at is not None:
        outcome = "resolved"
    elif confirmations.confirm_request(confirmation, actor=request.user):
        outcome = "confirmed"
    else:  # confirmed or resolved a moment ago, by another click
        outcome = "already"
    return render(
        request,
        "entities/confirmations/confirm.html",
        {
            "outcome": outcome,
            "confirmation": confirmation,
            "interval_days": confirmations.interval().days,
        },
    )


def _require_secretariat(request) -> None:
    if not is_secretariat(request.user):
        raise Http404


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def directory_unconfirmed(request):
    """Flagged, unconfirmed focal points, for the Secretariat to keep or deactivate."""
    _require_secretariat(request)
    paginator = Paginator(confirmations.flagged_requests(), UNCONFIRMED_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number),
        "grace_days": confirmations.grace_period().days,
        "interval_days": confirmations.interval().days,
    }
    if request.htmx:
        return render(request, "entities/confirmations/partials/_unconfirmed_results.html", context)
    return render(request, "entities/confirmations/unconfirmed.html", context)


def _resolve(request, pk: int, action, done_message: str):
    _require_secretariat(request)
    requests = ConfirmationRequest.objects.select_related(
        "focal_point__user", "focal_point__organization"
    )
    confirmation = get_object_or_404(requests, pk=pk)
    person = confirmation.focal_point.user
    if action(confirmation, actor=request.user):
        text = done_message % {"name": person}
        level = messages.SUCCESS
    else:
        text = _("%(name)s was already dealt with.") % {"name": person}
        level = messages.INFO
    if request.htmx:
        return render(
            request,
            "entities/confirmations/partials/_unconfirmed_row_done.html",
            {"confirmation": confirmation, "text": text},
        )
    messages.add_message(request, level, text)
    page = _page_number(request.POST.get("page"))
    return redirect(reverse("directory_unconfirmed") + (f"?page={page}" if page > 1 else ""))


@require_POST
def unconfirmed_still_active(request, pk: int):
    return _resolve(
        request,
        pk,
        confirmations.mark_still_active,
        _("%(name)s is marked as still active."),
    )


@require_POST
def unconfirmed_deactivate(request, pk: int):
    return _resolve(
        request,
        pk,
        confirmations.deactivate_unconfirmed,
        _("%(name)s was deactivated; their roles were handed over."),
    )


class AlternateForm(forms.Form):
    alternate = forms.ModelChoiceField(
        label=gettext_lazy("Alternate"),
        queryset=FocalPoint.objects.none(),
        required=False,
        empty_label=gettext_lazy("No alternate"),
        help_text=gettext_lazy(
            "A colleague from your organization who takes over your Working Group roles if you "
            "leave the network."
        ),
    )

    def __init__(self, *args, focal_point: FocalPoint, **kwargs):
        super().__init__(*args, **kwargs)
        self.focal_point = focal_point
        field = self.fields["alternate"]
        field.queryset = confirmations.alternate_choices(focal_point)
        field.label_from_instance = lambda fp: (
            f"{fp.user.get_full_name() or fp.user.email}"
            + (f" — {fp.position}" if fp.position else "")
        )
        field.error_messages["invalid_choice"] = _(
            "Choose an active focal point of %(organization)s other than yourself."
        ) % {"organization": focal_point.organization.label}
        current = focal_point.alternate
        if current is not None and current.user.is_active:
            field.initial = current.pk

    def clean_alternate(self):
        alternate = self.cleaned_data.get("alternate")
        try:
            confirmations.check_alternate(self.focal_point, alternate)
        except confirmations.AlternateRefused as error:
            raise forms.ValidationError(str(error), code="alternate_refused") from None
        return alternate


def alternate_edit(request):
    focal_point = (
        FocalPoint.objects.select_related("user", "organization", "alternate__user")
        .filter(user=request.user)
        .first()
    )
    if focal_point is None:
        return render(request, "entities/profile_missing.html")
    form = AlternateForm(request.POST or None, focal_point=focal_point)
    if request.method == "POST" and form.is_valid():
        alternate = form.cleaned_data["alternate"]
        confirmations.set_alternate(focal_point, alternate, actor=request.user)
        if alternate is None:
            messages.success(request, _("You have no alternate now."))
        else:
            messages.success(
                request, _("%(name)s is now your alternate.") % {"name": alternate.user}
            )
        return redirect("alternate_edit")
    stale_alternate = (
        focal_point.alternate
        if (focal_point.alternate is not None and not focal_point.alternate.user.is_active)
        else None
    )
    alternate_for = (
        focal_point.alternate_for.filter(user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")[:50]
    )
    return render(
        request,
        "entities/confirmations/alternate.html",
        {
            "form": form,
            "focal_point": focal_point,
            "stale_alternate": stale_alternate,
            "alternate_for": alternate_for,
            "has_choices": form.fields["alternate"].queryset.exists(),
        },
    )
