"""URLs of the notification centre and the signed unsubscribe links."""

app_name = "notifications"

urlpatterns: list = []
