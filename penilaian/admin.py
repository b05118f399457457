"""Penilaian settings of an instansi in the admin: the period scheme and per-period deadlines."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.admin import InstansiScopedAdmin, OneRowPerInstansiAdmin
from core.forms import TEKS_MAX
from penilaian import services
from penilaian.models import BatasWaktu, PeriodePenilaian, SkemaPenilaian, StatusPeriode
from penilaian.periode import DEFAULT_SKEMA, Skema, nama_kode


class WithInstansiForSuperadmin:
    """A superadmin picks the instansi; an admin instansi's own is set on save."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return ["instansi", *fields] if request.user.is_superuser and "instansi" not in fields else fields


@admin.register(SkemaPenilaian)
class SkemaPenilaianAdmin(WithInstansiForSuperadmin, OneRowPerInstansiAdmin):
    """One per instansi. Until the admin chooses, the instansi uses the default (Triwulan) without a row: opening
    this page writes nothing; Tambah records the first choice, later ones change it."""

    list_display = ["instansi", "skema"]
    fields = ["skema"]
    belum_diatur = (
        f"Instansi Anda memakai skema bawaan, {Skema(DEFAULT_SKEMA).label}. Klik Tambah untuk memilih yang lain."
    )


@admin.display(description="periode", ordering="kode")
def periode_in_words(model_admin, obj) -> str:
    """A period's code in words in the admin's lists ("Triwulan IV 2026"), never "2026-TW4" (issue 10)."""
    return nama_kode(obj.kode)


class PeriodeFilter(admin.SimpleListFilter):
    """The periods present, named in words."""

    title = "periode"
    parameter_name = "kode"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by("-kode").values_list("kode", flat=True).distinct()
        return [(kode, nama_kode(kode)) for kode in codes]

    def queryset(self, request, queryset):
        return queryset.filter(kode=self.value()) if self.value() else queryset


@admin.register(BatasWaktu)
class BatasWaktuAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    list_display = ["periode", "batas_waktu"]
    fields = ["kode", "batas_waktu"]
    ordering = ["-kode"]
    periode = periode_in_words


class BukaKembaliForm(forms.Form):
    catatan = forms.CharField(
        label="Alasan membuka kembali", max_length=TEKS_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


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
    list_display = ["pegawai", "periode", "status", "predikat", "ditinjau", "dibuka_hingga"]
    list_filter = [PeriodeFilter, "status", PerluDitinjauFilter]
    search_fields = ["skp__pegawai__nama"]
    list_select_related = ["skp"]
    readonly_fields = ["pegawai", "nama", "kode", "status", "buka_kembali", "predikat", "perlu_ditinjau"]
    fields = [
        "pegawai", "nama", "kode", "status", "buka_kembali", "predikat", "perlu_ditinjau", "dibuka_hingga", "alasan",
    ]  # fmt: skip

    periode = periode_in_words

    @admin.display(description="pegawai", ordering="skp__pegawai__nama")
    def pegawai(self, obj):
        return obj.skp.pegawai_snapshot.get("nama", "")

    @admin.display(description="perlu ditinjau", boolean=True)
    def ditinjau(self, obj):
        return bool(obj.perlu_ditinjau)

    @admin.display(description="penetapan")
    def buka_kembali(self, obj):
        if obj.status != StatusPeriode.DITETAPKAN:
            return "Belum ditetapkan"
        url = reverse("admin:penilaian_periodepenilaian_buka_kembali", args=[obj.pk])
        return format_html('Ditetapkan · <a class="button" href="{}">Buka kembali</a>', url)

    def get_urls(self):
        view = self.admin_site.admin_view(self.buka_kembali_view)
        extra = [path("<path:object_id>/buka-kembali/", view, name="penilaian_periodepenilaian_buka_kembali")]
        return extra + super().get_urls()

    def buka_kembali_view(self, request, object_id):
        """Buka kembali a finalised period from the admin: the reason is asked and recorded (docs/rules.md §7.11)."""
        periode = self.get_object(request, object_id)
        if periode is None:
            raise Http404
        change_url = reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
        form = BukaKembaliForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.periode_reopen(actor=request.user, periode_id=periode.pk, catatan=form.cleaned_data["catatan"])
            except services.PenilaianError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Penilaian periode ini dibuka kembali; alasannya tercatat.")
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Buka kembali: {periode}",
            "form": form,
            "periode": periode,
            "change_url": change_url,
        }
        return render(request, "admin/penilaian/periodepenilaian/buka_kembali.html", context)

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
