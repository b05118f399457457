"""Target Bulanan (docs/rules.md §15.4): Teknis shares of an indikator's annual quantity that never add up to more
than it, with what is left; Konseptual stages with their own name and satuan; only the owner, on an approved SKP."""

import datetime
import uuid
from decimal import Decimal

import pytest

from harian import services
from harian.models import TargetBulanan
from harian.services import HarianError, kode_of
from tests.harian.conftest import isian

FEB, MAR = datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)


def teknis(scene, bulan, target, **kwargs):
    return services.target_bulanan_create(
        actor=scene.pegawai, skp_id=scene.skp.pk, bulan=bulan, rhk_id=scene.rhk.pk, jenis="teknis",
        indikator_id=scene.indikator.pk, target=target, **kwargs,
    )  # fmt: skip


def test_a_teknis_target_takes_the_indikator_s_name_and_satuan_and_the_page_shows_what_is_left(scene):
    target = teknis(scene, FEB, 10, nama="ignored", satuan="ignored")
    assert (target.nama, target.satuan, target.target) == ("Surat masuk yang diagendakan", "surat", Decimal(10))
    teknis(scene, datetime.date(2026, 3, 15), Decimal("12.5"))  # any day of the month: stored as the month
    terbagi = services.teknis_terbagi(scene.skp)[scene.indikator.pk]
    assert (terbagi.tahunan, terbagi.terbagi, terbagi.sisa) == (Decimal(120), Decimal("22.5"), Decimal("97.5"))


def test_the_months_never_add_up_to_more_than_the_annual_target(scene):
    teknis(scene, FEB, 100)
    with pytest.raises(HarianError, match="sisa 20"):
        teknis(scene, MAR, 21)
    last = teknis(scene, MAR, 20)
    assert services.teknis_terbagi(scene.skp)[scene.indikator.pk].sisa == 0
    # A change is checked against the other months only.
    with pytest.raises(HarianError, match="melebihi sisa"):
        services.target_bulanan_update(actor=scene.pegawai, target_bulanan_id=last.pk, version=1, target=21)
    services.target_bulanan_update(actor=scene.pegawai, target_bulanan_id=last.pk, version=1, target=15)
    assert services.teknis_terbagi(scene.skp)[scene.indikator.pk].sisa == 5


def test_one_teknis_share_per_indikator_per_month(scene):
    teknis(scene, FEB, 10)
    with pytest.raises(HarianError, match="sudah punya target Teknis"):
        teknis(scene, FEB, 5)


def test_a_konseptual_stage_has_its_own_name_and_satuan(scene):
    stages = [
        services.target_bulanan_create(
            actor=scene.pegawai,
            skp_id=scene.skp.pk,
            bulan=FEB,
            rhk_id=scene.rhk.pk,
            jenis="konseptual",
            nama=nama,
            satuan=satuan,
            target=n,
        )
        for nama, satuan, n in [
            ("Mengumpulkan data aplikasi", "data", 10),
            ("Membuat konsep proses bisnis", "konsep", 1),
        ]
    ]
    assert [(t.nama, t.satuan, t.urutan) for t in stages] == [
        ("Mengumpulkan data aplikasi", "data", 1), ("Membuat konsep proses bisnis", "konsep", 2),
    ]  # fmt: skip
    with pytest.raises(HarianError, match="nama kegiatan bulanan dan satuannya"):
        services.target_bulanan_create(
            actor=scene.pegawai, skp_id=scene.skp.pk, bulan=FEB, rhk_id=scene.rhk.pk, jenis="konseptual", target=1
        )


@pytest.mark.parametrize("target", [0, -5, None])
def test_a_target_is_more_than_zero(scene, target):
    with pytest.raises(HarianError, match="lebih dari 0"):
        teknis(scene, FEB, target)


def test_only_the_owner_on_an_approved_skp_in_its_months(scene, pegawai_lain):
    with pytest.raises(HarianError, match="Hanya pegawai pemilik SKP"):
        services.target_bulanan_create(
            actor=scene.atasan, skp_id=scene.skp.pk, bulan=FEB, rhk_id=scene.rhk.pk, jenis="teknis",
            indikator_id=scene.indikator.pk, target=1,
        )  # fmt: skip
    with pytest.raises(HarianError, match="di luar periode SKP"):
        teknis(scene, datetime.date(2027, 1, 1), 1)
    scene.skp.status = "revisi"
    scene.skp.save()
    with pytest.raises(HarianError, match="sudah disetujui"):
        teknis(scene, FEB, 1)
    assert not TargetBulanan.objects.exists()


def test_a_double_submit_makes_one_target_and_a_target_with_entries_is_not_deleted(scene):
    token = uuid.uuid4()
    target = teknis(scene, FEB, 10, client_token=token)
    assert teknis(scene, FEB, 10, client_token=token) == target
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target)))
    with pytest.raises(HarianError, match="sudah memiliki progres harian"):
        services.target_bulanan_delete(actor=scene.pegawai, target_bulanan_id=target.pk)
    other = teknis(scene, MAR, 10)
    services.target_bulanan_delete(actor=scene.pegawai, target_bulanan_id=other.pk)
    assert list(TargetBulanan.objects.all()) == [target]
