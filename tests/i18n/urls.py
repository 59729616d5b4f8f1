"""The portal's URLs plus the language switcher's, until compact_portal/urls.py routes it."""

from django.urls import path

from compact_portal import i18n
from compact_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    *(pattern for pattern in portal_urlpatterns if getattr(pattern, "name", "") != "set_language"),
]
