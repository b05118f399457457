"""Demo penilaian for seed_demo, made through the real services: this year's Triwulan IV in every state
(belum mengisi, sudah mengisi, umpan balik, dinilai, ditetapkan) on the demo's approved SKPs, and a Capaian Kinerja
Organisasi for the units of those periods, so that every Lihat Kurva page draws its ideal curve."""

from django.utils import timezone

from accounts.models import User
from penilaian import services
from penilaian.models import CapaianUnit, PeriodePenilaian
from penilaian.predikat import CapaianOrganisasi, Rating
from skp.models import Skp, StatusSkp
from skp.perilaku import perilaku_kerja

REALISASI = [("Laporan", "https://drive.example.go.id/laporan-triwulan-iv")]

# The capaian of the unit each head leads, set by whoever may set it (docs/rules.md §8.1): the atasan of the head,
# the Bupati for the Sekretariat Daerah. Bidang Pembinaan SD has none of its own, so its kepala bidang counts in the
# Dinas Pendidikan's distribution (§8.7). A capaian becomes the Rating Hasil Kerja of the unit's head (§7.9): the
# Setda's Istimewa that of the Sekretaris Daerah, already rated by the Bupati; the Dinas's Istimewa and the SD's
# Baik are waiting for the kepala dinas's and the kepala sekolah's rating. (head, who sets it, capaian, period)
CAPAIAN = [
    ("sekda", "bupati", CapaianOrganisasi.ISTIMEWA, "TW4"),
    ("kadisdik", "sekda", CapaianOrganisasi.ISTIMEWA, "TW4"),
    ("kaban", "sekda", CapaianOrganisasi.BAIK, "TW4"),
    ("kepsek", "kabid_sd", CapaianOrganisasi.BAIK, "TW4"),
    ("kepsek", "kabid_sd", CapaianOrganisasi.BAIK, "TW3"),
]


def _isi(periode: PeriodePenilaian, pegawai: User) -> None:
    for n, rhk in enumerate(periode.skp.rhk_list.order_by("-jenis", "urutan")):
        ra = services.rencana_aksi_create(
            actor=pegawai,
            periode_id=periode.pk,
            rhk_id=rhk.pk,
            teks=f"Melaksanakan kegiatan triwulan IV untuk: {rhk.teks[:60]}",
            target_angka=3,
            satuan="kegiatan",
        )
        services.realisasi_set(
            actor=pegawai, rencana_aksi_id=ra.pk, version=None, realisasi=str(2 + n % 2), sumber_data="Laporan"
        )
        services.bukti_dukung_create(
            actor=pegawai, rencana_aksi_id=ra.pk, nama="Laporan kegiatan", link=REALISASI[0][1]
        )


def _umpan_balik(periode: PeriodePenilaian, penilai: User, *, semua: bool) -> None:
    for rhk in periode.skp.rhk_list.all():
        services.umpan_balik_set(
            actor=penilai,
            periode_id=periode.pk,
            rhk_id=rhk.pk,
            teks="Target tercapai sesuai rencana.",
            polaritas="positif",
        )
        if not semua:
            return
    for nilai in perilaku_kerja():
        services.umpan_balik_set(
            actor=penilai, periode_id=periode.pk, perilaku_nomor=nilai.nomor, teks="Konsisten dan dapat diandalkan.",
            polaritas="positif",
        )  # fmt: skip


def seed_penilaian_demo(logins: dict[str, str]) -> int:
    """Triwulan IV of this year for the approved demo SKPs, each in another state. Idempotent."""
    year = timezone.localdate().year
    kode = f"{year}-TW4"
    # The Sekretaris Daerah is rated by the Bupati, a pejabat non-ASN, through the same services as any penilai.
    plan = [("kadisdik", "sudah mengisi"), ("kepsek", "umpan balik"), ("sekda", "dinilai"), ("kabid_sd", "ditetapkan")]
    made = 0
    for key, state in plan:
        pegawai = User.objects.get_by_natural_key(logins[key])
        skp = Skp.objects.filter(
            pegawai=pegawai, plt=None, status=StatusSkp.PERSETUJUAN, periode_awal__year=year
        ).first()
        if skp is None or PeriodePenilaian.objects.filter(skp=skp, kode=kode).exists():
            continue
        periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=kode)
        made += 1
        _isi(periode, pegawai)
        penilai = periode.penilai
        if penilai is None or state == "sudah mengisi":
            continue
        _umpan_balik(periode, penilai, semua=state != "umpan balik")
        if state == "umpan balik":
            continue
        periode.refresh_from_db()
        services.rating_set(
            actor=penilai, periode_id=periode.pk, version=None,
            rating_hasil_kerja=Rating.SESUAI, rating_perilaku=Rating.DIATAS,
        )  # fmt: skip
        if state == "ditetapkan":
            services.periode_finalise(actor=penilai, periode_id=periode.pk, version=None)
    # A period added but not started: the kepala sekolah's Triwulan III.
    kepsek = User.objects.get_by_natural_key(logins["kepsek"])
    skp = Skp.objects.filter(pegawai=kepsek, plt=None, status=StatusSkp.PERSETUJUAN, periode_awal__year=year).first()
    if skp and not PeriodePenilaian.objects.filter(skp=skp, kode=f"{year}-TW3").exists():
        services.periode_create(actor=kepsek, skp_id=skp.pk, kode=f"{year}-TW3")
        made += 1
    _capaian(logins, year)
    return made


def _capaian(logins: dict[str, str], year: int) -> None:
    """The demo's capaian organisasi, each set once (a re-run changes nothing)."""
    for head, actor, capaian, triwulan in CAPAIAN:
        unit = User.objects.get_by_natural_key(logins[head]).unit_kerja
        kode = f"{year}-{triwulan}"
        if not CapaianUnit.objects.filter(unit_kerja=unit, kode=kode).exists():
            actor_user = User.objects.get_by_natural_key(logins[actor])
            services.capaian_set(actor=actor_user, unit_kerja=unit, kode=kode, capaian=capaian)
