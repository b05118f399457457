"""Forms of the pegawai's progres harian pages: a daily entry, and a Target Bulanan (Teknis or Konseptual). Labels are
the words of the manual and of DES 2.0 (docs/rules.md §12.1, §15); the services check every rule again."""

import datetime

from django import forms
from django.utils import formats

from core.forms import TEKS_MAX, AngkaField, DateInput, TokenMixin, VersionMixin
from harian.models import ANGKA
from harian.services import Isian, Sasaran

LABEL_MAX = 110  # an option's text: long rencana aksi are cut on screen (the whole text is on the week view)
PILIH = "Pilih rencana aksi atau target bulanan dari daftar."


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _jam(label: str, contoh: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        error_messages={
            "required": f"Isi {label.lower()}, mis. {contoh}.",
            "invalid": f"{label} tidak valid: tulis mis. {contoh}.",
        },
    )


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _group(s: Sasaran) -> str:
    if s.target_bulanan_id:
        return f"Target Bulanan {formats.date_format(s.mulai, 'F Y')}"
    return f"Rencana Aksi {s.mulai:%d-%m-%Y} s.d. {s.selesai:%d-%m-%Y}"


def sasaran_choices(pilihan: list[Sasaran], extra: tuple[str, str] | None = None) -> list:
    """The select's options grouped as the pegawai thinks of them: the rencana aksi of the running period, then the
    target bulanan of each month of the window. `extra`: an entry's own target when it is no longer offered."""
    groups: dict[str, list] = {}
    for s in sorted(pilihan, key=lambda s: (s.target_bulanan_id is not None, s.mulai, s.label)):
        label = _cut(s.label) + (f" ({s.satuan})" if s.satuan else "")
        groups.setdefault(_group(s), []).append((s.kode, label))
    choices: list = [("", "— pilih rencana aksi atau target bulanan —")]
    if extra and not any(extra[0] == kode for options in groups.values() for kode, _ in options):
        choices.append(("Yang tercatat sekarang", [extra]))
    return choices + list(groups.items())


class ProgresForm(TokenMixin, VersionMixin):
    """One entry of the daily log. Field names are those of `harian.services.Isian`, so that the service's refusals
    by field land beside the right box."""

    sasaran = forms.ChoiceField(
        label="Rencana Aksi / Target Bulanan",
        error_messages={"required": PILIH, "invalid_choice": PILIH},
    )
    tanggal = forms.DateField(
        label="Tanggal",
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"required": "Isi tanggal kegiatan.", "invalid": "Tanggal tidak valid."},
    )
    jam_mulai = _jam("Jam mulai", "08:00")
    jam_selesai = _jam("Jam selesai", "09:30")
    uraian = forms.CharField(
        label="Uraian kegiatan",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEKS_MAX,
        error_messages={"required": "Isi uraian kegiatan."},
    )
    realisasi = AngkaField(
        label="Realisasi",
        min_value=0,
        error_messages={"required": "Isi realisasi: angka 0 atau lebih.", "invalid": "Realisasi harus angka."},
        **ANGKA,
    )
    satuan = forms.CharField(
        label="Satuan",
        max_length=50,
        required=False,
        help_text="Mengikuti rencana aksi atau target bulanan yang dipilih; isi bila rencana aksinya tanpa satuan.",
    )
    link_bukti = forms.CharField(
        label="Link Bukti Dukung",
        max_length=1000,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text="Opsional: tautan ke berkas atau foto kegiatan (http/https).",
    )

    def __init__(self, *args, pilihan: list[Sasaran], extra: tuple[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sasaran"].choices = sasaran_choices(pilihan, extra)

    def isian(self) -> Isian:
        data = self.cleaned_data
        return Isian(
            tanggal=data["tanggal"],
            jam_mulai=data["jam_mulai"],
            jam_selesai=data["jam_selesai"],
            uraian=data["uraian"],
            realisasi=data["realisasi"],
            sasaran=data["sasaran"],
            satuan=data.get("satuan", ""),
            link_bukti=data.get("link_bukti", ""),
        )


def bulan_choices(mulai: datetime.date, selesai: datetime.date) -> list[tuple[str, str]]:
    """The months an SKP covers, as "2026-02" → "Februari 2026"."""
    choices, bulan = [], mulai.replace(day=1)
    while bulan <= selesai:
        choices.append((f"{bulan:%Y-%m}", formats.date_format(bulan, "F Y")))
        bulan = datetime.date(bulan.year + bulan.month // 12, bulan.month % 12 + 1, 1)
    return choices


class _TargetForm(TokenMixin):
    bulan = forms.ChoiceField(label="Bulan", error_messages={"invalid_choice": "Pilih bulan dalam periode SKP."})
    target = AngkaField(
        label="Target",
        min_value=0,
        error_messages={"required": "Isi target bulanan.", "invalid": "Target harus angka."},
        **ANGKA,
    )

    def __init__(self, *args, bulan_list: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bulan"].choices = bulan_list

    @property
    def bulan_terpilih(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["bulan"] + "-01")


class TargetTeknisForm(_TargetForm):
    """Teknis (DES 2.0): a month's share of an indikator's annual quantity; name and satuan are the indikator's."""

    indikator = forms.TypedChoiceField(
        label="Indikator", coerce=int, error_messages={"invalid_choice": "Pilih indikator RHK ini yang bertarget."}
    )
    field_order = ["bulan", "indikator", "target"]

    def __init__(self, *args, indikator_list: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = indikator_list


class TargetKonseptualForm(_TargetForm):
    """Konseptual (DES 2.0): a stage of the RHK with its own name and satuan."""

    nama = forms.CharField(
        label="Kegiatan bulanan",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEKS_MAX,
        help_text="Tahapan untuk mencapai RHK, mis. Mengumpulkan data aplikasi.",
    )
    satuan = forms.CharField(label="Satuan", max_length=50, help_text="Satuan tahapan ini, mis. data, konsep, laporan.")
    field_order = ["bulan", "nama", "target", "satuan"]


class TargetUbahForm(VersionMixin):
    """A new quantity; a Konseptual stage may be renamed (the view removes nama and satuan for a Teknis target)."""

    nama = forms.CharField(label="Kegiatan bulanan", widget=forms.Textarea(attrs={"rows": 2}), max_length=TEKS_MAX)
    target = AngkaField(
        label="Target",
        min_value=0,
        error_messages={"required": "Isi target bulanan.", "invalid": "Target harus angka."},
        **ANGKA,
    )
    satuan = forms.CharField(label="Satuan", max_length=50)

    def __init__(self, *args, teknis: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if teknis:
            del self.fields["nama"], self.fields["satuan"]
