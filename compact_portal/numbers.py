"""The Compact in numbers: live figures as the viewer may see them, daily snapshots, visits.

Every figure is one cheap aggregate query over the feature's own table, filtered by the feature's
ONE visibility rule, so a figure never counts what its viewer could not open:

- documents: `Document.objects.visible_to(user)`, published ones;
- CTED assessments and recommendations: `assessments.visibility` (a Member State's focal points
  count their own State's; regional organizations see none, so the figures are left out for them);
- projects: `appeal.projects.projects_visible_to`;
- appeal funding: `appeal.appeal_access.contributions_visible_to` (confidential contributions the
  viewer may not see are not in the total, exactly as on the appeal dashboard).

`public_figures()` are the counts that reveal nothing restricted (for the anonymous landing page
and the newsletter): organizations, focal points, documents shared with every focal point, visits.

`take_daily_figures()` stores the Secretariat's figures once a day in `DailyFigures` (idempotent:
one row per day, updated in place); `trend_charts()` draws them over time for the Secretariat.
`visits_by_month()` folds `VisitDay` into months, in all and by kind of organization.

Caching (the home dashboard's latency budget): the live counts are kept in the cache for at most
`FIGURES_TTL` seconds, in parts keyed by who may see them, never by one user's data:

- the network counts (organizations, focal points, groups, visits) reveal nothing restricted:
  one shared entry;
- the restricted counts (assessments, recommendations, projects, appeal funding) depend only on
  the viewer's *audience* (`audience_key`: the Secretariat, or one organization), so one entry
  per audience: a Member State's focal points share their State's entry, nobody else does;
- documents: one entry per audience and per state of the library (its trigger-kept change
  counter is part of the key, so a new, changed or deleted document shows at once). A viewer
  who uploaded documents beyond their audience's shared slices sees those too (the rule's "own
  documents" clause): their figure is counted live, never cached.

Every key also carries a generation token that any save or delete of the models the figures
count (organizations, focal points, users' activity, groups and memberships, documents'
audiences, assessments, recommendations, projects, appeal cycles, entries and contributions) renews
(`connect_invalidation`, wired in `signals.connect`); bulk `.update()`s and visits, which send no
signal, show within `FIGURES_TTL`. Viewers without an audience (no profile) are counted live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy

from entities.accounts import is_secretariat
from entities.models import FocalPoint, Organization, User, VisibilityTier

from .i18n import format_compact_money
from .models import DailyFigures, VisitDay, VisitMark

VISITS_WINDOW_DAYS = 30
TREND_DAYS = 90
VISIT_MONTHS = 12

# key -> label, in display order. Labels are lazy: the keys are stored in `DailyFigures`.
LABELS = {
    "entities": gettext_lazy("Compact entities"),
    "member_states": gettext_lazy("Member States with focal points"),
    "organizations": gettext_lazy("International and regional organizations"),
    "focal_points": gettext_lazy("Focal points"),
    "working_groups": gettext_lazy("Working Groups"),
    "documents": gettext_lazy("Documents shared"),
    "visits": gettext_lazy("Visits in the last 30 days"),
    "recommendations": gettext_lazy("CTED technical assistance recommendations"),
    "assessments": gettext_lazy("CTED country assessments"),
    "projects": gettext_lazy("Projects in the matrix"),
    "appeal_funding": gettext_lazy("Appeal funding (USD)"),
}
# What the Secretariat's trend charts draw (the slow-moving reference counts are left out).
TREND_KEYS = (
    "member_states",
    "organizations",
    "focal_points",
    "documents",
    "visits",
    "recommendations",
    "assessments",
    "projects",
    "appeal_funding",
)
TIER_LABELS = {
    VisibilityTier.UN: gettext_lazy("Compact entities"),
    VisibilityTier.MEMBER_STATE: gettext_lazy("Member States"),
    VisibilityTier.REGIONAL: gettext_lazy("Regional and other organizations"),
    VisibilityTier.SECRETARIAT: gettext_lazy("Secretariat"),
    "other": gettext_lazy("Other"),
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | Decimal
    url: str = ""
    note: str = ""

    @property
    def display(self) -> str:
        if isinstance(self.value, Decimal):
            return short_usd(self.value)
        return number_format(self.value, force_grouping=True)


def short_usd(value: Decimal) -> str:
    """$1.2M style in the reader's language (the exact figure is on the appeal dashboard)."""
    return format_compact_money(value, "USD")


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


# --- the counts ---


def _network_counts() -> dict[str, int]:
    """Organizations and focal points (no restricted information), in one statement: each
    organization is tested for an active focal point by an index lookup, not a join."""
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    active = FocalPoint.objects.filter(organization_id=OuterRef("pk"), user__is_active=True)
    # Active focal points without joining 17,000 users: leave out the (few) inactive ones,
    # a hashed NOT IN over one scan of the profiles.
    inactive = User.objects.filter(is_active=False).values("pk")
    people = (
        FocalPoint.objects.exclude(user_id__in=inactive)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Kind = Organization.Kind
    row = Organization.objects.aggregate(
        entities=Count("pk", filter=Q(kind=Kind.COMPACT_ENTITY)),
        member_states=Count("pk", filter=Q(Exists(active), kind=Kind.MEMBER_STATE)),
        organizations=Count("pk", filter=Q(Exists(active), kind=Kind.REGIONAL)),
        # an uncorrelated sub-select: evaluated once (an InitPlan), wrapped to be an aggregate
        focal_points=Coalesce(Max(Subquery(people)), 0),
    )
    return row


def _working_groups() -> int:
    from workinggroups.models import WorkingGroup

    return WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).count()


def recent_visits(today: dt.date | None = None) -> int:
    """Visits of the last 30 days, today's (not yet folded) included."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=VISITS_WINDOW_DAYS - 1)
    folded = VisitDay.objects.filter(day__gte=start).aggregate(n=Sum("visits"))["n"] or 0
    return folded + VisitMark.objects.filter(day__gte=start).count()


SHARED_SLICES = ("all", "compact")  # the library's stored, audience-independent slices


def shared_slice_totals(names) -> dict[str, int]:
    """Published documents of the shared audiences ("all", "compact"), read from the library's
    stored slice totals (`FacetSummary`, valid while its trigger-kept change counter has not
    moved; recounted, as the library does, when stale): counting 35,000 documents live costs
    about 100 ms, because the planner has to read the whole table."""
    from django.db import connection

    from library.models import FacetSummary
    from library.search import refresh_facet_summary

    names = list(names)
    if not names:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM library_change_counter WHERE id = 1")
        row = cursor.fetchone()
    current = row[0] if row else None
    stored = dict(
        FacetSummary.objects.filter(audience__in=names, change_number=current).values_list(
            "audience", "total"
        )
    )
    for name in names:
        if name not in stored:
            stored[name] = refresh_facet_summary(name).total
    return stored


def _shared_slices(organization_kind: str) -> list[str]:
    """The shared audiences a focal point of an organization of this kind sees whole."""
    if organization_kind == Organization.Kind.COMPACT_ENTITY:
        return ["all", "compact"]
    return ["all"]


def public_documents() -> int:
    """Published documents shared with every focal point (reveals nothing restricted)."""
    return shared_slice_totals(["all"])["all"]


def visible_documents(user) -> int:
    """Published documents `user` may see (`Document.objects.visible_to`), in two parts: the
    shared audiences the viewer sees whole (stored totals), and the small remainder (documents
    for groups, organizations, the Secretariat, or their own) decided row by row by the rule."""
    from library.models import Document
    from library.visibility import audience_of

    audience = audience_of(user)
    if audience.user_id is None:
        return 0
    if audience.secretariat:
        shared = list(SHARED_SLICES)
    elif audience.organization_id is not None:
        shared = _shared_slices(audience.organization_kind)
    else:  # no profile: only what they added themselves
        shared = []
    rest = [value for value in Document.Visibility.values if value not in shared]
    remainder = (
        Document.objects.visible_to(user)
        .filter(status=Document.Status.PUBLISHED, visibility__in=rest)
        .count()
    )
    return sum(shared_slice_totals(shared).values()) + remainder


def sees_assessments(user) -> bool:
    from assessments.visibility import viewer_of

    viewer = viewer_of(user)
    return viewer.user_id is not None and (viewer.sees_all_assessments or viewer.is_state)


def viewer_counts(user) -> dict[str, int | Decimal]:
    """The counts `user` may see (keys of LABELS); restricted ones through each feature's rule.

    Cached per audience (see the module docstring): the same figures as `live_viewer_counts`,
    in two cache round trips (the generations, then the three parts) and two small queries."""
    key = audience_key(user)
    if key is None:
        return live_viewer_counts(user)
    generation, portfolio = _generations()
    documents_key = _documents_key(user, key, generation)
    parts = {
        "network": f"numbers:network:{generation}",
        "restricted": f"numbers:restricted:{generation}:{portfolio}:{key}",
    }
    if documents_key:
        parts["documents"] = documents_key
    found = cache.get_many(parts.values())
    network = found.get(parts["network"])
    if network is None:
        network = _live_network_counts()
        cache.set(parts["network"], network, FIGURES_TTL)
    restricted = found.get(parts["restricted"])
    if restricted is None:
        restricted = restricted_counts(user)
        cache.set(parts["restricted"], restricted, FIGURES_TTL)
    documents = found.get(documents_key) if documents_key else None
    if documents is None:
        documents = visible_documents(user)
        if documents_key:
            cache.set(documents_key, documents, FIGURES_TTL)
    return {**network, "documents": documents, **restricted}


def live_viewer_counts(user) -> dict[str, int | Decimal]:
    """`viewer_counts` counted now, without the cache."""
    counts: dict[str, int | Decimal] = dict(_live_network_counts())
    counts["documents"] = visible_documents(user)
    counts.update(restricted_counts(user))
    return counts


def restricted_counts(user) -> dict[str, int | Decimal]:
    """The counts that depend on the viewer's audience, each through its feature's rule."""
    from appeal.appeal_access import contributions_visible_to
    from appeal.projects import projects_visible_to
    from assessments.models import Assessment, Recommendation

    counts: dict[str, int | Decimal] = {}
    if sees_assessments(user):
        counts["recommendations"] = Recommendation.objects.visible_to(user).count()
        counts["assessments"] = Assessment.objects.visible_to(user).count()
    counts["projects"] = projects_visible_to(user).count()
    counts["appeal_funding"] = contributions_visible_to(user).aggregate(total=Sum("amount_usd"))[
        "total"
    ] or Decimal("0")
    return counts


# --- the figures' cache ---

FIGURES_TTL = 60  # seconds: the longest a count that no signal invalidates may lag
GENERATION_KEY = "numbers:generation"


def audience_key(user) -> str | None:
    """Who shares `user`'s figures: "secretariat", or their organization (every rule behind the
    figures depends on the organization and its kind only); None for a viewer without one."""
    from library.visibility import audience_of

    audience = audience_of(user)
    if audience.user_id is None:
        return None
    if audience.secretariat:
        return "secretariat"
    if audience.organization_id is None:
        return None
    return f"org-{audience.organization_id}-{audience.organization_kind}"


def figures_generation() -> str:
    """A token renewed by every change the figures count (see `connect_invalidation`)."""
    import uuid

    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex[:12], None)
        generation = cache.get(GENERATION_KEY) or "none"
    return generation


def forget_figures() -> None:
    cache.delete(GENERATION_KEY)


def figures_changed(**_kwargs) -> None:
    """Forget every cached figure: now, and again once the transaction commits (so a figure
    counted meanwhile from the old rows is not kept under the new generation)."""
    forget_figures()
    transaction.on_commit(forget_figures)


def _user_saved(sender, instance, update_fields=None, **_kwargs) -> None:
    # Sign-ins save `last_login` only: that changes no figure.
    if update_fields is None or "is_active" in update_fields:
        figures_changed()


# (app label, model name) whose saves and deletes change a figure.
COUNTED_MODELS = (
    ("entities", "Organization"),
    ("entities", "FocalPoint"),
    ("workinggroups", "WorkingGroup"),
    ("workinggroups", "WorkingGroupMembership"),  # groups' documents
    ("assessments", "Assessment"),
    ("assessments", "Recommendation"),
    ("appeal", "Project"),
    ("appeal", "AppealCycle"),
    ("appeal", "AppealProject"),
    ("appeal", "Contribution"),
)


def connect_invalidation() -> None:
    """Renew the figures' generation on every save or delete of what they count."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from entities.accounts import user_deactivated, user_reactivated

    for label, name in COUNTED_MODELS:
        model = apps.get_model(label, name)
        uid = f"numbers_{label}_{name}"
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    # A document's audiences: their tables are not watched by the library's change counter.
    Document = apps.get_model("library", "Document")
    for relation in ("audience_groups", "audience_organizations"):
        through = getattr(Document, relation).through
        m2m_changed.connect(figures_changed, sender=through, dispatch_uid=f"numbers_{relation}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="numbers_user_saved")
    post_delete.connect(figures_changed, sender=User, dispatch_uid="numbers_user_deleted")
    user_deactivated.connect(figures_changed, dispatch_uid="numbers_user_deactivated")
    user_reactivated.connect(figures_changed, dispatch_uid="numbers_user_reactivated")


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURES_TTL)
    return value


def _generations() -> tuple[str, str]:
    """The figures' generation and the project portfolio's, in one cache round trip."""
    from appeal.projects import PORTFOLIO_KEY, portfolio_generation

    found = cache.get_many([GENERATION_KEY, PORTFOLIO_KEY])
    generation = found.get(GENERATION_KEY) or figures_generation()
    portfolio = found.get(PORTFOLIO_KEY) or portfolio_generation()
    return generation, portfolio


def network_counts(generation: str | None = None) -> dict[str, int]:
    """Organizations, focal points, Working Groups and visits: shared by every viewer."""
    generation = generation or figures_generation()
    return _cached(f"numbers:network:{generation}", _live_network_counts)


def _live_network_counts() -> dict[str, int]:
    counts = dict(_network_counts())
    counts["working_groups"] = _working_groups()
    counts["visits"] = recent_visits()
    return counts


def _documents_key(user, key: str, generation: str) -> str | None:
    """The cache key of `user`'s documents figure: shared by the audience and renewed by any
    change of the library (its trigger-kept change counter); None when `user` uploaded
    published documents beyond their audience's shared slices (the rule's "own documents":
    their figure is counted live). One query for both."""
    from django.db import connection

    from library.models import Document
    from library.visibility import audience_of

    shared = (
        SHARED_SLICES
        if key == "secretariat"
        else _shared_slices(audience_of(user).organization_kind)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT (SELECT n FROM library_change_counter WHERE id = 1),
                   EXISTS (SELECT 1 FROM {Document._meta.db_table}
                           WHERE created_by_id = %s AND status = %s
                             AND NOT (visibility = ANY(%s)))
            """,  # noqa: S608 - the table name comes from the model; values are parameters
            [user.pk, Document.Status.PUBLISHED, list(shared)],
        )
        change, uploaded_beyond = cursor.fetchone()
    if uploaded_beyond and key != "secretariat":
        return None
    return f"numbers:documents:{generation}:{change}:{key}"


FIGURE_LINKS = {
    "entities": "entity_index",
    "member_states": "member_state_index",
    "organizations": "regional_index",
    "focal_points": "directory",
    "working_groups": "workinggroups:index",
    "documents": "library:index",
    "recommendations": "assessments:recommendation_list",
    "assessments": "assessments:index",
    "projects": "projects:index",
    "appeal_funding": "appeal:index",
}


def _figures(counts: dict, *, links: bool) -> list[Figure]:
    figures = []
    for key, label in LABELS.items():
        if key not in counts:
            continue
        url = _url(FIGURE_LINKS[key]) if links and key in FIGURE_LINKS else ""
        figures.append(Figure(key=key, label=str(label), value=counts[key], url=url))
    return figures


def figures_for(user) -> list[Figure]:
    """The Compact in numbers as `user` may see them (signed-in pages)."""
    return _figures(viewer_counts(user), links=True)


def public_counts() -> dict[str, int]:
    counts = dict(network_counts())
    counts["documents"] = public_documents()
    return counts


def public_figures() -> list[Figure]:
    """Counts that reveal nothing restricted: for the public landing page and the newsletter."""
    return _figures(public_counts(), links=False)


# --- daily snapshots and trends ---


def secretariat_counts() -> dict[str, int | Decimal]:
    """Every figure as the Secretariat sees it (the complete ones)."""
    from appeal.models import Contribution, Project
    from assessments.models import Assessment, Recommendation
    from library.models import Document

    counts: dict[str, int | Decimal] = dict(_network_counts())
    counts["working_groups"] = _working_groups()
    counts["documents"] = sum(shared_slice_totals(SHARED_SLICES).values()) + (
        Document.objects.filter(status=Document.Status.PUBLISHED)
        .exclude(visibility__in=SHARED_SLICES)
        .count()
    )
    counts["visits"] = recent_visits()
    counts["recommendations"] = Recommendation.objects.count()
    counts["assessments"] = Assessment.objects.count()
    counts["projects"] = Project.objects.count()
    counts["appeal_funding"] = Contribution.objects.aggregate(total=Sum("amount_usd"))[
        "total"
    ] or Decimal("0")
    return counts


def take_daily_figures(day: dt.date | None = None) -> DailyFigures:
    """Store today's figures (idempotent: one row per day, updated in place when run again)."""
    day = day or timezone.localdate()
    counts = secretariat_counts()
    figures = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in counts.items()}
    snapshot, _created = DailyFigures.objects.update_or_create(
        day=day, defaults={"figures": figures}
    )
    return snapshot


@dataclass
class LineChart:
    key: str
    title: str
    width: int
    height: int
    points: str
    dots: list[tuple[str, str, str]]
    first_label: str
    last_label: str
    low_text: str
    high_text: str
    latest_text: str


def _as_number(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return Decimal("0")


def _display(key: str, value: Decimal) -> str:
    if key == "appeal_funding":
        return short_usd(value)
    return number_format(int(value), force_grouping=True)


def line_chart(key: str, series: list[tuple[dt.date, Decimal]]) -> LineChart | None:
    """A small line chart of one figure over time (geometry only; the template draws it)."""
    if not series:
        return None
    width, height, pad_x, top, bottom = 320, 120, 8, 12, 96
    values = [v for _d, v in series]
    low, high = min(values), max(values)
    span = high - low or Decimal("1")
    count = len(series)
    points, dots = [], []
    for i, (day, value) in enumerate(series):
        x = Decimal(pad_x) + (
            Decimal(width - 2 * pad_x) * i / (count - 1) if count > 1 else Decimal(0)
        )
        y = Decimal(bottom) - (value - low) / span * Decimal(bottom - top)
        xs, ys = f"{x:.1f}", f"{y:.1f}"
        points.append(f"{xs},{ys}")
        dots.append((xs, ys, f"{date_format(day, 'SHORT_DATE_FORMAT')}: {_display(key, value)}"))
    return LineChart(
        key=key,
        title=str(LABELS[key]),
        width=width,
        height=height,
        points=" ".join(points),
        dots=dots if count <= 31 else [dots[0], dots[-1]],
        first_label=date_format(series[0][0], "j M"),
        last_label=date_format(series[-1][0], "j M"),
        low_text=_display(key, low),
        high_text=_display(key, high),
        latest_text=_display(key, values[-1]),
    )


@dataclass
class Trends:
    charts: list[LineChart]
    columns: list[str]
    rows: list[tuple[dt.date, list[str]]] = field(default_factory=list)


def trends(days: int = TREND_DAYS) -> Trends:
    """The Secretariat's figures over the last `days` days (one query)."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    snapshots = list(
        DailyFigures.objects.filter(day__gte=since).order_by("day").values_list("day", "figures")
    )
    charts = []
    for key in TREND_KEYS:
        series = [
            (day, _as_number(figures[key]))
            for day, figures in snapshots
            if isinstance(figures, dict) and key in figures
        ]
        chart = line_chart(key, series)
        if chart:
            charts.append(chart)
    rows = []
    for day, figures in reversed(snapshots):
        figures = figures if isinstance(figures, dict) else {}
        rows.append(
            (
                day,
                [
                    _display(key, _as_number(figures[key])) if key in figures else "—"
                    for key in TREND_KEYS
                ],
            )
        )
    return Trends(charts=charts, columns=[str(LABELS[k]) for k in TREND_KEYS], rows=rows)


# --- visits by month ---


@dataclass
class MonthBar:
    month: dt.date
    label: str
    total: int
    by_tier: dict[str, int]
    x: str = ""
    y: str = ""
    height: str = ""


@dataclass
class VisitsChart:
    months: list[MonthBar]
    tiers: list[tuple[str, str]]  # (key, label) of the table's columns
    tier_totals: list[dict]  # label, total and bar geometry, for the second chart
    total: int
    width: int = 720
    height: int = 220
    bar_width: str = ""
    baseline: str = ""
    peak: int = 0
    tier_height: int = 0


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - back
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def visits_by_month(months: int = VISIT_MONTHS, today: dt.date | None = None) -> VisitsChart:
    """Visits per month of the last `months` months (this one included, today counted live),
    in all and by kind of organization, with the bars' geometry (two queries)."""
    today = today or timezone.localdate()
    first = _month_start(today, months - 1)
    bars = {}
    for i in range(months):
        start = _month_start(today, months - 1 - i)
        bars[start] = MonthBar(start, date_format(start, "M Y"), 0, {})

    def add(day, n, by_tier):
        bar = bars.get(dt.date(day.year, day.month, 1))
        if bar is None:
            return
        bar.total += n
        for tier, count in by_tier.items():
            bar.by_tier[tier] = bar.by_tier.get(tier, 0) + int(count)

    for day, visits, by_tier in VisitDay.objects.filter(day__gte=first).values_list(
        "day", "visits", "by_tier"
    ):
        add(day, visits, by_tier if isinstance(by_tier, dict) else {})
    for day, tier, n in (
        VisitMark.objects.filter(day__gte=first)
        .values("day", "tier")
        .annotate(n=Count("id"))
        .values_list("day", "tier", "n")
    ):
        add(day, n, {tier or "other": n})

    ordered = list(bars.values())
    peak = max((b.total for b in ordered), default=0)
    chart = VisitsChart(
        months=ordered, tiers=[], tier_totals=[], total=sum(b.total for b in ordered)
    )
    chart.peak = peak
    plot_top, plot_bottom, left, right = 20, 180, 10, 710
    slot = Decimal(right - left) / len(ordered)
    chart.bar_width = f"{slot * Decimal('0.7'):.1f}"
    chart.baseline = str(plot_bottom)
    for i, bar in enumerate(ordered):
        h = Decimal(plot_bottom - plot_top) * bar.total / peak if peak else Decimal(0)
        bar.x = f"{Decimal(left) + slot * i + slot * Decimal('0.15'):.1f}"
        bar.height = f"{h:.1f}"
        bar.y = f"{Decimal(plot_bottom) - h:.1f}"
    seen = {tier for bar in ordered for tier in bar.by_tier}
    keys = [k for k in TIER_LABELS if k in seen] + sorted(seen - set(TIER_LABELS))
    chart.tiers = [(k, str(TIER_LABELS.get(k, k))) for k in keys]
    totals = [(k, sum(b.by_tier.get(k, 0) for b in ordered)) for k in keys]
    top = max((n for _k, n in totals), default=0)
    row = 36
    chart.tier_totals = [
        {
            "label": str(TIER_LABELS.get(k, k)),
            "total": n,
            "width": f"{(Decimal(480) * n / top) if top else 0:.1f}",
            "y_label": row * i + 22,
            "y_bar": row * i + 8,
            "x_value": f"{(Decimal(230) + Decimal(480) * n / top) if top else 230:.1f}",
        }
        for i, (k, n) in enumerate(totals)
    ]
    chart.tier_height = row * len(totals) + 8
    for bar in ordered:
        bar.tier_cells = [bar.by_tier.get(k, 0) for k in keys]
    return chart


def may_see_trends(user) -> bool:
    return is_secretariat(user)


# --- demo data ---


def seed_numbers(scale: int = 1) -> int:
    """Deterministic demo history: a year of daily visits and 90 days of snapshots (idempotent).

    Existing days are left as they are (real visits are never overwritten)."""
    import random

    today = timezone.localdate()
    rng = random.Random(20180201 + scale)
    created = 0
    existing_visits = set(
        VisitDay.objects.filter(day__gte=today - dt.timedelta(days=366)).values_list(
            "day", flat=True
        )
    )
    new_days = []
    for back in range(365, 0, -1):
        day = today - dt.timedelta(days=back)
        weekday = day.weekday() < 5
        base = (40 if weekday else 8) * scale
        by_tier = {
            VisibilityTier.UN: rng.randint(base // 2, base),
            VisibilityTier.MEMBER_STATE: rng.randint(base // 3, base),
            VisibilityTier.REGIONAL: rng.randint(0, max(1, base // 4)),
            VisibilityTier.SECRETARIAT: rng.randint(1, 6),
        }
        if day in existing_visits:
            continue
        new_days.append(VisitDay(day=day, visits=sum(by_tier.values()), by_tier=by_tier))
    VisitDay.objects.bulk_create(new_days, ignore_conflicts=True)
    created += len(new_days)

    current = secretariat_counts()
    existing = set(
        DailyFigures.objects.filter(day__gte=today - dt.timedelta(days=TREND_DAYS)).values_list(
            "day", flat=True
        )
    )
    snapshots = []
    for back in range(TREND_DAYS - 1, 0, -1):
        day = today - dt.timedelta(days=back)
        if day in existing:
            continue
        shrink = Decimal(1) - Decimal(back) / Decimal(TREND_DAYS * 4)  # steady growth to today
        figures = {}
        for key, value in current.items():
            if key in ("entities", "working_groups"):
                figures[key] = value
            elif key == "appeal_funding":
                figures[key] = str((Decimal(value) * shrink).quantize(Decimal("0.01")))
            else:
                figures[key] = int(Decimal(value) * shrink)
        snapshots.append(DailyFigures(day=day, figures=figures))
    DailyFigures.objects.bulk_create(snapshots, ignore_conflicts=True)
    created += len(snapshots)
    take_daily_figures(today)
    return created
