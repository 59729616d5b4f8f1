"""The Matrix of UN projects: who may see and change projects, the filters, the reference labels.

Visibility (decision): the project portfolio is shared knowledge of the Compact, so **every active
focal point** (Compact entity, Member State, regional organization) and the Secretariat see every
project: the list, the detail page, the matrix, the charts and the exports. Accounts without a
focal-point profile see nothing (404). What stays restricted on a project page:

- its documents: only those the viewer may see (`Document.objects.visible_to(user)`);
- the CTED technical-assistance recommendations a project addresses are confidential
  (`assessments` owns them): the project pages show nothing of them.

Who may change a project: the Secretariat (every project), and the focal points of a Compact
entity for the projects their entity leads (`lead_organization`). Others who see a project get
403 on its edit, delete and verdict URLs.

The id arrays (`country_ids`, `theme_ids`, `pillar_ids`, `group_ids`, `entity_ids`) mirror the
many-to-many links so the matrix groups by any axis in one query; `refresh_project_arrays` keeps
them (and the regions of the project's countries, added to `regions`) in step after every change.
Filters use the arrays too, so a matrix cell and the list it drills into count the same projects.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from entities.directory import reference_generation
from entities.models import Organization, Pillar, Region, Theme
from library.visibility import audience_of
from workinggroups.models import WorkingGroup

from .models import Project

PAGE_SIZE = 25
QUERY_MAX_LENGTH = 100
FIRST_YEAR = 2000
LAST_YEAR = 2100

# --- who is looking --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectViewer:
    """What the project rules need to know about a viewer (one query, cached on the user)."""

    user_id: int | None
    secretariat: bool = False
    organization_id: int | None = None
    organization_kind: str = ""

    @property
    def may_see(self) -> bool:
        return self.user_id is not None and (self.secretariat or self.organization_id is not None)

    @property
    def may_create(self) -> bool:
        return self.secretariat or self.organization_kind == Organization.Kind.COMPACT_ENTITY

    def may_edit(self, project: Project) -> bool:
        if self.secretariat:
            return True
        return (
            self.organization_kind == Organization.Kind.COMPACT_ENTITY
            and project.lead_organization_id == self.organization_id
        )


def viewer_of(user) -> ProjectViewer:
    """The viewer's facts, from the library's audience (one query per request, cached on the
    user object and shared by every feature that asks)."""
    audience = audience_of(user)
    return ProjectViewer(
        user_id=audience.user_id,
        secretariat=audience.secretariat,
        organization_id=audience.organization_id,
        organization_kind=audience.organization_kind,
    )


def projects_visible_to(user):
    """The projects `user` may see: all of them for focal points and the Secretariat."""
    if not viewer_of(user).may_see:
        return Project.objects.none()
    return Project.objects.all()


def get_project_for_user(user, pk) -> Project:
    """The project if `user` may see it; 404 for "missing" and "not allowed" alike."""
    try:
        return projects_visible_to(user).select_related("lead_organization").get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_edit_project(user, project: Project) -> bool:
    return viewer_of(user).may_edit(project)


def can_create_project(user) -> bool:
    viewer = viewer_of(user)
    return viewer.may_see and viewer.may_create


# --- the portfolio's generation (for cached aggregates) ------------------------------------------

PORTFOLIO_KEY = "projects:portfolio-generation"


def portfolio_generation() -> str:
    """A token renewed by every change of a project: cached matrix and chart counts use it."""
    generation = cache.get(PORTFOLIO_KEY)
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        cache.add(PORTFOLIO_KEY, generation, None)
        generation = cache.get(PORTFOLIO_KEY, generation)
    return generation


def portfolio_changed() -> None:
    """Call after any change of projects (after the transaction commits)."""
    transaction.on_commit(lambda: cache.delete(PORTFOLIO_KEY))
    cache.delete(PORTFOLIO_KEY)


# --- the denormalised arrays -----------------------------------------------------------------


def refresh_project_arrays(project: Project) -> Project:
    """Copy the many-to-many links into the id arrays (and countries' regions into `regions`).

    Call after every change of the links. Two queries to read the links, one UPDATE.
    """
    through = Project.countries.through
    countries = list(
        Organization.objects.filter(
            pk__in=through.objects.filter(project_id=project.pk).values("organization_id")
        ).values_list("pk", "region")
    )
    project.country_ids = sorted(pk for pk, _region in countries)
    project.theme_ids = sorted(project.themes.values_list("pk", flat=True))
    project.pillar_ids = sorted(project.pillars.values_list("pk", flat=True))
    project.group_ids = sorted(project.working_groups.values_list("pk", flat=True))
    partners = set(project.partners.values_list("pk", flat=True))
    project.entity_ids = sorted(partners | {project.lead_organization_id})
    valid_regions = set(Region.values)
    project.regions = sorted(
        {r for r in project.regions if r in valid_regions}
        | {region for _pk, region in countries if region in valid_regions}
    )
    Project.objects.filter(pk=project.pk).update(
        country_ids=project.country_ids,
        theme_ids=project.theme_ids,
        pillar_ids=project.pillar_ids,
        group_ids=project.group_ids,
        entity_ids=project.entity_ids,
        regions=project.regions,
    )
    portfolio_changed()
    return project


# --- reference data, cached --------------------------------------------------------------------

AXES = {
    # axis: (label, id array of the project, filter key of the list)
    "country": (_("Countries"), "country_ids", "country"),
    "region": (_("Regions"), "regions", "region"),
    "theme": (_("Themes"), "theme_ids", "theme"),
    "pillar": (_("Pillars"), "pillar_ids", "pillar"),
    "entity": (_("Entities (lead or partner)"), "entity_ids", "entity"),
    "wg": (_("Working Groups"), "group_ids", "wg"),
}
REFERENCE_TTL = 600


@dataclass(frozen=True)
class Member:
    """One value of an axis: the id in the arrays, the key in URLs, the label, the sort order."""

    id: str
    key: str
    label: str
    order: tuple


def _load_reference() -> dict[str, dict[str, Member]]:
    axes: dict[str, dict[str, Member]] = {axis: {} for axis in AXES}
    for pk, kind, name, acronym, slug, iso3 in Organization.objects.filter(
        kind__in=[Organization.Kind.MEMBER_STATE, Organization.Kind.COMPACT_ENTITY]
    ).values_list("pk", "kind", "name", "acronym", "slug", "iso3"):
        if kind == Organization.Kind.MEMBER_STATE:
            axes["country"][str(pk)] = Member(str(pk), iso3, name, (name.lower(),))
        else:
            label = acronym or name
            axes["entity"][str(pk)] = Member(str(pk), slug, label, (label.lower(),))
    for value, label in Region.choices:
        axes["region"][value] = Member(value, value, str(label), (str(label).lower(),))
    for pk, slug, name in Theme.objects.values_list("pk", "slug", "name"):
        axes["theme"][str(pk)] = Member(str(pk), slug, name, (name.lower(),))
    for pillar in Pillar.objects.all():
        axes["pillar"][str(pillar.pk)] = Member(
            str(pillar.pk), str(pillar.number), str(pillar), (pillar.number,)
        )
    for group in WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).order_by(
        "number"
    ):
        axes["wg"][str(group.pk)] = Member(str(group.pk), group.slug, str(group), (group.number,))
    return axes


def reference() -> dict[str, dict[str, Member]]:
    """Every axis's members by id (as text), cached per reference-data generation and language."""
    key = f"projects:reference:{reference_generation()}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = _load_reference()
        cache.set(key, data, REFERENCE_TTL)
    return data


def members_by_key(axis: str) -> dict[str, Member]:
    return {member.key: member for member in reference()[axis].values()}


def sorted_members(axis: str) -> list[Member]:
    return sorted(reference()[axis].values(), key=lambda m: m.order)


# --- filters -------------------------------------------------------------------------------------

SORTS = {
    "code": (_("Code"), ["code"]),
    "title": (_("Title"), ["title", "code"]),
    "entity": (_("Lead entity"), ["lead_organization__acronym", "code"]),
    "start": (_("Start (newest first)"), ["-starts_on", "code"]),
    "end": (_("End (soonest first)"), ["ends_on", "code"]),
    "budget": (_("Budget (largest first)"), [F("budget_usd").desc(nulls_last=True), "code"]),
    "updated": (_("Recently updated"), ["-updated_at", "code"]),
}
FILTER_KEYS = (
    "q",
    "country",
    "region",
    "theme",
    "pillar",
    "entity",
    "wg",
    "status",
    "funding",
    "year_from",
    "year_to",
)


def _choices(axis: str):
    return [("", _("Any"))] + [(m.key, m.label) for m in sorted_members(axis)]


class ProjectFilterForm(forms.Form):
    """The list's (and the matrix's, charts' and exports') filters; bad values are form errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=QUERY_MAX_LENGTH)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    entity = forms.ChoiceField(label=_("Entity (lead or partner)"), required=False)
    wg = forms.ChoiceField(label=_("Working Group"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Project.Status.choices]
    )
    funding = forms.ChoiceField(
        label=_("Funding"), required=False, choices=[("", _("Any")), *Project.Funding.choices]
    )
    year_from = forms.IntegerField(
        label=_("Active from (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("Active until (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    AXIS_FIELDS = ("country", "region", "theme", "pillar", "entity", "wg")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.AXIS_FIELDS:
            self.fields[name].choices = _choices(name)

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year comes before the first."))
        return data


def parse_filters(params) -> tuple[ProjectFilterForm, dict]:
    """The form and the valid filter values (invalid ones are dropped and shown as errors)."""
    form = ProjectFilterForm(params)
    form.is_valid()
    values = {}
    for name in (*FILTER_KEYS, "sort"):
        if name in form.errors:
            continue
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            values[name] = value
    if "year_to" in form.errors or "year_from" in form.errors:
        values.pop("year_from", None)
        values.pop("year_to", None)
    return form, values


def filter_projects(queryset, values: dict):
    """Apply the filter values (from `parse_filters`) to a project queryset."""
    for axis in ProjectFilterForm.AXIS_FIELDS:
        key = values.get(axis)
        if not key:
            continue
        member = members_by_key(axis).get(str(key))
        if member is None:
            return queryset.none()
        array_field = AXES[axis][1]
        value = member.id if axis == "region" else int(member.id)
        queryset = queryset.filter(**{f"{array_field}__contains": [value]})
    if values.get("status"):
        queryset = queryset.filter(status=values["status"])
    if values.get("funding"):
        queryset = queryset.filter(funding_status=values["funding"])
    if values.get("year_from"):
        queryset = queryset.filter(ends_on__gte=datetime.date(values["year_from"], 1, 1))
    if values.get("year_to"):
        queryset = queryset.filter(starts_on__lte=datetime.date(values["year_to"], 12, 31))
    query = " ".join(str(values.get("q", "")).split())
    if query:
        queryset = queryset.filter(
            Q(title__icontains=query)
            | Q(code__icontains=query)
            | Q(description__icontains=query)
            | Q(beneficiaries__icontains=query)
        )
    return queryset


def sort_projects(queryset, sort: str):
    return queryset.order_by(*SORTS.get(sort or "code", SORTS["code"])[1])


def active_filters(values: dict) -> list[tuple[str, str, str]]:
    """(name, label, shown value) of each filter in use."""
    form = ProjectFilterForm()
    shown = []
    for name in FILTER_KEYS:
        value = values.get(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        if name in ProjectFilterForm.AXIS_FIELDS:
            member = members_by_key(name).get(str(value))
            text = member.label if member else str(value)
        elif isinstance(field, forms.ChoiceField):
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        shown.append((name, str(field.label), text))
    return shown
