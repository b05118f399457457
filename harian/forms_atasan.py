"""The forms of the atasan's pages, the import and the Realisasi pre-fill. Scores are whole numbers 0–100; a form
carries the version of what it shows, so that a stale save is refused keeping what was typed (docs/rules.md §11.4)."""

from django import forms

from core.forms import TEKS_MAX, VersionMixin
from harian.models import NILAI_MAX

NILAI_ERRORS = {
    "invalid": f"Isi bilangan bulat 0 sampai {NILAI_MAX}.",
    "min_value": f"Isi bilangan bulat 0 sampai {NILAI_MAX}.",
    "max_value": f"Isi bilangan bulat 0 sampai {NILAI_MAX}.",
}


def nilai_field(label: str, *, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=NILAI_MAX,
        widget=forms.NumberInput(attrs={"min": 0, "max": NILAI_MAX, "step": 1, "inputmode": "numeric"}),
        error_messages={**NILAI_ERRORS, "required": f"Isi {label} (0 sampai {NILAI_MAX})."},
    )


class KualitasForm(VersionMixin):
    """The kualitas of one target bulanan; the page has one per target, prefixed by its id (t12-kualitas)."""

    kualitas = nilai_field("Kualitas", required=False)


class KreativitasForm(VersionMixin):
    nilai = nilai_field("Kreativitas", required=True)
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=TEKS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Opsional: inovasi atau gagasan bawahan yang menjadi dasar nilai ini.",
    )


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas progres harian (.xlsx atau .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "Pilih berkas .xlsx atau .csv yang akan diunggah.", "empty": "Berkas kosong."},
    )
