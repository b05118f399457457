"""What the tests of the atasan's pages, the import page, the recap print and the Realisasi pre-fill share: entries
written through the pegawai's service on the window's days, and bawahan with a month of entries written straight to
the table (for volume)."""

import datetime
from decimal import Decimal

from harian import services
from harian.models import ProgresHarian, SkpBulanan
from harian.services import kode_of
from tests.factories import RhkFactory, SkpFactory, UserFactory
from tests.harian.conftest import isian
from tests.harian.factories import SkpBulananFactory, TargetBulananFactory

FEBRUARI = datetime.date(2026, 2, 1)
# The clock's window (10:00 on Tuesday 10 February 2026, two working days back): 10, 9 and 6 February.
JENDELA = [datetime.date(2026, 2, 10), datetime.date(2026, 2, 9), datetime.date(2026, 2, 6)]


def tiga_entri(scene) -> list[ProgresHarian]:
    """Three entries of the scene's pegawai against its rencana aksi, through the service: 3 + 4 + 5 surat."""
    kode = kode_of(scene.rencana_aksi)
    return [
        services.progres_create(
            actor=scene.pegawai,
            isian=isian(kode, tanggal=tanggal, uraian=f"Mengagendakan surat masuk {n}", realisasi=Decimal(n)),
        )
        for n, tanggal in zip((3, 4, 5), JENDELA, strict=True)
    ]


def bulan_of(scene) -> SkpBulanan:
    return SkpBulanan.objects.get(skp=scene.skp, bulan=FEBRUARI)


def banyak_entri(skp_bulanan: SkpBulanan, count: int, *, target=None, rencana_aksi=None) -> list[ProgresHarian]:
    """`count` (at most 81) entries of the month's pegawai, three a day in the evening from the 2nd of its month on
    (clear of the daytime entries the tests write through the service), written straight to the table; always in
    the SKP Bulanan's own month, as the services keep them."""
    assert count <= 81
    if rencana_aksi is None:
        target = target or TargetBulananFactory(skp_bulanan=skp_bulanan, rhk=skp_bulanan.skp.rhk_list.first())
    rows = []
    for n in range(count):
        day, slot = divmod(n, 3)
        tanggal = skp_bulanan.bulan + datetime.timedelta(days=1 + day)
        hour = 17 + slot * 2
        rows.append(
            ProgresHarian(
                instansi_id=skp_bulanan.instansi_id,
                pegawai_id=skp_bulanan.pegawai_id,
                skp_bulanan=skp_bulanan,
                target_bulanan=None if rencana_aksi else target,
                rencana_aksi=rencana_aksi,
                tanggal=tanggal,
                jam_mulai=datetime.time(hour, 0),
                jam_selesai=datetime.time(hour + 1, 30),
                uraian=f"Kegiatan ke-{n}",
                realisasi=Decimal(1),
                satuan=rencana_aksi.satuan if rencana_aksi else target.satuan,
            )
        )
    return ProgresHarian.objects.bulk_create(rows)


def bawahan_dengan_bulan(atasan, count: int, *, entries: int = 2) -> list[SkpBulanan]:
    """`count` bawahan of `atasan`, each with an approved SKP of 2026 and a February with `entries` entries."""
    months = []
    for _ in range(count):
        pegawai = UserFactory(unit_kerja=atasan.unit_kerja, atasan=atasan)
        skp = SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        )
        skp_bulanan = SkpBulananFactory(skp=skp, bulan=FEBRUARI)
        RhkFactory(skp=skp)
        banyak_entri(skp_bulanan, entries)
        months.append(skp_bulanan)
    return months
