"""State changes of assessments, recommendations, uptake and support requests.

Each action runs in a transaction, saves with `update_fields`, and writes a `portal.audit` log
line; django-simple-history keeps the record of who changed what (its middleware sets the user;
`_history_user` is set here too, for calls outside a request). Notifications go out through
Celery once the transaction has committed.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Assessment,
    AssessmentFile,
    Recommendation,
    SupportRequest,
    SupportResponse,
    Uptake,
)
from .notifications import tell_status_changed, tell_uptake_confirmed, tell_uptake_recorded

audit_log = logging.getLogger("portal.audit")

ASSESSMENT_FIELDS = ["state", "assessment_type", "starts_on", "ends_on", "status", "summary"]
RECOMMENDATION_FIELDS = ["theme", "priority", "text", "status"]


def _audit(message: str, *args, actor) -> None:
    audit_log.info("assessments: " + message + " (by user %s)", *args, getattr(actor, "pk", None))


def _apply(instance, fields: dict, names: list[str], actor) -> list[str]:
    changed = []
    for name in names:
        if name not in fields:
            continue
        if instance._state.adding or getattr(instance, name) != fields[name]:
            setattr(instance, name, fields[name])
            changed.append(name)
    instance._history_user = actor
    return changed


@transaction.atomic
def create_assessment(fields: dict, *, actor) -> Assessment:
    assessment = Assessment(created_by=actor)
    _apply(assessment, fields, ASSESSMENT_FIELDS, actor)
    assessment.full_clean(exclude=["created_by"])
    assessment.save()
    _audit("assessment %s created", assessment.pk, actor=actor)
    return assessment


@transaction.atomic
def update_assessment(assessment: Assessment, fields: dict, *, actor) -> list[str]:
    changed = _apply(assessment, fields, ASSESSMENT_FIELDS, actor)
    if changed:
        assessment.full_clean(exclude=["created_by"])
        assessment.save(update_fields=[*changed, "updated_at"])
        _audit("assessment %s changed: %s", assessment.pk, ", ".join(changed), actor=actor)
    return changed


@transaction.atomic
def add_report_file(assessment: Assessment, upload, inspected, *, title: str = "", actor):
    """Store a confidential report file (already checked: `inspected`) under a random name."""
    report = AssessmentFile(
        assessment=assessment,
        title=title,
        original_name=inspected.original_name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor,
    )
    upload.seek(0)
    report.file.save(inspected.original_name, upload, save=False)
    report.save()
    _audit("report file %s added to assessment %s", report.pk, assessment.pk, actor=actor)
    return report


@transaction.atomic
def create_recommendation(assessment: Assessment, fields: dict, *, actor) -> Recommendation:
    # Numbers follow on within an assessment; the lock keeps two additions from clashing.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    last = assessment.recommendations.aggregate(last=Max("number"))["last"] or 0
    recommendation = Recommendation(assessment=assessment, number=last + 1)
    _apply(recommendation, fields, RECOMMENDATION_FIELDS, actor)
    recommendation.full_clean(exclude=["assessment"])
    recommendation.save()
    _audit("recommendation %s created", recommendation.pk, actor=actor)
    return recommendation


@transaction.atomic
def update_recommendation(recommendation: Recommendation, fields: dict, *, actor) -> list[str]:
    changed = _apply(recommendation, fields, RECOMMENDATION_FIELDS, actor)
    if changed:
        recommendation.full_clean(exclude=["assessment"])
        recommendation.save(update_fields=[*changed, "updated_at"])
        _audit("recommendation %s changed: %s", recommendation.pk, ", ".join(changed), actor=actor)
    return changed


def change_recommendation_status(recommendation: Recommendation, status: str, *, actor) -> bool:
    if status not in Recommendation.Status.values:
        raise ValidationError({"status": "Unknown status."})
    with transaction.atomic():
        changed = bool(update_recommendation(recommendation, {"status": status}, actor=actor))
        if changed:
            tell_status_changed(recommendation, actor=actor)
    return changed


@transaction.atomic
def take_up_recommendation(
    recommendation: Recommendation, *, organization, project=None, intention: str = "", actor
) -> Uptake:
    """An entity takes up a recommendation with one of its projects or an intention."""
    intention = (intention or "").strip()
    if project is None and not intention:
        raise ValidationError(_("Link a project or describe what you intend to do."))
    if (
        project is not None
        and organization.pk not in (project.entity_ids or [])
        and (project.lead_organization_id != organization.pk)
    ):
        raise ValidationError(_("The project is not one of your entity's projects."))
    if project is not None:
        existing = Uptake.objects.filter(recommendation=recommendation, project=project).first()
        if existing is not None:
            return existing
    uptake = Uptake(
        recommendation=recommendation,
        organization=organization,
        project=project,
        intention=intention,
        created_by=actor,
    )
    uptake._history_user = actor
    uptake.save()
    _audit(
        "recommendation %s taken up by %s (uptake %s)",
        recommendation.pk,
        organization.label,
        uptake.pk,
        actor=actor,
    )
    tell_uptake_recorded(uptake)
    return uptake


@transaction.atomic
def confirm_uptake(uptake: Uptake, *, actor) -> bool:
    """CTED confirms an uptake (once: a second confirmation changes nothing)."""
    changed = Uptake.objects.filter(pk=uptake.pk, confirmed_at=None).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    )
    if changed:
        uptake.refresh_from_db(fields=["confirmed_at", "confirmed_by"])
        _audit("uptake %s confirmed", uptake.pk, actor=actor)
        tell_uptake_confirmed(uptake)
    return bool(changed)


# --- Member State requests for tailored support --------------------------------------------------


@transaction.atomic
def post_support_request(
    *, state, title: str, themes, description: str, urgency: str, actor
) -> SupportRequest:
    """Record the request, route it (`assessments.routing`), notify after the commit."""
    from .routing import route
    from .tasks import notify_support_request

    support_request = SupportRequest(
        state=state,
        title=title,
        description=description,
        urgency=urgency,
        created_by=actor,
    )
    support_request._history_user = actor
    support_request.full_clean(exclude=["created_by"])
    support_request.save()
    themes = list(themes)
    support_request.themes.set(themes)
    groups, entities = route(state, themes)
    support_request.routed_groups.set(groups)
    support_request.routed_entities.set(entities)
    _audit(
        "support request %s posted by %s, routed to %s group(s) and %s entities",
        support_request.pk,
        state.label,
        len(groups),
        len(entities),
        actor=actor,
    )
    pk = support_request.pk
    transaction.on_commit(lambda: notify_support_request.delay(pk), robust=True)
    return support_request


@transaction.atomic
def respond_to_support_request(
    support_request: SupportRequest, *, organization, text: str, project=None, actor
) -> SupportResponse:
    from .tasks import notify_support_response

    if support_request.status == SupportRequest.Status.CLOSED:
        raise ValidationError(_("The request is closed."))
    response = SupportResponse.objects.create(
        request=support_request,
        organization=organization,
        text=text.strip(),
        project=project,
        created_by=actor,
    )
    # The first answer is the one that counts for the time to first response: a conditional
    # update, so two simultaneous answers cannot both claim it.
    SupportRequest.objects.filter(pk=support_request.pk, first_response_at=None).update(
        first_response_at=response.created_at
    )
    SupportRequest.objects.filter(pk=support_request.pk, status=SupportRequest.Status.OPEN).update(
        status=SupportRequest.Status.ANSWERED
    )
    support_request.refresh_from_db(fields=["first_response_at", "status"])
    _audit("support request %s answered by %s", support_request.pk, organization.label, actor=actor)
    pk = response.pk
    transaction.on_commit(lambda: notify_support_response.delay(pk), robust=True)
    return response


@transaction.atomic
def close_support_request(support_request: SupportRequest, *, actor) -> bool:
    changed = (
        SupportRequest.objects.filter(pk=support_request.pk)
        .exclude(status=SupportRequest.Status.CLOSED)
        .update(status=SupportRequest.Status.CLOSED, closed_at=timezone.now())
    )
    if changed:
        support_request.refresh_from_db(fields=["status", "closed_at"])
        _audit("support request %s closed", support_request.pk, actor=actor)
    return bool(changed)
