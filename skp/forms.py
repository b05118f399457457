"""Forms of the SKP pages. Field labels are the manual's words (docs/rules.md §12.1)."""

import datetime

from django import forms

from core.forms import TEKS_MAX, AngkaField, DateInput, TokenMixin, VersionMixin
from skp import services
from skp.models import (
    Aspek,
    JenisLampiran,
    JenisRhk,
    KlasifikasiRhk,
    ModelSkp,
    Pendekatan,
    Perspektif,
    Rhk,
    StatusSkp,
    UnitKerja,
)


class SkpForm(TokenMixin):
    """Tambah SKP: Periode Awal, Periode Akhir, Pendekatan; the role when the pegawai holds a Plt post;
    optionally an earlier SKP to copy (Salin SKP)."""

    periode_awal = forms.DateField(label="Periode Awal", widget=DateInput())
    periode_akhir = forms.DateField(label="Periode Akhir", widget=DateInput())
    pendekatan = forms.ChoiceField(label="Pendekatan", choices=Pendekatan.choices, initial=Pendekatan.KUANTITATIF)
    peran = forms.ChoiceField(label="SKP untuk jabatan", required=False)
    salin_dari = forms.ChoiceField(label="Salin dari SKP", required=False)

    def __init__(self, *args, user, plt_list=(), skp_list=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = datetime.date.today()
        self.initial.setdefault("periode_awal", datetime.date(today.year, 1, 1))
        self.initial.setdefault("periode_akhir", datetime.date(today.year, 12, 31))
        self.plt_by_id = {str(p.pk): p for p in plt_list}
        if self.plt_by_id:
            self.fields["peran"].choices = [("", f"{user.jabatan} (definitif)")] + [
                (str(p.pk), f"Plt. {p.jabatan}") for p in plt_list
            ]
        else:
            del self.fields["peran"]
        self.skp_by_id = {str(s.pk): s for s in skp_list}
        if self.skp_by_id:
            self.fields["salin_dari"].choices = [("", "— tidak menyalin —")] + [
                (str(s.pk), f"{s.periode_awal:%d-%m-%Y} s.d. {s.periode_akhir:%d-%m-%Y} ({s.status_pegawai})")
                for s in skp_list
            ]
            self.fields["salin_dari"].help_text = "RHK, indikator dan lampiran disalin; Anda tetap bisa mengubahnya."
        else:
            del self.fields["salin_dari"]

    @property
    def plt(self):
        return self.plt_by_id.get(self.cleaned_data.get("peran") or "")

    @property
    def sumber(self):
        return self.skp_by_id.get(self.cleaned_data.get("salin_dari") or "")


class SkpEditForm(VersionMixin):
    periode_awal = forms.DateField(label="Periode Awal", widget=DateInput())
    periode_akhir = forms.DateField(label="Periode Akhir", widget=DateInput())
    pendekatan = forms.ChoiceField(label="Pendekatan", choices=Pendekatan.choices)


class RhkForm(TokenMixin, VersionMixin):
    """Tambah/ubah Rencana Hasil Kerja; the fields follow the SKP's model."""

    jenis = forms.ChoiceField(label="Jenis RHK", choices=JenisRhk.choices, initial=JenisRhk.UTAMA)
    klasifikasi = forms.ChoiceField(
        label="Klasifikasi RHK", choices=KlasifikasiRhk.choices, initial=KlasifikasiRhk.INDIVIDU
    )
    unit_kerja = forms.ModelChoiceField(
        label="Unit kerja yang tertaut",
        queryset=UnitKerja.objects.none(),
        required=False,
        help_text="Untuk RHK Organisasi: RHK diwariskan ke pejabat berikutnya di unit ini pada tahun yang sama.",
    )
    teks = forms.CharField(label="Rencana Hasil Kerja", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEKS_MAX)
    penugasan_dari = forms.CharField(label="Penugasan dari", max_length=255, required=False)
    rhk_atasan = forms.ModelChoiceField(
        label="RHK Atasan yang Diintervensi", queryset=Rhk.objects.none(), required=False
    )

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        self.skp = skp
        if skp.unit_kerja_id:
            self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(
                instansi_id=skp.instansi_id, path__startswith=skp.unit_kerja.path
            )
            self.initial.setdefault("unit_kerja", skp.unit_kerja_id)
        if skp.is_pimpinan_model:
            del self.fields["rhk_atasan"]
            self.initial.setdefault("penugasan_dari", services.default_penugasan_dari(skp))
        else:
            del self.fields["penugasan_dari"]
            field = self.fields["rhk_atasan"]
            field.queryset = Rhk.objects.intervenable_by(skp)
            field.required = True
            field.label_from_instance = lambda rhk: (
                f"{'[Plt] ' if rhk.skp.plt_id else ''}{rhk.get_jenis_display()}: {rhk.teks}"
            )
            field.empty_label = "— pilih RHK atasan —"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("klasifikasi") == KlasifikasiRhk.ORGANISASI and not cleaned.get("unit_kerja"):
            self.add_error("unit_kerja", "RHK Organisasi wajib memilih unit kerja yang tertaut.")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "jenis": data["jenis"],
            "klasifikasi": data["klasifikasi"],
            "teks": data["teks"],
            "unit_kerja": data.get("unit_kerja"),
            "penugasan_dari": data.get("penugasan_dari", ""),
            "rhk_atasan": data.get("rhk_atasan"),
        }


class IndikatorForm(TokenMixin, VersionMixin):
    """Tambah Indikator. Kuantitatif: Indikator, Target (angka + satuan), Perspektif or Aspek.
    Kualitatif: one narrative that also states the target (docs/rules.md §2.11)."""

    teks = forms.CharField(label="Indikator", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)
    target_angka = AngkaField(label="Target", max_digits=14, decimal_places=2, min_value=0)
    satuan = forms.CharField(label="Satuan", max_length=50, help_text="Misalnya Dokumen, %, Laporan, Kegiatan.")
    perspektif = forms.ChoiceField(label="Perspektif", choices=[("", "— pilih —"), *Perspektif.choices])
    aspek = forms.ChoiceField(label="Aspek", choices=[("", "— pilih —"), *Aspek.choices])

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        if not skp.is_kuantitatif:
            for name in ("target_angka", "satuan", "perspektif", "aspek"):
                del self.fields[name]
            self.fields[
                "teks"
            ].help_text = "Pendekatan kualitatif: tuliskan indikator beserta targetnya dalam satu narasi."
            self.fields["teks"].widget.attrs["rows"] = 4
        elif skp.model == ModelSkp.PEGAWAI:
            del self.fields["perspektif"]
        else:
            del self.fields["aspek"]


class LampiranForm(TokenMixin, VersionMixin):
    jenis = forms.ChoiceField(label="Jenis lampiran", choices=JenisLampiran.choices)
    teks = forms.CharField(label="Isi", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)


class StatusForm(VersionMixin):
    """Edit Status by the penilai (docs/rules.md §3.5); a return always carries a note the pegawai sees."""

    # Nothing is preselected: a stray Simpan must not approve (issue 10).
    status = forms.ChoiceField(label="Status", error_messages={"required": "Pilih status baru lebih dulu."})
    catatan = forms.CharField(
        label="Catatan untuk pegawai",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEKS_MAX,
        help_text="Wajib diisi bila SKP dikembalikan atau dibuka kembali.",
    )

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        self.skp = skp
        labels = {StatusSkp.PERSETUJUAN: "Persetujuan", StatusSkp.REVISI: "Kembalikan (Revisi)"}
        if skp.status == StatusSkp.PERSETUJUAN:
            labels = {StatusSkp.REVISI: "Buka kembali (Revisi)"}
        self.fields["status"].choices = [("", "— pilih status —")] + [
            (to, labels[to])
            for (frm, to), who in services.TRANSITIONS.items()
            if frm == skp.status and who == "penilai"
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == StatusSkp.REVISI and not (cleaned.get("catatan") or "").strip():
            self.add_error("catatan", "Tuliskan catatan: apa yang perlu diperbaiki pegawai.")
        return cleaned


class EkspektasiForm(VersionMixin):
    teks = forms.CharField(
        label="Ekspektasi Khusus Pimpinan",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEKS_MAX,
        required=False,
    )


class MphRhkForm(TokenMixin):
    jenis = forms.ChoiceField(label="Jenis RHK", choices=JenisRhk.choices, initial=JenisRhk.UTAMA)
    teks = forms.CharField(label="Rencana Hasil Kerja", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEKS_MAX)
