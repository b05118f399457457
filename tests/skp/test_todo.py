"""Beranda's SKP to-do list (skp.services.todo_for): the SKP a pegawai still has to make or fix, and the bawahan SKPs
waiting for their penilai; each item there when it should be, and only then."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from skp import services
from skp.models import SkpStatusChange, StatusSkp
from skp.services import todo as todo_module
from tests.factories import (
    PejabatNonAsnFactory,
    PltAssignmentFactory,
    RhkFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
)

TAHUN_LALU = {"periode_awal": datetime.date(2025, 1, 1), "periode_akhir": datetime.date(2025, 12, 31)}


def todo(user):
    return services.todo_for(user, today=timezone.localdate())


def test_a_pegawai_without_an_skp_this_year_is_asked_to_make_one(clock, pegawai):
    SkpFactory(pegawai=pegawai, status="persetujuan", **TAHUN_LALU)
    items = todo(pegawai)
    assert items.baru == [services.SkpBaru(tahun=2026)]
    assert items.perbaiki == [] and items.menunggu == []


@pytest.mark.parametrize("status", ["pengajuan", "persetujuan"])
def test_an_skp_submitted_or_approved_this_year_leaves_nothing_to_do(clock, pegawai, status):
    SkpFactory(pegawai=pegawai, status=status)
    assert len(todo(pegawai)) == 0


def test_a_draft_is_to_be_completed_and_submitted(clock, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    items = todo(pegawai)
    assert items.baru == []
    assert items.perbaiki == [services.SkpPerbaiki(skp=skp, catatan="")]
    assert items.perbaiki[0].revisi is False


def test_a_returned_skp_carries_the_note_of_the_latest_return(clock, pegawai, atasan):
    rhk_atasan = RhkFactory(skp=SkpFactory(pegawai=atasan, status="persetujuan"))
    skp = complete_skp(SkpFactory(pegawai=pegawai), rhk_atasan=rhk_atasan)
    services.skp_submit(actor=pegawai, skp_id=skp.pk)
    services.skp_set_status(
        actor=atasan, skp_id=skp.pk, version=None, status="revisi", catatan="Target RHK 1 belum jelas"
    )
    services.skp_submit(actor=pegawai, skp_id=skp.pk)
    assert todo(pegawai).perbaiki == []  # submitted again: waiting for the atasan, not for the pegawai
    services.skp_set_status(actor=atasan, skp_id=skp.pk, version=None, status="revisi", catatan="Lampiran kurang")
    (item,) = todo(pegawai).perbaiki
    assert item.skp.pk == skp.pk and item.revisi
    assert item.catatan == "Lampiran kurang"


def test_a_returned_skp_of_last_year_still_waits_but_a_draft_of_last_year_does_not(clock, pegawai):
    lalu = {"periode_awal": datetime.date(2025, 1, 1), "periode_akhir": datetime.date(2025, 6, 30)}
    draft = SkpFactory(pegawai=pegawai, **lalu)
    revisi = SkpFactory(
        pegawai=pegawai,
        status=StatusSkp.REVISI,
        periode_awal=datetime.date(2025, 7, 1),
        periode_akhir=datetime.date(2025, 12, 31),
    )
    skps = [item.skp.pk for item in todo(pegawai).perbaiki]
    assert skps == [revisi.pk]
    assert draft.pk not in skps


def test_a_plt_post_without_its_own_skp_is_asked_for_until_it_has_one(clock, pegawai):
    post = PltAssignmentFactory(pegawai=pegawai, jabatan="Kepala Seksi Uji")
    SkpFactory(pegawai=pegawai, status="persetujuan")  # the definitive SKP is there
    assert todo(pegawai).baru == [services.SkpBaru(tahun=2026, plt=post)]
    SkpFactory(pegawai=pegawai, plt=post, status="persetujuan", periode_awal=post.mulai, periode_akhir=post.selesai)
    assert todo(pegawai).baru == []


def test_a_submitted_bawahan_skp_waits_for_its_penilai_only(
    clock, pegawai, pegawai_lain, atasan, admin_instansi, superadmin
):
    menunggu = SkpFactory(pegawai=pegawai, status="pengajuan")
    SkpFactory(pegawai=pegawai_lain)  # a Draft: the penilai never sees it
    SkpFactory(pegawai=UserFactory(unit_kerja=atasan.unit_kerja, atasan=atasan), status="persetujuan")
    assert todo(atasan).menunggu == [menunggu]
    for other in (pegawai, pegawai_lain, admin_instansi, superadmin):  # the admin and superadmin may see it, not act
        assert todo(other).menunggu == []


def test_the_kepala_daerah_gets_only_the_skp_waiting_for_him(clock, instansi):
    bupati = PejabatNonAsnFactory(instansi=instansi)
    sekda = UserFactory(unit_kerja__instansi=instansi, atasan=bupati, jabatan="Sekretaris Daerah")
    skp = SkpFactory(pegawai=sekda, status="pengajuan")
    items = todo(bupati)
    assert items.menunggu == [skp]
    assert items.baru == [] and items.perbaiki == []  # no SKP of his own to make


@pytest.mark.parametrize("size", [1, 8])
def test_the_skp_part_costs_one_query_at_any_size(clock, pegawai, atasan, size, django_assert_num_queries):
    for n in range(size):
        SkpFactory(pegawai=UserFactory(unit_kerja=atasan.unit_kerja, atasan=atasan), status="pengajuan")
        returned = {"periode_awal": datetime.date(2025 - n, 1, 1), "periode_akhir": datetime.date(2025 - n, 12, 31)}
        SkpFactory(pegawai=atasan, status="revisi", **returned)
    with django_assert_num_queries(1):  # the Plt posts come from Beranda's profile
        items = services.todo_for(atasan, today=timezone.localdate(), plt_posts=[])
    assert len(items.menunggu) == len(items.perbaiki) == size


def test_the_query_compiled_once_gives_the_orms_rows(clock, pegawai, atasan):
    """skp.services.todo compiles its query once per process (core.prepared); rows and notes are the ORM's."""
    returned, draft = SkpFactory(pegawai=pegawai, status="revisi", **TAHUN_LALU), SkpFactory(pegawai=pegawai)
    waiting = SkpFactory(pegawai=UserFactory(atasan=pegawai, unit_kerja=pegawai.unit_kerja), status="pengajuan")
    SkpStatusChange.objects.create(skp=returned, actor=atasan, dari="pengajuan", ke="revisi", catatan="Pertama")
    SkpStatusChange.objects.create(skp=returned, actor=atasan, dari="pengajuan", ke="revisi", catatan="Terakhir")
    this_year = datetime.date(timezone.localdate().year, 1, 1)
    mine = Q(pegawai=pegawai) & (Q(periode_akhir__gte=this_year) | Q(status="revisi"))
    orm = todo_module._rows(mine | Q(penilai=pegawai, status="pengajuan"))
    expected = [(returned.pk, "Terakhir"), (draft.pk, None), (waiting.pk, None)]
    assert sorted((s.pk, s.catatan_revisi) for s in orm) == expected
    prepared = todo_module._own_and_waiting(user_id=pegawai.pk, this_year=this_year)
    assert sorted((s.pk, s.catatan_revisi) for s in prepared) == expected
    assert [s.pk for s in todo_module._waiting(user_id=pegawai.pk)] == [waiting.pk]
