from django.apps import AppConfig


class HarianConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "harian"
    verbose_name = "Progres Harian"
