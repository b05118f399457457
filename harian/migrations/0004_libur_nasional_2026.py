"""The national holidays and cuti bersama of 2026 (docs/rules.md §15.2): Surat Keputusan Bersama Menteri Agama,
Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 — 17 hari
libur nasional and 8 hari cuti bersama. The official text is not among this repository's sources: the dates were
taken from public reports of the SKB (decision 0019 says which, and which dates to check). A superadmin corrects
them in the admin; each change is in the audit trail."""

import datetime

from django.db import migrations

LIBUR = "libur_nasional"
CUTI = "cuti_bersama"

TAHUN_2026 = [
    ((1, 1), "Tahun Baru 2026 Masehi", LIBUR),
    ((1, 16), "Isra Mikraj Nabi Muhammad SAW", LIBUR),
    ((2, 16), "Cuti bersama Tahun Baru Imlek 2577 Kongzili", CUTI),
    ((2, 17), "Tahun Baru Imlek 2577 Kongzili", LIBUR),
    ((3, 18), "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)", CUTI),
    ((3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)", LIBUR),
    ((3, 20), "Cuti bersama Idulfitri 1447 Hijriah", CUTI),
    ((3, 21), "Idulfitri 1447 Hijriah", LIBUR),
    ((3, 22), "Idulfitri 1447 Hijriah", LIBUR),
    ((3, 23), "Cuti bersama Idulfitri 1447 Hijriah", CUTI),
    ((3, 24), "Cuti bersama Idulfitri 1447 Hijriah", CUTI),
    ((4, 3), "Wafat Yesus Kristus", LIBUR),
    ((4, 5), "Kebangkitan Yesus Kristus (Paskah)", LIBUR),
    ((5, 1), "Hari Buruh Internasional", LIBUR),
    ((5, 14), "Kenaikan Yesus Kristus", LIBUR),
    ((5, 15), "Cuti bersama Kenaikan Yesus Kristus", CUTI),
    ((5, 27), "Iduladha 1447 Hijriah", LIBUR),
    ((5, 28), "Cuti bersama Iduladha 1447 Hijriah", CUTI),
    ((5, 31), "Hari Raya Waisak 2570 BE", LIBUR),
    ((6, 1), "Hari Lahir Pancasila", LIBUR),
    ((6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah", LIBUR),
    ((8, 17), "Proklamasi Kemerdekaan Republik Indonesia", LIBUR),
    ((8, 25), "Maulid Nabi Muhammad SAW", LIBUR),
    ((12, 24), "Cuti bersama Kelahiran Yesus Kristus", CUTI),
    ((12, 25), "Kelahiran Yesus Kristus", LIBUR),
]


def isi(apps, schema_editor):
    LiburNasional = apps.get_model("harian", "LiburNasional")
    for (month, day), nama, jenis in TAHUN_2026:
        LiburNasional.objects.get_or_create(
            tanggal=datetime.date(2026, month, day), defaults={"nama": nama, "jenis": jenis}
        )


def hapus(apps, schema_editor):
    LiburNasional = apps.get_model("harian", "LiburNasional")
    LiburNasional.objects.filter(tanggal__year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("harian", "0003_partisi_awal")]

    operations = [migrations.RunPython(isi, hapus)]
