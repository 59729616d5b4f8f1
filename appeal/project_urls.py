"""URLs of this feature (routes are added with the views)."""

app_name = "projects"

urlpatterns = []
