"""Bulk import of projects from CSV or XLSX: parse, validate row by row, preview, then confirm.

1. The upload is checked (size cap, CSV must be UTF-8 text without NUL bytes, XLSX is inspected
   as a ZIP container by `library.files.inspect_upload`: no macros, no archive bombs) and parsed
   into plain rows (lists of text), at most `MAX_ROWS`.
2. Each row is validated (`validate_rows`): known entity, country, theme, pillar, Working Group and
   region codes, ISO dates in order, a budget that is a non-negative number, known status and
   funding values, and the importer's right to write the row (an entity's focal points import
   only projects their entity leads, and update only those). Rows are upserted by `code`.
3. The parsed rows (not the file) are kept in the cache under a random token bound to the user
   (`stash_rows` / `load_rows`) until the person confirms; the confirmation validates them again
   and imports only the good ones.
"""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entities.models import Organization, Pillar, Region, Theme
from workinggroups.models import WorkingGroup

from .models import Project
from .projects import viewer_of

COLUMNS = [
    "code",
    "title",
    "lead_entity",
    "partners",
    "donors",
    "countries",
    "regions",
    "global",
    "pillars",
    "themes",
    "working_groups",
    "starts_on",
    "ends_on",
    "budget_usd",
    "funding_status",
    "status",
    "description",
    "beneficiaries",
]
REQUIRED = ("code", "title", "lead_entity", "starts_on", "ends_on")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
STASH_TTL = 3600
LIST_SEPARATOR = ";"
TRUE_WORDS = {"yes", "y", "true", "1", "x", "oui", "sí", "si"}
FALSE_WORDS = {"", "no", "n", "false", "0", "non"}

EXAMPLE_ROW = [
    "UNODC-KEN-2025-01",
    "Strengthening criminal justice responses to terrorism in East Africa",
    "UNODC",
    "UNOCT; CTED",
    "DEU; European Union",
    "KEN; SOM; UGA",
    "",
    "no",
    "2",
    "criminal-justice; law-enforcement",
    "2",
    "2025-01-01",
    "2026-12-31",
    "1250000",
    "partial",
    "ongoing",
    "Training of prosecutors and judges on terrorism cases.",
    "Prosecutors, judges, investigators",
]


class ImportFileError(ValueError):
    """The file as a whole cannot be read (the message says why)."""


# --- reading the file ----------------------------------------------------------------------------


def read_upload(upload) -> list[list[str]]:
    """The data rows (header checked and dropped) of an uploaded CSV or XLSX file."""
    name = (getattr(upload, "name", "") or "").lower()
    if not upload.size:
        raise ImportFileError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: the limit is %(limit)s MB.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    if name.endswith(".xlsx"):
        rows = _read_xlsx(upload)
    elif name.endswith(".csv"):
        rows = _read_csv(upload)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file (use the template)."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    header = [cell.strip().lower() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if header != COLUMNS:
        raise ImportFileError(
            _("The first row must be exactly the template's columns: %(columns)s")
            % {"columns": ", ".join(COLUMNS)}
        )
    data = rows[1:]
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once.")
            % {"count": len(data), "limit": MAX_ROWS}
        )
    return [(row + [""] * len(COLUMNS))[: len(COLUMNS)] for row in data]


def _read_csv(upload) -> list[list[str]]:
    upload.seek(0)
    raw = upload.read()
    if b"\x00" in raw:
        raise ImportFileError(_("This is not a CSV file (it contains binary data)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except csv.Error as exc:
        raise ImportFileError(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(upload) -> list[list[str]]:
    from library.files import inspect_upload

    try:
        inspected = inspect_upload(upload)
    except ValidationError as exc:
        raise ImportFileError(" ".join(exc.messages)) from None
    if inspected.kind != "xlsx":
        raise ImportFileError(_("Upload a .csv or .xlsx file (use the template)."))
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types on damaged files
        raise ImportFileError(_("The Excel file is damaged and cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 5):
            rows.append([_cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


# --- validating rows ---------------------------------------------------------------------------


@dataclass
class ImportRow:
    number: int  # the row number in the file (the header is row 1)
    cells: dict
    data: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    action: str = ""  # "create" or "update"

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Lookups:
    entities: dict
    organizations: dict  # donors: any organization by acronym, ISO3, slug or name
    countries: dict
    themes: dict
    pillars: dict
    groups: dict
    existing: dict  # code -> (pk, lead organization id)

    @classmethod
    def load(cls, codes) -> Lookups:
        entities, organizations, countries = {}, {}, {}
        for org in Organization.objects.only("pk", "kind", "name", "acronym", "slug", "iso3"):
            keys = {org.name.lower(), org.slug.lower()}
            if org.acronym:
                keys.add(org.acronym.lower())
            if org.iso3:
                keys.add(org.iso3.lower())
            for key in keys:
                organizations.setdefault(key, org)
            if org.kind == Organization.Kind.COMPACT_ENTITY:
                for key in keys:
                    entities.setdefault(key, org)
            if org.kind == Organization.Kind.MEMBER_STATE:
                for key in keys:
                    countries.setdefault(key, org)
        themes = {}
        for theme in Theme.objects.all():
            themes[theme.slug.lower()] = theme
            themes[theme.name.lower()] = theme
        pillars = {}
        for pillar in Pillar.objects.all():
            pillars[str(pillar.number)] = pillar
            pillars[pillar.numeral.lower()] = pillar
        groups = {}
        for group in WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP):
            groups[str(group.number)] = group
            groups[group.slug.lower()] = group
        existing = {
            code: (pk, lead)
            for code, pk, lead in Project.objects.filter(code__in=codes).values_list(
                "code", "pk", "lead_organization_id"
            )
        }
        return cls(entities, organizations, countries, themes, pillars, groups, existing)


def _split(value: str, table: dict) -> list[str]:
    """Parts separated by ";" (or by "," when a part is not a known name with a comma in it)."""
    parts = []
    for part in value.split(LIST_SEPARATOR):
        part = part.strip()
        if "," in part and part.lower() not in table:
            parts.extend(p.strip() for p in part.split(","))
        else:
            parts.append(part)
    return [part for part in parts if part]


def _codes(row: ImportRow, column: str, table: dict, label: str) -> list:
    found = []
    for part in _split(row.cells[column], table):
        item = table.get(part.lower())
        if item is None:
            row.errors.append(
                _("Unknown %(what)s code “%(code)s”.") % {"what": label, "code": part}
            )
        elif item not in found:
            found.append(item)
    return found


def _date(row: ImportRow, column: str, label: str):
    value = row.cells[column]
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        row.errors.append(
            _("%(what)s “%(value)s” is not a date (write YYYY-MM-DD).")
            % {"what": label, "value": value}
        )
        return None


def validate_rows(raw_rows: list[list[str]], user) -> list[ImportRow]:
    """Check each row; `ImportRow.data` holds what `project_actions` needs for the good ones."""
    viewer = viewer_of(user)
    rows = [
        ImportRow(number=index + 2, cells=dict(zip(COLUMNS, cells, strict=True)))
        for index, cells in enumerate(raw_rows)
    ]
    lookups = Lookups.load([row.cells["code"] for row in rows if row.cells["code"]])
    seen_codes: dict[str, int] = {}
    statuses = {value for value, _label in Project.Status.choices}
    fundings = {value for value, _label in Project.Funding.choices}
    regions_by_name = {value.lower(): value for value in Region.values}
    for row in rows:
        cells = row.cells
        for column in REQUIRED:
            if not cells[column]:
                row.errors.append(_("The column “%(column)s” is empty.") % {"column": column})
        code = cells["code"]
        if len(code) > 40:
            row.errors.append(_("The code is longer than 40 characters."))
        if code in seen_codes:
            row.errors.append(
                _("The code “%(code)s” is also on row %(row)s.")
                % {"code": code, "row": seen_codes[code]}
            )
        elif code:
            seen_codes[code] = row.number
        if len(cells["title"]) > 300:
            row.errors.append(_("The title is longer than 300 characters."))
        lead = None
        if cells["lead_entity"]:
            lead = lookups.entities.get(cells["lead_entity"].lower())
            if lead is None:
                row.errors.append(
                    _("Unknown entity code “%(code)s”.") % {"code": cells["lead_entity"]}
                )
        partners = _codes(row, "partners", lookups.entities, _("entity"))
        donors = _codes(row, "donors", lookups.organizations, _("donor"))
        countries = _codes(row, "countries", lookups.countries, _("country"))
        pillars = _codes(row, "pillars", lookups.pillars, _("pillar"))
        themes = _codes(row, "themes", lookups.themes, _("theme"))
        groups = _codes(row, "working_groups", lookups.groups, _("Working Group"))
        regions = _codes(row, "regions", regions_by_name, _("region"))
        is_global = cells["global"].lower()
        if is_global not in TRUE_WORDS | FALSE_WORDS:
            row.errors.append(_("“global” must be yes or no."))
        starts_on = _date(row, "starts_on", _("Start"))
        ends_on = _date(row, "ends_on", _("End"))
        if starts_on and ends_on and ends_on < starts_on:
            row.errors.append(_("The project ends before it starts."))
        budget = None
        if cells["budget_usd"]:
            text = cells["budget_usd"].replace(" ", "").replace(",", "").replace("$", "")
            try:
                budget = Decimal(text)
                if not budget.is_finite() or budget < 0 or budget >= Decimal("1e14"):
                    raise InvalidOperation
                budget = budget.quantize(Decimal("0.01"))
            except InvalidOperation:
                budget = None
                row.errors.append(
                    _("The budget “%(value)s” is not a number of US dollars.")
                    % {"value": cells["budget_usd"]}
                )
        funding = cells["funding_status"].lower() or Project.Funding.UNFUNDED
        if funding not in fundings:
            row.errors.append(
                _("Unknown funding status “%(value)s” (use %(choices)s).")
                % {"value": cells["funding_status"], "choices": ", ".join(sorted(fundings))}
            )
        status = cells["status"].lower() or Project.Status.ONGOING
        if status not in statuses:
            row.errors.append(
                _("Unknown status “%(value)s” (use %(choices)s).")
                % {"value": cells["status"], "choices": ", ".join(sorted(statuses))}
            )
        existing = lookups.existing.get(code)
        row.action = "update" if existing else "create"
        if not viewer.secretariat:
            own = viewer.organization_id
            if not viewer.may_create:
                row.errors.append(_("Only Compact entities and the Secretariat import projects."))
            elif lead is not None and lead.pk != own:
                row.errors.append(_("You may import only projects your own entity leads."))
            elif existing and existing[1] != own:
                row.errors.append(
                    _("A project with this code exists and is led by another entity.")
                )
        if row.errors:
            continue
        row.data = {
            "code": code,
            "title": cells["title"],
            "lead_organization": lead,
            "partners": [p for p in partners if p != lead],
            "donors": donors,
            "countries": countries,
            "regions": regions,
            "is_global": is_global in TRUE_WORDS,
            "pillars": pillars,
            "themes": themes,
            "working_groups": groups,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "budget_usd": budget,
            "funding_status": funding,
            "status": status,
            "description": cells["description"],
            "beneficiaries": cells["beneficiaries"],
        }
    return rows


# --- keeping the parsed rows between preview and confirmation ------------------------------------


def _stash_key(user, token: str) -> str:
    return f"projects:import:{user.pk}:{token}"


def stash_rows(user, raw_rows: list[list[str]], file_name: str) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(_stash_key(user, token), {"rows": raw_rows, "name": file_name}, STASH_TTL)
    return token


def load_rows(user, token: str) -> dict | None:
    if not token or len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return cache.get(_stash_key(user, token))


def drop_rows(user, token: str) -> None:
    cache.delete(_stash_key(user, token))


# --- the template ----------------------------------------------------------------------------


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    return "\ufeff" + out.getvalue()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projects"
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE_ROW)
    help_sheet = workbook.create_sheet("Codes")
    help_sheet.append(["column", "what to write"])
    for column, text in [
        ("lead_entity, partners", "Compact entity acronyms (UNODC; UNOCT), separated by ;"),
        ("donors", "any organization: acronym, ISO3 code or name, separated by ;"),
        ("countries", "ISO 3166 alpha-3 codes (KEN; SOM)"),
        ("regions", "Africa, Americas, Asia, Europe, Oceania"),
        ("pillars", "1 to 4"),
        ("themes", "theme slugs, e.g. criminal-justice"),
        ("working_groups", "Working Group numbers, 1 to 8"),
        ("starts_on, ends_on", "YYYY-MM-DD"),
        ("funding_status", "unfunded, partial, funded"),
        ("status", "pipeline, ongoing, completed, suspended"),
    ]:
        help_sheet.append([column, text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
