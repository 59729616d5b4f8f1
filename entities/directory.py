"""The contact directory: who may use it, search, filters, sorting, who sees which contacts.

Search (one box) looks at a person's name, their organization (name, official name, acronym and
other names), their position, the country they are based in and their expertise, tolerant of accents
and typos. Everything is compared through `f_unaccent(lower(...))` (migration 0004) with pg_trgm's
*word similarity*, which handles exact names, accent-free spellings, typos and prefixes alike
(see STACK-NOTES "Measured: name search"):

- names and positions: `query <% text` (GIN trigram indexes, threshold 0.6 = pg_trgm's default);
- organizations, countries and themes are small tables: each is scored in the same query that
  lists them for the filter panel; when one scores as an exact match, weaker fuzzy matches of that
  table are dropped ("india" finds India's people, not Indonesia's);
- results are ranked by how well the name matches (name matches first), then by name.

Contact details (decision, documented in the README section the lead keeps):

- on screen and in vCards, a person's email and phone show when they chose to show them
  (`show_email` / `show_phone`), and always to the person themself and to the Secretariat, who
  manage the network's membership;
- **exports honour each person's choice even for the Secretariat**: an exported file leaves the
  portal and gets forwarded, and the Secretariat has the admin for the full record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Greatest, Lower
from django.utils.translation import gettext_lazy as _

from workinggroups.models import WorkingGroup, WorkingGroupMembership

from .accounts import is_secretariat
from .models import FocalPoint, Organization, Theme, User, VisibilityTier

PAGE_SIZE = 25
QUERY_MAX_LENGTH = 100
NAME_THRESHOLD = 0.6  # pg_trgm.word_similarity_threshold's default, which `<%` uses
ORGANIZATION_THRESHOLD = 0.5  # "kenia" → Kenya scores 0.5
THEME_THRESHOLD = 0.75  # "maria" must not find "Maritime security" (0.67)
EXACT = 0.9


class Unaccent(Func):
    """`f_unaccent(lower(a || ' ' || b ...))`: the indexed expression of migration 0004."""

    template = "f_unaccent(lower(%(expressions)s))"
    arg_joiner = " || ' ' || "
    output_field = TextField()


class ArrayToString(Func):
    function = "array_to_string"
    output_field = TextField()


def search_name_expression(prefix: str = ""):
    return Unaccent(F(f"{prefix}first_name"), F(f"{prefix}last_name"))


# --- who may use the directory, and who sees which details -----------------------------------


@dataclass
class Viewer:
    """The person looking at the directory: computed once per request."""

    user: User
    tier: str | None
    secretariat: bool

    @classmethod
    def of(cls, user) -> Viewer:
        """`accounts.visibility_tier`, with the profile and its organization in one query."""
        if is_secretariat(user):
            return cls(user=user, tier=VisibilityTier.SECRETARIAT, secretariat=True)
        tier = None
        if getattr(user, "is_authenticated", False) and user.is_active:
            profile = FocalPoint.objects.select_related("organization").filter(user=user).first()
            tier = profile.tier if profile else None
        return cls(user=user, tier=tier, secretariat=False)

    @property
    def may_use_directory(self) -> bool:
        """Focal points and the Secretariat; accounts without a profile see public pages only."""
        return self.tier is not None

    @property
    def may_export(self) -> bool:
        return self.secretariat

    def sees_email(self, focal_point: FocalPoint) -> bool:
        return focal_point.show_email or self.secretariat or focal_point.user_id == self.user.pk

    def sees_phone(self, focal_point: FocalPoint) -> bool:
        return focal_point.show_phone or self.secretariat or focal_point.user_id == self.user.pk


def reveal_contacts(focal_points, viewer: Viewer) -> list[FocalPoint]:
    """Set `shown_email` / `shown_phone` on each: the value, or "" when the viewer may not see it.

    Templates, vCards and exports read only these attributes, never `user.email` / `phone`.
    """
    rows = list(focal_points)
    for fp in rows:
        fp.shown_email = fp.user.email if viewer.sees_email(fp) else ""
        fp.shown_phone = fp.phone if (fp.phone and viewer.sees_phone(fp)) else ""
        fp.contact_hidden = (not fp.show_email) or (bool(fp.phone) and not fp.show_phone)
    return rows


def shareable_contacts(fp: FocalPoint) -> tuple[str, str]:
    """(email, phone) as the person lets them be shared: what exports contain, for everyone."""
    return (fp.user.email if fp.show_email else "", fp.phone if fp.show_phone else "")


def get_directory_focal_point(viewer: Viewer, pk: int) -> FocalPoint | None:
    """An active focal point the viewer may see, or None (the caller answers 404)."""
    if not viewer.may_use_directory:
        return None
    return (
        FocalPoint.objects.active()
        .select_related("user", "organization", "country")
        .filter(pk=pk)
        .first()
    )


# --- the filter form ------------------------------------------------------------------------


SORTS = {
    "": _("Best match"),  # relevance when searching, name otherwise
    "relevance": _("Relevance"),
    "name": _("Name"),
    "organization": _("Organization"),
    "country": _("Country"),
    "newest": _("Newest"),
}


@dataclass
class Options:
    """Everything the filter panel lists, and what the query matched in the small tables."""

    organizations: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    pillars: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    matched_organization_ids: list = field(default_factory=list)
    matched_theme_ids: list = field(default_factory=list)


def normalise_query(raw: str) -> str:
    return " ".join(raw.split())[:QUERY_MAX_LENGTH]


def query_variants(query: str) -> list[str]:
    """The query, and a German-style transliteration folded back ("mueller" → "muller")."""
    lowered = query.lower()
    folded = re.sub(r"([aou])e", r"\1", lowered)
    return [lowered] if folded == lowered else [lowered, folded]


def _best_only(scored: list[tuple[float, object]], threshold: float) -> list:
    """The matches at or above `threshold`; only the exact ones when there are exact ones."""
    matches = [(score, item) for score, item in scored if score is not None and score >= threshold]
    if any(score >= EXACT for score, _item in matches):
        matches = [(score, item) for score, item in matches if score >= EXACT]
    return [item for _score, item in matches]


def load_options(query: str) -> Options:
    """Three queries: organizations (with their match to `query`), themes (likewise), groups."""
    options = Options()
    organizations = Organization.objects.only(
        "id", "kind", "name", "acronym", "slug", "iso3", "region"
    ).order_by("name")
    themes = Theme.objects.select_related("pillar").order_by("name")
    if query:
        q = Unaccent(Value(query))
        organizations = organizations.annotate(
            match=Greatest(
                TrigramWordSimilarity(q, Unaccent(F("name"))),
                TrigramWordSimilarity(q, Unaccent(F("official_name"))),
                TrigramWordSimilarity(q, Unaccent(ArrayToString(F("aliases"), Value(" | ")))),
            ),
            acronym_match=Case(
                When(acronym="", then=Value(0.0)),
                When(acronym__iexact=query, then=Value(1.0)),
                When(acronym__istartswith=query, then=Value(EXACT if len(query) >= 3 else 0.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
        )
        themes = themes.annotate(match=TrigramWordSimilarity(q, Unaccent(F("name"))))
    organizations = list(organizations)
    options.organizations = [o for o in organizations if o.kind != Organization.Kind.MEMBER_STATE]
    options.countries = [o for o in organizations if o.kind == Organization.Kind.MEMBER_STATE]
    options.regions = sorted({o.region for o in options.countries if o.region})
    options.themes = list(themes)
    options.groups = list(
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .select_related("pillar")
        .order_by("number")
    )
    pillars = {t.pillar.number: t.pillar for t in options.themes if t.pillar}
    pillars |= {g.pillar.number: g.pillar for g in options.groups if g.pillar}
    options.pillars = [pillars[n] for n in sorted(pillars)]
    if query:
        scored = [(max(o.match or 0.0, o.acronym_match), o.pk) for o in organizations]
        options.matched_organization_ids = _best_only(scored, ORGANIZATION_THRESHOLD)
        options.matched_theme_ids = _best_only(
            [(t.match, t.pk) for t in options.themes], THEME_THRESHOLD
        )
    return options


class DirectoryForm(forms.Form):
    """The search box and filters, read from the query string (GET): every state is a URL."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind of organization"), required=False)
    org = forms.ChoiceField(label=_("Organization"), required=False)
    wg = forms.ChoiceField(label=_("Working Group"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Expertise"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    FILTERS = ("kind", "org", "wg", "pillar", "country", "region", "theme", "language")

    def __init__(self, data, options: Options):
        super().__init__(data)
        any_ = [("", _("Any"))]
        self.fields["kind"].choices = any_ + list(Organization.Kind.choices)
        self.fields["org"].choices = any_ + [(o.slug, o.label) for o in options.organizations]
        self.fields["wg"].choices = any_ + [(g.slug, str(g)) for g in options.groups]
        self.fields["pillar"].choices = any_ + [(str(p.number), str(p)) for p in options.pillars]
        self.fields["country"].choices = any_ + [(o.iso3, o.name) for o in options.countries]
        self.fields["region"].choices = any_ + [(r, r) for r in options.regions]
        self.fields["theme"].choices = any_ + [(t.slug, t.name) for t in options.themes]
        self.fields["language"].choices = any_ + list(FocalPoint.Language.choices)
        self.fields["sort"].choices = list(SORTS.items())

    def values(self) -> dict:
        """The valid values (invalid ones are ignored, and shown as field errors)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {
            name: "" if name in self.errors else (cleaned.get(name) or "") for name in self.fields
        }
        values["q"] = normalise_query(values.get("q", ""))
        return values


# --- the search itself ----------------------------------------------------------------------


@dataclass
class DirectorySearch:
    values: dict
    options: Options

    @property
    def query(self) -> str:
        return self.values.get("q", "")

    @property
    def sort(self) -> str:
        sort = self.values.get("sort") or ""
        if sort == "relevance" and not self.query:
            return "name"
        return sort or ("relevance" if self.query else "name")

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(field name, label, value label) of each filter in use, for "remove" links."""
        form = DirectoryForm({}, self.options)
        active = []
        for name in ("q", *DirectoryForm.FILTERS):
            value = self.values.get(name)
            if not value:
                continue
            label = form.fields[name].label
            shown = value if name == "q" else dict(form.fields[name].choices).get(value, value)
            active.append((name, label, shown))
        return active

    def queryset(self):
        qs = FocalPoint.objects.active()
        qs = self._filter(qs)
        if self.query:
            qs = self._search(qs)
        return self._order(qs)

    def _filter(self, qs):
        v = self.values
        if v.get("kind"):
            qs = qs.filter(organization__kind=v["kind"])
        if v.get("org"):
            qs = qs.filter(organization__slug=v["org"])
        if v.get("wg"):
            members = WorkingGroupMembership.objects.filter(group__slug=v["wg"]).values(
                "organization_id"
            )
            qs = qs.filter(organization_id__in=members)
        if v.get("pillar"):
            number = int(v["pillar"])
            in_groups = WorkingGroupMembership.objects.filter(group__pillar__number=number).values(
                "organization_id"
            )
            with_themes = FocalPoint.themes.through.objects.filter(
                theme__pillar__number=number
            ).values("focalpoint_id")
            qs = qs.filter(Q(organization_id__in=in_groups) | Q(pk__in=with_themes))
        if v.get("country"):
            qs = qs.filter(Q(country__iso3=v["country"]) | Q(organization__iso3=v["country"]))
        if v.get("region"):
            qs = qs.filter(Q(country__region=v["region"]) | Q(organization__region=v["region"]))
        if v.get("theme"):
            with_theme = FocalPoint.themes.through.objects.filter(theme__slug=v["theme"]).values(
                "focalpoint_id"
            )
            qs = qs.filter(pk__in=with_theme)
        if v.get("language"):
            qs = qs.filter(languages__contains=[v["language"]])
        return qs

    def _search(self, qs):
        variants = query_variants(self.query)
        condition = Q()
        for variant in variants:
            q = Unaccent(Value(variant))
            by_name = (
                User.objects.annotate(search_name=search_name_expression())
                .filter(search_name__trigram_word_similar=q)
                .values("pk")
            )
            by_position = (
                FocalPoint.objects.annotate(search_position=Unaccent(F("position")))
                .filter(search_position__trigram_word_similar=q)
                .values("pk")
            )
            condition |= Q(user_id__in=by_name) | Q(pk__in=by_position)
        if self.options.matched_organization_ids:
            ids = self.options.matched_organization_ids
            condition |= Q(organization_id__in=ids) | Q(country_id__in=ids)
        if self.options.matched_theme_ids:
            condition |= Q(
                pk__in=FocalPoint.themes.through.objects.filter(
                    theme_id__in=self.options.matched_theme_ids
                ).values("focalpoint_id")
            )
        similarity = (
            Greatest(
                *[
                    TrigramWordSimilarity(Unaccent(Value(v)), search_name_expression("user__"))
                    for v in variants
                ]
            )
            if len(variants) > 1
            else TrigramWordSimilarity(
                Unaccent(Value(variants[0])), search_name_expression("user__")
            )
        )
        return qs.filter(condition).annotate(
            name_similarity=similarity,
            rank=Case(
                When(name_similarity__gte=NAME_THRESHOLD, then=F("name_similarity") + 1.0),
                default=Value(0.0),
                output_field=FloatField(),
            ),
        )

    def _order(self, qs):
        # user_id (= the user's id) as the tie-breaker: the index of migration 0004 serves it.
        by_name = [Lower("user__last_name"), Lower("user__first_name"), "user_id"]
        sort = self.sort
        if sort == "relevance" and self.query:
            return qs.order_by(F("rank").desc(), *by_name)
        if sort == "organization":
            return qs.order_by(Lower("organization__name"), *by_name)
        if sort == "country":
            return qs.order_by(F("country__name").asc(nulls_last=True), *by_name)
        if sort == "newest":
            return qs.order_by("-created_at", "-pk")
        return qs.order_by(*by_name)


def build_search(data) -> tuple[DirectoryForm, DirectorySearch]:
    """Parse the query string and load the filter options: 3 queries."""
    query = normalise_query(str(data.get("q", "")))
    options = load_options(query)
    form = DirectoryForm(data, options)
    return form, DirectorySearch(values=form.values(), options=options)


class NarrowPaginator(Paginator):
    """Sorts and slices primary keys only, then loads the page's rows by key: one query.

    Sorting 10,000 wide joined rows to reach page 200 spills to disk; sorting their keys does not.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def page_rows(queryset):
    """The columns a result row shows, with the themes in one extra query."""
    return queryset.select_related("user", "organization", "country").prefetch_related("themes")
