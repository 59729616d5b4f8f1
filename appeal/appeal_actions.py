"""State changes of the Multi-Year Appeal: cycles, appeal projects, contributions, interests.

Every function takes the acting user as `actor`, checks that they may do it (PermissionDenied
otherwise; the views check first and answer 403), runs in one transaction, saves with
`update_fields`, and stamps the simple-history record with the actor (`_history_user`), so the
audit page says who changed a requirement or a contribution, when, and from what to what.

Money is Decimal only: `to_usd(amount, rate)` rounds half up to cents.

Inclusion decisions keep their note as the history record's change reason (kept in full, see
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD): the entry page shows it from the history.

A contribution recorded for a project by a donor with an open expression of interest in that
project turns the interest into a pledge (`Interest.contribution`), once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entities.models import Organization

from . import appeal_access as access
from .models import AppealCycle, AppealProject, Contribution, Interest, Project, Requirement

audit_log = logging.getLogger("portal.audit")

CENT = Decimal("0.01")
MAX_USD = Decimal("99999999999999.99")  # 16 digits, 2 decimals (the column)
DEFAULT_INTEREST_LAPSE_DAYS = 90


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount in USD, rounded half up to the cent. Decimal in, Decimal out (never float)."""
    if not isinstance(amount, Decimal) or not isinstance(rate, Decimal):
        raise TypeError("Money is Decimal only.")
    value = (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    if value > MAX_USD:
        raise ValidationError(_("The amount in USD is too large."))
    return value


def interest_lapse_days() -> int:
    return int(getattr(settings, "APPEAL_INTEREST_LAPSE_DAYS", DEFAULT_INTEREST_LAPSE_DAYS))


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# --- cycles ---------------------------------------------------------------------------------

CYCLE_FIELDS = ("title", "start_year", "end_year", "narrative", "accepts_proposals", "published")


@transaction.atomic
def create_cycle(*, actor, **fields) -> AppealCycle:
    _require(access.can_manage(actor))
    cycle = AppealCycle.objects.create(**{k: fields[k] for k in CYCLE_FIELDS if k in fields})
    audit_log.info("appeal cycle %s created by %s", cycle.pk, actor.pk)
    return cycle


@transaction.atomic
def update_cycle(cycle: AppealCycle, *, actor, **fields) -> list[str]:
    _require(access.can_manage(actor))
    changed = [k for k in CYCLE_FIELDS if k in fields and getattr(cycle, k) != fields[k]]
    if {"start_year", "end_year"} & set(changed) and cycle.entries.exists():
        raise ValidationError(_("The years of a cycle with projects cannot change."))
    for name in changed:
        setattr(cycle, name, fields[name])
    if changed:
        cycle.save(update_fields=changed)
        audit_log.info("appeal cycle %s changed by %s: %s", cycle.pk, actor.pk, changed)
    return changed


# --- appeal projects ------------------------------------------------------------------------


def _set_requirements(entry: AppealProject, requirements: dict[int, Decimal], actor) -> int:
    """One requirement per year of the cycle; returns how many rows changed."""
    years = set(entry.cycle.years)
    if set(requirements) - years:
        raise ValidationError(_("A requirement is for a year of the cycle."))
    existing = {r.year: r for r in entry.requirements.all()}
    changed = 0
    for year in sorted(requirements):
        amount = requirements[year]
        if not isinstance(amount, Decimal):
            raise TypeError("Money is Decimal only.")
        amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        if amount < 0 or amount > MAX_USD:
            raise ValidationError(_("A requirement is between 0 and the column's maximum."))
        row = existing.get(year)
        if row is None:
            row = Requirement(entry=entry, year=year, amount_usd=amount)
            row._history_user = actor
            row.save()
            changed += 1
        elif row.amount_usd != amount:
            row.amount_usd = amount
            row._history_user = actor
            row.save(update_fields=["amount_usd"])
            changed += 1
    return changed


@transaction.atomic
def propose_entry(
    cycle: AppealCycle,
    project: Project,
    *,
    actor,
    narrative: str = "",
    requirements: dict[int, Decimal] | None = None,
) -> AppealProject:
    """A draft appeal project for the cycle, with its requirements (years without one: 0)."""
    _require(access.can_propose(actor, cycle))
    viewer = access.viewer_of(actor)
    _require(viewer.secretariat or project.lead_organization_id == viewer.entity_id)
    if AppealProject.objects.filter(cycle=cycle, project=project).exists():
        raise ValidationError(_("This project is already proposed for this cycle."))
    entry = AppealProject(cycle=cycle, project=project, narrative=narrative, proposed_by=actor)
    entry._history_user = actor
    entry.save()
    amounts = {year: Decimal("0") for year in cycle.years}
    amounts.update(requirements or {})
    _set_requirements(entry, amounts, actor)
    audit_log.info("appeal project %s proposed by %s", entry.pk, actor.pk)
    return entry


@transaction.atomic
def update_entry(
    entry: AppealProject,
    *,
    actor,
    narrative: str | None = None,
    requirements: dict[int, Decimal] | None = None,
) -> int:
    entry = (
        AppealProject.objects.select_for_update()
        .select_related("cycle", "project")
        .get(pk=entry.pk)
    )
    _require(access.can_edit_entry(actor, entry))
    changed = 0
    if narrative is not None and narrative != entry.narrative:
        entry.narrative = narrative
        entry._history_user = actor
        entry.save(update_fields=["narrative"])
        changed += 1
    if requirements is not None:
        changed += _set_requirements(entry, requirements, actor)
    return changed


@transaction.atomic
def submit_entry(entry: AppealProject, *, actor) -> AppealProject:
    entry = AppealProject.objects.select_for_update().select_related("project").get(pk=entry.pk)
    _require(access.can_submit_entry(actor, entry))
    entry.status = AppealProject.Status.SUBMITTED
    entry._history_user = actor
    entry.save(update_fields=["status"])
    audit_log.info("appeal project %s submitted by %s", entry.pk, actor.pk)
    return entry


@transaction.atomic
def decide_entry(entry: AppealProject, *, actor, include: bool, note: str = "") -> AppealProject:
    """Include a submitted project in the appeal, or decline it, with a note (kept in history)."""
    entry = AppealProject.objects.select_for_update().get(pk=entry.pk)
    _require(access.can_decide_entry(actor, entry))
    entry.status = AppealProject.Status.INCLUDED if include else AppealProject.Status.DECLINED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry._history_user = actor
    entry._change_reason = (note or "").strip()[:2000]
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log.info("appeal project %s %s by %s", entry.pk, entry.status, actor.pk)
    return entry


# --- contributions --------------------------------------------------------------------------

CONTRIBUTION_FIELDS = (
    "entry",
    "donor",
    "amount",
    "currency",
    "rate_to_usd",
    "received_on",
    "status",
    "confidential",
    "notes",
)


def _check_contribution(cycle: AppealCycle, entry: AppealProject | None, currency: str) -> None:
    if entry is not None:
        if entry.cycle_id != cycle.pk:
            raise ValidationError(_("The project is not part of this cycle."))
        if entry.status != AppealProject.Status.INCLUDED:
            raise ValidationError(_("Contributions go to projects included in the appeal."))
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise ValidationError(_("A currency is a three-letter ISO 4217 code."))


def _link_open_interest(contribution: Contribution) -> None:
    if contribution.entry_id is None:
        return
    Interest.objects.filter(
        entry_id=contribution.entry_id,
        donor_id=contribution.donor_id,
        status=Interest.Status.OPEN,
    ).update(status=Interest.Status.PLEDGED, contribution=contribution, resolved_at=timezone.now())


@transaction.atomic
def record_contribution(
    cycle: AppealCycle,
    *,
    actor,
    donor: Organization,
    amount: Decimal,
    received_on,
    entry: AppealProject | None = None,
    currency: str = "USD",
    rate_to_usd: Decimal = Decimal("1"),
    status: str = Contribution.Status.PLEDGED,
    confidential: bool = False,
    notes: str = "",
) -> Contribution:
    _require(access.can_record_contribution(actor, entry))
    if confidential and not access.can_manage(actor):
        raise PermissionDenied  # the Secretariat marks contributions confidential
    currency = currency.upper()
    _check_contribution(cycle, entry, currency)
    contribution = Contribution(
        cycle=cycle,
        entry=entry,
        donor=donor,
        amount=amount,
        currency=currency,
        rate_to_usd=rate_to_usd,
        amount_usd=to_usd(amount, rate_to_usd),
        received_on=received_on,
        status=status,
        confidential=confidential,
        notes=notes,
        recorded_by=actor,
    )
    contribution._history_user = actor
    contribution.save()
    _link_open_interest(contribution)
    audit_log.info("contribution %s recorded by %s", contribution.pk, actor.pk)
    return contribution


@transaction.atomic
def update_contribution(contribution: Contribution, *, actor, **fields) -> list[str]:
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("cycle", "entry__project")
        .get(pk=contribution.pk)
    )
    _require(access.can_edit_contribution(actor, contribution))
    if "confidential" in fields and fields["confidential"] != contribution.confidential:
        _require(access.can_manage(actor))
    if "entry" in fields and fields["entry"] != contribution.entry:
        _require(access.can_record_contribution(actor, fields["entry"]))
    changed = [
        name
        for name in CONTRIBUTION_FIELDS
        if name in fields and getattr(contribution, name) != fields[name]
    ]
    if not changed:
        return []
    for name in changed:
        setattr(contribution, name, fields[name])
    contribution.currency = contribution.currency.upper()
    _check_contribution(contribution.cycle, contribution.entry, contribution.currency)
    usd = to_usd(contribution.amount, contribution.rate_to_usd)
    if usd != contribution.amount_usd:
        contribution.amount_usd = usd
        changed.append("amount_usd")
    contribution._history_user = actor
    contribution.save(update_fields=changed)
    _link_open_interest(contribution)
    audit_log.info("contribution %s changed by %s: %s", contribution.pk, actor.pk, changed)
    return changed


# --- expressions of interest ----------------------------------------------------------------


@transaction.atomic
def express_interest(entry: AppealProject, *, actor, message: str = "") -> Interest:
    """A donor's interest in a project; the entity and the Secretariat are told after commit."""
    from .tasks import notify_interest

    _require(access.can_express_interest(actor, entry))
    donor_id = access.viewer_of(actor).organization_id
    # One open interest per donor and project (a unique constraint): a second click is the same.
    AppealProject.objects.select_for_update().filter(pk=entry.pk).first()
    existing = Interest.objects.filter(
        entry=entry, donor_id=donor_id, status=Interest.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    interest = Interest.objects.create(
        entry=entry, donor_id=donor_id, expressed_by=actor, message=message.strip()
    )
    pk = interest.pk
    transaction.on_commit(lambda: notify_interest.delay(pk), robust=True)
    audit_log.info("interest %s expressed by %s", interest.pk, actor.pk)
    return interest


@transaction.atomic
def withdraw_interest(interest: Interest, *, actor) -> bool:
    viewer = access.viewer_of(actor)
    _require(viewer.secretariat or interest.donor_id == viewer.organization_id)
    return bool(
        Interest.objects.filter(pk=interest.pk, status=Interest.Status.OPEN).update(
            status=Interest.Status.WITHDRAWN, resolved_at=timezone.now()
        )
    )


def lapse_open_interests(now=None, days: int | None = None) -> int:
    """Open interests older than the lapse period (APPEAL_INTEREST_LAPSE_DAYS) lapse; idempotent."""
    now = now or timezone.now()
    days = interest_lapse_days() if days is None else days
    return Interest.objects.filter(
        status=Interest.Status.OPEN, created_at__lte=now - timedelta(days=days)
    ).update(status=Interest.Status.LAPSED, resolved_at=now)
