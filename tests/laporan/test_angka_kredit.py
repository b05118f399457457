"""Angka kredit of a Jabatan Fungsional (docs/rules.md §14.2): the formula, the jenjang read from the jabatan, and
the national coefficients as data only a superadmin corrects."""

from decimal import Decimal

import pytest
from django.urls import reverse

from laporan.angka_kredit import angka_kredit, jenjang_of
from laporan.models import Jenjang, KoefisienAngkaKredit


@pytest.mark.parametrize(
    ("predikat", "koefisien", "bulan", "ak"),
    [
        ("baik", "12.5", 12, "12.500"),  # Ahli Pertama, a year at Baik
        ("sangat_baik", "25", 6, "18.750"),  # Ahli Muda, half a year at Sangat Baik: 1.5 × 25 × 6/12
        ("butuh_perbaikan", "37.5", 3, "7.031"),  # 0.75 × 37.5 × 3/12 = 7.03125, half up
        ("kurang", "50", 12, "25.000"),
        ("sangat_kurang", "3.75", 1, "0.078"),  # 0.25 × 3.75 / 12 = 0.078125
        ("", "12.5", 12, "0"),  # no predikat, no angka kredit
        ("baik", "12.5", 13, "0"),  # not a period
    ],
)
def test_the_formula(predikat, koefisien, bulan, ak):
    assert angka_kredit(predikat, Decimal(koefisien), bulan) == Decimal(ak)


@pytest.mark.parametrize(
    ("jabatan", "jenjang"),
    [
        ("Pranata Komputer Ahli Pertama", Jenjang.AHLI_PERTAMA),
        ("Analis Kebijakan Ahli Muda", Jenjang.AHLI_MUDA),
        ("Guru Ahli Madya (Kepala SD Negeri 1 Sukamaju)", Jenjang.AHLI_MADYA),
        ("Pengawas Sekolah Ahli Utama", Jenjang.AHLI_UTAMA),
        ("Arsiparis Terampil", Jenjang.TERAMPIL),
        ("Pranata Komputer Mahir", Jenjang.MAHIR),
        ("Kepala Bidang Mutasi", None),
        ("Pengadministrasi Perkantoran", None),
    ],
)
def test_the_jenjang_is_read_from_the_jabatan(jabatan, jenjang):
    assert jenjang_of(jabatan) == jenjang


def test_every_jenjang_has_its_coefficient_loaded(db):
    loaded = dict(KoefisienAngkaKredit.objects.values_list("jenjang", "koefisien"))
    assert set(loaded) == set(Jenjang.values)
    assert loaded["ahli_pertama"] == Decimal("12.5") and loaded["ahli_utama"] == Decimal("50")


def test_only_a_superadmin_corrects_a_coefficient(client, admin_instansi, superadmin):
    row = KoefisienAngkaKredit.objects.get(jenjang="ahli_muda")
    url = reverse("admin:laporan_koefisienangkakredit_change", args=[row.pk])
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:laporan_koefisienangkakredit_changelist")).status_code == 200  # reads it
    client.post(url, {"jenjang": "ahli_muda", "koefisien": "1"})
    row.refresh_from_db()
    assert row.koefisien == Decimal("25")
    client.force_login(superadmin)
    assert client.post(url, {"jenjang": "ahli_muda", "koefisien": "26"}).status_code == 302
    row.refresh_from_db()
    assert row.koefisien == Decimal("26")


def test_a_jf_pegawai_reads_the_angka_kredit_of_their_finalised_period(client, db):
    """The result of a rated, finalised period shows the angka kredit of a Jabatan Fungsional (§14.2); a
    pelaksana's shows none."""
    from penilaian.models import PeriodePenilaian
    from tests.factories import PeriodePenilaianFactory

    periode = PeriodePenilaianFactory()  # Triwulan I (3 months); the pegawai an Analis Kebijakan Ahli Pertama
    PeriodePenilaian.objects.filter(pk=periode.pk).update(status="ditetapkan", predikat="baik")
    client.force_login(periode.skp.pegawai)
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    # Baik: 100 % × 12,5 (Ahli Pertama) × 3 / 12
    assert "Angka Kredit: <strong>3,125 (jenjang Ahli Pertama, koefisien 12,50, 3 bulan)</strong>" in page
    snapshot = {**periode.skp.pegawai_snapshot, "jabatan": "Pengadministrasi Perkantoran"}
    type(periode.skp).objects.filter(pk=periode.skp_id).update(pegawai_snapshot=snapshot)
    assert "Angka Kredit" not in client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
