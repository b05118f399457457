"""Periods are named in words wherever a user reads them, never by their code (issue 10): "Triwulan IV 2026", not
"2026-TW4"."""

import pytest
from django.urls import reverse

from penilaian.periode import nama_kode
from tests.factories import BatasWaktuFactory, PeriodePenilaianFactory, SkpFactory, complete_skp

pytestmark = pytest.mark.usefixtures("clock")


@pytest.mark.parametrize(
    ("kode", "nama"),
    [
        ("2026-TW4", "Triwulan IV 2026"),
        ("2026-S1", "Semester I 2026"),
        ("2026-B03", "Maret 2026"),
        ("2026-C01", "16 Januari – 15 Februari 2026"),
        ("2026-TAHUNAN", "Tahunan 2026"),
        ("bukan-kode", "bukan-kode"),
    ],
)
def test_every_scheme_code_has_a_name(kode, nama):
    assert nama_kode(kode) == nama


def test_the_kurva_page_names_the_period(client, admin_instansi, unit):
    client.force_login(admin_instansi)
    html = client.get(reverse("penilaian:kurva", args=[unit.pk, "2026-TW1"])).content.decode()
    assert "Periode <strong>Triwulan I 2026</strong>" in html
    assert "2026-TW1</strong>" not in html


def test_the_admin_lists_name_the_periods(client, admin_instansi, pegawai):
    PeriodePenilaianFactory(skp=complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan")))
    BatasWaktuFactory(instansi=admin_instansi.instansi, kode="2026-TW2")
    client.force_login(admin_instansi)
    periods = client.get(reverse("admin:penilaian_periodepenilaian_changelist")).content.decode()
    assert "Triwulan I 2026" in periods and ">2026-TW1<" not in periods
    batas = client.get(reverse("admin:penilaian_bataswaktu_changelist")).content.decode()
    assert "Triwulan II 2026" in batas and ">2026-TW2<" not in batas
