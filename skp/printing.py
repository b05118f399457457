"""Cetak SKP: the record of a printed document (with its verification code) and what the print template shows."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch

from accounts.identity import IDENTITAS
from accounts.models import User
from core.printing import fits_on_half_page, lines
from skp.models import (
    DokumenCetak,
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    ModelSkp,
    PerilakuKerja,
    Rhk,
    Skp,
)

JUDUL_MODEL = {
    ModelSkp.JPT: "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
    ModelSkp.PIMPINAN_UNIT: "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI",
    ModelSkp.PEGAWAI: "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
}


@transaction.atomic
def dokumen_cetak_create(
    *,
    actor: User,
    skp: Skp,
    jenis: str,
    tanggal: datetime.date,
    lokasi: str,
    periode_awal: datetime.date | None = None,
    periode_akhir: datetime.date | None = None,
    periode_kode: str = "",
    catatan: str = "",
) -> DokumenCetak:
    """Record a print of `skp` by `actor`, who must be able to see it (the caller checks with visible_to).
    `periode_awal`/`periode_akhir`/`periode_kode`: the penilaian period the paper covers, when not the SKP's whole
    range, so that the check page names it; `catatan`: a Dokumen Evaluasi's Catatan/Rekomendasi as printed.

    The SKP row is locked and read again, so the version and status recorded are those of the data printed
    when the caller builds the document in the same transaction. `dokumen.skp` is that fresh row.
    """
    current = Skp.objects.select_for_update(of=("self",)).select_related("instansi").get(pk=skp.pk)
    return DokumenCetak.objects.create(
        jenis=jenis,
        instansi_id=current.instansi_id,
        skp=current,
        skp_version=current.version,
        status_skp=current.status,
        nama_pegawai=current.pegawai_snapshot.get("nama", ""),
        jabatan=current.pegawai_snapshot.get("jabatan", ""),
        periode_awal=periode_awal or current.periode_awal,
        periode_akhir=periode_akhir or current.periode_akhir,
        periode_kode=periode_kode,
        catatan=catatan.strip(),
        tanggal=tanggal,
        lokasi=lokasi.strip(),
        dicetak_oleh=actor,
    )


@dataclass
class RhkBaris:
    """One RHK in the printed table: its cell spans the rows of its indikator (at least one row)."""

    nomor: int
    rhk: Rhk
    indikator: list = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indikator))

    @property
    def baris(self) -> list:
        """The indikator rows; a placeholder None keeps an RHK without indikator (a draft) on its own row."""
        return self.indikator or [None]

    @property
    def utuh(self) -> bool:
        """Whether the RHK and its indikator are short enough to be kept on one page."""
        rhk_cell = lines(self.rhk.teks) + (2 if self.rhk.penugasan_dari else 0)
        atasan_cell = lines(self.rhk.rhk_atasan.teks) if self.rhk.rhk_atasan_id else 1
        indikator_rows = sum(lines(i.teks) + 1 for i in self.indikator)
        return fits_on_half_page(rhk_cell, atasan_cell, indikator_rows)


@dataclass
class KelompokRhk:
    huruf: str
    nama: str
    items: list


def _columns(skp: Skp) -> dict:
    """Which columns the HASIL KERJA table has, per model and pendekatan (docs/rules.md §10.2)."""
    kuantitatif, pimpinan = skp.is_kuantitatif, skp.is_pimpinan_model
    show = {
        "rhk_atasan": not pimpinan,
        "aspek": kuantitatif and not pimpinan,
        "target": kuantitatif,
        "perspektif": kuantitatif and pimpinan,
        "penugasan": pimpinan,
    }
    # No, RHK and Indikator always; the RHK atasan, Aspek, Target and Perspektif as shown.
    show["count"] = 3 + sum(show[name] for name in ("rhk_atasan", "aspek", "target", "perspektif"))
    return show


def skp_document_context(skp: Skp, dokumen: DokumenCetak, *, verifikasi_url: str = "") -> dict:
    """Everything templates/skp/pdf/skp.html needs, in a fixed number of queries whatever the SKP's size.

    `verifikasi_url` is the absolute address of the check page (the view builds it from the request).
    """
    rhk_list = (
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator_list", queryset=Indikator.objects.order_by("urutan", "pk")))
        .order_by("urutan", "pk")
    )
    kelompok = {JenisRhk.UTAMA: [], JenisRhk.TAMBAHAN: []}
    for rhk in rhk_list:
        items = kelompok[rhk.jenis]
        items.append(RhkBaris(nomor=len(items) + 1, rhk=rhk, indikator=list(rhk.indikator_list.all())))

    ekspektasi = {e.perilaku_id: e.teks for e in EkspektasiPimpinan.objects.filter(skp=skp)}
    perilaku = []
    for nilai in PerilakuKerja.objects.order_by("nomor"):
        teks = ekspektasi.get(nilai.nomor, "")
        perilaku.append({"perilaku": nilai, "ekspektasi": teks, "utuh": fits_on_half_page(lines(teks, 40))})

    lampiran = {jenis: [] for jenis in JenisLampiran}
    for item in skp.lampiran_list.order_by("urutan", "pk"):
        lampiran[JenisLampiran(item.jenis)].append({"teks": item.teks, "utuh": fits_on_half_page(lines(item.teks, 60))})

    return {
        "skp": skp,
        "dokumen": dokumen,
        "instansi": skp.instansi.nama,
        "pegawai": skp.pegawai_snapshot,
        "penilai": skp.penilai_snapshot,
        "identitas": [
            (nomor, label, skp.pegawai_snapshot.get(key) or "-", skp.penilai_snapshot.get(key) or "-")
            for nomor, (label, key) in enumerate(IDENTITAS, start=1)
        ],
        "judul_pendekatan": f"PENDEKATAN HASIL KERJA {skp.get_pendekatan_display().upper()}",
        "judul_model": JUDUL_MODEL.get(skp.model, ""),
        "kolom": _columns(skp),
        "kelompok_rhk": [
            KelompokRhk("A", JenisRhk.UTAMA.label, kelompok[JenisRhk.UTAMA]),
            KelompokRhk("B", JenisRhk.TAMBAHAN.label, kelompok[JenisRhk.TAMBAHAN]),
        ],
        "perilaku": perilaku,
        "lampiran": [(jenis.label, items) for jenis, items in lampiran.items()],
        "verifikasi_url": verifikasi_url or dokumen.get_absolute_url(),
    }
