"""The data of the progres harian write benchmarks (issue 11), made through the services as users would make it:
an instansi with progres harian on, `atasan` heads of bidang with `bawahan` pegawai each; every pegawai with an
approved SKP of the year (two RHK, the first with an indikator), the penilaian period holding today with a rencana
aksi, and a Konseptual Target Bulanan of this month. Call after harian_common.django_setup()."""

import datetime
from dataclasses import dataclass

from _bench import session_for


@dataclass
class Pegawai:
    user: object
    skp_id: int
    kodes: list[str]  # what an entry may be recorded against: "RA-<id>" (the period's), "TB-<id>" (this month's)
    tb_kode: str
    session: str = ""


@dataclass
class Atasan:
    user: object
    bawahan: list[Pegawai]
    session: str = ""


def build(n_atasan: int, bawahan: int, *, jendela: int = 2, nama: str = "Pemerintah Kabupaten Harian"):
    """(the instansi, the atasan with their bawahan); sessions made in-process for everyone."""
    from django.utils import timezone

    from accounts.models import UnitKerja, User
    from accounts.services import instansi_create
    from harian import services as harian
    from harian.models import PengaturanHarian
    from penilaian import services as penilaian
    from skp import services
    from skp.models import StatusSkp

    today = timezone.localdate()
    instansi = instansi_create(nama=nama)
    PengaturanHarian.objects.create(instansi=instansi, aktif=True, jendela_hari_kerja=jendela)
    root = UnitKerja.objects.get(instansi=instansi, parent=None)
    awal, akhir = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    heads = []
    for a in range(n_atasan):
        unit = UnitKerja.objects.create(
            instansi=instansi, parent=root, nama=f"Bidang {a + 1}", path=f"{root.path} > Bidang {a + 1}", depth=1
        )
        kepala = User.objects.create_user(
            f"1971{a:014d}", nama=f"Kepala Bidang {a + 1:02d}", instansi=instansi, unit_kerja=unit,
            jabatan=f"Kepala Bidang {a + 1}", jenis_jabatan="Administrator",
        )  # fmt: skip
        head = Atasan(kepala, [])
        for b in range(bawahan):
            n = a * bawahan + b
            user = User.objects.create_user(
                f"1991{n:014d}", nama=f"Pegawai {n + 1:04d}", instansi=instansi, unit_kerja=unit, atasan=kepala,
                jabatan="Pranata Komputer Ahli Pertama", jenis_jabatan="Fungsional", pangkat="Penata Muda",
                golongan="III/a",
            )  # fmt: skip
            skp = services.skp_create(actor=user, periode_awal=awal, periode_akhir=akhir, pendekatan="kuantitatif")
            rhks = [
                services.rhk_create(
                    actor=user,
                    skp_id=skp.pk,
                    jenis="utama",
                    klasifikasi="individu",
                    teks=f"Terkelolanya layanan data {k + 1} pegawai {n + 1}",
                )
                for k in range(2)
            ]
            services.indikator_create(
                actor=user,
                rhk_id=rhks[0].pk,
                data={"teks": "Jumlah laporan", "target_angka": 24, "satuan": "Laporan", "aspek": "kuantitas"},
            )
            skp.status = StatusSkp.PERSETUJUAN  # approved, as after Ajukan SKP and the penilai's decision
            skp.save()
            kode = next(p.kode for p in penilaian.periode_choices(skp) if p.mulai <= today <= p.selesai)
            periode = penilaian.periode_create(actor=user, skp_id=skp.pk, kode=kode)
            ra = penilaian.rencana_aksi_create(
                actor=user, periode_id=periode.pk, rhk_id=rhks[0].pk, teks="Menyusun laporan layanan data",
                target_angka=12, satuan="Laporan",
            )  # fmt: skip
            tb = harian.target_bulanan_create(
                actor=user, skp_id=skp.pk, bulan=today.replace(day=1), rhk_id=rhks[1].pk, jenis="konseptual",
                nama="Menyusun konsep pedoman layanan data", satuan="Konsep", target=2,
            )  # fmt: skip
            head.bawahan.append(Pegawai(user, skp.pk, [f"RA-{ra.pk}", f"TB-{tb.pk}"], f"TB-{tb.pk}"))
        heads.append(head)
    for head in heads:
        head.session = session_for(head.user)
        for p in head.bawahan:
            p.session = session_for(p.user)
    return instansi, heads


def window() -> list[datetime.date]:
    """The dates an entry may carry today in the benchmark instansi (its calendar and window), oldest first."""
    from django.utils import timezone

    from accounts.models import Instansi
    from harian.jendela import kalender_jendela, pengaturan_of

    today = timezone.localdate()
    setting = pengaturan_of(Instansi.objects.order_by("-pk").values_list("pk", flat=True).first())
    return sorted(kalender_jendela(setting, today).jendela(today, setting.jendela_hari_kerja))
