"""Pages of Compact entities, Member States and regional organizations: content, permissions,
bounded queries."""

import pytest
from django.test import Client
from django.urls import reverse

from entities.models import FocalPoint, Organization, OrganizationProfile
from entities.organization_actions import update_organization_profile
from tests.conftest import make_focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def _projects_and_events():
    """Content for the organization pages' panels: UNODC projects and events in Kenya, with AU."""
    import datetime as dt

    from tests.appeal.test_project_factories import make_project
    from tests.calendar_app.conftest import make_event

    au = Organization.objects.get(acronym="AU")
    kenya = Organization.objects.get(iso3="KEN")
    unodc = Organization.objects.get(acronym="UNODC")
    for number in range(7):
        project = make_project(f"T-{number}", "UNODC", countries=("KEN",))
        project.partners.add(au)
        event = make_event(
            title=f"Event {number}",
            organizer=unodc,
            starts_at=dt.datetime(2027, 2, 1 + number, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2027, 2, 1 + number, 12, tzinfo=dt.UTC),
        )
        event.countries.add(kenya)
        event.co_organizers.add(au)


def test_organization_pages_show_their_projects_and_events(client, state_user):
    _projects_and_events()
    client.force_login(state_user)
    for url in ("/entities/unodc/", "/member-states/KEN/", "/regional-organizations/au/"):
        html = client.get(url).content.decode()
        assert "T-0" in html, url
        assert "Event 0" in html, url
    assert "See all 7 projects" in client.get("/member-states/KEN/").content.decode()


def _many_focal_points(organization_lookup, count, prefix):
    for i in range(count):
        make_focal_point(f"{prefix}{i}@test.example", organization_lookup, first_name=f"P{i}")


# --- URL names -----------------------------------------------------------------------------------


def test_url_names():
    assert reverse("entity_index") == "/entities/"
    assert reverse("organization_detail", args=["unodc"]) == "/entities/unodc/"
    assert reverse("entity_edit", args=["unodc"]) == "/entities/unodc/edit/"
    assert reverse("member_state_index") == "/member-states/"
    assert reverse("member_state_detail", args=["KEN"]) == "/member-states/KEN/"
    assert reverse("member_state_edit", args=["KEN"]) == "/member-states/KEN/edit/"
    assert reverse("member_state_history", args=["KEN"]) == "/member-states/KEN/history/"
    assert reverse("regional_index") == "/regional-organizations/"
    assert reverse("regional_detail", args=["au"]) == "/regional-organizations/au/"
    assert reverse("regional_edit", args=["au"]) == "/regional-organizations/au/edit/"
    assert reverse("regional_history", args=["au"]) == "/regional-organizations/au/history/"


@pytest.mark.parametrize(
    "url",
    [
        "/entities/",
        "/entities/unodc/",
        "/entities/unodc/edit/",
        "/member-states/",
        "/member-states/KEN/",
        "/member-states/KEN/edit/",
        "/member-states/KEN/history/",
        "/regional-organizations/",
        "/regional-organizations/au/",
        "/regional-organizations/au/edit/",
        "/regional-organizations/au/history/",
    ],
)
def test_pages_require_sign_in(client, compact, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Compact entities ----------------------------------------------------------------------------


def test_entity_index_groups_45_entities_by_status(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/")
    assert response.status_code == 200
    assert len(response.context["entities"]) == 45
    groups = {g["key"]: g["entities"] for g in response.context["status_groups"]}
    assert len(groups["members"]) == 39
    assert sorted(e.acronym for e in groups["observers"]) == sorted(
        ["DESA", "IOM", "IPU", "UNICEF", "UNHCR", "OCHA"]
    )
    unodc = next(e for e in response.context["entities"] if e.acronym == "UNODC")
    assert unodc.focal_point_count == 1  # entity_user
    cted = next(e for e in response.context["entities"] if e.acronym == "CTED")
    assert cted.groups_led >= 2  # chairs WG 2 and WG 6 at least
    assert b"Observers" in response.content and b"Members" in response.content


def test_entity_index_filters_by_text_and_group(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/", {"q": "drugs and crime"})
    assert [e.acronym for e in response.context["entities"]] == ["UNODC"]
    response = client.get("/entities/", {"q": "unicef"})
    assert [e.acronym for e in response.context["entities"]] == ["UNICEF"]

    from django.db.models import Count

    from workinggroups.models import WorkingGroup

    group = (
        WorkingGroup.objects.filter(kind="working_group")
        .annotate(n=Count("organizations"))
        .order_by("n")
        .first()
    )
    response = client.get("/entities/", {"group": group.slug})
    acronyms = {e.acronym for e in response.context["entities"]}
    assert acronyms == set(
        group.organizations.filter(kind="compact_entity").values_list("acronym", flat=True)
    )
    assert 0 < len(acronyms) < 45


def test_entity_index_bad_filters_are_ignored_not_500(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/", {"group": "no-such-group", "q": "x" * 500})
    assert response.status_code == 200


def test_entity_index_htmx_renders_the_partial(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/", {"q": "UNODC"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"UNODC" in response.content
    assert "HX-Request" in response["Vary"]


def test_entity_index_empty_state(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/", {"q": "zzzz-nothing"})
    assert b"No entity matches these filters" in response.content


def test_entity_index_bounded_queries(client, entity_user, django_assert_max_num_queries):
    _many_focal_points({"acronym": "UNDP"}, 15, "undp")
    client.force_login(entity_user)
    with django_assert_max_num_queries(8):
        client.get("/entities/")


def test_entity_page_shows_facts_focal_points_groups_and_empty_sections(client, entity_user):
    make_focal_point("other@test.example", {"acronym": "UNODC"}, first_name="Ola", last_name="Nod")
    gone = make_focal_point("gone@test.example", {"acronym": "UNODC"}, first_name="Gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(entity_user)
    response = client.get("/entities/unodc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "United Nations Office on Drugs and Crime" in html
    assert "Member" in html
    assert "Eve Entity" in html and "Ola Nod" in html
    assert "Gone" not in html  # inactive focal points are not listed
    assert "Working Group participation" in html
    assert "Vice-Chair" in html  # UNODC vice-chairs WG 2
    for section in ("Documents", "Events", "Projects"):
        assert section in html
    assert "Edit the mandate summary" not in html  # not the Secretariat


def test_entity_page_404_for_unknown_slug(client, entity_user):
    client.force_login(entity_user)
    assert client.get("/entities/no-such-entity/").status_code == 404
    assert client.get("/entities/no-such-entity/edit/").status_code == 404


def test_entity_slug_of_other_kinds_redirects_to_their_page(client, entity_user):
    client.force_login(entity_user)
    response = client.get("/entities/au/")
    assert response.status_code == 301
    assert response["Location"] == "/regional-organizations/au/"
    kenya = Organization.objects.get(iso3="KEN")
    response = client.get(f"/entities/{kenya.slug}/")
    assert response["Location"] == "/member-states/KEN/"
    # ... but they have no mandate editor.
    assert client.get(f"/entities/{kenya.slug}/edit/").status_code == 404


def test_entity_page_bounded_queries(client, entity_user, django_assert_max_num_queries):
    _many_focal_points({"acronym": "UNODC"}, 30, "unodc")
    _projects_and_events()
    client.force_login(entity_user)
    with django_assert_max_num_queries(16):  # the projects and events panels: 6
        response = client.get("/entities/unodc/")
    assert response.context["page_obj"].paginator.count == 31
    assert len(response.context["page_obj"]) == 25


@pytest.mark.parametrize("role", ["entity_user", "state_user", "regional_user"])
def test_only_the_secretariat_edits_a_mandate(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get("/entities/unodc/edit/").status_code == 403
    response = client.post("/entities/unodc/edit/", {"description": "Hijacked"})
    assert response.status_code == 403
    assert Organization.objects.get(acronym="UNODC").description != "Hijacked"


def test_secretariat_edits_a_mandate(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/entities/unodc/").content.count(b"Edit the mandate summary") == 1
    assert client.get("/entities/unodc/edit/").status_code == 200
    response = client.post(
        "/entities/unodc/edit/", {"description": "Drugs, crime <script>x</script>\n\nTerrorism."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/entities/unodc/"
    unodc = Organization.objects.get(acronym="UNODC")
    assert unodc.description == "Drugs, crime <script>x</script>\n\nTerrorism."
    html = client.get("/entities/unodc/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html  # plain text, escaped
    assert "<script>x" not in html


def test_mandate_too_long_is_a_form_error(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post("/entities/unodc/edit/", {"description": "x" * 5001})
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_mandate_edit_requires_csrf(secretariat_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat_user)
    response = client.post("/entities/unodc/edit/", {"description": "x"})
    assert response.status_code == 403
    assert Organization.objects.get(acronym="UNODC").description != "x"


# --- Member States -------------------------------------------------------------------------------


def test_member_state_index_lists_193_states_by_region(client, state_user):
    make_focal_point("ken2@test.example", {"iso3": "KEN"})
    client.force_login(state_user)
    response = client.get("/member-states/")
    assert response.status_code == 200
    assert len(response.context["states"]) == 193
    regions = [r["name"] for r in response.context["regions"]]
    assert regions == sorted(regions) and "Africa" in regions
    kenya = next(s for s in response.context["states"] if s.iso3 == "KEN")
    assert kenya.focal_point_count == 2
    assert response.context["with_focal_points_count"] == 1


def test_member_state_index_filters(client, state_user, regional_user):
    client.force_login(state_user)
    response = client.get("/member-states/", {"with_focal_points": "on"})
    assert [s.iso3 for s in response.context["states"]] == ["KEN"]
    response = client.get("/member-states/", {"region": "Oceania"})
    assert {s.region for s in response.context["states"]} == {"Oceania"}
    response = client.get("/member-states/", {"q": "cote d'ivoire"})
    assert [s.iso3 for s in response.context["states"]] == ["CIV"]
    response = client.get("/member-states/", {"q": "fra"})
    assert "FRA" in [s.iso3 for s in response.context["states"]]
    response = client.get("/member-states/", {"region": "Atlantis"})
    assert response.status_code == 200  # an unknown region is ignored, not a 500


def test_member_state_index_bounded_queries(client, state_user, django_assert_max_num_queries):
    for iso3 in ("FRA", "DEU", "BRA", "IND", "NGA"):
        _many_focal_points({"iso3": iso3}, 3, iso3.lower())
    client.force_login(state_user)
    with django_assert_max_num_queries(8):
        client.get("/member-states/")


def test_member_state_page(client, state_user, entity_user):
    update_organization_profile(
        Organization.objects.get(iso3="KEN"),
        priorities="<p>Border <strong>security</strong></p>",
        challenges="",
        good_practices="Community policing",
        actor=state_user,
    )
    client.force_login(entity_user)
    response = client.get("/member-states/KEN/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kenya" in html
    assert "Stella State" in html
    assert "Border <strong>security</strong>" in html
    assert "<p>Community policing</p>" in html
    assert "Last updated by Stella State" in html
    assert "/member-states/KEN/history/" in html
    for section in ("Projects in the country", "CTED assessments", "Events"):
        assert section in html
    assert "Edit the profile" not in html  # an entity's focal point is not Kenya's


def test_member_state_page_accepts_lowercase_iso3(client, state_user):
    client.force_login(state_user)
    response = client.get("/member-states/ken/")
    assert response.status_code == 301
    assert response["Location"] == "/member-states/KEN/"


@pytest.mark.parametrize(
    "url", ["/member-states/XXX/", "/member-states/KENYA/", "/member-states/XXX/edit/"]
)
def test_member_state_404(client, state_user, url):
    client.force_login(state_user)
    assert client.get(url).status_code == 404


def test_member_state_page_bounded_queries(client, state_user, django_assert_max_num_queries):
    _many_focal_points({"iso3": "KEN"}, 30, "ken")
    kenya = Organization.objects.get(iso3="KEN")
    for i in range(3):
        update_organization_profile(
            kenya, priorities=f"v{i}", challenges="", good_practices="", actor=state_user
        )
    _projects_and_events()
    client.force_login(state_user)
    # the library panel: 1; projects and events: 6; the State's assessments and requests: 3
    with django_assert_max_num_queries(20):
        client.get("/member-states/KEN/")
    with django_assert_max_num_queries(10):
        client.get("/member-states/KEN/history/")
    with django_assert_max_num_queries(10):
        client.get("/member-states/KEN/edit/")


def test_state_focal_point_edits_own_state_profile(client, state_user):
    client.force_login(state_user)
    page = client.get("/member-states/KEN/")
    assert b"Edit the profile" in page.content
    form = client.get("/member-states/KEN/edit/")
    assert form.status_code == 200
    html = form.content.decode()
    assert html.count("<textarea") == 3
    assert "Simple HTML also works" in html
    assert '<a href="https://' not in html  # the help text is rendered as text, not markup
    response = client.post(
        "/member-states/KEN/edit/",
        {"priorities": "Prevent violent extremism", "challenges": "", "good_practices": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/member-states/KEN/"
    profile = OrganizationProfile.objects.get(organization__iso3="KEN")
    assert profile.priorities == "<p>Prevent violent extremism</p>"
    assert profile.updated_by == state_user


def test_state_a_focal_point_cannot_edit_state_b(client, state_user):
    client.force_login(state_user)  # Kenya
    assert client.get("/member-states/UGA/").status_code == 200
    assert b"Edit the profile" not in client.get("/member-states/UGA/").content
    assert client.get("/member-states/UGA/edit/").status_code == 403
    response = client.post(
        "/member-states/UGA/edit/", {"priorities": "x", "challenges": "", "good_practices": ""}
    )
    assert response.status_code == 403
    assert not OrganizationProfile.objects.filter(organization__iso3="UGA").exists()


@pytest.mark.parametrize("role", ["entity_user", "regional_user"])
def test_other_focal_points_cannot_edit_a_state_profile(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/member-states/KEN/edit/").status_code == 403
    response = client.post(
        "/member-states/KEN/edit/", {"priorities": "x", "challenges": "", "good_practices": ""}
    )
    assert response.status_code == 403
    assert not OrganizationProfile.objects.filter(organization__iso3="KEN").exists()


def test_deactivated_focal_point_cannot_edit(client, state_user):
    client.force_login(state_user)
    state_user.is_active = False
    state_user.save(update_fields=["is_active"])
    response = client.post(
        "/member-states/KEN/edit/", {"priorities": "x", "challenges": "", "good_practices": ""}
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not OrganizationProfile.objects.filter(organization__iso3="KEN").exists()


def test_secretariat_edits_any_state_profile(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(
        "/member-states/UGA/edit/", {"priorities": "x", "challenges": "", "good_practices": ""}
    )
    assert response.status_code == 302
    assert OrganizationProfile.objects.get(organization__iso3="UGA").priorities == "<p>x</p>"


def test_profile_edit_requires_csrf(state_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(state_user)
    response = client.post(
        "/member-states/KEN/edit/", {"priorities": "x", "challenges": "", "good_practices": ""}
    )
    assert response.status_code == 403
    assert not OrganizationProfile.objects.filter(organization__iso3="KEN").exists()


def test_profile_too_long_is_a_form_error(client, state_user):
    client.force_login(state_user)
    response = client.post(
        "/member-states/KEN/edit/",
        {"priorities": "x" * 20_001, "challenges": "", "good_practices": ""},
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not OrganizationProfile.objects.filter(organization__iso3="KEN").exists()


def test_history_lists_revisions_and_shows_an_old_one(client, state_user, secretariat_user):
    kenya = Organization.objects.get(iso3="KEN")
    update_organization_profile(
        kenya, priorities="First version", challenges="", good_practices="", actor=state_user
    )
    update_organization_profile(
        kenya, priorities="Second version", challenges="", good_practices="", actor=secretariat_user
    )
    client.force_login(state_user)
    response = client.get("/member-states/KEN/history/")
    assert response.status_code == 200
    revisions = list(response.context["page_obj"])
    assert [r.priorities for r in revisions] == ["<p>Second version</p>", "<p>First version</p>"]
    html = response.content.decode()
    assert "Sam Secretariat" in html and "Stella State" in html
    old = revisions[1]
    response = client.get("/member-states/KEN/history/", {"revision": old.pk})
    assert response.context["shown"] == old
    assert "First version" in response.content.decode()


def test_history_of_another_organization_revision_is_404(client, state_user, regional_user):
    au = Organization.objects.get(acronym="AU")
    update_organization_profile(
        au, priorities="AU", challenges="", good_practices="", actor=regional_user
    )
    revision = au.profile.revisions.get()
    client.force_login(state_user)
    assert client.get("/member-states/KEN/history/", {"revision": revision.pk}).status_code == 404
    assert client.get("/member-states/KEN/history/", {"revision": "abc"}).status_code == 404


def test_history_empty_state(client, state_user):
    client.force_login(state_user)
    response = client.get("/member-states/KEN/history/")
    assert response.status_code == 200
    assert b"No saved versions yet" in response.content


# --- Regional and international organizations ----------------------------------------------------


def test_regional_index(client, regional_user):
    client.force_login(regional_user)
    response = client.get("/regional-organizations/")
    assert response.status_code == 200
    kinds = {g["key"]: g["organizations"] for g in response.context["kind_groups"]}
    assert "AU" in [o.acronym for o in kinds["regional"]]
    assert all(o.kind == "other" for o in kinds["other"])
    au = next(o for o in kinds["regional"] if o.acronym == "AU")
    assert au.focal_point_count == 1
    response = client.get("/regional-organizations/", {"q": "osce"})
    assert [o.acronym for o in response.context["organizations"]] == ["OSCE"]


def test_regional_index_bounded_queries(client, regional_user, django_assert_max_num_queries):
    _many_focal_points({"acronym": "OSCE"}, 10, "osce")
    client.force_login(regional_user)
    with django_assert_max_num_queries(8):
        client.get("/regional-organizations/")


def test_regional_page_and_own_focal_point_edits(client, regional_user):
    client.force_login(regional_user)  # AU
    response = client.get("/regional-organizations/au/")
    assert response.status_code == 200
    assert b"Rey Regional" in response.content
    assert b"Edit the profile" in response.content
    response = client.post(
        "/regional-organizations/au/edit/",
        {"priorities": "Silencing the guns", "challenges": "", "good_practices": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/regional-organizations/au/"
    assert "Silencing the guns" in client.get("/regional-organizations/au/").content.decode()
    assert client.get("/regional-organizations/au/history/").status_code == 200


def test_regional_focal_point_cannot_edit_another_organization(client, regional_user, state_user):
    client.force_login(regional_user)
    assert client.get("/regional-organizations/osce/edit/").status_code == 403
    assert client.get("/member-states/KEN/edit/").status_code == 403
    client.force_login(state_user)
    assert client.get("/regional-organizations/au/edit/").status_code == 403
    response = client.post(
        "/regional-organizations/au/edit/",
        {"priorities": "x", "challenges": "", "good_practices": ""},
    )
    assert response.status_code == 403


def test_other_kind_organizations_have_profile_pages(client, compact):
    gctf = Organization.objects.get(acronym="GCTF")
    user = make_focal_point("gctf@test.example", {"acronym": "GCTF"})
    client.force_login(user)
    assert client.get(f"/regional-organizations/{gctf.slug}/").status_code == 200
    assert client.get(f"/regional-organizations/{gctf.slug}/edit/").status_code == 200


def test_regional_404(client, regional_user):
    client.force_login(regional_user)
    assert client.get("/regional-organizations/nope/").status_code == 404
    assert client.get("/regional-organizations/unodc/").status_code == 404  # an entity
    assert client.get("/regional-organizations/nope/history/").status_code == 404


def test_regional_page_bounded_queries(client, regional_user, django_assert_max_num_queries):
    _many_focal_points({"acronym": "AU"}, 30, "au")
    _projects_and_events()
    client.force_login(regional_user)
    with django_assert_max_num_queries(17):  # library panel 1, projects and events panels 6
        client.get("/regional-organizations/au/")


def test_focal_point_without_profile_can_read_but_not_edit(client, compact):
    from entities.models import User

    user = User.objects.create_user(email="noprofile@test.example", password="x" * 16)
    assert not FocalPoint.objects.filter(user=user).exists()
    client.force_login(user)
    assert client.get("/member-states/KEN/").status_code == 200
    assert client.get("/member-states/KEN/edit/").status_code == 403
