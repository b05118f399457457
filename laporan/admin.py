"""The admin instansi's TPP table: one row per instansi, five percentages, its history in the audit trail."""

from django.contrib import admin, messages

from accounts.admin import InstansiScopedAdmin
from accounts.permissions import is_any_admin
from laporan.models import KoefisienAngkaKredit, TarifTpp
from penilaian.admin import WithInstansiForSuperadmin
from penilaian.predikat import Predikat


@admin.register(TarifTpp)
class TarifTppAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    """Until the admin fills it (Tambah), reports show "—" for the TPP percentage; opening the page writes nothing."""

    list_display = ["instansi", *Predikat.values]
    fields = list(Predikat.values)

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return True
        mine = TarifTpp.objects.filter(instansi_id=request.user.instansi_id)
        return super().has_add_permission(request) and not mine.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # a table is changed, never lost: its history stays with it

    def changelist_view(self, request, extra_context=None):
        if not request.user.is_superuser and self.has_add_permission(request):
            messages.info(
                request,
                "Tarif TPP instansi Anda belum diatur: laporan menampilkan “—” untuk persentase TPP. Klik Tambah "
                "untuk mengisi persentase setiap Predikat Kinerja.",
            )
        return super().changelist_view(request, extra_context)


@admin.register(KoefisienAngkaKredit)
class KoefisienAngkaKreditAdmin(admin.ModelAdmin):
    """National data: every admin reads it, only a superadmin corrects it (docs/rules.md §14.2)."""

    list_display = ["jenjang", "koefisien"]

    def has_module_permission(self, request):
        return is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_any_admin(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False
