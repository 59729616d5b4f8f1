"""The Secretariat's audit log (`/audit/`) and its CSV/XLSX export.

Secretariat only: everyone else gets 404, like the portal's other Secretariat pages (the appeal
audit, for one). The page reads `compact_portal.audit`: one UNION of the audited history tables
for the page's rows and count, then a fixed number of queries per source on the page.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from entities.accounts import is_secretariat
from entities.exports import FORMATS, table_response
from entities.models import User

from . import audit

PER_PAGE = 50
EXPORT_MAX_LINES = 20_000
EXPORT_CHUNK = 500

AREA_LABELS = {
    "memberships": gettext_lazy("Memberships"),
    "roles": gettext_lazy("Roles"),
    "permissions": gettext_lazy("Permissions"),
    "visibility": gettext_lazy("Visibility"),
    "money": gettext_lazy("Money"),
}
ACTION_LABELS = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
}


class AuditFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=gettext_lazy("Area"),
        required=False,
        choices=[("", gettext_lazy("Every area")), *AREA_LABELS.items()],
    )
    person = forms.EmailField(
        label=gettext_lazy("Changed by (email)"), required=False, max_length=254
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Inclusive."),
    )

    def clean_person(self):
        email = self.cleaned_data["person"]
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).only("pk", "email").first()
        if user is None:
            raise forms.ValidationError(_("Nobody has this email address."))
        return user

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}

        def start_of(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        person = data.get("person")
        return {
            "area": data.get("area") or "",
            "user_id": person.pk if person else None,
            "since": start_of(data["since"]) if data.get("since") else None,
            "until": (
                start_of(data["until"] + datetime.timedelta(days=1)) if data.get("until") else None
            ),
        }


def _secretariat_only(request):
    if not is_secretariat(request.user):
        raise Http404


def _labelled(lines):
    for line in lines:
        line.area_label = str(AREA_LABELS.get(line.area, line.area))
        line.action_label = str(ACTION_LABELS.get(line.action, line.action))
    return lines


@require_GET
def audit_log(request):
    _secretariat_only(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        lines, page_obj, page_range = [], None, []
    else:
        paginator = Paginator(audit.audit_index(**form.filters()), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        page_range = paginator.get_elided_page_range(page_obj.number)
        lines = _labelled(audit.audit_page(list(page_obj.object_list)))
    response = render(
        request,
        "audit/log.html",
        {"form": form, "lines": lines, "page_obj": page_obj, "page_range": page_range},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def export_lines(filters: dict):
    """One row per changed field (or one per record without changes), newest first; bounded."""
    index = audit.audit_index(**filters)
    written = 0
    for start in range(0, EXPORT_MAX_LINES, EXPORT_CHUNK):
        rows = list(index[start : start + EXPORT_CHUNK])
        if not rows:
            return
        for line in _labelled(audit.audit_page(rows)):
            who = line.who.email if line.who else _("system")
            base = [
                timezone.localtime(line.when).strftime("%Y-%m-%d %H:%M:%S"),
                who,
                line.area_label,
                line.source_label,
                line.subject,
                line.action_label,
            ]
            for label, old, new in line.changes or [("", "", "")]:
                yield [*base, label, old, new]
            written += 1
            if written >= EXPORT_MAX_LINES:
                return


@require_GET
def audit_export(request):
    _secretariat_only(request)
    kind = request.GET.get("format", "csv")
    if kind not in FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Invalid filters."))
    headers = [
        _("When"),
        _("Who"),
        _("Area"),
        _("What"),
        _("Which"),
        _("Change"),
        _("Field"),
        _("Old value"),
        _("New value"),
    ]
    response = table_response(
        "compact-audit-log", headers, export_lines(form.filters()), kind, sheet=_("Audit log")
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
