"""The portal's URLs plus a floor view, for `manage.py bench` only (never the ROOT_URLCONF)."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as portal_urlpatterns


def floor(request):
    """A trivial view behind the same middleware: the cost no page can go below."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/floor", floor, name="bench_floor"), *portal_urlpatterns]
