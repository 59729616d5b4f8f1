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
- results are ranked by how well the name matches (name matches first), then by name;
- organizations, countries and themes are also found by their name in the reader's language
  ("Allemagne" finds Germany's people for a French reader), and the filter lists and the sorts by
  name, organization and country follow the reader's language (`entities.names`): "Égypte"
  among the E's. People's names sort through the same `f_unaccent(lower(...))` key (index of
  migration 0010).

Contact details (decision, documented in the README section the lead keeps):

- on screen and in vCards, a person's email and phone show when they chose to show them
  (`show_email` / `show_phone`), and always to the person themself and to the Secretariat, who
  manage the network's membership;
- **exports honour each person's choice even for the Secretariat**: an exported file leaves the
  portal and gets forwarded, and the Secretariat has the admin for the full record.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field

from django import forms
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, Count, F, FloatField, Func, Q, TextField, Value, When, Window
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from compact_portal.i18n import name_order
from workinggroups.models import WorkingGroup, WorkingGroupMembership

from . import names
from .accounts import is_secretariat
from .models import FocalPoint, Organization, Pillar, Region, Theme, User, VisibilityTier

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


# --- reference data: the filter panel's lists ---------------------------------------------


SORTS = {
    "": _("Best match"),  # relevance when searching, name otherwise
    "relevance": _("Relevance"),
    "name": _("Name"),
    "organization": _("Organization"),
    "country": _("Country"),
    "newest": _("Newest"),
}

REFERENCE_TTL = 300  # seconds; edits of the reference tables also clear it (signals below)
GENERATION_KEY = "directory:generation"


def reference_generation() -> str:
    """A token that changes whenever organizations, themes, pillars or groups change.

    The cached filter lists, query matches and filter panel fragments are keyed on it.
    """
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


@receiver([post_save, post_delete], sender=Organization)
@receiver([post_save, post_delete], sender=Theme)
@receiver([post_save, post_delete], sender=Pillar)
@receiver([post_save, post_delete], sender=WorkingGroup)
def _reference_changed(**kwargs):
    cache.delete(GENERATION_KEY)


def _region_label(region: str) -> str:
    """The M49 region in the reader's language (`Organization.region` stores the English)."""
    return str(Region(region).label) if region in Region.values else region


def _load_choices() -> dict[str, list[tuple[str, str]]]:
    """The filter lists as (value, label) pairs, from `values_list` (no model instances).

    Labels are plain strings in the active language (the cache key carries the language).
    """
    organizations = []
    countries = []
    regions = set()
    for kind, name, acronym, slug, iso3, region in Organization.objects.order_by(
        names.sort_key("name"), "pk"
    ).values_list("kind", "name", "acronym", "slug", "iso3", "region"):
        if kind == Organization.Kind.MEMBER_STATE:
            countries.append((iso3, name))
            if region:
                regions.add(region)
        else:
            organizations.append((slug, acronym or name))  # Organization.label
    themes = []
    pillars = {}
    for slug, name, number, numeral in Theme.objects.order_by(
        names.sort_key("name"), "pk"
    ).values_list("slug", "name", "pillar__number", "pillar__numeral"):
        themes.append((slug, name))
        if number is not None:
            pillars[number] = Pillar(number=number, numeral=numeral)
    groups = []
    for group in (
        WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        .select_related("pillar")
        .only("slug", "number", "name", "short_name", "pillar__number", "pillar__numeral")
        .order_by("number")
    ):  # a dozen; str() gives the models' own labels
        groups.append((group.slug, str(group)))
        if group.pillar:
            pillars[group.pillar.number] = group.pillar
    any_ = [("", str(_("Any")))]
    return {
        "kind": any_ + [(value, str(label)) for value, label in Organization.Kind.choices],
        "org": any_ + organizations,
        "wg": any_ + groups,
        "pillar": any_ + [(str(n), str(pillars[n])) for n in sorted(pillars)],
        "country": any_ + countries,
        "region": any_
        + [(r, str(Region(r).label) if r in Region.values else r) for r in sorted(regions)],
        "theme": any_ + themes,
        "language": any_ + [(value, str(label)) for value, label in FocalPoint.Language.choices],
        "sort": [(value, str(label)) for value, label in SORTS.items()],
    }


@dataclass
class Options:
    """Everything the filter panel lists, and what the query matched in the small tables."""

    choices: dict = field(default_factory=dict)
    generation: str = ""
    matched_organization_ids: list = field(default_factory=list)
    matched_theme_ids: list = field(default_factory=list)


def normalise_query(raw: str) -> str:
    # PostgreSQL text cannot hold NUL: a NUL in the query string would be a 500.
    return " ".join(raw.replace("\x00", " ").split())[:QUERY_MAX_LENGTH]


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


def _in_reader_language(q, field: str) -> list:
    """The word similarity of `q` to `field`'s translation in the reader's language, if not English.

    (The original column holds the English name; an untranslated row's NULL scores NULL, which
    GREATEST ignores.)
    """
    own = names.columns(field)[0]
    return (
        []
        if own == names.columns(field, names.DEFAULT_LANGUAGE)[0]
        else [TrigramWordSimilarity(q, Unaccent(F(own)))]
    )


def _match_small_tables(query: str) -> tuple[list, list]:
    """(organization ids, theme ids) the query names: one query returning the matches only.

    Names are matched in English and in the reader's language.
    """
    q = Unaccent(Value(query))
    organizations = (
        Organization.objects.annotate(
            table=Value("organization"),
            score=Greatest(
                TrigramWordSimilarity(q, Unaccent(F("name"))),
                *_in_reader_language(q, "name"),
                TrigramWordSimilarity(q, Unaccent(F("official_name"))),
                TrigramWordSimilarity(q, Unaccent(ArrayToString(F("aliases"), Value(" | ")))),
                Case(
                    When(acronym="", then=Value(0.0)),
                    When(acronym__iexact=query, then=Value(1.0)),
                    When(
                        acronym__istartswith=query,
                        then=Value(EXACT if len(query) >= 3 else 0.0),
                    ),
                    default=Value(0.0),
                    output_field=FloatField(),
                ),
            ),
        )
        .filter(score__gte=ORGANIZATION_THRESHOLD)
        .order_by()
        .values_list("table", "score", "pk")
    )
    themes = (
        Theme.objects.annotate(
            table=Value("theme"),
            score=Greatest(
                TrigramWordSimilarity(q, Unaccent(F("name"))),
                *_in_reader_language(q, "name"),
                Value(0.0),
            ),
        )
        .filter(score__gte=THEME_THRESHOLD)
        .order_by()
        .values_list("table", "score", "pk")
    )
    scored = {"organization": [], "theme": []}
    for table, score, pk in organizations.union(themes, all=True):
        scored[table].append((score, pk))
    return (
        _best_only(scored["organization"], ORGANIZATION_THRESHOLD),
        _best_only(scored["theme"], THEME_THRESHOLD),
    )


def load_options(query: str) -> Options:
    """The filter lists and the query's matches in the small tables, from the cache if there.

    Both are derived from reference data only (organizations, themes, groups), so they are
    cached under the reference generation: no query at all when cached, three or two otherwise.
    """
    generation = reference_generation()
    choices_key = f"directory:choices:{generation}:{get_language()}"
    match_key = (
        f"directory:match:{generation}:{get_language()}:"
        f"{hashlib.sha256(query.encode()).hexdigest()[:32]}"
        if query
        else None
    )
    cached = cache.get_many([choices_key, match_key] if match_key else [choices_key])
    choices = cached.get(choices_key)
    if choices is None:
        choices = _load_choices()
        cache.set(choices_key, choices, REFERENCE_TTL)
    options = Options(choices=choices, generation=generation)
    if query:
        matches = cached.get(match_key)
        if matches is None:
            matches = _match_small_tables(query)
            cache.set(match_key, matches, REFERENCE_TTL)
        options.matched_organization_ids, options.matched_theme_ids = matches
    return options


# --- the filter form ------------------------------------------------------------------------


class ReferenceSelect(forms.Select):
    """A select whose options are shared, ready-made (value, label) pairs: used as they are."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = value


class ReferenceChoiceField(forms.ChoiceField):
    """A choice field over the cached filter lists: no per-request copy or normalisation."""

    widget = ReferenceSelect

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = self.widget.choices = value

    def valid_value(self, value):
        return any(key == value for key, _label in self._choices)


class DirectoryForm(forms.Form):
    """The search box and filters, read from the query string (GET): every state is a URL."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = ReferenceChoiceField(label=_("Kind of organization"), required=False)
    org = ReferenceChoiceField(label=_("Organization"), required=False)
    wg = ReferenceChoiceField(label=_("Working Group"), required=False)
    pillar = ReferenceChoiceField(label=_("Pillar"), required=False)
    country = ReferenceChoiceField(label=_("Country"), required=False)
    region = ReferenceChoiceField(label=_("Region"), required=False)
    theme = ReferenceChoiceField(label=_("Expertise"), required=False)
    language = ReferenceChoiceField(label=_("Language"), required=False)
    sort = ReferenceChoiceField(label=_("Sort by"), required=False)

    FILTERS = ("kind", "org", "wg", "pillar", "country", "region", "theme", "language")

    def __init__(self, data, options: Options):
        super().__init__(data)
        for name, choices in options.choices.items():
            self.fields[name].choices = choices

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
        active = []
        for name in ("q", *DirectoryForm.FILTERS):
            value = self.values.get(name)
            if not value:
                continue
            label = DirectoryForm.base_fields[name].label
            shown = value if name == "q" else dict(self.options.choices[name]).get(value, value)
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

    def matching_ids(self):
        """The focal points the query finds, as one UNION of indexed look-ups.

        A UNION (rather than `a IN (...) OR b IN (...)`) lets PostgreSQL start from the few
        matches the trigram indexes find instead of testing every focal point against each set.
        """
        variants = query_variants(self.query)
        focal_points = FocalPoint.objects.order_by()  # no Meta ordering (and its join) inside
        parts = []
        for variant in variants:
            q = Unaccent(Value(variant))
            by_name = (
                User.objects.annotate(search_name=search_name_expression())
                .filter(search_name__trigram_word_similar=q)
                .values("pk")
            )
            parts.append(focal_points.filter(user_id__in=by_name).values("pk"))
            parts.append(
                focal_points.annotate(search_position=Unaccent(F("position")))
                .filter(search_position__trigram_word_similar=q)
                .values("pk")
            )
        if self.options.matched_organization_ids:
            ids = self.options.matched_organization_ids
            parts.append(
                focal_points.filter(Q(organization_id__in=ids) | Q(country_id__in=ids)).values("pk")
            )
        if self.options.matched_theme_ids:
            parts.append(
                FocalPoint.themes.through.objects.filter(
                    theme_id__in=self.options.matched_theme_ids
                ).values("focalpoint_id")
            )
        return parts[0].union(*parts[1:])

    def _search(self, qs):
        variants = query_variants(self.query)
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
        return qs.filter(pk__in=self.matching_ids()).annotate(
            name_similarity=similarity,
            rank=Case(
                When(name_similarity__gte=NAME_THRESHOLD, then=F("name_similarity") + 1.0),
                default=Value(0.0),
                output_field=FloatField(),
            ),
        )

    def _order(self, qs):
        # user_id (= the user's id) as the tie-breaker: the index of migration 0010 serves it.
        by_name = [
            name_order(F("user__last_name")),
            name_order(F("user__first_name")),
            "user_id",
        ]
        sort = self.sort
        if sort == "relevance" and self.query:
            return qs.order_by(F("rank").desc(), *by_name)
        if sort == "organization":
            return qs.order_by(names.sort_key("organization__name"), *by_name)
        if sort == "country":
            return qs.order_by(names.sort_key("country__name").asc(nulls_last=True), *by_name)
        if sort == "newest":
            return qs.order_by("-created_at", "-pk")
        return qs.order_by(*by_name)


def build_search(data) -> tuple[DirectoryForm, DirectorySearch]:
    """Parse the query string and load the filter options (cached: 0 to 3 queries)."""
    query = normalise_query(str(data.get("q", "")))
    options = load_options(query)
    form = DirectoryForm(data, options)
    return form, DirectorySearch(values=form.values(), options=options)


# --- one page of results --------------------------------------------------------------------

ROW_FIELDS = (
    "id",
    "user_id",
    "organization_id",
    "country_id",
    "position",
    "phone",
    "show_email",
    "show_phone",
    "user__id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "organization__id",
    "organization__kind",
    "organization__name",
    "organization__acronym",
    "country__id",
    "country__kind",
    "country__name",
)


def page_rows(queryset):
    """The columns a result row shows (no bio, descriptions...), themes in one extra query."""
    return (
        queryset.select_related("user", "organization", "country")
        .only(*ROW_FIELDS, *names.columns("organization__name"), *names.columns("country__name"))
        .prefetch_related("themes")
    )


THEMES_SHOWN = 3
_PK_PLACEHOLDER = 2147483647


def _url_maker(name: str):
    """`pk -> URL` for a one-argument URL name: reversed once per page, not once per row."""
    try:
        pattern = reverse(name, args=[_PK_PLACEHOLDER])
    except NoReverseMatch:
        return lambda pk: ""
    head, _sep, tail = pattern.partition(str(_PK_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def present_rows(rows: list[FocalPoint]) -> list[FocalPoint]:
    """Set what a result row shows, so the row template only prints attributes."""
    detail_url = _url_maker("person_detail")
    vcard_url = _url_maker("person_vcard")
    for fp in rows:
        fp.full_name = fp.user.get_full_name()
        fp.detail_url = detail_url(fp.pk)
        fp.vcard_url = vcard_url(fp.pk)
        themes = [theme.name for theme in fp.themes.all()]
        fp.theme_names = themes[:THEMES_SHOWN]
        fp.more_themes = max(len(themes) - THEMES_SHOWN, 0)
        organization = fp.organization
        fp.organization_label = organization.label
        fp.organization_name = "" if organization.label == organization.name else organization.name
        if fp.country_id:
            fp.country_name = fp.country.name
        elif organization.kind == Organization.Kind.MEMBER_STATE:
            fp.country_name = organization.name
        else:
            fp.country_name = ""
    return rows


class NarrowPaginator(Paginator):
    """Sorts and slices primary keys only, then loads the page's rows by key.

    Sorting 10,000 wide joined rows to reach page 200 spills to disk; sorting their keys does not.
    Counting: a search scores every match to rank them anyway, so its keys query also counts them
    (`COUNT(*) OVER ()`, no separate COUNT); otherwise a first page that is not full is its own
    count, and only a full one asks PostgreSQL.
    """

    def __init__(self, object_list, per_page, *, count_with_keys=False, rows=page_rows):
        super().__init__(object_list, per_page)
        self.count_with_keys = count_with_keys
        self.rows = rows

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        ids = None
        if number >= 1 and "count" not in self.__dict__:
            ids = self._keys(number) or None  # and the count, when the keys tell it
        number = self.validate_number(number)  # a COUNT query only if the count is unknown
        if ids is None:
            ids = self._keys(number)
        return self._get_page(self._load(ids), number, self)

    def _keys(self, number) -> list[int]:
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.count_with_keys:
            found = list(
                self.object_list.annotate(total=Window(Count("*"))).values_list("pk", "total")[
                    bottom:top
                ]
            )
            ids = [pk for pk, _total in found]
            if found:
                self.__dict__["count"] = found[0][1]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        if number == 1 and len(ids) < self.per_page:
            self.__dict__["count"] = len(ids)
        return ids

    def _load(self, ids):
        if not ids:
            return []
        by_pk = {fp.pk: fp for fp in self.rows(FocalPoint.objects.filter(pk__in=ids))}
        return [by_pk[pk] for pk in ids if pk in by_pk]
