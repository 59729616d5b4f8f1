"""The one visibility rule: who sees which document, and every path that serves a document."""

import pytest
from django.db.models import Count
from django.urls import reverse

from entities.accounts import deactivate_user
from entities.models import Organization, Theme
from library.actions import create_document
from library.models import Document, get_document_for_user
from library.views import _related_documents
from tests.conftest import make_focal_point
from tests.library.test_uploads import media_root, pdf_bytes, upload  # noqa: F401
from workinggroups.models import WorkingGroup, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def make(actor, visibility="all", *, status="published", groups=(), organizations=(), **extra):
    return create_document(
        {
            "title": extra.pop("title", f"{visibility} {status}"),
            "doc_type": "report",
            "status": status,
            "visibility": visibility,
            "audience_groups": list(groups),
            "audience_organizations": list(organizations),
            **extra,
        },
        upload=upload("file.pdf", pdf_bytes(f"{visibility} {status} {extra}")),
        file_language="en",
        actor=actor,
    )


@pytest.fixture
def cast(secretariat_user, entity_user, state_user, regional_user):
    """Documents of every audience, added by the Secretariat, and the people who look at them."""
    unodc = Organization.objects.get(acronym="UNODC")
    wg2 = WorkingGroup.objects.get(number=2)
    # Kenya joins WG 2 for this test, so its focal point is a group member.
    kenya = Organization.objects.get(iso3="KEN")
    WorkingGroupMembership.objects.get_or_create(group=wg2, organization=kenya)
    docs = {
        "all": make(secretariat_user, "all"),
        "compact": make(secretariat_user, "compact"),
        "groups": make(secretariat_user, "groups", groups=[wg2]),
        "organizations": make(secretariat_user, "organizations", organizations=[unodc]),
        "secretariat": make(secretariat_user, "secretariat"),
        "draft": make(secretariat_user, "all", status="draft"),
    }
    return docs


def visible_titles(user, docs):
    visible = set(Document.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, doc in docs.items() if doc.pk in visible}


def test_secretariat_sees_everything(cast, secretariat_user):
    assert visible_titles(secretariat_user, cast) == set(cast)


def test_compact_entity_focal_point(cast, entity_user):
    # UNODC: a Compact entity, named in the organizations list ("groups" depends on its Working
    # Group memberships in the reference data, so it is left out here).
    seen = visible_titles(entity_user, cast)
    assert {"all", "compact", "organizations"} <= seen
    assert not {"secretariat", "draft"} & seen


def test_member_state_focal_point_in_the_group(cast, state_user):
    assert visible_titles(state_user, cast) == {"all", "groups"}


def test_regional_focal_point_outside_every_audience(cast, regional_user):
    assert visible_titles(regional_user, cast) == {"all"}


def test_anonymous_inactive_and_profileless_see_nothing(
    cast, entity_user, secretariat_user, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    assert visible_titles(AnonymousUser(), cast) == set()
    nobody = django_user_model.objects.create_user(email="nobody@test.example", password="x")
    assert visible_titles(nobody, cast) == set()
    deactivate_user(entity_user, actor=secretariat_user)
    entity_user.refresh_from_db()
    assert visible_titles(entity_user, cast) == set()


def test_drafts_are_seen_by_their_creator_and_the_secretariat(entity_user, state_user):
    draft = make(entity_user, "all", status="draft")
    assert Document.objects.visible_to(entity_user).filter(pk=draft.pk).exists()
    assert not Document.objects.visible_to(state_user).filter(pk=draft.pk).exists()


def test_uploader_keeps_sight_of_a_document_for_another_audience(state_user):
    unodc = Organization.objects.get(acronym="UNODC")
    document = make(state_user, "organizations", organizations=[unodc])
    assert Document.objects.visible_to(state_user).filter(pk=document.pk).exists()


def test_the_rule_is_one_where_clause_without_duplicates(cast, state_user, secretariat_user):
    """Counts and facets over visible_to() never count a document twice."""
    wg3 = WorkingGroup.objects.get(number=3)
    kenya = Organization.objects.get(iso3="KEN")
    WorkingGroupMembership.objects.get_or_create(group=wg3, organization=kenya)
    twice = make(secretariat_user, "groups", groups=[WorkingGroup.objects.get(number=2), wg3])
    visible = Document.objects.visible_to(state_user)
    assert visible.filter(pk=twice.pk).count() == 1
    facets = dict(visible.values_list("doc_type").annotate(n=Count("pk")))
    assert facets == {"report": visible.count()}
    assert "JOIN" not in str(visible.query).split("WHERE")[0].upper()


def test_visible_to_costs_a_fixed_number_of_queries(cast, state_user, django_assert_num_queries):
    with django_assert_num_queries(2):  # the profile (and organization), the documents
        list(Document.objects.visible_to(state_user))
    with django_assert_num_queries(1):  # cached on the user for the rest of the request
        list(Document.objects.visible_to(state_user))


def test_get_document_for_user_is_404_for_missing_and_hidden(cast, regional_user):
    from django.http import Http404

    with pytest.raises(Http404):
        get_document_for_user(regional_user, cast["secretariat"].pk)
    with pytest.raises(Http404):
        get_document_for_user(regional_user, 999_999)
    assert get_document_for_user(regional_user, cast["all"].pk) == cast["all"]


# --- every path answers 404 to an outsider (one test per path) -----------------------------------


@pytest.fixture
def restricted(secretariat_user):
    unodc = Organization.objects.get(acronym="UNODC")
    return make(secretariat_user, "organizations", organizations=[unodc], title="Restricted")


def test_restricted_document_page_is_404_for_outsider(client, restricted, regional_user):
    client.force_login(regional_user)
    assert client.get(reverse("library:detail", args=[restricted.pk])).status_code == 404


def test_restricted_download_is_404_for_outsider(client, restricted, regional_user):
    file_pk = restricted.files.get().pk
    client.force_login(regional_user)
    assert client.get(reverse("library:download", args=[file_pk])).status_code == 404


def test_restricted_inline_is_404_for_outsider(client, restricted, regional_user):
    file_pk = restricted.files.get().pk
    client.force_login(regional_user)
    assert client.get(reverse("library:inline", args=[file_pk])).status_code == 404


def test_restricted_edit_and_add_version_are_404_for_outsider(client, restricted, regional_user):
    client.force_login(regional_user)
    assert client.get(reverse("library:edit", args=[restricted.pk])).status_code == 404
    assert client.get(reverse("library:add_version", args=[restricted.pk])).status_code == 404


def test_restricted_document_absent_from_related_documents(
    client, restricted, regional_user, entity_user, secretariat_user
):
    theme = Theme.objects.order_by("pk").first()
    restricted.themes.add(theme)
    public = make(secretariat_user, "all", title="Public")
    public.themes.add(theme)
    public = Document.objects.prefetch_related("themes", "working_groups").get(pk=public.pk)
    assert restricted not in _related_documents(regional_user, public)
    assert restricted in _related_documents(entity_user, public)
    client.force_login(regional_user)
    page = client.get(reverse("library:detail", args=[public.pk])).content.decode()
    assert "Restricted" not in page


def test_insider_reaches_every_path(client, restricted, entity_user):
    file_pk = restricted.files.get().pk
    client.force_login(entity_user)
    assert client.get(reverse("library:detail", args=[restricted.pk])).status_code == 200
    assert client.get(reverse("library:download", args=[file_pk])).status_code == 200
    assert client.get(reverse("library:inline", args=[file_pk])).status_code == 200
    # ... but may not change what the Secretariat added.
    assert client.get(reverse("library:edit", args=[restricted.pk])).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, restricted):
    for url in [
        reverse("library:new"),
        reverse("library:detail", args=[restricted.pk]),
        reverse("library:download", args=[restricted.files.get().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_group_membership_of_any_role_counts(secretariat_user):
    wg2 = WorkingGroup.objects.get(number=2)
    observer_org = Organization.objects.filter(kind="regional").order_by("pk").first()
    WorkingGroupMembership.objects.update_or_create(
        group=wg2, organization=observer_org, defaults={"role": "observer"}
    )
    observer = make_focal_point("observer@test.example", {"pk": observer_org.pk})
    document = make(secretariat_user, "groups", groups=[wg2])
    assert Document.objects.visible_to(observer).filter(pk=document.pk).exists()
