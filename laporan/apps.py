from django.apps import AppConfig


class LaporanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "laporan"
    verbose_name = "Laporan dan TPP"

    def ready(self):
        # The angka kredit on a rated period's page of a Jabatan Fungsional (docs/rules.md §14.2): penilaian may not
        # import laporan, so laporan registers it (penilaian.hasil).
        from laporan.angka_kredit import angka_kredit_periode
        from penilaian.hasil import register_hasil

        register_hasil(angka_kredit_periode)
