"""Newsletters ("Compact in Review"): the list for everyone; drafting, editing, publishing for the
Secretariat. A newsletter someone may not see (a draft, for anyone but the Secretariat) answers
404; a published one they may see but not change answers 403 on the edit and publish URLs.
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

from . import newsletters
from .models import Document
from .visibility import is_library_secretariat

PER_PAGE = 20


class PeriodForm(forms.Form):
    period_start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period must end after it starts."))
            if (end - start).days > 400:
                raise forms.ValidationError(_("A newsletter covers at most a year."))
        return data


class NewsletterForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=gettext_lazy("Content"),
        help_text=gettext_lazy(
            "HTML: paragraphs, headings, lists, links, bold and italics are kept; "
            "anything else is removed when you save."
        ),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 24}),
    )


def _newsletter_to_change(request, pk) -> Document:
    """The newsletter, for the Secretariat; 404 if the user may not see it, 403 if only see."""
    document = newsletters.newsletters_for(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    if not is_library_secretariat(request.user):
        raise PermissionDenied
    return document


@require_GET
def newsletter_list(request):
    paginator = Paginator(newsletters.newsletters_for(request.user), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "library/newsletter_list.html",
        {
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "can_draft": is_library_secretariat(request.user),
        },
    )


@require_GET
def newsletter_detail(request, pk):
    document = newsletters.newsletters_for(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return render(
        request,
        "library/newsletter_detail.html",
        {"newsletter": document, "can_edit": is_library_secretariat(request.user)},
    )


@require_http_methods(["GET", "POST"])
def newsletter_new(request):
    if not is_library_secretariat(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            document = newsletters.generate_newsletter_draft(
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                actor=request.user,
            )
            messages.success(request, _("The draft is ready: review and edit it, then publish."))
            return redirect("newsletter_edit", pk=document.pk)
    else:
        start, end = newsletters.default_period()
        form = PeriodForm(initial={"period_start": start, "period_end": end})
    return render(request, "library/newsletter_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def newsletter_edit(request, pk):
    document = _newsletter_to_change(request, pk)
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        if form.is_valid():
            newsletters.update_newsletter(document, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The newsletter was saved."))
            return redirect("newsletter_edit", pk=document.pk)
    else:
        form = NewsletterForm(
            initial={"title": document.title, "summary": document.summary, "body": document.body}
        )
    return render(request, "library/newsletter_edit.html", {"newsletter": document, "form": form})


@require_POST
def newsletter_publish(request, pk):
    document = _newsletter_to_change(request, pk)
    if newsletters.publish_newsletter(document, actor=request.user):
        messages.success(request, _("The newsletter is published; the network is being told."))
    else:
        messages.info(request, _("The newsletter was already published."))
    return redirect("newsletter_detail", pk=document.pk)
