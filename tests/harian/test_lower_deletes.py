"""A row of a lower app that progres harian points at is refused with a message when deleted, never a server error
(a ProtectedError from the database's foreign keys)."""

import pytest

from penilaian import services as penilaian_services
from penilaian.services.base import PenilaianError
from skp import services as skp_services
from skp.services.base import SkpError
from tests.harian.factories import ProgresHarianFactory, SkpBulananFactory, TargetBulananFactory


def test_an_indikator_with_a_target_bulanan_is_not_deleted_from_a_reopened_skp(scene):
    bulanan = SkpBulananFactory(skp=scene.skp)
    TargetBulananFactory(skp_bulanan=bulanan, rhk=scene.rhk, indikator=scene.indikator, jenis="teknis")
    scene.skp.status = "revisi"  # Buka kembali: editable again
    scene.skp.save()
    with pytest.raises(SkpError, match="Target Bulanan"):
        skp_services.indikator_delete(actor=scene.pegawai, indikator_id=scene.indikator.pk)
    with pytest.raises(SkpError, match="Target Bulanan"):
        skp_services.rhk_delete(actor=scene.pegawai, rhk_id=scene.rhk.pk)
    assert scene.rhk.indikator_list.filter(pk=scene.indikator.pk).exists()


def test_a_rencana_aksi_with_daily_entries_is_not_deleted(scene):
    bulanan = SkpBulananFactory(skp=scene.skp)
    ProgresHarianFactory(skp_bulanan=bulanan, target_bulanan=None, rencana_aksi=scene.rencana_aksi, satuan="surat")
    with pytest.raises(PenilaianError, match="Progres Harian"):
        penilaian_services.rencana_aksi_delete(actor=scene.pegawai, rencana_aksi_id=scene.rencana_aksi.pk)
    scene.rencana_aksi.refresh_from_db()
