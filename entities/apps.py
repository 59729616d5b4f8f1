from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = _("Organizations and people")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The directory keeps reference-data choice lists in the cache; its signal receivers
        # (connected on import) invalidate them whenever an organization, theme or group changes.
        from . import directory  # noqa: F401
