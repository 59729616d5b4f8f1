from django.apps import AppConfig


class AppealConfig(AppConfig):
    name = "appeal"
    default_auto_field = "django.db.models.BigAutoField"
