"""The Secretariat's audit log: who changed memberships, roles, permissions, visibility and money.

Nothing is written twice: every audited model keeps a django-simple-history table (the
`HistoryRequestMiddleware` records the signed-in person as `history_user`), and the audit log
reads those tables, newest first, as one UNION (`audit_index`), then turns a page of it into
lines with the old → new value of every audited field (`audit_page`, via `diff_against`).

`AuditedHistory` is the `HistoricalRecords` the audited models use: a save that names its
`update_fields` and touches none of the audited fields (a sign-in stamping `last_login`, text
extraction, search-vector updates) writes no history row, so hot write paths stay as they were.

This module is imported by models (for `AuditedHistory`), so it imports no app at module level.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from simple_history.models import HistoricalRecords


class AuditedHistory(HistoricalRecords):
    """Historical records that skip saves changing none of the recorded fields."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields is not None:
            recorded = set()
            for model_field in self.fields_included(instance):
                recorded.update((model_field.name, model_field.attname))
            if not recorded.intersection(update_fields):
                return
        elif not created and not kwargs.get("raw", False) and self._unchanged(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance) -> bool:
        """A full save that leaves every recorded field as the latest record has it (a password
        change saving the whole user, say): one indexed query, and no new row."""
        attnames = [model_field.attname for model_field in self.fields_included(instance)]
        latest = (
            getattr(instance, self.manager_name)
            .order_by("-history_date", "-history_id")
            .values(*attnames)
            .first()
        )
        if latest is None:
            return False
        return all(latest[name] == getattr(instance, name) for name in attnames)


def _acting_user():
    """The signed-in person of the current request (as `HistoryRequestMiddleware` keeps it)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def delete_with_history(queryset) -> int:
    """Delete the rows in a fixed number of statements whatever their number, recording a "-"
    history row for each (a queryset's `delete()` sends one signal, so writes one history row,
    per object). For bulk paths such as the group editors' permission sync."""
    from django.utils import timezone

    model = queryset.model
    history = model.history.model
    rows = list(queryset)
    if not rows:
        return 0
    now, user = timezone.now(), _acting_user()
    history.objects.bulk_create(
        [
            history(
                **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
                history_date=now,
                history_type="-",
                history_user=user,
                history_change_reason="",
            )
            for row in rows
        ]
    )
    return model._base_manager.filter(pk__in=[row.pk for row in rows])._raw_delete(queryset.db)


# --- Reading the log (imports are local: this module loads while the models do) ---------------


@dataclass(frozen=True)
class Area:
    key: str
    label: str  # translated lazily by the caller


@dataclass
class AuditLine:
    """One historical record: who, when, what object, and old → new per audited field."""

    area: str
    area_label: str
    source: str
    source_label: str
    when: datetime.datetime
    who: object  # a User or None
    action: str  # "created", "changed", "deleted"
    subject: str
    changes: list = field(default_factory=list)  # [(label, old, new)]


# (key, area, "app_label.Model", fields shown as the line's subject)
SOURCES = (
    (
        "membership",
        "memberships",
        "workinggroups.WorkingGroupMembership",
        ("organization", "group"),
    ),
    ("group_editor", "roles", "workinggroups.GroupEditor", ("user", "group")),
    ("focal_point", "roles", "entities.FocalPoint", ("user", "organization")),
    ("user", "roles", "entities.User", ("email",)),
    (
        "group_user_permission",
        "permissions",
        "workinggroups.WorkingGroupUserObjectPermission",
        ("user", "permission", "content_object"),
    ),
    (
        "group_team_permission",
        "permissions",
        "workinggroups.WorkingGroupGroupObjectPermission",
        ("group", "permission", "content_object"),
    ),
    (
        "user_permission",
        "permissions",
        "guardian.UserObjectPermission",
        ("user", "permission", "object_pk"),
    ),
    (
        "team_permission",
        "permissions",
        "guardian.GroupObjectPermission",
        ("group", "permission", "object_pk"),
    ),
    ("document", "visibility", "library.Document", ("title",)),
    ("event", "visibility", "calendar_app.Event", ("title",)),
    ("requirement", "money", "appeal.Requirement", ("entry", "year")),
    ("contribution", "money", "appeal.Contribution", ("donor", "entry")),
)
AREAS = ("memberships", "roles", "permissions", "visibility", "money")
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping the log does not show as changes.
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "sequence"}
# Related objects named in the log, fetched with what their names need.
RELATED_SELECTS = {
    "auth.permission": ("content_type",),
    "entities.focalpoint": ("user", "organization"),
    "appeal.appealproject": ("project", "cycle"),
}


def _source_model(label):
    from django.apps import apps

    app_label, model_name = label.split(".")
    return apps.get_model(app_label, model_name)


def history_model(key):
    for source_key, _area, label, _subject in SOURCES:
        if source_key == key:
            return _source_model(label).history.model
    raise KeyError(key)


def sources(area: str = ""):
    return [source for source in SOURCES if not area or source[1] == area]


def audit_index(*, area: str = "", user_id=None, since=None, until=None):
    """One UNION over the audited history tables: (source, history_id, history_date), newest
    first. Filters: an area, the person who changed, a date range (aware datetimes)."""
    from django.db.models import CharField, Value

    parts = []
    for key, _area, label, _subject in sources(area):
        records = _source_model(label).history.all()
        if user_id is not None:
            records = records.filter(history_user_id=user_id)
        if since is not None:
            records = records.filter(history_date__gte=since)
        if until is not None:
            records = records.filter(history_date__lt=until)
        parts.append(
            records.annotate(source=Value(key, output_field=CharField()))
            .values_list("source", "history_id", "history_date")
            .order_by()
        )
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def audit_page(rows) -> list[AuditLine]:
    """Lines for a page of `audit_index` rows: per source on the page, one query for its records
    (with the person) and one for the records before them; m2m audiences and groups in one
    prefetch each; related names in one query per related model."""
    from django.db.models import OuterRef, Subquery

    by_source: dict[str, list[int]] = {}
    for source, history_id, _date in rows:
        by_source.setdefault(source, []).append(history_id)
    spec = {key: (area, label, subject) for key, area, label, subject in SOURCES}
    records, previous = {}, {}
    for source, ids in by_source.items():
        model = history_model(source)
        m2m = list(_m2m_accessors(model).values())
        earlier = (
            model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        found = list(
            model.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .prefetch_related(*m2m)
            .annotate(previous_id=Subquery(earlier))
        )
        before_ids = [record.previous_id for record in found if record.previous_id]
        before = {
            record.history_id: record
            for record in model.objects.filter(history_id__in=before_ids).prefetch_related(*m2m)
        }
        for record in found:
            records[(source, record.history_id)] = record
            previous[(source, record.history_id)] = before.get(record.previous_id)
    names = _related_names(list(records.values()) + [p for p in previous.values() if p])
    lines = []
    for source, history_id, _date in rows:
        record = records.get((source, history_id))
        if record is None:
            continue
        area, label, subject = spec[source]
        old = previous[(source, history_id)]
        lines.append(
            AuditLine(
                area=area,
                area_label=area,
                source=source,
                source_label=str(record.instance_type._meta.verbose_name),
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                subject=" — ".join(str(_display(record, name, names)) for name in subject),
                changes=_changes(record, old, names),
            )
        )
    return lines


def _m2m_accessors(history_model) -> dict:
    """{m2m field name: the historical record's reverse accessor to its m2m history rows}."""
    accessors = {}
    for m2m in getattr(history_model, "_history_m2m_fields", []):
        wanted = f"{history_model._meta.model_name}_{m2m.name}".lower()
        for relation in history_model._meta.related_objects:
            if relation.related_model._meta.model_name == wanted:
                accessors[m2m.name] = relation.get_accessor_name()
    return accessors


def _m2m_rows(record, m2m):
    accessor = _m2m_accessors(type(record)).get(m2m.name)
    return getattr(record, accessor).all() if accessor else []


def _concrete_fields(record):
    return [
        f
        for f in record.instance_type._meta.concrete_fields
        if f.attname in record.__dict__ and f.name not in HIDDEN_FIELDS and not f.primary_key
    ]


def _related_names(records) -> dict:
    """{(model label, pk): name} for every foreign key value on these records."""
    wanted: dict = {}
    for record in records:
        for model_field in _concrete_fields(record):
            if model_field.is_relation and model_field.related_model is not None:
                value = record.__dict__.get(model_field.attname)
                if value is not None:
                    wanted.setdefault(model_field.related_model, set()).add(value)
        for m2m in getattr(record, "_history_m2m_fields", []):
            related = m2m.related_model
            for row in _m2m_rows(record, m2m):
                wanted.setdefault(related, set()).add(
                    getattr(row, m2m.m2m_reverse_field_name() + "_id")
                )
    names = {}
    for related_model, pks in wanted.items():
        key = related_model._meta.label_lower
        queryset = related_model._base_manager.filter(pk__in=pks)
        if key in RELATED_SELECTS:
            queryset = queryset.select_related(*RELATED_SELECTS[key])
        for obj in queryset:
            names[(key, obj.pk)] = _name(obj)
    return names


def _name(obj) -> str:
    from django.contrib.auth.models import Permission

    if isinstance(obj, Permission):
        return obj.name
    if getattr(obj, "label", None) and isinstance(obj.label, str):
        return obj.label
    return str(obj)


def _display(record, name, names):
    model_field = record.instance_type._meta.get_field(name)
    value = record.__dict__.get(model_field.attname)
    return _show(model_field, value, names)


def _show(model_field, value, names) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if model_field.is_relation and model_field.related_model is not None:
        return names.get((model_field.related_model._meta.label_lower, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _m2m_values(record, m2m) -> set:
    return {getattr(row, m2m.m2m_reverse_field_name() + "_id") for row in _m2m_rows(record, m2m)}


def _changes(record, old, names) -> list:
    """[(label, old, new)] for each audited field that differs from the record before (every
    set field for a creation; nothing for a deletion). Many-to-many fields are compared from the
    prefetched history rows, not by `diff_against`'s two queries per field and record."""
    rows = []
    if record.history_type == "-":
        return rows
    fields = {f.name: f for f in _concrete_fields(record)}
    m2m_fields = list(getattr(record, "_history_m2m_fields", []))
    if old is None:
        for model_field in fields.values():
            new = record.__dict__.get(model_field.attname)
            if new not in (None, "", [], False):
                rows.append((str(model_field.verbose_name), "—", _show(model_field, new, names)))
    else:
        # Compared field by field (like `diff_against`, which leaves out non-editable fields
        # such as a contribution's computed USD amount).
        for model_field in fields.values():
            before = old.__dict__.get(model_field.attname)
            new = record.__dict__.get(model_field.attname)
            if before != new:
                rows.append(
                    (
                        str(model_field.verbose_name),
                        _show(model_field, before, names),
                        _show(model_field, new, names),
                    )
                )
    for m2m in m2m_fields:
        new_ids = _m2m_values(record, m2m)
        old_ids = _m2m_values(old, m2m) if old is not None else set()
        if new_ids == old_ids:
            continue
        key = m2m.related_model._meta.label_lower
        rows.append(
            (
                str(m2m.verbose_name),
                _listed(names, key, old_ids),
                _listed(names, key, new_ids),
            )
        )
    return rows


def _listed(names, key, ids) -> str:
    return ", ".join(sorted(names.get((key, pk), f"#{pk}") for pk in ids)) or "—"
