"""The harian scene: an instansi with progres harian on, a pegawai with an approved SKP of 2026 (one RHK whose
indikator targets 120 surat a year), its Triwulan I with a rencana aksi, and their atasan as penilai; the clock at
10:00 on Tuesday 10 February 2026 in Jakarta (window: 10, 9 and 6 February)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from harian.partisi import partisi_tahun
from harian.services import Isian
from tests.factories import IndikatorFactory, PeriodePenilaianFactory, RencanaAksiFactory, RhkFactory, SkpFactory
from tests.harian.factories import PengaturanHarianFactory


@pytest.fixture(autouse=True)
def _partisi(db):
    """The monthly partitions the tests write in (migrations make last, this and next year of the real clock; the
    2026 national holidays are put back by tests/conftest.py after a flush)."""
    for year in (2025, 2026, 2027):
        partisi_tahun(year)


@pytest.fixture
def harian_on(instansi):
    return PengaturanHarianFactory(instansi=instansi)


@pytest.fixture
def scene(clock, harian_on, pegawai, atasan):
    skp = SkpFactory(
        pegawai=pegawai,
        status="persetujuan",
        periode_awal=datetime.date(2026, 1, 1),
        periode_akhir=datetime.date(2026, 12, 31),
    )
    rhk = RhkFactory(skp=skp, teks="Terkelolanya surat masuk")
    indikator = IndikatorFactory(rhk=rhk, teks="Surat masuk yang diagendakan", target_angka=120, satuan="surat")
    periode = PeriodePenilaianFactory(skp=skp)
    rencana_aksi = RencanaAksiFactory(periode=periode, rhk=rhk, teks="Mengagendakan surat masuk", satuan="surat")
    return SimpleNamespace(
        skp=skp,
        rhk=rhk,
        indikator=indikator,
        periode=periode,
        rencana_aksi=rencana_aksi,
        pegawai=pegawai,
        atasan=atasan,
    )


def isian(sasaran: str, *, tanggal=datetime.date(2026, 2, 10), mulai="08:00", selesai="09:00", **fields) -> Isian:
    """An entry as the form gives it: on the clock's day, from 08:00 to 09:00, 3 done."""
    values = {"uraian": "Mengagendakan surat masuk hari ini", "realisasi": Decimal(3), "satuan": "", "link_bukti": ""}
    values.update(fields)
    return Isian(
        tanggal=tanggal,
        jam_mulai=datetime.time.fromisoformat(mulai),
        jam_selesai=datetime.time.fromisoformat(selesai),
        sasaran=sasaran,
        **values,
    )
