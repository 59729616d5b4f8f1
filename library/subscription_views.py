"""What a person follows in the library: the list (with unfollow) and the follow endpoint.

Every signed-in person manages their own subscriptions only: someone else's subscription id
answers 404. Following is a POST from a button anywhere (a theme, a group, an organization, or
the library's search page for a saved search); htmx requests get the button back.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from entities.models import Organization, Theme
from workinggroups.models import WorkingGroup

from . import subscriptions
from .models import Subscription

PER_PAGE = 50


class FollowForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Follow"), choices=Subscription.Kind.choices)
    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    MODELS = {
        Subscription.Kind.THEME: ("theme", Theme),
        Subscription.Kind.GROUP: ("group", WorkingGroup),
        Subscription.Kind.ORGANIZATION: ("organization", Organization),
    }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind == Subscription.Kind.SEARCH:
            query = subscriptions.normalize_saved_query(data.get("query", ""))
            if not query:
                raise forms.ValidationError(_("Search for something before following the search."))
            data["target"] = {"query": query, "name": data.get("name", "")}
            return data
        field, model = self.MODELS[kind]
        target = model.objects.filter(pk=data.get("id")).first() if data.get("id") else None
        if target is None:
            raise forms.ValidationError(_("Choose what to follow."))
        data["target"] = {field: target}
        return data


class FollowChoicesForm(forms.Form):
    """The subscriptions page's own form: pick a theme, a group or an organization."""

    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"), queryset=Theme.objects.order_by("name"), required=False
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Working Group"),
        queryset=WorkingGroup.objects.order_by("kind", "number"),
        required=False,
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organization"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.OTHER).order_by("name"),
        required=False,
    )


def _safe_next(request, default):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def subscription_list(request):
    """What I follow, paginated; POST `unfollow=<id>` stops following one of them."""
    if request.method == "POST":
        try:
            pk = int(request.POST.get("unfollow", ""))
        except ValueError:
            raise Http404 from None
        subscription = Subscription.objects.filter(pk=pk, user=request.user).first()
        if subscription is None:
            raise Http404
        label = subscriptions.subscription_label(subscription)
        subscriptions.unfollow(subscription, actor=request.user)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": label})
        return redirect(_safe_next(request, reverse("library_subscriptions")))
    paginator = Paginator(subscriptions.subscriptions_of(request.user), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    for subscription in page_obj.object_list:
        subscription.label = subscriptions.subscription_label(subscription)
    focal_point = getattr(request.user, "focal_point", None)
    return render(
        request,
        "library/subscriptions.html",
        {
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "choices_form": FollowChoicesForm(),
            "frequency": focal_point.get_notification_frequency_display() if focal_point else "",
        },
    )


@require_POST
def follow(request):
    """Follow a theme, group or organization (kind + id) or a saved search (kind=search + query)."""
    data = request.POST.copy()
    # The subscriptions page posts one select per kind: take the one that was chosen.
    if not data.get("id") and data.get("kind") in FollowForm.MODELS:
        data["id"] = data.get(data["kind"], "")
    form = FollowForm(data)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "library/partials/_subscriptions_follow.html",
                {"form": form},
                status=400,
            )
        for error in form.non_field_errors() or [_("Choose what to follow.")]:
            messages.error(request, error)
        return redirect(reverse("library_subscriptions"))
    kind = form.cleaned_data["kind"]
    subscription = subscriptions.follow(
        request.user, actor=request.user, kind=kind, **form.cleaned_data["target"]
    )
    label = subscriptions.subscription_label(subscription)
    if request.htmx:
        return render(
            request,
            "library/partials/_subscriptions_follow.html",
            {"subscription": subscription, "label": label},
        )
    messages.success(request, _("You now follow %(name)s.") % {"name": label})
    return redirect(_safe_next(request, reverse("library_subscriptions")))
