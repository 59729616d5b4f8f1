"""The person page, contacting a person, and the Global Networking overview.

Selectors first (reads that depend on the viewer), then the contact form, then thin views.
Who may see people: every signed-in user with a visibility tier (a focal point or the
Secretariat) sees every *active* focal point; a deactivated person answers 404. Contact details
follow the person's choices (`show_email`, `show_phone`); the person themself and the Secretariat
see everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .accounts import is_secretariat, visibility_tier
from .models import FocalPoint, Organization, Theme
from .people_actions import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    ContactRefused,
    send_contact_message,
)

SIMILAR_PEOPLE = 6
NEWEST_MEMBERS = 10
BAR_STEPS = 20  # bars are drawn in 5 % steps (CSS classes, no inline style under our CSP)

# --- selectors ----------------------------------------------------------------------------------


def people_visible_to(viewer):
    """Focal points the viewer may see: every active one, for anyone with a visibility tier."""
    if visibility_tier(viewer) is None:
        return FocalPoint.objects.none()
    return FocalPoint.objects.active()


def get_person_for_user(viewer, pk: int) -> FocalPoint:
    """The focal point `pk` with what its page shows, or 404 (missing, inactive or not allowed)."""
    person = (
        people_visible_to(viewer)
        .select_related("user", "organization", "country")
        .prefetch_related("themes")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def can_see_all_details(viewer, person: FocalPoint) -> bool:
    return viewer.pk == person.user_id or is_secretariat(viewer)


def visible_contact_details(viewer, person: FocalPoint) -> dict:
    """The email and phone the viewer may see ("" where hidden)."""
    see_all = can_see_all_details(viewer, person)
    return {
        "email": person.user.email if (see_all or person.show_email) else "",
        "phone": person.phone if (see_all or person.show_phone) else "",
        "sees_hidden": see_all and not (person.show_email and person.show_phone),
    }


def _membership_model():
    # entities does not import workinggroups (the dependency runs the other way): reach the
    # membership model through the reverse relation instead.
    return Organization._meta.get_field("group_memberships").related_model


def group_roles(person: FocalPoint) -> list:
    """The Working Groups of the person's organization, each with the organization's role and
    whether the person is a designated group editor (two queries)."""
    memberships = list(
        person.organization.group_memberships.select_related("group").order_by(
            "group__kind", "group__number", "group__name"
        )
    )
    editor_of = set(person.user.editor_designations.values_list("group_id", flat=True))
    for membership in memberships:
        membership.person_is_editor = membership.group_id in editor_of
    return memberships


def similar_people(person: FocalPoint, theme_ids, group_ids, *, limit=SIMILAR_PEOPLE) -> list:
    """Up to `limit` active focal points sharing themes, Working Groups or the country with
    `person`, ranked by how much they share — one SQL statement.

    Candidates are only people with some overlap (indexed `IN` filters); they are ranked on narrow
    rows (`pk IN (SELECT … ORDER BY score LIMIT n)`) and only the winners are loaded with their
    user, organization and country.
    """
    theme_ids, group_ids = list(theme_ids), list(group_ids)
    if not theme_ids and not group_ids and not person.country_id:
        return []
    memberships = _membership_model().objects.filter(group_id__in=group_ids)
    theme_links = FocalPoint.themes.through.objects.filter(theme_id__in=theme_ids)
    overlap = Q(pk__in=[])
    if theme_ids:
        overlap |= Q(pk__in=theme_links.values("focalpoint_id"))
    if group_ids:
        overlap |= Q(organization_id__in=memberships.values("organization_id"))
    if person.country_id:
        overlap |= Q(country_id=person.country_id)

    def count(rows, column, outer):
        query = (
            rows.filter(**{column: OuterRef(outer)})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(query, output_field=IntegerField()), 0)

    zero = Value(0, output_field=IntegerField())
    scores = {
        "shared_themes": count(theme_links, "focalpoint_id", "pk") if theme_ids else zero,
        "shared_groups": count(memberships, "organization_id", "organization_id")
        if group_ids
        else zero,
        "same_country": Case(
            When(country_id=person.country_id, then=Value(1)),
            default=zero,
            output_field=IntegerField(),
        )
        if person.country_id
        else zero,
    }

    def scored(queryset):
        return queryset.annotate(**scores).annotate(
            score=F("shared_themes") + F("shared_groups") + F("same_country")
        )

    top = (
        scored(FocalPoint.objects.active().filter(overlap).exclude(pk=person.pk))
        .order_by("-score", "-shared_themes", "user__last_name", "user__first_name", "pk")
        .values("pk")[:limit]
    )
    winners = list(
        scored(FocalPoint.objects.filter(pk__in=top)).select_related(
            "user", "organization", "country"
        )
    )
    winners.sort(
        key=lambda p: (-p.score, -p.shared_themes, p.user.last_name, p.user.first_name, p.pk)
    )
    return winners


def language_names(codes) -> list[str]:
    labels = dict(FocalPoint.Language.choices)
    return [str(labels.get(code, code)) for code in codes]


@dataclass
class Bar:
    """One row of a bar chart: a label, a count, its share of the total and a bar width step."""

    key: str
    label: str
    count: int
    share: int  # percent of the total, for the table
    step: int  # 0–100 in 5 % steps, relative to the largest bar (CSS class bar--w<step>)


def _bars(rows: list[tuple[str, str, int]], total: int) -> list[Bar]:
    largest = max((count for _key, _label, count in rows), default=0)
    bars = []
    for key, label, count in rows:
        step = 0
        if largest and count:
            step = max(1, round(count / largest * BAR_STEPS)) * (100 // BAR_STEPS)
        share = round(count * 100 / total) if total else 0
        bars.append(Bar(key=key, label=label, count=count, share=share, step=step))
    return bars


def network_overview(viewer) -> dict:
    """The Global Networking figures: a fixed handful of aggregate queries, whatever the size."""
    people = people_visible_to(viewer)

    by_kind = dict(
        people.order_by()
        .values_list("organization__kind")
        .annotate(n=Count("pk"))
        .values_list("organization__kind", "n")
    )
    total = sum(by_kind.values())
    kinds = _bars(
        [(kind, label, by_kind.get(kind, 0)) for kind, label in Organization.Kind.choices], total
    )

    by_region = dict(
        people.order_by()
        .values_list("country__region")
        .annotate(n=Count("pk"))
        .values_list("country__region", "n")
    )
    not_stated = by_region.pop(None, 0) + by_region.pop("", 0)
    region_rows = [(region, region, n) for region, n in sorted(by_region.items())]
    if not_stated:
        region_rows.append(("", _("Country not stated"), not_stated))
    regions = _bars(region_rows, total)

    # Counts over other models follow the same rule as `people` (nothing for a viewer without
    # a tier, otherwise active focal points only).
    sees_people = visibility_tier(viewer) is not None
    active = Q(focalpoint__user__is_active=True) if sees_people else Q(pk__in=[])
    themes = _bars(
        [
            (theme.slug, theme.name, theme.n)
            for theme in Theme.objects.annotate(n=Count("focalpoint", filter=active)).order_by(
                "-n", "name"
            )
        ],
        total,
    )

    states_active = Q(focal_points__user__is_active=True) if sees_people else Q(pk__in=[])
    states = (
        Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
        .annotate(n=Count("focal_points", filter=states_active))
        .filter(n__gt=0)
        .order_by("region", "name")
        .only("pk", "name", "iso3", "region")
    )
    grid: dict[str, list] = {}
    for state in states:
        grid.setdefault(state.region or _("Other"), []).append(state)
    region_grid = [
        {"region": region, "states": members, "people": sum(s.n for s in members)}
        for region, members in grid.items()
    ]

    newest = list(
        people.select_related("user", "organization", "country").order_by("-created_at", "-pk")[
            :NEWEST_MEMBERS
        ]
    )
    return {
        "total": total,
        "kinds": kinds,
        "regions": regions,
        "themes": themes,
        "region_grid": region_grid,
        "state_count": sum(len(r["states"]) for r in region_grid),
        "newest": newest,
    }


# --- the contact form ---------------------------------------------------------------------------


class ContactForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Plain text. The person receives it by email with your name and a link to your "
            "profile; your email address is included only if your profile shows it."
        ),
    )

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError(_("Write a subject."), code="required")
        return subject


# --- views --------------------------------------------------------------------------------------


def _person_context(request, person: FocalPoint) -> dict:
    viewer = request.user
    roles = group_roles(person)
    themes = list(person.themes.all())
    return {
        "person": person,
        "contact": visible_contact_details(viewer, person),
        "languages": language_names(person.languages),
        "themes": themes,
        "group_roles": roles,
        "similar": similar_people(
            person, [t.pk for t in themes], sorted({m.group_id for m in roles})
        ),
        "is_self": viewer.pk == person.user_id,
    }


@require_GET
def person_detail(request, pk: int):
    person = get_person_for_user(request.user, pk)
    context = _person_context(request, person)
    context["form"] = ContactForm()
    return render(request, "entities/people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_contact(request, pk: int):
    person = get_person_for_user(request.user, pk)
    is_self = request.user.pk == person.user_id
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST" and not is_self and form.is_valid():
        try:
            send_contact_message(
                request.user,
                person.user,
                form.cleaned_data["subject"],
                form.cleaned_data["body"],
                actor=request.user,
            )
        except ContactRefused as refused:
            form.add_error(None, refused.message)
            status = 429 if refused.code == "rate_limited" else 400
        else:
            messages.success(
                request,
                _("Your message to %(name)s has been sent.") % {"name": person.user},
            )
            return redirect("person_detail", pk=person.pk)
    elif request.method == "POST" and is_self:
        status = 400
    return render(
        request,
        "entities/people/person_contact.html",
        {
            "person": person,
            "form": form,
            "is_self": is_self,
            "crumbs": [{"url": reverse("person_detail", args=[person.pk]), "label": person.user}],
        },
        status=status,
    )


@require_GET
def network(request):
    return render(request, "entities/people/network.html", network_overview(request.user))
