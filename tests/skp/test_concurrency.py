"""Two people acting on one SKP at the same moment (docs/rules.md §3.8, §11.4), with real threads and real
PostgreSQL transactions: the row lock in the services serialises them, and nobody's update is lost."""

import contextlib
import datetime
import itertools
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from skp import services
from skp.models import Rhk, Skp, SkpStatusChange, StatusSkp
from skp.services import SkpError, StaleEdit, plan
from tests.factories import RhkFactory, SkpFactory, UserFactory, complete_skp

REPETITIONS = 10
YEAR = datetime.date.today().year
JAN_1 = datetime.date(YEAR, 1, 1)
DEC_31 = datetime.date(YEAR, 12, 31)

pytestmark = pytest.mark.usefixtures("transactional_db")


def run_together(*calls):
    """Start every call at the same instant, each in its own thread and database connection.

    Returns what each call returned, or the exception it raised, in the order given."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the outcome is what the test inspects
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


@pytest.fixture
def rhk_atasan(atasan):
    return RhkFactory(skp=SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN))


def complete_skp_of_new_pegawai(unit, atasan, rhk_atasan) -> Skp:
    """Each repetition needs its own pegawai: one pegawai has one definitive SKP a year."""
    return complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan)), rhk_atasan=rhk_atasan)


def riwayat(skp: Skp) -> list[tuple[str, str]]:
    return list(SkpStatusChange.objects.filter(skp=skp).order_by("created_at", "pk").values_list("dari", "ke"))


def assert_consistent_history(skp: Skp) -> None:
    """Every move starts where the previous one ended, is a legal move, and ends at the SKP's status."""
    moves = riwayat(skp)
    for (_, previous_to), (dari, ke) in itertools.pairwise(moves):
        assert dari == previous_to, moves
        assert (dari, ke) in services.TRANSITIONS, moves
    assert moves[-1][1] == skp.status, moves


def test_approval_while_the_pegawai_edits_an_rhk_in_another_tab_ends_approved_with_the_rhk_unchanged(
    unit, atasan, rhk_atasan
):
    for _ in range(REPETITIONS):
        skp = complete_skp_of_new_pegawai(unit, atasan, rhk_atasan)
        pegawai = skp.pegawai
        # Draft → Pengajuan → Revisi → Pengajuan: the pegawai's second tab still shows the RHK form.
        services.skp_submit(actor=pegawai, skp_id=skp.pk)
        services.skp_set_status(
            actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="Lengkapi indikator"
        )
        services.skp_submit(actor=pegawai, skp_id=skp.pk)
        skp.refresh_from_db()
        rhk = skp.rhk_list.get()
        teks = rhk.teks

        edit, approval = run_together(
            lambda rhk=rhk, pegawai=pegawai: services.rhk_update(
                actor=pegawai,
                rhk_id=rhk.pk,
                version=rhk.version,
                jenis=rhk.jenis,
                klasifikasi=rhk.klasifikasi,
                teks="Diubah di tab lain",
                rhk_atasan=rhk.rhk_atasan,
            ),
            lambda skp=skp: services.skp_set_status(
                actor=atasan, skp_id=skp.pk, version=skp.version, status=StatusSkp.PERSETUJUAN
            ),
        )

        assert isinstance(approval, Skp), approval
        assert isinstance(edit, SkpError), edit
        assert not isinstance(edit, StaleEdit)
        assert "sehingga terkunci" in str(edit)
        skp.refresh_from_db()
        rhk.refresh_from_db()
        assert skp.status == StatusSkp.PERSETUJUAN
        assert rhk.teks == teks
        assert riwayat(skp)[-1] == ("pengajuan", "persetujuan")
        assert_consistent_history(skp)


def test_double_submit_racing_with_kembalikan_keeps_a_consistent_history(unit, atasan, rhk_atasan):
    """The pegawai double-clicks Ajukan from Revisi while the penilai posts Kembalikan (an Edit Status form
    posted without a version). Whatever the order, one submission at most, and a history without gaps."""
    finals = set()
    for _ in range(REPETITIONS):
        skp = complete_skp_of_new_pegawai(unit, atasan, rhk_atasan)
        pegawai = skp.pegawai
        services.skp_submit(actor=pegawai, skp_id=skp.pk)
        services.skp_set_status(
            actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="Perbaiki target"
        )
        skp.refresh_from_db()
        loaded = skp.version
        before = len(riwayat(skp))

        def submit(skp=skp, pegawai=pegawai, loaded=loaded):
            return services.skp_submit(actor=pegawai, skp_id=skp.pk, version=loaded)

        first, second, kembalikan = run_together(
            submit,
            submit,
            lambda skp=skp: services.skp_set_status(
                actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="Target belum sesuai"
            ),
        )

        assert isinstance(kembalikan, Skp), kembalikan
        for outcome in (first, second):
            assert isinstance(outcome, Skp | StaleEdit), outcome
        skp.refresh_from_db()
        new_moves = riwayat(skp)[before:]
        assert new_moves in (
            [("revisi", "pengajuan")],  # Kembalikan came first: nothing to return yet
            [("revisi", "pengajuan"), ("pengajuan", "revisi")],  # it came after the first submit
        ), new_moves
        assert skp.version == loaded + len(new_moves)
        assert_consistent_history(skp)
        if skp.status == StatusSkp.REVISI:
            assert SkpStatusChange.objects.filter(skp=skp).last().catatan == "Target belum sesuai"
        finals.add(skp.status)
    assert finals <= {StatusSkp.PENGAJUAN, StatusSkp.REVISI}


def test_a_stale_double_submit_never_undoes_the_penilais_kembalikan(unit, atasan, rhk_atasan):
    """The pegawai submitted in one tab; the penilai returns it while the pegawai double-clicks Ajukan in an
    older tab still loaded in Revisi. The return stands, in every order."""
    for _ in range(REPETITIONS):
        skp = complete_skp_of_new_pegawai(unit, atasan, rhk_atasan)
        pegawai = skp.pegawai
        services.skp_submit(actor=pegawai, skp_id=skp.pk)
        services.skp_set_status(actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="A")
        skp.refresh_from_db()
        old_tab = skp.version
        services.skp_submit(actor=pegawai, skp_id=skp.pk, version=old_tab)  # the other tab
        skp.refresh_from_db()
        penilai_loaded = skp.version
        before = len(riwayat(skp))

        def submit(skp=skp, pegawai=pegawai, old_tab=old_tab):
            return services.skp_submit(actor=pegawai, skp_id=skp.pk, version=old_tab)

        first, second, kembalikan = run_together(
            submit,
            submit,
            lambda skp=skp, v=penilai_loaded: services.skp_set_status(
                actor=atasan, skp_id=skp.pk, version=v, status=StatusSkp.REVISI, catatan="Masih kurang"
            ),
        )

        assert isinstance(kembalikan, Skp), kembalikan
        for outcome in (first, second):
            # Before the return: "already submitted" (no change). After it: the tab is stale.
            assert isinstance(outcome, Skp | StaleEdit), outcome
        skp.refresh_from_db()
        assert skp.status == StatusSkp.REVISI
        assert riwayat(skp)[before:] == [("pengajuan", "revisi")]
        assert_consistent_history(skp)


def test_two_threads_creating_an_rhk_with_the_same_client_token_make_one_row_and_both_get_it(unit, atasan, rhk_atasan):
    skp = complete_skp_of_new_pegawai(unit, atasan, rhk_atasan)
    pegawai = skp.pegawai
    for _ in range(REPETITIONS):
        token = uuid.uuid4()

        def create(token=token):
            return services.rhk_create(
                actor=pegawai,
                skp_id=skp.pk,
                jenis="utama",
                klasifikasi="individu",
                teks="Terlaksananya pengolahan data mutasi",
                rhk_atasan=rhk_atasan,
                client_token=token,
            )

        first, second = run_together(create, create)

        assert Rhk.objects.filter(client_token=token).count() == 1
        row = Rhk.objects.get(client_token=token)
        # A double click is one action: both requests answer with the row, neither with an error.
        assert isinstance(first, Rhk), repr(first)
        assert isinstance(second, Rhk), repr(second)
        assert first.pk == second.pk == row.pk


def test_two_threads_creating_overlapping_skps_for_one_pegawai_leave_one_and_refuse_the_other(unit, atasan):
    for _ in range(REPETITIONS):
        pegawai = UserFactory(unit_kerja=unit, atasan=atasan)

        whole_year, second_half = run_together(
            lambda pegawai=pegawai: services.skp_create(
                actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif"
            ),
            lambda pegawai=pegawai: services.skp_create(
                actor=pegawai,
                periode_awal=datetime.date(YEAR, 7, 1),
                periode_akhir=DEC_31,
                pendekatan="kualitatif",
            ),
        )

        assert Skp.objects.filter(pegawai=pegawai).count() == 1
        created = Skp.objects.get(pegawai=pegawai)
        winners = [r for r in (whole_year, second_half) if isinstance(r, Skp)]
        losers = [r for r in (whole_year, second_half) if not isinstance(r, Skp)]
        assert [w.pk for w in winners] == [created.pk]
        # The loser either saw the winner's row, or hit the exclusion constraint and was told why.
        assert len(losers) == 1
        assert isinstance(losers[0], ValidationError), repr(losers[0])
        assert "bertumpang tindih" in losers[0].message_dict["periode_awal"][0]
        assert SkpStatusChange.objects.filter(skp__pegawai=pegawai).count() == 1


def test_overlapping_skps_inserted_at_the_same_instant_leave_one_and_refuse_the_other(unit, atasan, monkeypatch):
    """The worst interleaving: both requests have passed the overlap check and insert together, so the
    exclusion constraint decides. The loser must still get the overlap message, not a database error."""
    check = plan._check_no_overlap
    state = threading.local()

    def check_then_wait(*args, **kwargs):
        check(*args, **kwargs)
        if not getattr(state, "waited", False):
            state.waited = True
            # If the other request is held elsewhere (say by a lock), carry on alone after a second.
            with contextlib.suppress(threading.BrokenBarrierError):
                state.barrier.wait(timeout=1)

    monkeypatch.setattr(plan, "_check_no_overlap", check_then_wait)

    for _ in range(REPETITIONS):
        pegawai = UserFactory(unit_kerja=unit, atasan=atasan)
        inserted_together = threading.Barrier(2)

        def create(awal, pegawai=pegawai, barrier=inserted_together):
            state.waited, state.barrier = False, barrier
            return services.skp_create(actor=pegawai, periode_awal=awal, periode_akhir=DEC_31, pendekatan="kuantitatif")

        outcomes = run_together(lambda: create(JAN_1), lambda: create(datetime.date(YEAR, 7, 1)))

        created = Skp.objects.get(pegawai=pegawai)
        assert [o.pk for o in outcomes if isinstance(o, Skp)] == [created.pk]
        (loser,) = [o for o in outcomes if not isinstance(o, Skp)]
        assert isinstance(loser, ValidationError), repr(loser)
        assert "bertumpang tindih" in loser.message_dict["periode_awal"][0]


def test_a_double_submit_of_tambah_skp_from_two_threads_makes_one_skp_and_both_get_it(unit, atasan):
    for _ in range(REPETITIONS):
        pegawai = UserFactory(unit_kerja=unit, atasan=atasan)
        token = uuid.uuid4()

        def create(pegawai=pegawai, token=token):
            return services.skp_create(
                actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", client_token=token
            )

        first, second = run_together(create, create)

        assert Skp.objects.filter(pegawai=pegawai).count() == 1
        created = Skp.objects.get(pegawai=pegawai)
        assert isinstance(first, Skp), repr(first)
        assert isinstance(second, Skp), repr(second)
        assert first.pk == second.pk == created.pk
