"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja (docs/rules.md §10.3–§10.5): what the two print templates
show, each built in a fixed number of queries whatever the size of the SKP or the unit, and what of it a printed
copy's digest covers.

The record of a print (DokumenCetak with its verification code) is made by skp.printing.dokumen_cetak_create
with the period's dates, so the check page names the period printed; the check page rebuilds these documents
through skp.printing.PRINTED_KINDS, where penilaian.apps registers them (skp may not import penilaian)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from accounts.identity import IDENTITAS, snapshot
from accounts.models import User
from core.printing import fits_on_half_page, lines
from penilaian.kurva import CHART_ORDER, IDEAL_CURVE, check_distribution
from penilaian.models import BuktiDukung, CapaianUnit, PeriodePenilaian, Polaritas, RencanaAksi, UmpanBalik
from penilaian.predikat import CapaianOrganisasi, Predikat
from skp.models import DokumenCetak, EkspektasiPimpinan, JenisRhk, PerilakuKerja, Rhk
from skp.printing import verifikasi

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
        **verifikasi(dokumen, verifikasi_url),
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
        # The capaian governing the unit (its own, else the nearest above) and its distribution (docs/rules.md §8.7).
        capaian = CapaianUnit.objects.governing(skp.unit_kerja_id, periode.kode).first()
        governed = capaian.unit_kerja_id if capaian else skp.unit_kerja_id
        counts = PeriodePenilaian.objects.of_unit(governed, periode.kode).predikat_counts()
        if governed != skp.unit_kerja_id:
            unit_nama = capaian.unit_kerja.nama
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


# --- what a printed copy's digest covers (docs/rules.md §10.5) -----------------------------------------------

FORM_PENILAIAN_SECTIONS = {
    "kop": "instansi dan periode",
    "identitas": "identitas pegawai dan pejabat penilai",
    "hasil_kerja": "hasil kerja (rencana aksi, realisasi, bukti dukung, umpan balik)",
    "perilaku": "perilaku kerja (ekspektasi, umpan balik)",
    "penilaian": "rating dan predikat",
}
EVALUASI_SECTIONS = {
    "kop": "instansi dan periode",
    "identitas": "identitas pegawai, pejabat penilai dan atasannya",
    "capaian": "capaian kinerja organisasi",
    "penilaian": "rating dan predikat",
    "distribusi": "pola distribusi predikat unit kerja",
    "catatan": "Catatan/Rekomendasi",
}


def _kop(context: dict) -> dict:
    periode = context["periode"]
    return {"instansi": context["instansi"], "periode": [periode.nama, periode.mulai, periode.selesai]}


def _penilaian(context: dict) -> list:
    return [context["rating_hasil_kerja"], context["rating_perilaku"], context["predikat"]]


def _rencana_aksi(ra: RencanaAksi | None) -> dict | None:
    if ra is None:
        return None
    target = [ra.target_angka, ra.satuan] if ra.target_angka is not None else None
    bukti = [[b.nama, b.link] for b in ra.bukti_cetak]
    return {"teks": ra.teks, "target": target, "realisasi": ra.realisasi_cetak, "bukti": bukti}


def form_penilaian_shown(context: dict) -> dict:
    """What templates/penilaian/pdf/form_penilaian.html shows, by section (skp.printing.PrintedKind)."""
    return {
        "kop": _kop(context),
        "identitas": context["identitas"],
        "hasil_kerja": [
            [
                huruf,
                nama,
                [[i.nomor, i.rhk.teks, [_rencana_aksi(ra) for ra in i.baris], i.umpan_balik] for i in items],
            ]
            for huruf, nama, items in context["kelompok_rhk"]
        ],
        "perilaku": [
            [b["perilaku"].nomor, b["perilaku"].nama, b["perilaku"].panduan, b["ekspektasi"], b["umpan_balik"]]
            for b in context["perilaku"]
        ],
        "penilaian": _penilaian(context),
    }


def evaluasi_shown(context: dict) -> dict:
    """What templates/penilaian/pdf/evaluasi.html shows, by section (skp.printing.PrintedKind)."""
    return {
        "kop": _kop(context),
        "identitas": {
            "pegawai_penilai": context["identitas"],
            "atasan_penilai": context["identitas_atasan"] if context["atasan_penilai"] else None,
        },
        "capaian": [context["unit_kerja"], context["capaian"]],
        "penilaian": _penilaian(context),
        "distribusi": {
            "baris": context["distribusi"],
            "total": context["total"],
            "aturan": [[r.rule, r.kept, r.detail] for r in context["aturan"]],
        },
        "catatan": context["catatan"],
    }


def _periode_printed(dokumen: DokumenCetak) -> PeriodePenilaian | None:
    return (
        PeriodePenilaian.objects.select_related("skp__instansi")
        .filter(skp_id=dokumen.skp_id, kode=dokumen.periode_kode)
        .first()
    )


def form_penilaian_today(dokumen: DokumenCetak) -> dict | None:
    """Today's context of a printed Form Penilaian, or None when its period is gone."""
    periode = _periode_printed(dokumen)
    return form_penilaian_context(periode, dokumen) if periode else None


def evaluasi_today(dokumen: DokumenCetak) -> dict | None:
    """Today's context of a printed Dokumen Evaluasi with the Catatan/Rekomendasi it carried (the record keeps
    it), or None when its period is gone."""
    periode = _periode_printed(dokumen)
    return evaluasi_context(periode, dokumen, catatan=dokumen.catatan) if periode else None
