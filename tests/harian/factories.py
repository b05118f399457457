"""One factory per harian model, valid by default (the shared ones come from tests.factories)."""

import datetime
from decimal import Decimal

import factory

from tests.factories import IndikatorFactory, RhkFactory, SkpFactory


class PengaturanHarianFactory(factory.django.DjangoModelFactory):
    """Progres harian switched on, with the default window."""

    class Meta:
        model = "harian.PengaturanHarian"

    aktif = True


class SkpBulananFactory(factory.django.DjangoModelFactory):
    """February 2026 of an approved SKP."""

    class Meta:
        model = "harian.SkpBulanan"

    skp = factory.SubFactory(SkpFactory, status="persetujuan")
    instansi = factory.LazyAttribute(lambda o: o.skp.instansi)
    pegawai = factory.LazyAttribute(lambda o: o.skp.pegawai)
    bulan = datetime.date(2026, 2, 1)


class TargetBulananFactory(factory.django.DjangoModelFactory):
    """A Konseptual stage of an RHK of the month's SKP."""

    class Meta:
        model = "harian.TargetBulanan"

    skp_bulanan = factory.SubFactory(SkpBulananFactory)
    instansi = factory.LazyAttribute(lambda o: o.skp_bulanan.instansi)
    rhk = factory.SubFactory(RhkFactory, skp=factory.SelfAttribute("..skp_bulanan.skp"))
    jenis = "konseptual"
    nama = factory.Sequence(lambda n: f"Tahap {n}: mengumpulkan data")
    target = Decimal(10)
    satuan = "data"


class ProgresHarianFactory(factory.django.DjangoModelFactory):
    """An entry from 08:00 to 09:00 on 10 February 2026 against a target bulanan of that month: written straight to
    the table, for the tests of the database's own rules."""

    class Meta:
        model = "harian.ProgresHarian"

    target_bulanan = factory.SubFactory(TargetBulananFactory)
    skp_bulanan = factory.LazyAttribute(lambda o: o.target_bulanan.skp_bulanan)
    instansi = factory.LazyAttribute(lambda o: o.skp_bulanan.instansi)
    pegawai = factory.LazyAttribute(lambda o: o.skp_bulanan.pegawai)
    tanggal = datetime.date(2026, 2, 10)
    jam_mulai = datetime.time(8, 0)
    jam_selesai = datetime.time(9, 0)
    uraian = "Mengumpulkan data usulan mutasi"
    realisasi = Decimal(2)
    satuan = "data"


__all__ = ["IndikatorFactory", "ProgresHarianFactory", "SkpBulananFactory", "TargetBulananFactory"]
