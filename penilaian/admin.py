"""Penilaian settings of an instansi in the admin: the period scheme and per-period deadlines."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from accounts.admin import InstansiScopedAdmin
from core.forms import TEKS_MAX
from penilaian import services
from penilaian.models import BatasWaktu, PeriodePenilaian, SkemaPenilaian
from penilaian.periode import DEFAULT_SKEMA, Skema


class WithInstansiForSuperadmin:
    """A superadmin picks the instansi; an admin instansi's own is set on save."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return ["instansi", *fields] if request.user.is_superuser and "instansi" not in fields else fields


@admin.register(SkemaPenilaian)
class SkemaPenilaianAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    """One per instansi. Until the admin chooses, the instansi uses the default (Triwulan) without a row: opening
    this page writes nothing; Tambah records the first choice, later ones change it."""

    list_display = ["instansi", "skema"]
    fields = ["skema"]

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return True
        mine = SkemaPenilaian.objects.filter(instansi_id=request.user.instansi_id)
        return super().has_add_permission(request) and not mine.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not request.user.is_superuser and self.has_add_permission(request):
            messages.info(
                request,
                f"Instansi Anda memakai skema bawaan, {Skema(DEFAULT_SKEMA).label}. "
                "Klik Tambah untuk memilih yang lain.",
            )
        return super().changelist_view(request, extra_context)


@admin.register(BatasWaktu)
class BatasWaktuAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    list_display = ["kode", "batas_waktu"]
    fields = ["kode", "batas_waktu"]
    ordering = ["-kode"]


class BukaKunciForm(forms.ModelForm):
    """The admin's unlock of one pegawai's period after its batas waktu: until a date, with a reason."""

    alasan = forms.CharField(label="Alasan", max_length=TEKS_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = PeriodePenilaian
        fields = ["dibuka_hingga"]
        labels = {"dibuka_hingga": "Buka batas waktu sampai"}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("dibuka_hingga"):
            self.add_error("dibuka_hingga", "Isi tanggal sampai kapan pegawai boleh mengisi.")
        return cleaned


class PerluDitinjauFilter(admin.SimpleListFilter):
    """Periods marked for review: a capaian changed after Tetapkan (docs/rules.md §7.9)."""

    title = "perlu ditinjau"
    parameter_name = "perlu_ditinjau"

    def lookups(self, request, model_admin):
        return [("ya", "Ya"), ("tidak", "Tidak")]

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.exclude(perlu_ditinjau="")
        if self.value() == "tidak":
            return queryset.filter(perlu_ditinjau="")
        return queryset


@admin.register(PeriodePenilaian)
class PeriodePenilaianAdmin(InstansiScopedAdmin):
    """Every period of the instansi, read-only, with the one action the admin has: open its batas waktu. A period
    marked for review (a capaian changed after Tetapkan) says so in the list and on its page."""

    form = BukaKunciForm
    list_display = ["pegawai", "nama", "kode", "status", "predikat", "ditinjau", "dibuka_hingga"]
    list_filter = ["kode", "status", PerluDitinjauFilter]
    search_fields = ["skp__pegawai__nama"]
    list_select_related = ["skp"]
    readonly_fields = ["pegawai", "nama", "kode", "status", "predikat", "perlu_ditinjau"]
    fields = ["pegawai", "nama", "kode", "status", "predikat", "perlu_ditinjau", "dibuka_hingga", "alasan"]

    @admin.display(description="pegawai", ordering="skp__pegawai__nama")
    def pegawai(self, obj):
        return obj.skp.pegawai_snapshot.get("nama", "")

    @admin.display(description="perlu ditinjau", boolean=True)
    def ditinjau(self, obj):
        return bool(obj.perlu_ditinjau)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.periode_unlock(
                actor=request.user,
                periode_id=obj.pk,
                hingga=form.cleaned_data["dibuka_hingga"],
                alasan=form.cleaned_data["alasan"],
            )
        except services.PenilaianError as error:
            raise PermissionDenied(str(error)) from error
