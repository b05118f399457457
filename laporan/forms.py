"""The filters of the dashboard, its drill-down lists and the downloads, read from the query string: a bad value is a
form error (the page answers 400 and says which), never a 500 and never a silent default."""

import datetime

from django import forms
from django.utils import timezone

from accounts.models import Instansi, JenisJabatan, StatusKepegawaian
from laporan.dashboard import BAGIAN

# Ids are positive bigints; anything larger is a form error before it reaches PostgreSQL.
ID_MAX = 2**63 - 1
SEMUA = [("", "Semua")]


def tahun_choices(today: datetime.date) -> list[tuple[int, str]]:
    """The years an admin reports on: four back, this one and the next (an SKP may be planned ahead)."""
    return [(y, str(y)) for y in range(today.year + 1, today.year - 5, -1)]


class LingkupForm(forms.Form):
    """Which instansi (a superadmin picks one; an admin instansi always has their own, so the field is not theirs)
    and which unit."""

    instansi = forms.ModelChoiceField(Instansi.objects.order_by("nama"), required=False, label="Instansi")
    unit = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)

    def __init__(self, *args, superadmin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not superadmin:
            del self.fields["instansi"]


class DasborForm(LingkupForm):
    """The dashboard's filters. `kode` is checked against the instansi's periods of the year by the view, which
    knows the scheme."""

    tahun = forms.TypedChoiceField(coerce=int, required=False, label="Tahun")
    kode = forms.CharField(required=False, max_length=20, label="Periode")
    jenis_jabatan = forms.ChoiceField(choices=SEMUA + JenisJabatan.choices, required=False, label="Jenis jabatan")
    status_kepegawaian = forms.ChoiceField(
        choices=SEMUA + StatusKepegawaian.choices, required=False, label="Status kepegawaian"
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["tahun"].choices = tahun_choices(self.today)

    def clean_tahun(self) -> int:
        return self.cleaned_data.get("tahun") or self.today.year


class DaftarForm(DasborForm):
    """The drill-down list: the dashboard's filters, one number of one section, and the page."""

    bagian = forms.ChoiceField(choices=[("", "Semua pegawai"), *((b.key, b.judul) for b in BAGIAN)], required=False)
    kategori = forms.CharField(required=False, max_length=20)
    langsung = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)

    def clean(self):
        data = super().clean()
        key = data.get("bagian")
        if key:
            bagian = next(b for b in BAGIAN if b.key == key)
            if data.get("kategori") not in {k.key for k in bagian.kategori}:
                self.add_error("kategori", "Kategori tidak dikenal untuk bagian ini.")
        return data


class UnduhForm(LingkupForm):
    """A download: for the instansi or one unit, one period (Laporan Penilaian) or one year (Laporan SKP)."""

    kode = forms.RegexField(regex=r"^\d{4}-[A-Z0-9]{1,10}$", required=False, max_length=20)
    tahun = forms.IntegerField(required=False, min_value=2000, max_value=2100)
