"""Import of daily entries filled offline (docs/rules.md §15.10): the rows as a file reader gives them (text, or the
dates and times a spreadsheet holds), checked by `progres_rows_validate` — every problem named by row number, by
the same rules as the form — and written by `progres_import` all or nothing. Reading .xlsx/.csv is the page's job."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.forms import AngkaField
from harian.models import ProgresHarian
from harian.services.base import HarianError, lock_pegawai, mark_changed, skp_bulanan_for
from harian.services.periksa import Isian, Konteks

# The columns of the template, in order, with the header the page writes (and the reader maps back).
KOLOM = [
    ("tanggal", "Tanggal (dd-mm-yyyy)"),
    ("jam_mulai", "Jam mulai (hh:mm)"),
    ("jam_selesai", "Jam selesai (hh:mm)"),
    ("sasaran", "Kode rencana aksi / target bulanan"),
    ("uraian", "Uraian kegiatan"),
    ("realisasi", "Realisasi"),
    ("satuan", "Satuan"),
    ("link_bukti", "Link bukti"),
]
BARIS_MAX = 1000  # rows per file: a month of entries of one pegawai is ~150
LABEL = dict(KOLOM)

_TANGGAL = forms.DateField(input_formats=["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"])
_JAM = forms.TimeField(input_formats=["%H:%M", "%H.%M", "%H:%M:%S"])
_ANGKA = AngkaField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class MasalahBaris:
    """What is wrong with one row of the file: its number as the user sees it (the spreadsheet's line) and every
    problem, each a sentence."""

    nomor: int
    pesan: tuple[str, ...]


class ImportDitolak(HarianError):
    """The file was not saved: `masalah` lists every row's problems."""

    def __init__(self, masalah: list[MasalahBaris]):
        super().__init__(f"Berkas tidak disimpan: {len(masalah)} baris bermasalah. Perbaiki, lalu unggah lagi.")
        self.masalah = masalah


def _field(field: forms.Field, value, label: str, problems: list[str]):
    if isinstance(value, datetime.datetime):
        value = value.time() if isinstance(field, forms.TimeField) else value.date()
    try:
        return field.clean(value if not isinstance(value, str) else value.strip())
    except ValidationError:
        problems.append(f"{label}: isian “{value}” tidak dapat dibaca.")
        return None


def _parse(row: dict) -> tuple[Isian | None, list[str]]:
    """One row of text (or spreadsheet values) as an Isian, or the problems reading it."""
    problems: list[str] = []
    tanggal = _field(_TANGGAL, row.get("tanggal") or "", LABEL["tanggal"], problems)
    mulai = _field(_JAM, row.get("jam_mulai") or "", LABEL["jam_mulai"], problems)
    selesai = _field(_JAM, row.get("jam_selesai") or "", LABEL["jam_selesai"], problems)
    realisasi = row.get("realisasi")
    realisasi = _field(_ANGKA, "" if realisasi is None else str(realisasi), LABEL["realisasi"], problems)
    if problems:
        return None, problems
    isian = Isian(
        tanggal=tanggal, jam_mulai=mulai, jam_selesai=selesai, realisasi=Decimal(realisasi),
        uraian=str(row.get("uraian") or ""), sasaran=str(row.get("sasaran") or ""),
        satuan=str(row.get("satuan") or ""), link_bukti=str(row.get("link_bukti") or ""),
    )  # fmt: skip
    return isian, []


def progres_rows_validate(
    *, actor: User, rows: list[tuple[int, dict]], today: datetime.date | None = None
) -> tuple[list[Isian], list[MasalahBaris], Konteks]:
    """Check every row as the form would, and each against the rows above it (no overlapping times): the entries
    ready to write, every row's problems by its number, and the context they were checked in. `rows`: (row number,
    {column: value}) with the keys of KOLOM. Reads a fixed number of queries whatever the number of rows."""
    if len(rows) > BARIS_MAX:
        raise HarianError(f"Berkas terlalu besar: paling banyak {BARIS_MAX} baris sekali unggah.")
    konteks = Konteks.load(
        actor, today=today or timezone.localdate(), kodes=[str(values.get("sasaran") or "") for _, values in rows]
    )
    ready, masalah = [], []
    for nomor, values in rows:
        isian, problems = _parse(values)
        if isian is not None:
            _, by_field = konteks.check(isian)
            problems = [message for messages in by_field.values() for message in messages]
            if not problems and (overlap := konteks.overlap(isian)):
                problems.append(overlap)
            if not problems:
                konteks.existing.append(
                    (None, isian.tanggal, isian.jam_mulai, isian.jam_selesai, isian.uraian, None, None)
                )
                ready.append(isian)
        if problems:
            masalah.append(MasalahBaris(nomor, tuple(problems)))
    if not rows:
        raise HarianError("Berkas tidak berisi baris progres harian.")
    return ready, masalah, konteks


@transaction.atomic
def progres_import(*, actor: User, rows: list[tuple[int, dict]]) -> list[ProgresHarian]:
    """Write the whole file or nothing: checked again under the pegawai's lock (a preview is only a preview), then one
    INSERT for every row. Raises ImportDitolak with every row's problems."""
    lock_pegawai(actor.pk)
    ready, masalah, konteks = progres_rows_validate(actor=actor, rows=rows)
    if masalah:
        raise ImportDitolak(masalah)
    entries, months = [], {}
    for isian in ready:
        sasaran = konteks.sasaran[isian.sasaran.strip().upper()]
        key = (sasaran.skp.pk, isian.tanggal.replace(day=1))
        if key not in months:
            months[key] = skp_bulanan_for(sasaran.skp, isian.tanggal)
        entries.append(
            ProgresHarian(
                instansi_id=sasaran.skp.instansi_id,
                pegawai=actor,
                skp_bulanan=months[key],
                tanggal=isian.tanggal,
                jam_mulai=isian.jam_mulai,
                jam_selesai=isian.jam_selesai,
                uraian=isian.uraian.strip(),
                realisasi=isian.realisasi,
                satuan=sasaran.satuan or isian.satuan.strip(),
                link_bukti=isian.link_bukti,
                rencana_aksi_id=sasaran.rencana_aksi_id,
                target_bulanan_id=sasaran.target_bulanan_id,
            )
        )
    try:
        with transaction.atomic():
            made = ProgresHarian.objects.bulk_create(entries)
    except IntegrityError:
        # Only a write that raced past the lock could get here (an entry saved outside the pegawai's lock).
        raise HarianError(
            "Sebagian baris bertumpang tindih dengan progres yang baru saja disimpan. Unggah lagi."
        ) from None
    for month in months.values():
        mark_changed(month)
    return made
