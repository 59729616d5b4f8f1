"""Global search (`/search/`): every group filtered by its section's rule, ranked, bounded."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, make_focal_point

pytestmark = pytest.mark.django_db

URL = "/search/"


# --- helpers: content made as each section makes it -----------------------------------------------


def make_document(title, *, visibility="all", summary="", **fields):
    from library.indexing import update_search_vectors
    from library.models import Document

    document = Document.objects.create(
        title=title,
        summary=summary,
        visibility=visibility,
        doc_type="report",
        languages=["en"],
        **fields,
    )
    update_search_vectors([document.pk])
    return document


def make_event(title, *, visibility="all", starts=None, **fields):
    from calendar_app.actions import create_event
    from entities.models import Organization

    starts = starts or dt.datetime(2030, 1, 12, 10, 0, tzinfo=dt.UTC)
    values = {
        "title": title,
        "event_type": "workshop",
        "status": "confirmed",
        "organizer": Organization.objects.get(acronym="UNOCT"),
        "timezone": "UTC",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "visibility": visibility,
        **fields,
    }
    return create_event(values, actor=None)


def make_thread(group, title, actor):
    from workinggroups.discussion_actions import start_thread

    return start_thread(group, title=title, body="First post", actor=actor)


def make_project(code, title, **fields):
    from appeal.models import Project
    from entities.models import Organization

    return Project.objects.create(
        code=code,
        title=title,
        lead_organization=Organization.objects.get(acronym="UNODC"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        **fields,
    )


def make_assessment(iso3, summary, recommendation):
    from assessments.models import Assessment, Recommendation
    from entities.models import Organization, Theme

    assessment = Assessment.objects.create(
        state=Organization.objects.get(iso3=iso3),
        assessment_type=Assessment.Type.COMPREHENSIVE,
        starts_on=dt.date(2023, 5, 8),
        status=Assessment.Status.TRANSMITTED,
        summary=summary,
    )
    Recommendation.objects.create(
        assessment=assessment,
        number=1,
        theme=Theme.objects.first(),
        priority="high",
        text=recommendation,
    )
    return assessment


def signed_in(client, user):
    client.force_login(user)
    return client


def groups_of(response) -> dict:
    return {group.key: group for group in response.context["results"].groups}


def titles(response, key) -> list[str]:
    group = groups_of(response).get(key)
    return [hit.title for hit in group.hits] if group else []


def total(response, key) -> int:
    group = groups_of(response).get(key)
    return group.total if group else 0


# --- access ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, compact):
    response = client.get(URL, {"q": "kenya"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_url_name_and_header_box(client, state_user):
    assert reverse("search") == URL
    response = signed_in(client, state_user).get(reverse("home"))
    html = response.content.decode()
    assert 'role="search"' in html
    assert 'id="site-search-q"' in html
    assert f'action="{URL}"' in html


def test_empty_query_is_a_helpful_page_without_searching(
    client, state_user, django_assert_max_num_queries
):
    signed_in(client, state_user)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["results"].groups == []
    assert "Type what you are looking for" in response.content.decode()
    assert client.get(URL, {"q": "   "}).context["results"].groups == []


def test_results_are_never_cached_by_the_browser(client, entity_user):
    response = signed_in(client, entity_user).get(URL, {"q": "kenya"})
    assert "no-store" in response["Cache-Control"]


# --- each group, filtered by its own section's rule -----------------------------------------------


def test_people_come_from_the_directory_search_typos_and_accents_included(client, state_user):
    make_focal_point(
        "maria@test.example", {"acronym": "UNODC"}, first_name="María", last_name="Quetzalcoatl"
    )
    response = signed_in(client, state_user).get(URL, {"q": "maria quetzalcoatl"})
    assert titles(response, "people") == ["María Quetzalcoatl"]
    response = client.get(URL, {"q": "Quetzalcoatel"})  # a typo
    assert titles(response, "people") == ["María Quetzalcoatl"]
    see_all = groups_of(response)["people"].see_all[0].url
    assert see_all == "/directory/?q=Quetzalcoatel"


def test_an_account_without_a_profile_gets_no_people_group(client, compact):
    from entities.models import User

    user = User.objects.create_user(email="noprofile@test.example", password=PASSWORD)
    response = signed_in(client, user).get(URL, {"q": "stella"})
    assert response.status_code == 200
    assert "people" not in groups_of(response)
    assert "documents" in groups_of(response)  # empty, by the library's own rule
    assert total(response, "documents") == 0


def test_organizations_by_acronym_name_alias_and_typo(client, state_user):
    signed_in(client, state_user)
    response = client.get(URL, {"q": "UNODC"})
    assert titles(response, "organizations")[0].endswith("(UNODC)")
    response = client.get(URL, {"q": "kenia"})  # a typo, as the directory forgives it
    assert titles(response, "organizations")[0] == "Kenya"
    response = client.get(URL, {"q": "KEN"})
    assert titles(response, "organizations")[0] == "Kenya"
    response = client.get(URL, {"q": "Cote d'Ivoire"})  # unaccented
    assert any("Ivoire" in title for title in titles(response, "organizations"))
    links = [
        link.url for link in groups_of(client.get(URL, {"q": "kenya"}))["organizations"].see_all
    ]
    assert "/member-states/?q=kenya" in links


def test_working_groups_by_name(client, state_user):
    from workinggroups.models import WorkingGroup

    group = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).first()
    word = group.short_name or group.name
    response = signed_in(client, state_user).get(URL, {"q": word})
    assert str(group) in titles(response, "groups")


def test_restricted_document_neither_appears_nor_counts(client, state_user, entity_user):
    make_document("Zebrafinch border report")
    make_document("Zebrafinch compact note", visibility="compact")
    make_document("Zebrafinch secretariat memo", visibility="secretariat")
    response = signed_in(client, state_user).get(URL, {"q": "zebrafinch"})
    assert titles(response, "documents") == ["Zebrafinch border report"]
    assert total(response, "documents") == 1
    assert "secretariat memo" not in response.content.decode()
    response = signed_in(client, entity_user).get(URL, {"q": "zebrafinch"})
    assert total(response, "documents") == 2
    assert groups_of(response)["documents"].see_all[0].url == "/library/?q=zebrafinch"


def test_restricted_event_neither_appears_nor_counts(client, state_user, entity_user):
    make_event("Okapi workshop")
    make_event("Okapi compact briefing", visibility="compact")
    make_event("Okapi secretariat retreat", visibility="secretariat")
    response = signed_in(client, state_user).get(URL, {"q": "okapi"})
    assert titles(response, "events") == ["Okapi workshop"]
    assert total(response, "events") == 1
    assert "retreat" not in response.content.decode()
    response = signed_in(client, entity_user).get(URL, {"q": "okapi"})
    assert sorted(titles(response, "events")) == ["Okapi compact briefing", "Okapi workshop"]


def test_private_discussion_neither_appears_nor_counts(client, state_user, entity_user):
    from workinggroups.models import WorkingGroup, WorkingGroupMembership

    kenya_groups = WorkingGroupMembership.objects.filter(organization__iso3="KEN").values_list(
        "group_id", flat=True
    )
    closed = WorkingGroup.objects.exclude(pk__in=kenya_groups).first()
    make_thread(None, "Narwhal collaboration", entity_user)
    make_thread(closed, "Narwhal group planning", entity_user)
    hidden = make_thread(None, "Narwhal hidden thread", entity_user)
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    response = signed_in(client, state_user).get(URL, {"q": "narwhal"})
    assert titles(response, "discussions") == ["Narwhal collaboration"]
    assert total(response, "discussions") == 1
    response = signed_in(client, entity_user).get(URL, {"q": "narwhal"})
    assert sorted(titles(response, "discussions")) == [
        "Narwhal collaboration",
        "Narwhal group planning",
    ]


def test_projects_are_searched_and_code_match_ranks_first(client, state_user):
    make_project("PX-001", "Capybara border cooperation")
    make_project("CAPY", "Something else", description="capy mentioned here")
    response = signed_in(client, state_user).get(URL, {"q": "capy"})
    assert titles(response, "projects") == ["Something else", "Capybara border cooperation"]
    assert groups_of(response)["projects"].see_all[0].url == "/projects/?q=capy"


def test_another_states_assessment_never_appears_nor_counts(
    client, state_user, entity_user, regional_user
):
    make_assessment("KEN", "Wombat visit to Kenya", "Kenya should improve wombat screening.")
    make_assessment("UGA", "Wombat visit to Uganda", "Uganda should improve wombat screening.")
    response = signed_in(client, state_user).get(URL, {"q": "wombat"})
    assert total(response, "assessments") == 1
    assert total(response, "recommendations") == 1
    html = response.content.decode()
    assert "Uganda" not in html
    assert titles(response, "recommendations")[0].startswith("KEN-")
    response = signed_in(client, entity_user).get(URL, {"q": "wombat"})
    assert total(response, "assessments") == 2
    assert total(response, "recommendations") == 2
    # Regional organizations see no assessment at all: the groups are not even shown.
    response = signed_in(client, regional_user).get(URL, {"q": "wombat"})
    assert "assessments" not in groups_of(response)
    assert "recommendations" not in groups_of(response)


# --- ranking and counting -------------------------------------------------------------------------


def test_top_five_shown_with_the_full_count_and_see_all(client, entity_user):
    for number in range(7):
        make_document(f"Pangolin study {number}")
    response = signed_in(client, entity_user).get(URL, {"q": "pangolin"})
    group = groups_of(response)["documents"]
    assert len(group.hits) == 5
    assert group.total == 7
    assert "See all 7" in response.content.decode()


def test_title_matches_rank_above_description_matches_for_events(client, entity_user):
    make_event("Annual meeting", description="The ibex question will come up.")
    make_event("Ibex summit", starts=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    response = signed_in(client, entity_user).get(URL, {"q": "ibex"})
    assert titles(response, "events") == ["Ibex summit", "Annual meeting"]


def test_query_count_is_bounded(client, entity_user, django_assert_max_num_queries):
    make_document("Security report")
    make_event("Security workshop")
    make_project("SEC-1", "Security project")
    make_assessment("KEN", "Security visit", "Security recommendation")
    make_thread(None, "Security talk", entity_user)
    signed_in(client, entity_user)
    with django_assert_max_num_queries(36):  # cold: nothing cached (34 today)
        client.get(URL, {"q": "security"})
    with django_assert_max_num_queries(20):  # warm: 18 today
        response = client.get(URL, {"q": "security"})
    assert response.status_code == 200
    assert {key for key, group in groups_of(response).items() if group.total} >= {
        "documents",
        "events",
        "projects",
        "assessments",
        "recommendations",
        "discussions",
    }


# --- hostile input ---------------------------------------------------------------------------

HOSTILE = [
    "' OR 1=1 --",
    "%",
    "%%",
    "_",
    "\\",
    ")(",
    "(",
    "'",
    '"',
    "a\x00b",
    "\x00",
    "x" * 5000,
    "-",
    "or",
    '"unclosed phrase',
    "security -",
    "!security & | <->",
    "<script>alert(1)</script>",
    "😀 ∑ ℵ",
    "a" * 201,
    "'; DROP TABLE library_document; --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_200(client, state_user, query):
    response = signed_in(client, state_user).get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_htmx_request_gets_the_results_partial(client, state_user):
    make_document("Quokka guidance")
    response = signed_in(client, state_user).get(
        URL, {"q": "quokka"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="search-results"' in html
    assert "Quokka guidance" in html
    assert "HX-Request" in response["Vary"]
