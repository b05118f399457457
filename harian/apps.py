from django.apps import AppConfig


class HarianConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "harian"
    verbose_name = "Progres Harian"

    def ready(self):
        # skp's check page rebuilds a printed recap through its registry; skp may not import harian (decision 0012).
        from harian import printing

        printing.register()
