"""Organization profiles: sanitised on save, kept in revisions, inert when rendered."""

import re
from html.parser import HTMLParser

import pytest

from entities.models import Organization, OrganizationProfile, OrganizationProfileRevision
from entities.organization_actions import (
    sanitize_rich_text,
    update_entity_mandate,
    update_organization_profile,
)

pytestmark = pytest.mark.django_db

SECTIONS = ("priorities", "challenges", "good_practices")

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<strong onmouseover=alert(1)>x</strong>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)--><script>alert(1)</script>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    "<h3 tabindex=1 onfocus=alert(1)>x</h3>",
    "</textarea><script>alert(1)</script>",
    '<a href="https://example.org" onclick="alert(1)" target="_blank">ok</a>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<a href="javascript&colon;alert(1)">x</a>',
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "cite", "xlink:href"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "meta", "style", "template"}


class _Inspector(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script> {attrs}")
        if tag in DANGEROUS_TAGS and not (tag == "meta" and "http-equiv" not in dict(attrs)):
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value:
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if squashed.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style>")


def _problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


# --- sanitising ----------------------------------------------------------------------------------


def test_allowed_markup_is_kept_and_links_get_rel():
    value = (
        "<h3>Title</h3><p>A <strong>bold</strong> and <em>calm</em> text<br>next</p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><h4>Sub</h4><blockquote>Quote</blockquote>"
        '<p><a href="https://un.org/ct">UNOCT</a></p>'
    )
    cleaned = sanitize_rich_text(value)
    assert cleaned.startswith("<h3>Title</h3><p>A <strong>bold</strong> and <em>calm</em>")
    assert "<ul><li>one</li></ul><ol><li>two</li></ol><h4>Sub</h4>" in cleaned
    assert "<blockquote>Quote</blockquote>" in cleaned
    assert '<a href="https://un.org/ct" rel="noopener noreferrer">UNOCT</a>' in cleaned


def test_disallowed_markup_is_removed_but_text_kept():
    cleaned = sanitize_rich_text('<div class="x"><span style="color:red">Hello</span></div>')
    assert cleaned == "Hello"
    cleaned = sanitize_rich_text("<p>Keep</p><script>drop()</script>")
    assert cleaned == "<p>Keep</p>"


def test_plain_text_becomes_paragraphs_and_is_escaped():
    cleaned = sanitize_rich_text("First line\nsecond line\n\nNext paragraph & more: a < b")
    assert cleaned == ("<p>First line<br>second line</p><p>Next paragraph &amp; more: a &lt; b</p>")
    assert sanitize_rich_text("  \n\n  ") == ""


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_sanitised(payload):
    assert _problems(sanitize_rich_text(payload)) == []


# --- the action and its revisions ---------------------------------------------------------------


def test_update_saves_sanitised_profile_and_a_revision(state_user):
    kenya = Organization.objects.get(iso3="KEN")
    profile = update_organization_profile(
        kenya,
        priorities="<p onclick=x>One</p>",
        challenges="Two",
        good_practices="",
        actor=state_user,
    )
    profile.refresh_from_db()
    assert profile.priorities == "<p>One</p>"
    assert profile.challenges == "<p>Two</p>"
    assert profile.updated_by == state_user
    revision = profile.revisions.get()
    assert (revision.priorities, revision.challenges, revision.good_practices) == (
        "<p>One</p>",
        "<p>Two</p>",
        "",
    )
    assert revision.edited_by == state_user


def test_unchanged_save_records_no_revision(state_user):
    kenya = Organization.objects.get(iso3="KEN")
    for _ in range(2):
        update_organization_profile(
            kenya, priorities="Same", challenges="", good_practices="", actor=state_user
        )
    assert OrganizationProfileRevision.objects.filter(profile__organization=kenya).count() == 1


def test_profile_written_elsewhere_keeps_its_previous_content(state_user, secretariat_user):
    kenya = Organization.objects.get(iso3="KEN")
    OrganizationProfile.objects.create(
        organization=kenya, priorities="<p>Imported</p>", updated_by=secretariat_user
    )
    update_organization_profile(
        kenya, priorities="New", challenges="", good_practices="", actor=state_user
    )
    revisions = list(kenya.profile.revisions.order_by("edited_at", "pk"))
    assert [(r.priorities, r.edited_by) for r in revisions] == [
        ("<p>Imported</p>", secretariat_user),
        ("<p>New</p>", state_user),
    ]


def test_update_entity_mandate(secretariat_user):
    unodc = Organization.objects.get(acronym="UNODC")
    assert update_entity_mandate(unodc, description=" Drugs and crime. ", actor=secretariat_user)
    unodc.refresh_from_db()
    assert unodc.description == "Drugs and crime."
    assert not update_entity_mandate(unodc, description="Drugs and crime.", actor=secretariat_user)
    with pytest.raises(ValueError):
        update_entity_mandate(
            Organization.objects.get(iso3="KEN"), description="x", actor=secretariat_user
        )


# --- rendered pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_xss_payloads_are_inert_in_every_section(client, state_user, section):
    """Every payload, submitted through the edit form, is harmless on the page, the history,
    an old revision and the edit form."""
    client.force_login(state_user)
    blank = dict.fromkeys(SECTIONS, "")
    for payload in XSS_PAYLOADS:
        response = client.post("/member-states/KEN/edit/", {**blank, section: payload})
        assert response.status_code == 302, payload
        for url in ("/member-states/KEN/", "/member-states/KEN/edit/"):
            html = client.get(url).content.decode()
            assert _problems(html) == [], (payload, url)
    # Every payload also in one save, and its old revisions.
    client.post("/member-states/KEN/edit/", {**blank, section: "\n".join(XSS_PAYLOADS)})
    profile = OrganizationProfile.objects.get(organization__iso3="KEN")
    assert _problems(client.get("/member-states/KEN/").content.decode()) == []
    assert _problems(client.get("/member-states/KEN/history/").content.decode()) == []
    for revision in profile.revisions.all()[:10]:
        html = client.get("/member-states/KEN/history/", {"revision": revision.pk}).content
        assert _problems(html.decode()) == []


def test_xss_payloads_are_inert_on_a_regional_page(client, regional_user):
    client.force_login(regional_user)
    payload = "\n".join(XSS_PAYLOADS)
    client.post(
        "/regional-organizations/au/edit/",
        {"priorities": payload, "challenges": payload, "good_practices": payload},
    )
    assert _problems(client.get("/regional-organizations/au/").content.decode()) == []


def test_xss_in_a_mandate_is_inert(client, secretariat_user):
    client.force_login(secretariat_user)
    client.post("/entities/unodc/edit/", {"description": "\n".join(XSS_PAYLOADS)})
    assert _problems(client.get("/entities/unodc/").content.decode()) == []


def test_inspector_catches_what_it_should():
    """The checker itself: raw payloads are flagged."""
    flagged = [p for p in XSS_PAYLOADS if _problems(p)]
    assert len(flagged) >= 30
