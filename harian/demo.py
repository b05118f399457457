"""Demo progres harian for seed_demo, made through the real services on today's window (decision 0020): the demo
instansi has the feature on; the guru Ayu Kartika (whose submitted SKP the kepala sekolah approves here) has this
month's targets and entries, all checked and the month approved; the kepala sekolah has entries half checked; the
Kepala Bidang Pembinaan SD has an approved month changed since ("berubah setelah disetujui").

The guru the README shows for the Revisi journey (Rudi Hartono) keeps his SKP in Revisi: a Target Bulanan needs an
approved SKP, so his harian stays empty until his SKP is approved again."""

import datetime

from django.utils import timezone

from accounts.models import User
from harian import services
from harian.jendela import kalender_jendela, pengaturan_of
from harian.models import PengaturanHarian, SkpBulanan
from harian.partisi import first_of_month
from skp.models import Skp, StatusSkp
from skp.services import skp_set_status

# (pegawai, what the atasan does with the month)
PLAN = [("guru1", "approve"), ("kepsek", "half"), ("kabid_sd", "changed")]
KEGIATAN = [
    ("07:30", "09:30", "Menyusun modul ajar", 1),
    ("10:00", "12:00", "Melaksanakan kegiatan sesuai rencana bulan ini", 1),
    ("13:00", "14:30", "Mendokumentasikan hasil kegiatan", 0),
]


def _targets(pegawai: User, skp: Skp, bulan: datetime.date) -> list:
    """A Teknis share of the first indikator with a quantity, and a Konseptual stage of the first RHK."""
    rhk = skp.rhk_list.order_by("-jenis", "urutan").first()
    indikator = next((i for i in rhk.indikator_list.all() if i.target_angka), None)
    made = []
    if indikator is not None:
        share = max(1, int(indikator.target_angka) // 12)
        made.append(
            services.target_bulanan_create(
                actor=pegawai,
                skp_id=skp.pk,
                bulan=bulan,
                rhk_id=rhk.pk,
                jenis="teknis",
                indikator_id=indikator.pk,
                target=share,
            )
        )
    made.append(
        services.target_bulanan_create(
            actor=pegawai,
            skp_id=skp.pk,
            bulan=bulan,
            rhk_id=rhk.pk,
            jenis="konseptual",
            nama="Menyiapkan bahan dan laporan kegiatan bulan ini",
            satuan="dokumen",
            target=2,
        )
    )
    return made


def _entries(pegawai: User, targets: list, days: list[datetime.date]) -> None:
    for day in days:
        for n, (mulai, selesai, uraian, realisasi) in enumerate(KEGIATAN):
            target = targets[n % len(targets)]
            services.progres_create(
                actor=pegawai,
                isian=services.Isian(
                    tanggal=day, jam_mulai=datetime.time.fromisoformat(mulai),
                    jam_selesai=datetime.time.fromisoformat(selesai), uraian=f"{uraian}: {target.nama[:60]}",
                    realisasi=realisasi, sasaran=services.kode_of(target),
                    link_bukti="https://drive.example.go.id/bukti-harian" if n == 0 else "",
                ),
            )  # fmt: skip


def _check(atasan: User, skp_bulanan: SkpBulanan, state: str) -> None:
    entries = list(skp_bulanan.progres_list.order_by("tanggal", "jam_mulai").values_list("pk", flat=True))
    chosen = entries if state != "half" else entries[: len(entries) // 2]
    services.kesesuaian_setujui(actor=atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=chosen)
    if state == "half":
        return
    for target in skp_bulanan.target_list.all():
        services.kualitas_set(actor=atasan, target_bulanan_id=target.pk, kualitas=90)
    services.skp_bulanan_approve(actor=atasan, skp_bulanan_id=skp_bulanan.pk, version=None)


def seed_harian_demo(logins: dict[str, str]) -> int:
    """Switch the demo instansi on and fill this month for the PLAN's pegawai; returns how many pegawai were filled.
    Idempotent: a pegawai who already has this month is left as is."""
    today = timezone.localdate()
    guru = User.objects.get_by_natural_key(logins["guru1"])
    PengaturanHarian.objects.get_or_create(instansi_id=guru.instansi_id, defaults={"aktif": True})
    pengaturan = pengaturan_of(guru.instansi_id)
    days = sorted(kalender_jendela(pengaturan, today).jendela(today, pengaturan.jendela_hari_kerja))
    filled = 0
    for key, state in PLAN:
        pegawai = User.objects.get_by_natural_key(logins[key])
        skp = Skp.objects.filter(pegawai=pegawai, plt=None, periode_awal__year=today.year).first()
        if skp is None or skp.penilai is None or SkpBulanan.objects.filter(skp=skp).exists():
            continue
        if skp.status == StatusSkp.PENGAJUAN:
            skp = skp_set_status(actor=skp.penilai, skp_id=skp.pk, version=None, status=StatusSkp.PERSETUJUAN)
        in_skp = [day for day in days if skp.periode_awal <= day <= skp.periode_akhir]
        if skp.status != StatusSkp.PERSETUJUAN or not in_skp:
            continue
        targets_by_month = {m: _targets(pegawai, skp, m) for m in sorted({first_of_month(d) for d in in_skp})}
        for month, targets in targets_by_month.items():
            _entries(pegawai, targets, [d for d in in_skp if first_of_month(d) == month])
            _check(skp.penilai, SkpBulanan.objects.get(skp=skp, bulan=month), state)
        if state == "changed":
            last = SkpBulanan.objects.get(skp=skp, bulan=max(targets_by_month))
            services.progres_create(
                actor=pegawai,
                isian=services.Isian(
                    tanggal=in_skp[-1], jam_mulai=datetime.time(15), jam_selesai=datetime.time(16),
                    uraian="Rapat koordinasi sesudah bulan disetujui", realisasi=1,
                    sasaran=services.kode_of(last.target_list.first()),
                ),
            )  # fmt: skip
        filled += 1
    return filled
