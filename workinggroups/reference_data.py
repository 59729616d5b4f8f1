"""Load the Compact's reference data (entities/data/compact.yaml) into the database.

Idempotent: each row is found by its natural key and written only when a value differs, so a
second run reports nothing created or changed. Rows the Secretariat added in the admin are left
alone; facts the documents state are re-asserted.

Names and texts are written in every language the portal speaks (django-modeltranslation
columns, see `entities/translation.py` and `workinggroups/translation.py`): English from the
YAML (into both the original column and `<field>_en`), the other five from
`reference_translations` (Member States from CLDR). A language without a known translation is
left as it is (empty on a first load, or what the Secretariat wrote in the admin), so the page
falls back to English there.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from entities.models import Organization, Pillar, Theme

from . import reference_translations as translated
from .models import JointProgramme, Priority, WorkingGroup, WorkingGroupMembership

DATA_FILE = Path(__file__).resolve().parent.parent / "entities" / "data" / "compact.yaml"
Kind = Organization.Kind
Role = WorkingGroupMembership.Role


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in models
        ]


class ReferenceDataError(ValueError):
    pass


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _upsert(report: LoadReport, model, lookup: dict, values: dict):
    """Create the row, or update only the fields whose value differs."""
    label = model._meta.verbose_name_plural
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created[label] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
    return obj


def _in_languages(field: str, english: str, translations: dict | None) -> dict:
    """`field` and its English column set to `english`, plus each known translation."""
    values = {field: english, build_localized_fieldname(field, settings.LANGUAGE_CODE): english}
    for code, text in (translations or {}).items():
        if text and code != settings.LANGUAGE_CODE:
            values[build_localized_fieldname(field, code)] = text
    return values


def _texts(fields: dict, translations: dict | None) -> dict:
    """Several fields at once: {field: English} and {field: {language: text}}."""
    values = {}
    for name, english in fields.items():
        values.update(_in_languages(name, english, (translations or {}).get(name)))
    return values


def read_data(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_compact(data: dict | None = None) -> LoadReport:
    # In English: the original columns (read by raw SQL and the history) keep the English text.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return _load(data if data is not None else read_data())


def _load(data: dict) -> LoadReport:
    report = LoadReport()

    pillars = {
        item["number"]: _upsert(
            report,
            Pillar,
            {"number": item["number"]},
            {
                "numeral": item["numeral"],
                **_in_languages("name", item["name"], translated.PILLARS.get(item["number"])),
            },
        )
        for item in data["pillars"]
    }
    for item in data["themes"]:
        _upsert(
            report,
            Theme,
            {"slug": item["slug"]},
            {
                **_in_languages("name", item["name"], translated.THEMES.get(item["slug"])),
                "pillar": pillars.get(item.get("pillar")),
            },
        )

    organizations: dict[str, Organization] = {}

    def organization(item: dict, kind: str, **extra) -> Organization:
        values = {
            "kind": kind,
            **_in_languages("name", item["name"], translated.ORGANIZATIONS.get(item["slug"])),
            **_in_languages("official_name", item.get("official_name") or "", None),
            "acronym": item.get("acronym") or "",
            "aliases": list(item.get("aliases") or []),
            **extra,
        }
        org = _upsert(report, Organization, {"slug": item["slug"]}, values)
        if org.acronym:
            organizations[org.acronym] = org
        return org

    for item in data["entities"]:
        organization(
            item,
            Kind.COMPACT_ENTITY,
            compact_status=item["status"],
            joined_on=_date(item.get("joined")),
            joined_note=item.get("joined_note") or "",
        )
    for item in data.get("other_organizations", []):
        kind = Kind.REGIONAL if item.get("kind") == "regional" else Kind.OTHER
        organization(item, kind)
    for item in data["regional_organizations"]:
        organization(item, Kind.REGIONAL, region=item.get("region") or "")
    for item in data["member_states"]:
        _upsert(
            report,
            Organization,
            {"iso3": item["iso3"]},
            {
                "kind": Kind.MEMBER_STATE,
                "slug": item["iso3"].lower(),
                **_in_languages("name", item["name"], translated.member_state_names(item["iso2"])),
                **_in_languages("official_name", item.get("official_name") or "", None),
                "iso2": item["iso2"],
                "m49": str(item["m49"]).zfill(3),
                "region": item["region"],
                "subregion": item.get("subregion") or "",
            },
        )

    committee_data = data["coordination_committee"]
    committee = _upsert(
        report,
        WorkingGroup,
        {"slug": committee_data["slug"]},
        {
            "kind": WorkingGroup.Kind.COORDINATION_COMMITTEE,
            "number": None,
            **_texts(
                {
                    "name": committee_data["name"],
                    "short_name": committee_data.get("short_name") or "Coordination Committee",
                    "description": (committee_data.get("description") or "").strip(),
                },
                translated.COMMITTEE,
            ),
            "established_on": _date(committee_data.get("established")),
            "chair_title": committee_data.get("chair_title") or "",
            "secretariat": committee_data.get("secretariat") or "",
        },
    )
    _load_committee_composition(report, committee, organizations)

    for item in data["working_groups"]:
        group = _upsert(
            report,
            WorkingGroup,
            {"slug": item["slug"]},
            {
                "kind": WorkingGroup.Kind.WORKING_GROUP,
                "number": item["number"],
                **_texts(
                    {
                        "name": item["name"],
                        "short_name": item.get("short_name") or "",
                        "objectives": (item.get("objectives") or "").strip(),
                    },
                    translated.WORKING_GROUPS.get(item["number"]),
                ),
                "acronym": item.get("acronym") or "",
                "pillar": pillars[item["pillar"]],
                "source_note": item.get("source_note") or "",
            },
        )
        listed = set()
        for membership in item.get("memberships", []):
            org = _resolve(organizations, membership["org"], group)
            listed.add(org.pk)
            _upsert(
                report,
                WorkingGroupMembership,
                {"group": group, "organization": org},
                {"role": membership["role"], "ad_hoc": bool(membership.get("ad_hoc", False))},
            )
        if item.get("all_entities"):
            # "All Counter-Terrorism Compact entities are members or observers of the Working Group"
            for org in organizations.values():
                if org.kind != Kind.COMPACT_ENTITY or org.pk in listed:
                    continue
                role = Role.OBSERVER if org.compact_status == "observer" else Role.MEMBER
                _upsert(
                    report,
                    WorkingGroupMembership,
                    {"group": group, "organization": org},
                    {"role": role, "ad_hoc": False},
                )

    programme_data = data["joint_programme"]
    programme = _upsert(
        report,
        JointProgramme,
        {"start_year": programme_data["start_year"], "end_year": programme_data["end_year"]},
        {
            **_in_languages(
                "title", programme_data["title"], translated.JOINT_PROGRAMME.get("title")
            ),
            "acronym": programme_data.get("acronym") or "",
            "adopted_on": _date(programme_data.get("adopted_on")),
            "adopted_by": committee,
        },
    )
    for item in programme_data["priorities"]:
        _upsert(
            report,
            Priority,
            {"programme": programme, "number": item["number"]},
            _texts(
                {"title": item["title"], "description": item.get("description") or ""},
                translated.PRIORITIES.get(item["number"]),
            ),
        )
    return report


def _resolve(organizations: dict, acronym: str, group) -> Organization:
    try:
        return organizations[acronym]
    except KeyError:
        raise ReferenceDataError(f"{group}: unknown organization {acronym!r}") from None


def _load_committee_composition(report, committee, organizations):
    """All Compact entities sit on the Coordination Committee; the chair is a person (the USG)."""
    for org in organizations.values():
        if org.kind == Kind.COMPACT_ENTITY:
            role = Role.OBSERVER if org.compact_status == "observer" else Role.MEMBER
            _upsert(
                report,
                WorkingGroupMembership,
                {"group": committee, "organization": org},
                {"role": role, "ad_hoc": False},
            )
