from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Every section of the portal, in menu order. A section appears once its URL exists, so the
# navigation never links to a page that is not built.
SECTIONS = [
    ("home", _("Home")),
    ("directory", _("Directory")),
    ("network", _("Network")),
    ("entity_index", _("Compact entities")),
    ("member_state_index", _("Member States")),
    ("regional_index", _("Regional organizations")),
    ("workinggroups:index", _("Working Groups")),
    ("planning:index", _("Joint Planning")),
    ("library:index", _("Library")),
    ("calendar_app:index", _("Calendar")),
    ("projects:index", _("Projects")),
    ("appeal:index", _("Appeal")),
    ("assessments:index", _("Assessments")),
]


def _section_urls():
    urls = []
    for name, label in SECTIONS:
        try:
            urls.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return urls


def portal(request):
    nav_items = []
    if request.user.is_authenticated:
        path = request.path
        sections = _section_urls()
        # The most specific section wins: /directory/network/ is "Network", not "Directory".
        matches = [
            url for url, _ in sections if (path == url if url == "/" else path.startswith(url))
        ]
        current = max(matches, key=len, default=None)
        nav_items = [
            {"label": label, "url": url, "active": url == current} for url, label in sections
        ]
    # The default name has its translations in the catalogues; a deployment's own name shows as set.
    return {"portal_name": gettext(settings.PORTAL_NAME), "nav_items": nav_items}
