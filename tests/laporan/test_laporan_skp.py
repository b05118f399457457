"""Laporan SKP (docs/rules.md §14.5) and the unit filter of both downloads: one row per SKP with its status, counts,
penilai and dates, for the instansi or one unit and those below it; never a row of another instansi."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skp.models import SkpStatusChange
from tests.factories import SkpFactory, complete_skp

SKP_CSV = reverse("laporan:skp_csv")
SKP_XLSX = reverse("laporan:skp_xlsx")
PENILAIAN_CSV = reverse("laporan:penilaian_csv")
PENILAIAN_XLSX = reverse("laporan:penilaian_xlsx")


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def sheet_of(response, title: str) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(r) for r in workbook[title].iter_rows(values_only=True)]


def test_one_row_per_skp_with_counts_penilai_and_dates(client, tree):
    putri = tree.people["pengajuan"]
    skp = complete_skp(putri.skp_list.get(), rhk_count=2, indikator_per_rhk=3)
    SkpStatusChange.objects.create(skp=skp, actor=putri, dari="draft", ke="pengajuan")  # Ajukan SKP, today
    client.force_login(tree.admin)
    response = client.get(SKP_CSV, {"tahun": 2026})
    assert 'filename="laporan-skp-2026.csv"' in response["Content-Disposition"]
    rows = {r["Nama"]: r for r in rows_of(response)}
    assert len(rows) == 9  # every SKP of the instansi, none of the other one
    row = rows[putri.nama_lengkap]
    assert (row["NIP"], row["Status"], row["Status Pegawai"]) == (putri.nip, "Pengajuan", "Definitif")
    assert (row["Jumlah RHK"], row["Jumlah Indikator"]) == ("2", "6")
    assert (row["Pejabat Penilai"], row["NIP Pejabat Penilai"]) == ("Budi Atasan", putri.atasan.nip)
    assert row["Unit Kerja"].endswith("Bidang Mutasi")
    assert row["Diajukan"] == "2026-02-10" and row["Disetujui"] == ""


def test_the_skp_workbook_has_the_csv_columns_and_real_dates(client, tree):
    client.force_login(tree.admin)
    header, *rows = sheet_of(client.get(SKP_XLSX, {"tahun": 2026, "unit": tree.sub.pk}), "Laporan SKP")
    assert header == list(rows_of(client.get(SKP_CSV, {"tahun": 2026}))[0])
    [row] = rows
    assert row[1] == "Sigit Sub" and row[7] == "Draft"
    assert row[4] == datetime.datetime(2026, 1, 1)  # a date cell, so a spreadsheet sorts and filters it


def test_a_unit_exports_itself_and_the_units_below_it(client, tree):
    client.force_login(tree.admin)
    bidang = {r["Nama"] for r in rows_of(client.get(SKP_CSV, {"unit": tree.unit.pk}))}
    assert "Sigit Sub" in bidang and "Dewi Draft" in bidang
    assert {r["Nama"] for r in rows_of(client.get(SKP_CSV, {"unit": tree.sub.pk}))} == {"Sigit Sub"}
    assert rows_of(client.get(SKP_CSV, {"unit": tree.lain.pk})) == []
    penilaian = rows_of(client.get(PENILAIAN_CSV, {"unit": tree.unit.pk, "kode": "2026-TW1"}))
    assert len(penilaian) == 4  # sudah mengisi, umpan balik, dinilai, ditetapkan
    assert rows_of(client.get(PENILAIAN_CSV, {"unit": tree.sub.pk})) == []


def test_another_year_has_other_skps(client, tree):
    SkpFactory(
        pegawai=tree.people["tanpa"],
        periode_awal=datetime.date(2025, 1, 1),
        periode_akhir=datetime.date(2025, 12, 31),
        status="persetujuan",
    )
    client.force_login(tree.admin)
    assert [r["Nama"] for r in rows_of(client.get(SKP_CSV, {"tahun": 2025}))] == ["Tono Tanpa"]


@pytest.mark.parametrize("url", [SKP_CSV, SKP_XLSX, PENILAIAN_CSV, PENILAIAN_XLSX])
def test_a_guessed_unit_of_another_instansi_reaches_nothing(client, tree, admin_lain, url):
    client.force_login(admin_lain)
    assert client.get(url, {"unit": tree.unit.pk}).status_code == 404
    assert client.get(url, {"unit": tree.sub.pk, "kode": "2026-TW1", "tahun": 2026}).status_code == 404


def test_another_instansi_admin_gets_only_their_own_skps(client, tree, admin_lain):
    client.force_login(admin_lain)
    assert {r["Nama"] for r in rows_of(client.get(SKP_CSV))} == {"Asing Luar", "Asing Dua"}
    assert {r["Nama"] for r in rows_of(client.get(SKP_CSV, {"unit": tree.unit_lain.pk}))} == {"Asing Luar", "Asing Dua"}


def test_a_superadmin_exports_any_unit(client, tree, superadmin):
    client.force_login(superadmin)
    assert {r["Nama"] for r in rows_of(client.get(SKP_CSV, {"unit": tree.sub.pk}))} == {"Sigit Sub"}


@pytest.mark.parametrize("who", ["pegawai", "atasan"])
@pytest.mark.parametrize("url", [SKP_CSV, SKP_XLSX])
def test_only_an_admin_downloads_laporan_skp(client, request, tree, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("query", [{"tahun": "abc"}, {"tahun": "99999"}, {"unit": "x"}, {"unit": "9" * 25}])
@pytest.mark.parametrize("url", [SKP_CSV, SKP_XLSX, PENILAIAN_CSV])
def test_malformed_filters_are_a_bad_request(client, tree, query, url):
    client.force_login(tree.admin)
    assert client.get(url, query).status_code == 400


@pytest.mark.parametrize("size", [1, 20])
def test_laporan_skp_queries_do_not_grow_with_the_rows(client, tree, size, django_assert_num_queries):
    from tests.factories import UserFactory

    for _ in range(size):
        complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=tree.lain), status="persetujuan"), rhk_count=2)
    client.force_login(tree.admin)
    client.get(SKP_CSV)
    # The session with its user, the unit, JIT off, then the SKPs with their counts and dates.
    with django_assert_num_queries(4):
        assert len(rows_of(client.get(SKP_CSV, {"unit": tree.lain.pk}))) == size
