"""Progres harian settings in the admin: the admin instansi switches the feature on for their instansi, sets the
entry window and Saturday work, and keeps the instansi's own holidays and working days; the national holidays are
read by every admin and corrected only by a superadmin (docs/rules.md §15.1–§15.2)."""

from django import forms
from django.contrib import admin

from accounts.admin import InstansiScopedAdmin, NationalDataAdmin, OneRowPerInstansiAdmin
from harian.jendela import aktif_lupakan
from harian.models import HariLiburInstansi, LiburNasional, PengaturanHarian
from penilaian.admin import WithInstansiForSuperadmin


@admin.register(PengaturanHarian)
class PengaturanHarianAdmin(WithInstansiForSuperadmin, OneRowPerInstansiAdmin):
    """One per instansi. Until the admin adds it, progres harian is off for the instansi: opening this page writes
    nothing; Tambah records the first choice, later ones change it. Never deleted: switched off instead."""

    list_display = ["instansi", "aktif", "jendela_hari_kerja", "sabtu_hari_kerja"]
    fields = ["aktif", "jendela_hari_kerja", "sabtu_hari_kerja"]
    belum_diatur = (
        "Progres harian belum aktif untuk instansi Anda. Klik Tambah untuk mengaktifkannya dan mengatur "
        "jendela pengisian (bawaan: hari ini dan 2 hari kerja sebelumnya)."
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        aktif_lupakan()  # this process's menu shows the switch at once; the others within a minute


class HariLiburInstansiForm(forms.ModelForm):
    """One entry per date per instansi, refused with a message of our own (an admin instansi's form is validated with
    their instansi: accounts.admin.own_instansi_form)."""

    def clean(self):
        cleaned = super().clean()
        instansi = cleaned.get("instansi") or getattr(self.instance, "instansi", None)
        tanggal = cleaned.get("tanggal")
        if instansi and tanggal:
            same = HariLiburInstansi.objects.filter(instansi=instansi, tanggal=tanggal).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("tanggal", "Tanggal ini sudah ada dalam kalender instansi: ubah yang sudah ada.")
        return cleaned


@admin.register(HariLiburInstansi)
class HariLiburInstansiAdmin(WithInstansiForSuperadmin, InstansiScopedAdmin):
    """The instansi's own calendar on top of the national list: an extra holiday, or a working day despite a national
    holiday or cuti bersama."""

    form = HariLiburInstansiForm
    list_display = ["tanggal", "nama", "jenis"]
    list_filter = ["jenis"]
    fields = ["tanggal", "nama", "jenis"]
    date_hierarchy = "tanggal"
    ordering = ["-tanggal"]


@admin.register(LiburNasional)
class LiburNasionalAdmin(NationalDataAdmin):
    """National data (SKB 3 Menteri): every admin reads it, only a superadmin corrects it or adds next year's."""

    list_display = ["tanggal", "nama", "jenis"]
    list_filter = ["jenis"]
    date_hierarchy = "tanggal"
    ordering = ["-tanggal"]
    superadmin_deletes = True
