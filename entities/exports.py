"""Directory exports (CSV, XLSX) and vCards.

Exports contain each person's email and phone only where the person chose to show them, whoever
exports (see `entities.directory`): the file leaves the portal. vCards carry what the viewer may
see (`reveal_contacts` sets `shown_email` / `shown_phone`).
"""

import csv
import io
import re
from decimal import Decimal

import vobject
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import names
from .directory import shareable_contacts
from .models import FocalPoint, Theme

FORMATS = ("csv", "xlsx")
EXPORT_MAX_ROWS = 50_000  # bounded: the whole network is ~10,000 people at scale 10
CHUNK = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"^\+?[0-9 ()./-]+$")  # "+43 1 26060": no function can hide in it


def safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PHONE_LIKE.match(text):
        return "'" + text
    return text


def typed_cell(value):
    """Numbers and dates stay typed (sortable in a spreadsheet); text is made formula-safe."""
    if isinstance(value, bool):
        return safe_cell(value)
    if isinstance(value, int | float | Decimal) or hasattr(value, "isoformat"):
        return value
    return safe_cell(value)


class _Echo:
    def write(self, value):
        return value


def table_response(
    stem: str, headers, rows, kind: str, *, sheet: str = "", typed=False, dated=True, stream=True
):
    """A CSV (streamed) or XLSX download of `headers` and `rows` (any iterable), every cell made
    formula-safe; `typed` keeps numbers and dates as such; the file is named `stem`, dated unless
    `dated` is False; `stream=False` writes the CSV in one piece (small tables). The one export
    writer of the portal."""
    cell = typed_cell if typed else safe_cell
    if dated:
        stem = f"{stem}-{timezone.localdate().isoformat()}"
    filename = f"{stem}.{kind}"
    if kind == "csv":
        writer = csv.writer(_Echo())

        def chunks():
            yield "\ufeff"  # a byte-order mark, so Excel reads the file as UTF-8
            yield writer.writerow(list(headers))
            for row in rows:
                yield writer.writerow([cell(value) for value in row])

        if stream:
            response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
        else:
            body = "".join(chunks())
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(str(sheet or stem)[:31])
        worksheet.append(list(headers))
        for row in rows:
            worksheet.append([cell(value) for value in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "contact"


def headers() -> list[str]:
    return [
        _("First name"),
        _("Last name"),
        _("Organization"),
        _("Kind of organization"),
        _("Position"),
        _("Country"),
        _("Email"),
        _("Phone"),
        _("Expertise"),
        _("Languages"),
        _("In the directory since"),
    ]


def export_rows(queryset):
    """One list of cells per focal point, in the queryset's order, themes in the same query."""
    themes = ArraySubquery(
        # In the reader's language (django-modeltranslation's `values("name")` would select two
        # columns, the reader's and English, which a subquery cannot return).
        Theme.objects.filter(focalpoint=OuterRef("pk"))
        .annotate(label=names.translated("name"))
        .order_by(names.sort_key("name"))
        .values("label")
    )
    qs = queryset.select_related("user", "organization", "country").annotate(theme_names=themes)
    languages = dict(FocalPoint.Language.choices)
    for fp in qs[:EXPORT_MAX_ROWS].iterator(chunk_size=CHUNK):
        email, phone = shareable_contacts(fp)
        yield [
            fp.user.first_name,
            fp.user.last_name,
            fp.organization.label,
            fp.organization.get_kind_display(),
            fp.position,
            fp.country.name if fp.country else "",
            email,
            phone,
            "; ".join(fp.theme_names or []),
            ", ".join(str(languages.get(code, code)) for code in fp.languages),
            fp.created_at.date().isoformat(),
        ]


def export(queryset, kind: str):
    return table_response(
        "compact-directory", headers(), export_rows(queryset), kind, sheet=_("Directory")
    )


def vcard(fp) -> str:
    """A vCard 3.0 with what the viewer may see (`fp.shown_email` / `fp.shown_phone`)."""
    card = vobject.vCard()
    user = fp.user
    card.add("n").value = vobject.vcard.Name(family=user.last_name, given=user.first_name)
    card.add("fn").value = user.get_full_name() or fp.organization.label
    card.add("org").value = [fp.organization.name]
    if fp.position:
        card.add("title").value = fp.position
    if fp.shown_email:
        email = card.add("email")
        email.value = fp.shown_email
        email.type_param = "INTERNET"
    if fp.shown_phone:
        tel = card.add("tel")
        tel.value = fp.shown_phone
        tel.type_param = "WORK"
    if fp.country:
        card.add("adr").value = vobject.vcard.Address(country=fp.country.name)
    return card.serialize()
