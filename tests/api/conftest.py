"""The payroll API's fixtures: tokens made through the service (the secret kept for the test), a client that sends
one, and a rated pegawai of the instansi with what the API derives for them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from api.models import Scope
from api.services import api_token_create
from laporan.models import KoefisienAngkaKredit, TarifTpp
from tests.factories import CapaianUnitFactory, PeriodePenilaianFactory, SkpFactory

PREDIKAT = "/api/v1/predikat"
PERIODE = "/api/v1/periode"
UNIT_KERJA = "/api/v1/unit-kerja"


def make_token(admin, *, scopes=tuple(Scope.values), days: int = 30, nama: str = "Aplikasi TPP BPKAD"):
    """A token of the admin's instansi; returns (token, secret)."""
    return api_token_create(
        actor=admin,
        instansi_id=admin.instansi_id,
        nama=nama,
        scopes=list(scopes),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def koefisien(db):
    """The national koefisien (a data migration; a flushing test removes them)."""
    KoefisienAngkaKredit.objects.get_or_create(jenjang="ahli_pertama", defaults={"koefisien": Decimal("12.5")})


@pytest.fixture
def secret(admin_instansi):
    return make_token(admin_instansi)[1]


@pytest.fixture
def secret_lain(admin_lain):
    return make_token(admin_lain)[1]


@pytest.fixture
def dinilai(pegawai, admin_instansi, koefisien):
    """A Jabatan Fungsional Ahli Pertama rated Baik and ditetapkan in Triwulan I, the unit's capaian Istimewa and a TPP
    table paying 100 % for Baik."""
    pegawai.jabatan = "Analis Kebijakan Ahli Pertama"
    pegawai.save()
    skp = SkpFactory(pegawai=pegawai, status="persetujuan")
    CapaianUnitFactory(
        unit_kerja=pegawai.unit_kerja, kode=f"{skp.periode_awal.year}-TW1", capaian="istimewa", oleh=admin_instansi
    )
    TarifTpp.objects.create(instansi=pegawai.instansi, baik=Decimal("100"), sangat_baik=Decimal("120"))
    return PeriodePenilaianFactory(
        skp=skp, status="ditetapkan", rating_hasil_kerja="sesuai", rating_perilaku="sesuai", predikat="baik"
    )
