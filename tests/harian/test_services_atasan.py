"""The atasan's month (docs/rules.md §15.6–§15.9): kesesuaian on each entry (one, or the chosen ones at once),
kualitas of each target, the approval as a snapshot that a later change marks "berubah setelah disetujui" until it
is approved again (DES 2.0 Q7), and the yearly kreativitas; only the SKP's penilai, and every change audited."""

import datetime
from decimal import Decimal

import pytest

from harian import services
from harian.models import NilaiKreativitas, ProgresHarian, SkpBulanan
from harian.services import HarianError, kode_of
from tests.harian.conftest import isian

FEB = datetime.date(2026, 2, 1)


@pytest.fixture
def month(scene):
    """February: a Teknis target with two entries, one entry on the rencana aksi."""
    target = services.target_bulanan_create(
        actor=scene.pegawai, skp_id=scene.skp.pk, bulan=FEB, rhk_id=scene.rhk.pk, jenis="teknis",
        indikator_id=scene.indikator.pk, target=10,
    )  # fmt: skip
    entries = [
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target), realisasi=Decimal(4))),
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target), mulai="09:00", selesai="11:30")),
        services.progres_create(
            actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), mulai="13:00", selesai="14:00")
        ),
    ]
    skp_bulanan = SkpBulanan.objects.get(skp=scene.skp, bulan=FEB)
    return skp_bulanan, target, entries


def test_the_atasan_ticks_one_entry_or_the_chosen_ones_at_once(scene, month):
    skp_bulanan, _, entries = month
    assert SkpBulanan.objects.of_penilai(scene.atasan, FEB).get().menunggu == 3
    services.kesesuaian_set(actor=scene.atasan, progres_id=entries[0].pk, kesesuaian=False)
    assert (
        services.kesesuaian_setujui(
            actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[entries[1].pk, entries[2].pk]
        )
        == 2
    )
    listed = SkpBulanan.objects.of_penilai(scene.atasan, FEB).get()
    assert (listed.jumlah_entri, listed.menunggu) == (3, 0)
    assert list(ProgresHarian.objects.order_by("jam_mulai").values_list("kesesuaian", flat=True)) == [False, True, True]
    assert ProgresHarian.objects.filter(kesesuaian_oleh=scene.atasan).count() == 3


def test_setujui_semua_refuses_a_chosen_entry_of_another_month_or_pegawai_and_ticks_nothing(scene, month, pegawai_lain):
    skp_bulanan, _, entries = month
    with pytest.raises(HarianError, match="tidak ada yang diubah"):
        services.kesesuaian_setujui(
            actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[entries[0].pk, 10**9]
        )
    assert not ProgresHarian.objects.filter(kesesuaian__isnull=False).exists()


def test_only_the_skp_s_penilai_ticks_scores_and_approves(scene, month, pegawai_lain, admin_instansi):
    skp_bulanan, target, entries = month
    for outsider in (scene.pegawai, pegawai_lain, admin_instansi):
        with pytest.raises(HarianError, match="Hanya atasan"):
            services.kesesuaian_set(actor=outsider, progres_id=entries[0].pk, kesesuaian=True)
        with pytest.raises(HarianError, match="Hanya atasan"):
            services.kualitas_set(actor=outsider, target_bulanan_id=target.pk, kualitas=90)
        with pytest.raises(HarianError, match="Hanya atasan"):
            services.skp_bulanan_approve(actor=outsider, skp_bulanan_id=skp_bulanan.pk, version=None)


@pytest.mark.parametrize("kualitas", [-1, 101, "abc", "85.5", None])
def test_kualitas_is_a_whole_number_from_0_to_100(scene, month, kualitas):
    with pytest.raises(HarianError, match="0 sampai 100"):
        services.kualitas_set(actor=scene.atasan, target_bulanan_id=month[1].pk, kualitas=kualitas)


def test_the_month_is_approved_once_every_entry_is_checked_and_every_target_scored(scene, month):
    skp_bulanan, target, entries = month
    with pytest.raises(HarianError, match=r"3 progres harian belum diperiksa.*kualitas belum dinilai"):
        services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    services.kesesuaian_set(actor=scene.atasan, progres_id=entries[1].pk, kesesuaian=False)
    services.kesesuaian_setujui(
        actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[entries[0].pk, entries[2].pk]
    )
    services.kualitas_set(actor=scene.atasan, target_bulanan_id=target.pk, kualitas="90")
    approved = services.skp_bulanan_approve(
        actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=skp_bulanan.version
    )
    assert approved.disetujui and not approved.berubah and approved.disetujui_oleh == scene.atasan
    snapshot = approved.snapshot
    # The entry marked tidak sesuai does not count as realisasi.
    assert snapshot["target"] == [
        {"id": target.pk, "rhk_id": scene.rhk.pk, "jenis": "teknis", "nama": "Surat masuk yang diagendakan",
         "target": "10.00", "satuan": "surat", "realisasi": "4.00", "kualitas": 90},
    ]  # fmt: skip
    assert snapshot["rencana_aksi"] == [
        {"id": scene.rencana_aksi.pk, "teks": "Mengagendakan surat masuk", "satuan": "surat", "realisasi": "3.00"}
    ]
    assert (snapshot["entri"], snapshot["sesuai"], snapshot["tidak_sesuai"], snapshot["menit"]) == (3, 2, 1, 270)
    # A double click changes nothing.
    again = services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    assert again.disetujui_pada == approved.disetujui_pada


def test_a_change_after_approval_keeps_the_snapshot_and_marks_the_month_until_approved_again(scene, month):
    """DES 2.0 Q7: the approved value differs from the realisasi until the atasan approves again."""
    skp_bulanan, target, entries = month
    services.kesesuaian_setujui(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[e.pk for e in entries])
    services.kualitas_set(actor=scene.atasan, target_bulanan_id=target.pk, kualitas=80)
    services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    version_seen = SkpBulanan.objects.get().version

    # The month stays editable inside the window: a new entry.
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target), mulai="15:00", selesai="16:00"))
    skp_bulanan.refresh_from_db()
    assert skp_bulanan.berubah and skp_bulanan.snapshot["target"][0]["realisasi"] == "7.00"
    assert services.ringkasan_bulan(skp_bulanan)["target"][0]["realisasi"] == "10.00"
    # An approval from a page opened before the change is stale; the new entry must be checked first.
    with pytest.raises(HarianError, match="sudah diubah"):
        services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=version_seen)
    with pytest.raises(HarianError, match="1 progres harian belum diperiksa"):
        services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    new = ProgresHarian.objects.get(jam_mulai=datetime.time(15))
    services.kesesuaian_set(actor=scene.atasan, progres_id=new.pk, kesesuaian=True)
    services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    skp_bulanan.refresh_from_db()
    assert not skp_bulanan.berubah and skp_bulanan.snapshot["target"][0]["realisasi"] == "10.00"
    # The atasan's own change after approval marks it as well.
    services.kualitas_set(actor=scene.atasan, target_bulanan_id=target.pk, kualitas=95)
    skp_bulanan.refresh_from_db()
    assert skp_bulanan.berubah and skp_bulanan.snapshot["target"][0]["kualitas"] == 80


def test_a_deleted_or_changed_entry_marks_the_approved_month_and_waits_for_kesesuaian_again(scene, month):
    skp_bulanan, target, entries = month
    services.kesesuaian_setujui(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[e.pk for e in entries])
    services.kualitas_set(actor=scene.atasan, target_bulanan_id=target.pk, kualitas=80)
    services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    services.progres_delete(actor=scene.pegawai, progres_id=entries[2].pk)
    skp_bulanan.refresh_from_db()
    assert skp_bulanan.berubah
    assert SkpBulanan.objects.of_penilai(scene.atasan, FEB).get().jumlah_entri == 2


def test_the_atasan_scores_kreativitas_once_a_year_and_may_change_it(scene):
    services.kreativitas_set(actor=scene.atasan, skp_id=scene.skp.pk, nilai=85, catatan="Menggagas agenda surat daring")
    services.kreativitas_set(actor=scene.atasan, skp_id=scene.skp.pk, nilai="90")
    nilai = NilaiKreativitas.objects.get()
    assert (nilai.nilai, nilai.catatan, nilai.version) == (90, "", 2)
    assert [e.nilai for e in nilai.events.order_by("pgh_id")] == [85, 90]
    with pytest.raises(HarianError, match="Hanya atasan"):
        services.kreativitas_set(actor=scene.pegawai, skp_id=scene.skp.pk, nilai=100)
    with pytest.raises(HarianError, match="0 sampai 100"):
        services.kreativitas_set(actor=scene.atasan, skp_id=scene.skp.pk, nilai=101)


def test_each_sees_only_what_is_theirs(scene, month, pegawai_lain, admin_instansi, admin_lain, superadmin):
    _, target, entries = month
    for model in (ProgresHarian, SkpBulanan, type(target)):
        for user, count in [(scene.pegawai, 1), (scene.atasan, 1), (admin_instansi, 1), (superadmin, 1),
                            (pegawai_lain, 0), (admin_lain, 0)]:  # fmt: skip
            visible = model.objects.visible_to(user)
            assert visible.exists() == bool(count), (model, user)
    assert ProgresHarian.objects.visible_to(pegawai_lain).filter(pk=entries[0].pk).first() is None


def test_the_atasan_s_monthly_list_costs_the_same_for_3_or_30_bawahan(scene, django_assert_num_queries):
    from tests.factories import SkpFactory, UserFactory

    def bawahan_with_month():
        user = UserFactory(unit_kerja=scene.pegawai.unit_kerja, atasan=scene.atasan)
        skp = SkpFactory(pegawai=user, status="persetujuan")
        SkpBulanan.objects.create(instansi=skp.instansi, skp=skp, pegawai=user, bulan=FEB)

    for size in (3, 30):
        while SkpBulanan.objects.filter(skp__penilai=scene.atasan).count() < size:
            bawahan_with_month()
        with django_assert_num_queries(1):
            rows = list(SkpBulanan.objects.of_penilai(scene.atasan, FEB).select_related("skp"))
        assert len(rows) == size and all(r.menunggu == 0 for r in rows)
