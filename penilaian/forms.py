"""Forms of the pegawai's penilaian pages; labels are the manual's words (docs/rules.md §12.1)."""

from django import forms

from core.forms import TEKS_MAX, AngkaField, TokenMixin, VersionMixin
from penilaian.models import Polaritas
from penilaian.predikat import Rating

PILIH_POLARITAS = "Pilih 👍 Positif atau 👎 Negatif."


class RencanaAksiForm(TokenMixin, VersionMixin):
    teks = forms.CharField(label="Rencana Aksi", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)
    target_angka = AngkaField(label="Target", max_digits=14, decimal_places=2, min_value=0, required=False)
    satuan = forms.CharField(label="Satuan", max_length=50, required=False)


class RealisasiForm(VersionMixin):
    realisasi = forms.CharField(label="Realisasi", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)
    sumber_data = forms.CharField(
        label="Sumber Data", max_length=255, help_text="Misalnya Laporan, Aplikasi SIASN, Notulen rapat."
    )


class BuktiDukungForm(TokenMixin):
    nama = forms.CharField(label="Nama", max_length=255)
    link = forms.CharField(
        label="Link",
        max_length=1000,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text="Tautan ke berkas di Google Drive, OneDrive, atau penyimpanan instansi (http/https).",
    )


class UmpanBalikForm(VersionMixin):
    teks = forms.CharField(label="Umpan Balik", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)
    polaritas = forms.ChoiceField(
        label="Polaritas",
        choices=Polaritas.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PILIH_POLARITAS},
    )


class RatingForm(VersionMixin):
    rating_hasil_kerja = forms.ChoiceField(
        label="Rating Hasil Kerja",
        choices=[("", "— pilih —"), *Rating.choices],
        error_messages={"required": "Pilih Rating Hasil Kerja."},
    )
    rating_perilaku = forms.ChoiceField(
        label="Rating Perilaku Kerja",
        choices=[("", "— pilih —"), *Rating.choices],
        error_messages={"required": "Pilih Rating Perilaku Kerja."},
    )


class FeedbackRekanForm(TokenMixin):
    teks = forms.CharField(label="Umpan balik perilaku", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEKS_MAX)
    polaritas = forms.ChoiceField(
        label="Polaritas",
        choices=Polaritas.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PILIH_POLARITAS},
    )
