"""The import of daily entries filled offline (docs/rules.md §15.10): every row checked by the form's rules and
against the rows above it, every problem named by row number, nothing saved unless the whole file is valid; and the
realisasi summed per rencana aksi for a penilaian period (§15.8)."""

import datetime
from decimal import Decimal

import pytest

from harian import services
from harian.models import ProgresHarian
from harian.services import ImportDitolak, kode_of
from tests.harian.conftest import isian


def row(kode, tanggal="10-02-2026", mulai="08:00", selesai="09:00", **fields):
    return {
        "tanggal": tanggal, "jam_mulai": mulai, "jam_selesai": selesai, "sasaran": kode,
        "uraian": "Mengagendakan surat masuk", "realisasi": "3", "satuan": "", "link_bukti": "", **fields,
    }  # fmt: skip


def test_a_valid_file_is_saved_whole_with_spreadsheet_values_and_indonesian_numbers(scene):
    kode = kode_of(scene.rencana_aksi)
    rows = [
        (2, row(kode)),
        (3, row(kode.lower(), tanggal=datetime.datetime(2026, 2, 9), mulai=datetime.time(8), realisasi="2,5")),
        (
            4,
            row(kode, tanggal="2026-02-06", mulai="13.00", selesai="15.30", link_bukti="https://drive.example.go.id/a"),
        ),
    ]
    made = services.progres_import(actor=scene.pegawai, rows=rows)
    assert len(made) == 3 and ProgresHarian.objects.count() == 3
    assert sorted(ProgresHarian.objects.values_list("realisasi", flat=True)) == [Decimal("2.5"), 3, 3]
    assert set(ProgresHarian.objects.values_list("satuan", flat=True)) == {"surat"}


def test_every_problem_is_named_by_its_row_and_nothing_is_saved(scene):
    kode = kode_of(scene.rencana_aksi)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="15:00", selesai="16:00"))
    rows = [
        (2, row(kode)),
        (3, row(kode, mulai="08:30", selesai="09:30")),  # overlaps row 2
        (4, row(kode, tanggal="31-02-2026")),
        (5, row(kode, tanggal="05-02-2026", realisasi="-1")),
        (6, row("RA-999999")),
        (7, row(kode, mulai="15:30", selesai="17:00")),  # overlaps the entry already saved
        (8, row(kode, mulai="10:00", selesai="11:00", link_bukti="file:///etc/passwd", uraian="")),
        (9, row(kode, mulai="11:00", selesai="12:00")),  # fine
    ]
    ready, masalah, _ = services.progres_rows_validate(actor=scene.pegawai, rows=rows)
    by_row = {m.nomor: " ".join(m.pesan) for m in masalah}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8]
    assert "bertumpang tindih" in by_row[3] and "08:00–09:00" in by_row[3]
    assert "Tanggal (dd-mm-yyyy): isian “31-02-2026” tidak dapat dibaca" in by_row[4]
    assert "di luar jendela" in by_row[5] and "0 atau lebih" in by_row[5]
    assert "Anda sendiri" in by_row[6]
    assert "15:00–16:00" in by_row[7]
    assert "Isi uraian" in by_row[8] and "http:// atau https://" in by_row[8]
    assert len(ready) == 2
    with pytest.raises(ImportDitolak) as refused:
        services.progres_import(actor=scene.pegawai, rows=rows)
    assert [m.nomor for m in refused.value.masalah] == [3, 4, 5, 6, 7, 8]
    assert ProgresHarian.objects.count() == 1  # only the entry saved before


def test_an_empty_or_oversized_file_is_refused(scene):
    with pytest.raises(services.HarianError, match="tidak berisi"):
        services.progres_rows_validate(actor=scene.pegawai, rows=[])
    with pytest.raises(services.HarianError, match="paling banyak 1000"):
        services.progres_rows_validate(actor=scene.pegawai, rows=[(n, {}) for n in range(1001)])


def test_checking_a_file_costs_the_same_queries_for_3_or_30_rows(scene, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(n):
        return [(i, row(kode_of(scene.rencana_aksi), mulai=f"{8 + i // 4:02d}:{(i % 4) * 15:02d}",
                        selesai=f"{8 + i // 4:02d}:{(i % 4) * 15 + 10:02d}")) for i in range(n)]  # fmt: skip

    counts = []
    for size in (3, 30):
        with CaptureQueriesContext(connection) as queries:
            ready, masalah, _ = services.progres_rows_validate(actor=scene.pegawai, rows=rows(size))
        assert (len(ready), masalah) == (size, [])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_daily_realisasi_is_summed_per_rencana_aksi_for_the_period(scene, clock):
    from tests.conftest import jakarta
    from tests.factories import RencanaAksiFactory

    other = RencanaAksiFactory(periode=scene.periode, rhk=scene.rhk, teks="Mengarsipkan surat", satuan="berkas")
    kode = kode_of(scene.rencana_aksi)
    first = services.progres_create(actor=scene.pegawai, isian=isian(kode, realisasi=Decimal("2.5")))
    services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="10:00", selesai="11:00"))
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(other), mulai="13:00", selesai="14:00"))
    clock.move_to(jakarta(2026, 3, 31), tick=False)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=datetime.date(2026, 3, 31)))
    assert services.realisasi_harian(scene.periode) == {scene.rencana_aksi.pk: Decimal("8.5"), other.pk: Decimal(3)}
    # An entry the atasan marked tidak sesuai does not count.
    services.kesesuaian_set(actor=scene.atasan, progres_id=first.pk, kesesuaian=False)
    assert services.realisasi_harian(scene.periode)[scene.rencana_aksi.pk] == Decimal(6)
