"""The library's pages (app_name "library"). Every URL needs a signed-in user: none is public."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("new/", views.new_document, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_document, name="edit"),
    path("<int:pk>/files/new/", views.add_version, name="add_version"),
    path("files/<int:pk>/download/", views.download_file, name="download"),
    path("files/<int:pk>/inline/", views.inline_file, name="inline"),
]

# l2: search urls — the search page (`index`, at /library/) and its partials live in
# library.search_views; until that module exists the library has no index page.
try:
    from . import search_views
except ImportError:  # pragma: no cover - l2's module not there yet
    search_views = None
if search_views is not None and hasattr(search_views, "urlpatterns"):
    urlpatterns += search_views.urlpatterns
elif search_views is not None and hasattr(search_views, "index"):
    urlpatterns.append(path("", search_views.index, name="index"))
