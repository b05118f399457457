"""The admin instansi's TPP table: one row per instansi, five percentages, its history in the audit trail."""

from django.contrib import admin

from accounts.admin import NationalDataAdmin, OneRowPerInstansiAdmin
from laporan.models import KoefisienAngkaKredit, TarifTpp
from penilaian.admin import WithInstansiForSuperadmin
from penilaian.predikat import Predikat


@admin.register(TarifTpp)
class TarifTppAdmin(WithInstansiForSuperadmin, OneRowPerInstansiAdmin):
    """Until the admin fills it (Tambah), reports show "—" for the TPP percentage; opening the page writes nothing."""

    list_display = ["instansi", *Predikat.values]
    fields = list(Predikat.values)
    belum_diatur = (
        "Tarif TPP instansi Anda belum diatur: laporan menampilkan “—” untuk persentase TPP. Klik Tambah "
        "untuk mengisi persentase setiap Predikat Kinerja."
    )


@admin.register(KoefisienAngkaKredit)
class KoefisienAngkaKreditAdmin(NationalDataAdmin):
    """National data: every admin reads it, only a superadmin corrects it (docs/rules.md §14.2)."""

    list_display = ["jenjang", "koefisien"]
