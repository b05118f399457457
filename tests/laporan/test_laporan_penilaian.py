"""Laporan Penilaian as CSV (issue 12): one row per pegawai per period with ratings, predikat, the governing capaian,
the instansi's TPP percentage and the angka kredit; the admin's instansi only; streamed in a fixed number of
queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from laporan.models import TarifTpp
from tests.factories import (
    CapaianUnitFactory,
    PeriodePenilaianFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
)

URL = reverse("laporan:penilaian_csv")


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def dinilai(pegawai, admin_instansi):
    """A Jabatan Fungsional Ahli Pertama rated Baik in Triwulan I, with the unit's capaian and a TPP table."""
    pegawai.jabatan = "Analis Kebijakan Ahli Pertama"
    pegawai.save()
    skp = SkpFactory(pegawai=pegawai, status="persetujuan")
    CapaianUnitFactory(unit_kerja=pegawai.unit_kerja, kode="2026-TW1", capaian="istimewa", oleh=admin_instansi)
    TarifTpp.objects.create(instansi=pegawai.instansi, baik=Decimal("100"), sangat_baik=Decimal("120"))
    return PeriodePenilaianFactory(
        skp=skp, status="ditetapkan", rating_hasil_kerja="sesuai", rating_perilaku="sesuai", predikat="baik"
    )


def test_the_admin_downloads_the_period_rows_with_tpp_and_angka_kredit(client, admin_instansi, pegawai, dinilai):
    client.force_login(admin_instansi)
    response = client.get(URL, {"kode": "2026-TW1"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="laporan-penilaian-2026-TW1.csv"' in response["Content-Disposition"]
    [row] = rows_of(response)
    assert row["NIP"] == pegawai.nip and row["Periode"] == "Triwulan I 2026"
    assert (row["Rating Hasil Kerja"], row["Predikat Kinerja"]) == ("Sesuai Ekspektasi", "Baik")
    assert row["Capaian Organisasi"] == "Istimewa"
    assert row["Persentase TPP"] == "100"
    assert row["Angka Kredit"] == "3.125"  # 100 % × 12.5 × 3/12


def test_a_unit_without_its_own_capaian_reports_the_one_above(client, admin_instansi, instansi, unit):
    bidang = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang")
    user = UserFactory(unit_kerja=bidang, jabatan="Pengadministrasi Perkantoran")
    CapaianUnitFactory(unit_kerja=unit, kode="2026-TW1", capaian="baik", oleh=admin_instansi)
    PeriodePenilaianFactory(skp=SkpFactory(pegawai=user, status="persetujuan"))
    client.force_login(admin_instansi)
    [row] = rows_of(client.get(URL))
    assert row["Capaian Organisasi"] == "Baik"
    assert row["Angka Kredit"] == "" and row["Persentase TPP"] == ""  # not a JF; not rated, no table


def test_no_row_of_another_instansi_is_reached(client, admin_lain, dinilai):
    client.force_login(admin_lain)
    assert rows_of(client.get(URL)) == []
    assert rows_of(client.get(URL, {"kode": "2026-TW1"})) == []


@pytest.mark.parametrize("who", ["pegawai", "atasan"])
def test_only_an_admin_downloads_it(client, request, who, dinilai):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_a_malformed_period_is_a_bad_request(client, admin_instansi):
    client.force_login(admin_instansi)
    assert client.get(URL, {"kode": "2026-TW1' or 1=1"}).status_code == 400


@pytest.mark.parametrize("size", [1, 25])
def test_the_queries_do_not_grow_with_the_rows(client, admin_instansi, unit, size, django_assert_num_queries):
    for _ in range(size):
        PeriodePenilaianFactory(skp=SkpFactory(pegawai=UserFactory(unit_kerja=unit), status="persetujuan"))
    client.force_login(admin_instansi)
    client.get(URL)
    # The session with its user, then the units, the capaian, the TPP tables, the koefisien, JIT off and the periods.
    with django_assert_num_queries(7):
        assert len(rows_of(client.get(URL))) == size


def test_the_same_rows_as_an_excel_workbook(client, admin_instansi, pegawai, dinilai):
    """The .xlsx reads back (openpyxl) with the CSV's columns and values."""
    client.force_login(admin_instansi)
    response = client.get(reverse("laporan:penilaian_xlsx"), {"kode": "2026-TW1"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="laporan-penilaian-2026-TW1.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["Laporan Penilaian"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == list(rows_of(client.get(URL, {"kode": "2026-TW1"}))[0])
    [row] = rows
    assert row[0] == pegawai.nip and row[8] == "Baik" and row[10] == "100" and row[11] == "3.125"


def test_the_workbook_is_for_admins_only_and_their_instansi(client, admin_lain, pegawai, dinilai):
    client.force_login(pegawai)
    assert client.get(reverse("laporan:penilaian_xlsx")).status_code == 403
    client.force_login(admin_lain)
    response = client.get(reverse("laporan:penilaian_xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["Laporan Penilaian"]
    assert len(list(sheet.iter_rows(values_only=True))) == 1  # the header alone
