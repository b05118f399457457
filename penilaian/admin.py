"""Penilaian settings of an instansi in the admin: the period scheme and per-period deadlines."""

from django.contrib import admin

from accounts.admin import InstansiScopedAdmin
from penilaian.models import BatasWaktu, SkemaPenilaian


class WithInstansiForSuperadmin:
    """A superadmin picks the instansi; an admin instansi's own is set on save."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return ["instansi", *fields] if request.user.is_superuser and "instansi" not in fields else fields


@admin.register(SkemaPenilaian)
class SkemaPenilaianAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    list_display = ["instansi", "skema"]
    fields = ["skema"]

    def has_add_permission(self, request):
        # One per instansi, made with the defaults the first time it is needed; the admin changes it.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.user.is_admin_instansi and not request.user.is_superuser:
            SkemaPenilaian.objects.get_or_create(instansi_id=request.user.instansi_id)
        return super().changelist_view(request, extra_context)


@admin.register(BatasWaktu)
class BatasWaktuAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    list_display = ["kode", "batas_waktu"]
    fields = ["kode", "batas_waktu"]
    ordering = ["-kode"]
