from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Every section of the portal, in menu order. A section appears once its URL exists, so the
# navigation never links to a page that is not built.
SECTIONS = [
    ("home", _("Home")),
    ("directory", _("Directory")),
    ("workinggroups:index", _("Working Groups")),
    ("planning", _("Joint Planning")),
    ("library:index", _("Library")),
    ("calendar_app:index", _("Calendar")),
    ("appeal:projects", _("Projects")),
    ("appeal:index", _("Appeal")),
    ("assessments:index", _("Assessments")),
    ("member_states", _("Member States")),
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
        for url, label in _section_urls():
            active = path == url if url == "/" else path.startswith(url)
            nav_items.append({"label": label, "url": url, "active": active})
    return {"portal_name": settings.PORTAL_NAME, "nav_items": nav_items}
