"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja (docs/rules.md §10.3–§10.4): what the two print templates
show, each built in a fixed number of queries whatever the size of the SKP or the unit.

The record of a print (DokumenCetak with its verification code) is made by skp.printing.dokumen_cetak_create
with the period's dates, so the check page names the period printed."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from accounts.identity import IDENTITAS, snapshot
from accounts.models import User
from core.printing import fits_on_half_page, lines
from penilaian.kurva import CHART_ORDER, IDEAL_CURVE, check_distribution
from penilaian.models import BuktiDukung, CapaianUnit, PeriodePenilaian, Polaritas, RencanaAksi, UmpanBalik
from penilaian.predikat import CapaianOrganisasi, Predikat
from skp.models import DokumenCetak, EkspektasiPimpinan, JenisRhk, PerilakuKerja, Rhk

# The emoji of the screen are not in the PDF font; the paper says it in words.
POLARITAS_CETAK = {Polaritas.POSITIF: "Positif", Polaritas.NEGATIF: "Negatif"}


def catatan_penilai(periode: PeriodePenilaian) -> str:
    """The Catatan/Rekomendasi the period's penilai last printed on its Dokumen Evaluasi: what everyone else's
    print of it carries (only the penilai writes it)."""
    last = (
        DokumenCetak.objects.filter(
            skp_id=periode.skp_id,
            jenis=DokumenCetak.Jenis.EVALUASI,
            periode_kode=periode.kode,
            dicetak_oleh_id=periode.penilai_id,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return last.catatan if last else ""


def _umpan_balik(item: UmpanBalik | None) -> dict | None:
    if item is None:
        return None
    return {"teks": item.teks, "polaritas": POLARITAS_CETAK.get(item.polaritas, item.polaritas)}


@dataclass
class RhkPenilaian:
    """One RHK of the period: its rencana aksi (with realisasi and bukti dukung) and the penilai's feedback."""

    nomor: int
    rhk: Rhk
    rencana_aksi: list = field(default_factory=list)
    umpan_balik: dict | None = None

    @property
    def rowspan(self) -> int:
        return max(1, len(self.rencana_aksi))

    @property
    def baris(self) -> list:
        return self.rencana_aksi or [None]

    @property
    def utuh(self) -> bool:
        """Kept on one page only when clearly shorter than half a page (see skp.printing)."""
        rhk_cell = lines(self.rhk.teks)
        ub_cell = lines(self.umpan_balik["teks"]) + 1 if self.umpan_balik else 1
        ra_rows = sum(
            lines(ra.teks) + lines(ra.realisasi) + sum(lines(b.nama) + lines(b.link) for b in ra.bukti_cetak) + 1
            for ra in self.rencana_aksi
        )
        return fits_on_half_page(rhk_cell, ub_cell, ra_rows)


def _realisasi_text(ra: RencanaAksi) -> str:
    """ "30 berdasarkan Laporan" (docs/rules.md §6.3)."""
    if not ra.realisasi:
        return ""
    return f"{ra.realisasi} berdasarkan {ra.sumber_data}" if ra.sumber_data else ra.realisasi


def _common(periode: PeriodePenilaian, dokumen: DokumenCetak, verifikasi_url: str) -> dict:
    skp = periode.skp
    pegawai = skp.pegawai_snapshot
    penilai = periode.penilai_snapshot or skp.penilai_snapshot
    return {
        "periode": periode,
        "skp": skp,
        "dokumen": dokumen,
        "instansi": skp.instansi.nama,
        "pegawai": pegawai,
        "penilai": penilai,
        "identitas": [
            (nomor, label, pegawai.get(key) or "-", penilai.get(key) or "-")
            for nomor, (label, key) in enumerate(IDENTITAS, start=1)
        ],
        "rating_hasil_kerja": periode.get_rating_hasil_kerja_display() or "Belum dinilai",
        "rating_perilaku": periode.get_rating_perilaku_display() or "Belum dinilai",
        "predikat": periode.get_predikat_display() or "Belum ditetapkan",
        "verifikasi_url": verifikasi_url or dokumen.get_absolute_url(),
    }


def form_penilaian_context(periode: PeriodePenilaian, dokumen: DokumenCetak, *, verifikasi_url: str = "") -> dict:
    """Everything templates/penilaian/pdf/form_penilaian.html needs. `periode.skp` and its instansi should be
    selected with the period; then 5 queries whatever the number of RHK, rencana aksi and bukti dukung."""
    skp = periode.skp
    rencana = {}
    for ra in (
        RencanaAksi.objects.filter(periode=periode)
        .prefetch_related(Prefetch("bukti_list", queryset=BuktiDukung.objects.order_by("pk"), to_attr="bukti_cetak"))
        .order_by("urutan", "pk")
    ):
        ra.realisasi_cetak = _realisasi_text(ra)
        rencana.setdefault(ra.rhk_id, []).append(ra)

    umpan_rhk, umpan_perilaku = {}, {}
    for item in UmpanBalik.objects.filter(periode=periode):
        if item.rhk_id is not None:
            umpan_rhk[item.rhk_id] = _umpan_balik(item)
        else:
            umpan_perilaku[item.perilaku_id] = _umpan_balik(item)

    kelompok = {JenisRhk.UTAMA: [], JenisRhk.TAMBAHAN: []}
    for rhk in Rhk.objects.filter(skp=skp).order_by("urutan", "pk"):
        items = kelompok[rhk.jenis]
        items.append(
            RhkPenilaian(
                nomor=len(items) + 1,
                rhk=rhk,
                rencana_aksi=rencana.get(rhk.pk, []),
                umpan_balik=umpan_rhk.get(rhk.pk),
            )
        )

    ekspektasi = {e.perilaku_id: e.teks for e in EkspektasiPimpinan.objects.filter(skp=skp)}
    perilaku = []
    for nilai in PerilakuKerja.objects.order_by("nomor"):
        teks = ekspektasi.get(nilai.nomor, "")
        ub = umpan_perilaku.get(nilai.nomor)
        utuh = fits_on_half_page(lines(teks, 40), lines(ub["teks"], 40) if ub else 1)
        perilaku.append({"perilaku": nilai, "ekspektasi": teks, "umpan_balik": ub, "utuh": utuh})

    return {
        **_common(periode, dokumen, verifikasi_url),
        "kelompok_rhk": [
            ("A", JenisRhk.UTAMA.label, kelompok[JenisRhk.UTAMA]),
            ("B", JenisRhk.TAMBAHAN.label, kelompok[JenisRhk.TAMBAHAN]),
        ],
        "perilaku": perilaku,
    }


def evaluasi_context(
    periode: PeriodePenilaian, dokumen: DokumenCetak, *, catatan: str = "", verifikasi_url: str = ""
) -> dict:
    """Everything templates/penilaian/pdf/evaluasi.html needs, in 3 queries: the penilai's own atasan, the
    unit's capaian organisasi for the period, and the predikat of the unit's pegawai for the period."""
    skp = periode.skp
    atasan_penilai = {}
    if periode.penilai_id:
        penilai = User.objects.select_related("atasan__unit_kerja").filter(pk=periode.penilai_id).first()
        if penilai is not None and penilai.atasan_id:
            atasan_penilai = snapshot(penilai.atasan)

    capaian = None
    counts: dict[Predikat, int] = {}
    unit_nama = skp.pegawai_snapshot.get("unit_kerja", "")
    if skp.unit_kerja_id:
        capaian = CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode=periode.kode).first()
        counts = PeriodePenilaian.objects.of_unit(skp.unit_kerja_id, periode.kode).predikat_counts()
    total = sum(counts.values())
    ideal = IDEAL_CURVE[CapaianOrganisasi(capaian.capaian)] if capaian else {}
    distribusi = [
        {
            "predikat": p.label,
            "ideal": f"{ideal[p]} %" if capaian else "—",
            "jumlah": counts.get(p, 0),
            "nyata": f"{round(100 * counts.get(p, 0) / total)} %" if total else "—",
        }
        for p in reversed(CHART_ORDER)  # best first, as the predikat are read out
    ]
    return {
        **_common(periode, dokumen, verifikasi_url),
        "atasan_penilai": atasan_penilai,
        "identitas_atasan": [
            (nomor, label, atasan_penilai.get(key) or "-") for nomor, (label, key) in enumerate(IDENTITAS, start=1)
        ],
        "unit_kerja": unit_nama,
        "capaian": capaian.get_capaian_display() if capaian else "—",
        "distribusi": distribusi,
        "total": total,
        "aturan": check_distribution(CapaianOrganisasi(capaian.capaian), counts) if capaian else [],
        "catatan": catatan.strip(),
    }
