"""Global search (`/search/`): one box across the portal, results grouped by kind.

Each group is read through the SAME rule and the same text search its own section uses — this
module only ranks, keeps the top few and counts; it never decides visibility itself:

- people: the directory's search (`entities.directory.build_search`, trigram/unaccent), only for
  viewers who may use the directory;
- organizations: the directory's fuzzy match over names, official names, acronyms and aliases
  (`entities.directory.load_options`, cached) together with the organization indexes' own
  substring rule (so "see all" on `/entities/`, `/member-states/`, `/regional-organizations/`
  lists what was counted here);
- Working Groups: public to every signed-in user; names, short names and acronyms;
- documents: the library's search (`library.search.search`, `Document.objects.visible_to`);
- events: the calendar's filter (`calendar_app.selectors.filtered_events`, `visible_to`);
- discussions: `workinggroups.discussions.threads_visible_to`, titles (as the discussion lists);
- projects: `appeal.projects.filter_projects(projects_visible_to(user), ...)`;
- CTED assessments and TA recommendations: `assessments.selectors.filter_assessments` /
  `filter_recommendations`, which start from `visible_to` (a State sees only its own).

Every group is one statement: the top rows and the total of the matching set come together
(`COUNT(*) OVER ()`); the library's search counts in its own statement (capped at its
`COUNT_CAP`) and its rows and snippets in two more.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_QUERY_CHARS = 200  # the box accepts this much; each section then applies its own limit
SECTION_QUERY_CHARS = 100  # the directory, calendar, projects and discussion forms' max_length
SHOWN = 5
# People and projects are the same for every viewer allowed to see them, and counting a common
# word over thousands of positions or project descriptions costs more than the page's budget:
# their (top ids, total) are cached briefly, keyed on the section's own generation token.
CACHE_SECONDS = 120

logger = logging.getLogger(__name__)


def normalise_query(raw) -> str:
    """Printable characters only (no NUL), whitespace collapsed, at most MAX_QUERY_CHARS."""
    text = "".join(ch for ch in str(raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def section_query(query: str) -> str:
    """The query as the 100-character section forms accept it (longer ones would be dropped)."""
    return query[:SECTION_QUERY_CHARS].strip()


def display_count(count: int, cap: int | None = None) -> str:
    if cap is not None and count > cap:
        return f"{cap:,}+"
    return f"{count:,}"


@dataclass
class Hit:
    title: str
    url: str
    meta: str = ""
    snippet: str = ""  # already escaped HTML (the library's highlighted headline)


@dataclass
class SeeAll:
    label: str
    url: str


@dataclass
class ResultGroup:
    key: str
    title: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_display: str = "0"
    see_all: list[SeeAll] = field(default_factory=list)


@dataclass
class GlobalResults:
    query: str
    groups: list[ResultGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def found(self) -> list[ResultGroup]:
        return [group for group in self.groups if group.total]

    @property
    def empty(self) -> list[ResultGroup]:
        return [group for group in self.groups if not group.total]


def _url(name: str, query: str, **extra) -> str:
    return f"{reverse(name)}?{urlencode({'q': query, **extra})}"


def _top_and_total(queryset, n: int = SHOWN) -> tuple[list, int]:
    """The first `n` rows and the size of the whole set, in one statement."""
    if queryset.query.is_empty():
        return [], 0
    rows = list(queryset.annotate(search_total=Window(Count("*")))[:n])
    return rows, (rows[0].search_total if rows else 0)


def _cache_key(kind: str, generation: str, query: str) -> str:
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"search:{kind}:{generation}:{digest}"


def _cached_ids(key: str, compute) -> tuple[list[int], int]:
    """(top ids, total) from the cache, or `compute()` and keep it for CACHE_SECONDS.

    Only for groups whose matches are the same for every viewer allowed to see the group; the
    rows are always re-read through the section's rule, so a cached list can only narrow.
    """
    cached = _cache_get(key)
    if cached is not None:
        return cached
    ids, total = compute()
    _cache_set(key, (ids, total))
    return ids, total


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — the cache is an optimisation; search without it
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("global search: could not cache %s", key, exc_info=True)


def _in_order(queryset, ids: list[int]) -> list:
    """The rows of `ids` in that order (no query when there are none)."""
    if not ids:
        return []
    by_pk = {row.pk: row for row in queryset}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _ids_and_total(queryset) -> tuple[list[int], int]:
    """The first SHOWN ids and the total of a queryset annotated with `search_total`.

    Only the two columns are selected, so the section's per-row annotations (counts, flags)
    that the list shows but the search does not need are left out of the statement."""
    found = list(queryset.values_list("pk", "search_total")[:SHOWN])
    return [pk for pk, _total in found], (found[0][1] if found else 0)


def _group(key, title, hits, total, see_all=(), cap=None) -> ResultGroup:
    return ResultGroup(
        key=key,
        title=str(title),
        hits=hits,
        total=total,
        total_display=display_count(total, cap),
        see_all=list(see_all),
    )


# --- the groups -----------------------------------------------------------------------------------


def search_people(user, query: str) -> ResultGroup | None:
    from entities.directory import (
        ROW_FIELDS,
        NarrowPaginator,
        Viewer,
        build_search,
        reference_generation,
    )
    from entities.models import FocalPoint

    if not Viewer.of(user).may_use_directory:
        return None
    q = section_query(query)

    def rows(queryset):  # the row columns without the themes the directory rows also show
        return queryset.select_related("user", "organization", "country").only(*ROW_FIELDS)

    def compute():
        _form, directory = build_search({"q": q})
        paginator = NarrowPaginator(directory.queryset(), SHOWN, count_with_keys=True, rows=rows)
        return [fp.pk for fp in paginator.get_page(1).object_list], paginator.count

    ids, total = _cached_ids(_cache_key("people", reference_generation(), q), compute)
    focal_points = _in_order(rows(FocalPoint.objects.active().filter(pk__in=ids)), ids)
    hits = []
    for fp in focal_points:
        where = fp.organization.label
        if fp.position:
            where = f"{fp.position} · {where}"
        hits.append(
            Hit(
                title=fp.user.get_full_name() or str(_("(no name)")),
                url=reverse("person_detail", args=[fp.pk]),
                meta=where,
            )
        )
    return _group(
        "people",
        _("People"),
        hits,
        total,
        [SeeAll(str(_("Search the directory")), _url("directory", q))],
    )


def search_organizations(user, query: str) -> ResultGroup:
    """The same for every signed-in viewer (reference data): cached under the directory's
    reference generation, which every change of an organization renews."""
    from django.utils.translation import get_language

    from entities.directory import reference_generation

    q = section_query(query)
    key = _cache_key(f"organizations:{get_language()}", reference_generation(), q)
    group = _cache_get(key)
    if group is None:
        group = _search_organizations(q)
        _cache_set(key, group)
    return group


def _search_organizations(q: str) -> ResultGroup:
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
    from django.db.models.functions import Greatest, Lower

    from entities import names
    from entities.directory import ArrayToString, Unaccent, load_options
    from entities.models import Organization
    from entities.organizations import organization_url

    fuzzy_ids = load_options(q).matched_organization_ids
    substring = (
        names.contains("name", q)
        | Q(acronym__unaccent__icontains=q)
        | names.contains("official_name", q)
    )
    iso = Q(kind=Organization.Kind.MEMBER_STATE, iso3__iexact=q)
    queryset = (
        Organization.objects.filter(Q(pk__in=fuzzy_ids) | substring | iso)
        .annotate(
            score=Case(
                When(Q(acronym__iexact=q) | Q(name__iexact=q) | iso, then=Value(4)),
                When(pk__in=fuzzy_ids, then=Value(3)),
                When(name__unaccent__istartswith=q, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            # within a tier, the closest spelling first ("kenia": Kenya before Armenia, which
            # score the same word similarity; the whole-name similarity tells them apart)
            similarity=Greatest(
                TrigramWordSimilarity(Unaccent(Value(q)), Unaccent(F("name"))),
                TrigramWordSimilarity(
                    Unaccent(Value(q)), Unaccent(ArrayToString(F("aliases"), Value(" | ")))
                ),
            ),
            closeness=TrigramSimilarity(Unaccent(Value(q)), Unaccent(F("name"))),
            count_entities=Window(Count("pk", filter=Q(kind=Organization.Kind.COMPACT_ENTITY))),
            count_states=Window(Count("pk", filter=Q(kind=Organization.Kind.MEMBER_STATE))),
            search_total=Window(Count("*")),
        )
        .only("pk", "kind", "name", "acronym", "slug", "iso3")
        .order_by("-score", "-similarity", "-closeness", Lower("name"), "pk")
    )
    rows = list(queryset[:SHOWN])
    total = rows[0].search_total if rows else 0
    hits = [
        Hit(title=str(org), url=organization_url(org), meta=str(org.get_kind_display()))
        for org in rows
    ]
    see_all = []
    if rows:
        entities, states = rows[0].count_entities, rows[0].count_states
        regional = total - entities - states
        if entities:
            see_all.append(SeeAll(str(_("Compact entities")), _url("entity_index", q)))
        if states:
            see_all.append(SeeAll(str(_("Member States")), _url("member_state_index", q)))
        if regional:
            see_all.append(
                SeeAll(
                    str(_("Regional and international organizations")), _url("regional_index", q)
                )
            )
    return _group("organizations", _("Organizations"), hits, total, see_all)


def search_working_groups(user, query: str) -> ResultGroup:
    from entities import names
    from workinggroups.models import WorkingGroup

    q = section_query(query)
    queryset = (
        WorkingGroup.objects.filter(
            names.contains("name", q) | names.contains("short_name", q) | Q(acronym__iexact=q)
        )
        .annotate(
            score=Case(
                When(
                    Q(short_name__unaccent__istartswith=q) | Q(name__unaccent__istartswith=q),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("pillar")
        .only(
            "pk",
            "kind",
            "number",
            "slug",
            "name",
            "short_name",
            "pillar__number",
            "pillar__numeral",
            "pillar__name",
        )
        .order_by("-score", F("number").asc(nulls_first=True), "pk")
    )
    rows, total = _top_and_total(queryset)
    hits = []
    for group in rows:
        if group.kind == WorkingGroup.Kind.COORDINATION_COMMITTEE:
            url = reverse("workinggroups:committee")
        else:
            url = reverse("workinggroups:detail", args=[group.slug])
        hits.append(Hit(title=str(group), url=url, meta=str(group.pillar) if group.pillar else ""))
    return _group("groups", _("Working Groups"), hits, total)


def search_documents(user, query: str) -> ResultGroup:
    from library import search as library_search

    params = library_search.parse_params({"q": [query]})
    # The library's own cache key: per audience (what decides visibility) and search, under a
    # version bumped by every document change. The top ids are re-read through `visible_to`.
    key = library_search._cache_key(user, params)  # noqa: SLF001 — the library's own key
    cache_key = f"{key}:global-search" if key else None
    cached = _cache_get(cache_key) if cache_key else None
    if cached is not None:
        ids, total, snippets = cached
        documents = library_search._documents_in_order(user, ids)  # noqa: SLF001
    else:
        results = library_search.search(user, params)
        shown = results.results[:SHOWN]
        documents = [result.document for result in shown]
        total = results.total
        snippets = {result.document.pk: result.snippet for result in shown}
        if cache_key:
            _cache_set(cache_key, ([d.pk for d in documents], total, snippets))
    hits = []
    for document in documents:
        parts = (
            str(document.get_doc_type_display()),
            document.publication_date.isoformat() if document.publication_date else "",
        )
        hits.append(
            Hit(
                title=document.title,
                url=reverse("library:detail", args=[document.pk]),
                meta=" · ".join(part for part in parts if part),
                snippet=snippets.get(document.pk, ""),
            )
        )
    return _group(
        "documents",
        _("Documents"),
        hits,
        total,
        [SeeAll(str(_("Search the library")), _url("library:index", params.q))],
        cap=library_search.COUNT_CAP,
    )


def search_events(user, query: str) -> ResultGroup:
    from django.utils import timezone
    from django.utils.formats import date_format

    from calendar_app.selectors import filtered_events

    q = section_query(query)
    now = timezone.now()
    queryset = (
        filtered_events(user, {"q": q})
        .annotate(
            in_title=Case(
                When(title__icontains=q, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            # upcoming events soonest first, then past ones most recent first
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at")), default=None),
        )
        .select_related("organizer")
        .only(
            "pk",
            "title",
            "starts_at",
            "ends_at",
            "timezone",
            "all_day",
            "venue",
            "organizer__name",
            "organizer__acronym",
        )
        .order_by("-in_title", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")
    )
    rows, total = _top_and_total(queryset)
    hits = []
    for event in rows:
        start = event.starts_at.astimezone(event.tz)
        parts = (date_format(start, "DATE_FORMAT"), event.organizer.label, event.venue)
        hits.append(
            Hit(
                title=event.title,
                url=reverse("calendar_app:detail", args=[event.pk]),
                meta=" · ".join(part for part in parts if part),
            )
        )
    return _group(
        "events",
        _("Events"),
        hits,
        total,
        [SeeAll(str(_("Search the calendar agenda")), _url("calendar_app:agenda", q))],
    )


def search_discussions(user, query: str) -> ResultGroup | None:
    from workinggroups.discussions import area_name, participant_of, thread_path, threads_visible_to

    if not participant_of(user).is_anyone:
        return None
    q = section_query(query)
    queryset = (
        threads_visible_to(user)
        .filter(title__icontains=q)
        .annotate(
            starts=Case(
                When(title__istartswith=q, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("group")
        .only(
            "pk",
            "title",
            "group_id",
            "last_post_at",
            "post_count",
            "group__slug",
            "group__kind",
            "group__number",
            "group__name",
            "group__short_name",
        )
        .order_by("-starts", "-last_post_at", "-pk")
    )
    rows, total = _top_and_total(queryset)
    hits = [
        Hit(
            title=thread.title,
            url=thread_path(thread),
            meta=str(area_name(thread.group)),
        )
        for thread in rows
    ]
    # No section searches every area at once: each area's list searches its own titles.
    see_all = [
        SeeAll(str(_("Search the Collaboration area")), _url("discussions:collaboration", q))
    ]
    return _group("discussions", _("Discussions"), hits, total, see_all)


def search_projects(user, query: str) -> ResultGroup | None:
    from appeal.projects import (
        filter_projects,
        portfolio_generation,
        projects_visible_to,
        viewer_of,
    )

    if not viewer_of(user).may_see:
        return None
    q = section_query(query)
    visible = projects_visible_to(user)  # every project, for everyone who may see projects

    def compute():
        queryset = (
            filter_projects(visible, {"q": q})
            .annotate(
                score=Case(
                    When(code__iexact=q, then=Value(3)),
                    When(title__icontains=q, then=Value(2)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                search_total=Window(Count("*")),
            )
            .order_by("-score", "title", "code")
        )
        return _ids_and_total(queryset)

    ids, total = _cached_ids(_cache_key("projects", portfolio_generation(), q), compute)
    rows = _in_order(
        visible.filter(pk__in=ids)
        .select_related("lead_organization")
        .only(
            "pk", "code", "title", "status", "lead_organization__name", "lead_organization__acronym"
        ),
        ids,
    )
    hits = [
        Hit(
            title=project.title,
            url=reverse("projects:detail", args=[project.pk]),
            meta=" · ".join(
                (project.code, project.lead_organization.label, str(project.get_status_display()))
            ),
        )
        for project in rows
    ]
    return _group(
        "projects",
        _("Projects"),
        hits,
        total,
        [SeeAll(str(_("Search the projects")), _url("projects:index", q))],
    )


def search_assessments(user, query: str) -> list[ResultGroup]:
    from assessments.models import Assessment
    from assessments.selectors import filter_assessments, filter_recommendations

    if Assessment.objects.visible_to(user).query.is_empty():
        return []  # the viewer sees no assessment at all: say nothing about them
    from assessments.models import Recommendation
    from assessments.visibility import viewer_of

    q = section_query(query)
    # Who sees which assessments is decided by `visible_to` inside the selectors; the cache key
    # only separates the audiences that rule tells apart (all of them, or one State's own).
    viewer = viewer_of(user)
    scope = "all" if viewer.sees_all_assessments else f"state-{viewer.organization_id}"

    def assessment_ids():
        queryset = (
            filter_assessments(user, {"q": q})
            .annotate(
                score=Case(
                    When(Q(state__name__iexact=q) | Q(state__iso3__iexact=q), then=Value(1.0)),
                    default=Value(0.0),
                    output_field=FloatField(),
                ),
                search_total=Window(Count("*")),
            )
            .order_by("-score", "-starts_on", "pk")
        )
        return _ids_and_total(queryset)

    def recommendation_ids():
        queryset = filter_recommendations(user, {"q": q}).annotate(search_total=Window(Count("*")))
        return _ids_and_total(queryset)

    ids, assessment_total = _cached_ids(_cache_key(f"assessments:{scope}", "", q), assessment_ids)
    assessments = _in_order(
        Assessment.objects.visible_to(user).filter(pk__in=ids).select_related("state"), ids
    )
    ids, recommendation_total = _cached_ids(
        _cache_key(f"recommendations:{scope}", "", q), recommendation_ids
    )
    recommendations = _in_order(
        Recommendation.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("assessment__state"),
        ids,
    )
    return [
        _group(
            "assessments",
            _("CTED country assessments"),
            [
                Hit(
                    title=str(assessment),
                    url=reverse("assessments:detail", args=[assessment.pk]),
                    meta=str(assessment.get_status_display()),
                )
                for assessment in assessments
            ],
            assessment_total,
            [SeeAll(str(_("Search the assessments")), _url("assessments:index", q))],
        ),
        _group(
            "recommendations",
            _("TA recommendations"),
            [
                Hit(
                    title=f"{rec.reference} — {rec.text[:120]}",
                    url=reverse("assessments:recommendation_detail", args=[rec.pk]),
                    meta=" · ".join((rec.assessment.state.name, str(rec.get_status_display()))),
                )
                for rec in recommendations
            ],
            recommendation_total,
            [
                SeeAll(
                    str(_("Search the recommendations")),
                    _url("assessments:recommendation_list", q),
                )
            ],
        ),
    ]


def global_search(user, raw_query) -> GlobalResults:
    """Every group the viewer may use, each ranked and counted under its section's rule."""
    query = normalise_query(raw_query)
    results = GlobalResults(query=query)
    if not query:
        return results
    groups = [
        search_people(user, query),
        search_organizations(user, query),
        search_working_groups(user, query),
        search_documents(user, query),
        search_events(user, query),
        search_discussions(user, query),
        search_projects(user, query),
        *search_assessments(user, query),
    ]
    results.groups = [group for group in groups if group is not None]
    return results
