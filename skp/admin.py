"""SKP in the admin: an admin instansi sees every SKP of the instansi (read-only) and switches its model."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from accounts.admin import InstansiScopedAdmin
from skp import services
from skp.models import ModelSkp, Skp


class SkpAdminForm(forms.ModelForm):
    class Meta:
        model = Skp
        fields = ["model"]


@admin.register(Skp)
class SkpAdmin(InstansiScopedAdmin):
    form = SkpAdminForm
    list_display = ["nama_pegawai", "jabatan", "periode_awal", "periode_akhir", "model", "status"]
    list_filter = ["status", "model", "pendekatan"]
    search_fields = ["pegawai__nama", "pegawai_snapshot__jabatan"]
    list_select_related = ["pegawai"]
    fields = ["model", "status", "pendekatan", "periode_awal", "periode_akhir", "nama_pegawai", "jabatan", "penilai"]
    readonly_fields = ["status", "pendekatan", "periode_awal", "periode_akhir", "nama_pegawai", "jabatan", "penilai"]

    @admin.display(description="pegawai", ordering="pegawai__nama")
    def nama_pegawai(self, obj):
        return obj.pegawai_snapshot.get("nama", "")

    @admin.display(description="jabatan")
    def jabatan(self, obj):
        return obj.pegawai_snapshot.get("jabatan", "")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_editable:
            readonly.append("model")
        return readonly

    def save_model(self, request, obj, form, change):
        if not change or "model" not in form.changed_data:
            return
        try:
            services.skp_set_model(actor=request.user, skp_id=obj.pk, model=form.cleaned_data["model"])
        except services.SkpError as error:
            raise PermissionDenied(str(error)) from error
        messages.info(request, f"Model SKP diubah menjadi {ModelSkp(form.cleaned_data['model']).label}.")
