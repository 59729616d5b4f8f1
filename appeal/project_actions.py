"""State changes of the Matrix of UN projects: create, update, delete, overlap verdicts, import.

Views and the importer call these after checking permissions (`appeal.projects.can_edit_project`);
each runs in one transaction, keeps the id arrays in step (`refresh_project_arrays`), lets
django-simple-history record who changed what (the actor is set as the history user), and writes a
`portal.audit` line.
"""

from __future__ import annotations

import logging

from django.db import transaction

from .models import OverlapVerdict, Project
from .projects import portfolio_changed, refresh_project_arrays

audit_log = logging.getLogger("portal.audit")

SCALAR_FIELDS = (
    "code",
    "title",
    "lead_organization",
    "regions",
    "is_global",
    "starts_on",
    "ends_on",
    "budget_usd",
    "funding_status",
    "status",
    "description",
    "beneficiaries",
)
M2M_FIELDS = ("partners", "donors", "countries", "pillars", "themes", "working_groups")


def _set_history_user(project: Project, actor) -> None:
    # simple-history reads `_history_user` before its middleware's request user.
    project._history_user = actor


def _apply_links(project: Project, data: dict) -> None:
    for name in M2M_FIELDS:
        if name in data:
            getattr(project, name).set(data[name] or [])


@transaction.atomic
def create_project(data: dict, *, actor, verdicts: dict | None = None) -> Project:
    """A new project from cleaned form (or import) data; `verdicts`: {other_pk: (verdict, note)}."""
    project = Project(**{name: data[name] for name in SCALAR_FIELDS if name in data})
    project.regions = list(data.get("regions") or [])
    project.created_by = actor if getattr(actor, "pk", None) else None
    _set_history_user(project, actor)
    project.full_clean(exclude=["country_ids", "theme_ids", "pillar_ids", "group_ids"])
    project.save()
    _apply_links(project, data)
    refresh_project_arrays(project)
    if verdicts:
        record_verdicts(project, verdicts, actor=actor)
    audit_log.info("project %s created by user %s", project.pk, getattr(actor, "pk", None))
    return project


@transaction.atomic
def update_project(project: Project, data: dict, *, actor, verdicts: dict | None = None):
    """Save the changed fields (`update_fields`) and links; record verdicts given with the form."""
    changed = []
    for name in SCALAR_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "lead_organization":
            if value.pk != project.lead_organization_id:
                project.lead_organization = value
                changed.append(name)
            continue
        if name == "regions":
            value = list(value or [])
        if getattr(project, name) != value:
            setattr(project, name, value)
            changed.append(name)
    _set_history_user(project, actor)
    if changed:
        project.full_clean(exclude=["country_ids", "theme_ids", "pillar_ids", "group_ids"])
        project.save(update_fields=[*changed, "updated_at"])
    _apply_links(project, data)
    refresh_project_arrays(project)
    if verdicts:
        record_verdicts(project, verdicts, actor=actor)
    audit_log.info(
        "project %s updated by user %s (%s)",
        project.pk,
        getattr(actor, "pk", None),
        ", ".join(changed) or "links",
    )
    return project


@transaction.atomic
def delete_project(project: Project, *, actor) -> None:
    pk = project.pk
    _set_history_user(project, actor)
    project.delete()
    portfolio_changed()
    audit_log.info("project %s deleted by user %s", pk, getattr(actor, "pk", None))


@transaction.atomic
def record_verdict(project: Project, other: Project, verdict: str, note: str = "", *, actor):
    """The editor of `project` judges its overlap with `other` (one verdict per ordered pair)."""
    if other.pk == project.pk:
        raise ValueError("A project cannot overlap itself.")
    if verdict not in OverlapVerdict.Verdict.values:
        raise ValueError(f"Unknown verdict {verdict!r}.")
    row, _created = OverlapVerdict.objects.update_or_create(
        project=project,
        other=other,
        defaults={"verdict": verdict, "note": note[:2000], "recorded_by": actor},
    )
    audit_log.info(
        "overlap verdict %s on projects %s ~ %s by user %s",
        verdict,
        project.pk,
        other.pk,
        getattr(actor, "pk", None),
    )
    return row


def record_verdicts(project: Project, verdicts: dict, *, actor) -> int:
    others = Project.objects.in_bulk([pk for pk in verdicts if pk != project.pk])
    for pk, (verdict, note) in verdicts.items():
        if pk in others and verdict:
            record_verdict(project, others[pk], verdict, note, actor=actor)
    return len(others)


@transaction.atomic
def import_project_rows(rows, *, actor) -> tuple[int, int]:
    """Upsert validated import rows (`appeal.imports.ImportRow` with `.data`) by code.

    Returns (created, updated). The caller validated every row against the actor's rights.
    """
    created = updated = 0
    existing = Project.objects.select_for_update().in_bulk(
        [row.data["code"] for row in rows], field_name="code"
    )
    for row in rows:
        project = existing.get(row.data["code"])
        if project is None:
            existing[row.data["code"]] = create_project(row.data, actor=actor)
            created += 1
        else:
            update_project(project, row.data, actor=actor)
            updated += 1
    audit_log.info(
        "projects imported by user %s: %s created, %s updated",
        getattr(actor, "pk", None),
        created,
        updated,
    )
    return created, updated
