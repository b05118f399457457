from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"
    verbose_name = "SKP"

    def ready(self):
        # The check page of a printed copy rebuilds it through this registry; penilaian registers its own kinds
        # (docs/decisions/0012-printed-copies.md).
        from skp import printing
        from skp.models import DokumenCetak

        printing.register_printed_kind(
            DokumenCetak.Jenis.SKP,
            shown=printing.skp_shown,
            today=printing.skp_today,
            sections=printing.SKP_SECTIONS,
        )
