from django.apps import AppConfig


class PenilaianConfig(AppConfig):
    name = "penilaian"
    verbose_name = "Penilaian"

    def ready(self):
        # skp's check page rebuilds printed copies through this registry: skp may not import penilaian
        # (docs/decisions/0012-printed-copies.md).
        from penilaian import printing
        from skp.models import DokumenCetak
        from skp.printing import register_printed_kind

        register_printed_kind(
            DokumenCetak.Jenis.FORM_PENILAIAN,
            shown=printing.form_penilaian_shown,
            today=printing.form_penilaian_today,
            sections=printing.FORM_PENILAIAN_SECTIONS,
        )
        register_printed_kind(
            DokumenCetak.Jenis.EVALUASI,
            shown=printing.evaluasi_shown,
            today=printing.evaluasi_today,
            sections=printing.EVALUASI_SECTIONS,
        )
