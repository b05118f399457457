"""Cetak Rekap Progres Harian (docs/rules.md §15.11): the month's daily log of one pegawai as the PDF shows it (entries
per day with their hours, realisasi and kesesuaian; each target's realisasi and kualitas; the atasan's approval, or
that there is none), built in a fixed number of queries, and what of it a printed copy's digest covers.

The print record is skp's DokumenCetak (its verification code and QR, decision 0012) with the month as its period;
skp's public check page rebuilds the recap through skp.printing.PRINTED_KINDS, where `register` puts it."""

from django.db.models import Q
from django.utils import timezone

from accounts.identity import IDENTITAS
from core.printing import fits_on_half_page, lines
from harian.models import SkpBulanan
from harian.services import month_range, nama_bulan, ringkasan_bulan
from harian.views.atasan_data import angka, entri_bulan, jam, per_hari, target_bulan
from skp.models import DokumenCetak
from skp.printing import register_printed_kind, verifikasi

# The kind of DokumenCetak a recap is. skp.models.DokumenCetak.Jenis is to name it "Rekap Progres Harian"; until it
# does, the value is the same and the check page shows the value itself.
JENIS = DokumenCetak.Jenis.REKAP_HARIAN
KESESUAIAN = {True: "Sesuai", False: "Tidak sesuai", None: "Belum diperiksa"}

SECTIONS = {
    "kop": "instansi dan bulan",
    "identitas": "identitas pegawai dan atasan",
    "progres": "progres harian (kegiatan, jam, realisasi, kesesuaian)",
    "realisasi": "realisasi per target bulanan dan rencana aksi, kualitas",
    "persetujuan": "persetujuan atasan",
}


def persetujuan_text(skp_bulanan: SkpBulanan) -> str:
    """The approval as the paper states it: who and when, that it changed since, or that there is none."""
    if skp_bulanan.disetujui_pada is None:
        return "BELUM DISETUJUI atasan."
    oleh = skp_bulanan.disetujui_oleh.nama_lengkap if skp_bulanan.disetujui_oleh_id else "-"
    text = f"Disetujui oleh {oleh} pada {timezone.localtime(skp_bulanan.disetujui_pada):%d-%m-%Y %H:%M} WIB."
    if skp_bulanan.berubah:
        text += (
            " Data berubah setelah disetujui: nilai yang disetujui ditulis pada kolom Disetujui; belum disetujui"
            " kembali."
        )
    return text


def rekap_context(skp_bulanan: SkpBulanan, dokumen: DokumenCetak, *, verifikasi_url: str = "") -> dict:
    """Everything templates/harian/pdf/rekap.html needs. `skp_bulanan` with its skp, the skp's instansi and
    disetujui_oleh selected; then six queries whatever the number of entries."""
    skp = skp_bulanan.skp
    entries = entri_bulan(skp_bulanan)
    hari = per_hari(entries)
    for h in hari:
        h.jam = jam(h.menit)
        for e in h.entri:
            e.realisasi_teks = angka(e.realisasi)
            e.kesesuaian_teks = KESESUAIAN[e.kesesuaian]
            e.untuk = e.target_bulanan.nama if e.target_bulanan_id else e.rencana_aksi.teks
            e.utuh = fits_on_half_page(lines(e.uraian, 40) + (2 if e.link_bukti else 0), lines(e.untuk, 30))
    ringkasan = ringkasan_bulan(skp_bulanan)
    now = {t["id"]: t for t in ringkasan["target"]}
    approved = {t["id"]: t for t in skp_bulanan.snapshot.get("target", [])} if skp_bulanan.disetujui_pada else {}
    targets = []
    for target in target_bulan(skp_bulanan):
        before = approved.get(target.pk)
        targets.append(
            {
                "nama": target.nama,
                "jenis": target.get_jenis_display(),
                "target": angka(target.target),
                "satuan": target.satuan,
                "realisasi": angka(now.get(target.pk, {}).get("realisasi", "0")),
                "disetujui": angka(before["realisasi"]) if before else "-",
                "kualitas": "-" if target.kualitas is None else str(target.kualitas),
                "utuh": fits_on_half_page(lines(target.nama, 50)),
            }
        )
    approved_ra = {r["id"]: r for r in skp_bulanan.snapshot.get("rencana_aksi", [])} if approved else {}
    rencana_aksi = [
        {
            "teks": ra["teks"],
            "satuan": ra["satuan"],
            "realisasi": angka(ra["realisasi"]),
            "disetujui": angka(approved_ra[ra["id"]]["realisasi"]) if ra["id"] in approved_ra else "-",
        }
        for ra in ringkasan["rencana_aksi"]
    ]
    pegawai, atasan = skp.pegawai_snapshot, skp.penilai_snapshot
    return {
        "skp_bulanan": skp_bulanan,
        "skp": skp,
        "dokumen": dokumen,
        "instansi": skp.instansi.nama,
        "bulan": nama_bulan(skp_bulanan.bulan),
        "periode_awal": month_range(skp_bulanan.bulan)[0],
        "periode_akhir": month_range(skp_bulanan.bulan)[1],
        "pegawai": pegawai,
        "atasan": atasan,
        "identitas": [
            (nomor, label, pegawai.get(key) or "-", atasan.get(key) or "-")
            for nomor, (label, key) in enumerate(IDENTITAS, start=1)
        ],
        "hari": hari,
        "targets": targets,
        "rencana_aksi": rencana_aksi,
        "jumlah": {k: ringkasan[k] for k in ("entri", "sesuai", "tidak_sesuai", "menunggu")},
        "total_jam": jam(ringkasan["menit"]),
        "persetujuan": persetujuan_text(skp_bulanan),
        "disetujui": skp_bulanan.disetujui_pada is not None and not skp_bulanan.berubah,
        **verifikasi(dokumen, verifikasi_url),
    }


def _entri_shown(e) -> list:
    jam_kegiatan = f"{e.jam_mulai:%H:%M}–{e.jam_selesai:%H:%M}"
    return [jam_kegiatan, e.uraian, e.untuk, e.realisasi_teks, e.satuan, e.link_bukti, e.kesesuaian_teks]


def rekap_shown(context: dict) -> dict:
    """What templates/harian/pdf/rekap.html shows, by section (skp.printing.PrintedKind)."""
    return {
        "kop": [context["instansi"], context["bulan"]],
        "identitas": context["identitas"],
        "progres": {
            "hari": [
                [
                    h.tanggal,
                    h.jam,
                    [_entri_shown(e) for e in h.entri],
                ]
                for h in context["hari"]
            ],
            "total_jam": context["total_jam"],
            "jumlah": context["jumlah"],
        },
        "realisasi": {
            "target": [{k: v for k, v in t.items() if k != "utuh"} for t in context["targets"]],
            "rencana_aksi": context["rencana_aksi"],
        },
        "persetujuan": context["persetujuan"],
    }


def skp_bulanan_printed(dokumen: DokumenCetak) -> SkpBulanan | None:
    """The SKP Bulanan a recap printed (its SKP and the month it names), with what rekap_context reads."""
    if dokumen.periode_awal is None:
        return None
    return (
        SkpBulanan.objects.select_related("skp__instansi", "disetujui_oleh")
        .filter(Q(skp_id=dokumen.skp_id) & Q(bulan=dokumen.periode_awal))
        .first()
    )


def rekap_today(dokumen: DokumenCetak) -> dict | None:
    skp_bulanan = skp_bulanan_printed(dokumen)
    return rekap_context(skp_bulanan, dokumen) if skp_bulanan else None


def register() -> None:
    """Let skp's check page rebuild a printed recap (decision 0012). Called once the app registry is ready."""
    register_printed_kind(JENIS, shown=rekap_shown, today=rekap_today, sections=SECTIONS)


def periode_of(skp_bulanan: SkpBulanan) -> dict:
    """The print record's period: the month, its code 2026-11."""
    first, last = month_range(skp_bulanan.bulan)
    return {"periode_awal": first, "periode_akhir": last, "periode_kode": f"{first:%Y-%m}"}
