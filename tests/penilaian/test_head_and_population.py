"""The head of a unit, the curve and its population (docs/rules.md §7.9, §8.7;
docs/decisions/0013-head-rating-and-kurva-population.md): the head's Rating Hasil Kerja follows the unit's capaian
before Tetapkan, whichever comes first; a capaian changed after Tetapkan marks the period for review and changes
nothing until it is reopened and rated again; a unit's distribution counts the unit and the units below it without a
capaian of their own, head included, and each pegawai counts in exactly one."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import UnitKerja
from penilaian import permissions, services
from penilaian.models import CapaianUnit, PeriodePenilaian, StatusPeriode
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating
from penilaian.services import PenilaianError
from penilaian.services.evaluasi import atasan_pimpinan, rating_pimpinan
from tests.factories import (
    CapaianUnitFactory,
    PeriodePenilaianFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
)
from tests.penilaian.test_services import TW1, TW2, beri_umpan_balik, fresh

pytestmark = pytest.mark.usefixtures("clock")

YEAR = 2026


def approved(pegawai):
    skp = SkpFactory(
        pegawai=pegawai,
        status="persetujuan",
        periode_awal=datetime.date(YEAR, 1, 1),
        periode_akhir=datetime.date(YEAR, 12, 31),
    )
    return complete_skp(skp, rhk_count=1)


@pytest.fixture
def dinas(instansi):
    """A dinas under the instansi's root, headed by a kepala dinas whose atasan (the sekda) sits in the root unit;
    a staff member reports to the kepala dinas."""
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    sekda = UserFactory(unit_kerja=root, nama="Sekda")
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan", parent=root)
    kepala = UserFactory(unit_kerja=unit, atasan=sekda, nama="Kepala Dinas")
    staf = UserFactory(unit_kerja=unit, atasan=kepala, nama="Staf Dinas")
    return SimpleNamespace(unit=unit, sekda=sekda, kepala=kepala, staf=staf)


@pytest.fixture
def periode_kepala(dinas):
    """Triwulan I of the kepala dinas, who heads the dinas; the sekda is their penilai."""
    periode = PeriodePenilaianFactory(skp=approved(dinas.kepala))
    assert periode.penilai_id == dinas.sekda.pk
    return periode


def rate(periode, penilai, hasil_kerja, perilaku=Rating.DIATAS):
    beri_umpan_balik(periode, penilai)
    return services.rating_set(
        actor=penilai,
        periode_id=periode.pk,
        version=None,
        rating_hasil_kerja=hasil_kerja,
        rating_perilaku=perilaku,
    )


def state(periode) -> tuple:
    periode = fresh(periode)
    return periode.status, periode.rating_hasil_kerja, periode.predikat


# --- the head's Rating Hasil Kerja -----------------------------------------------------------------------------


def test_rated_then_capaian_set_re_derives_the_heads_rating_and_predikat(dinas, periode_kepala):
    rate(periode_kepala, dinas.sekda, Rating.SESUAI)  # no capaian yet: the penilai chooses
    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.SESUAI, Predikat.BAIK)
    version = fresh(periode_kepala).version

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)

    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.DIATAS, Predikat.SANGAT_BAIK)
    assert fresh(periode_kepala).version == version + 1  # an open evaluation form of the old rating is stale
    assert fresh(periode_kepala).perlu_ditinjau == ""


def test_capaian_set_then_rated_takes_the_capaian_whatever_the_penilai_chose(dinas, periode_kepala):
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.KURANG)

    rate(periode_kepala, dinas.sekda, Rating.DIATAS)

    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.DIBAWAH, Predikat.BUTUH_PERBAIKAN)


def test_capaian_changed_before_tetapkan_is_followed_each_time(dinas, periode_kepala):
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    rate(periode_kepala, dinas.sekda, Rating.DIATAS)
    assert state(periode_kepala)[1:] == (Rating.SESUAI, Predikat.BAIK)

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.SANGAT_KURANG)
    assert state(periode_kepala)[1:] == (Rating.DIBAWAH, Predikat.BUTUH_PERBAIKAN)

    # Another capaian with the same rating changes nothing, not even the version.
    version = fresh(periode_kepala).version
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.KURANG)
    assert fresh(periode_kepala).version == version


def test_capaian_changed_after_tetapkan_marks_the_period_and_changes_nothing_until_reopened_and_rated(
    dinas, periode_kepala, admin_instansi
):
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    rate(periode_kepala, dinas.sekda, Rating.SESUAI)
    services.periode_finalise(actor=dinas.sekda, periode_id=periode_kepala.pk, version=None)
    final = (StatusPeriode.DITETAPKAN, Rating.SESUAI, Predikat.BAIK)

    services.capaian_set(actor=admin_instansi, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)

    assert state(periode_kepala) == final
    mark = fresh(periode_kepala).perlu_ditinjau
    assert "Capaian Kinerja Organisasi Dinas Pendidikan menjadi Istimewa setelah penilaian ini ditetapkan" in mark
    assert "semestinya Diatas Ekspektasi, tercatat Sesuai Ekspektasi" in mark

    # Back to a capaian that gives the rating recorded: nothing to review any more.
    services.capaian_set(actor=admin_instansi, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    assert (state(periode_kepala), fresh(periode_kepala).perlu_ditinjau) == (final, "")

    services.capaian_set(actor=admin_instansi, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)
    services.periode_reopen(actor=dinas.sekda, periode_id=periode_kepala.pk, catatan="Capaian organisasi berubah")
    # Reopened, the period keeps its rating and its mark until the penilai rates again; Tetapkan waits for that.
    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.SESUAI, Predikat.BAIK)
    assert fresh(periode_kepala).perlu_ditinjau == mark
    with pytest.raises(PenilaianError, match="perlu ditinjau"):
        services.periode_finalise(actor=dinas.sekda, periode_id=periode_kepala.pk, version=None)

    services.rating_set(
        actor=dinas.sekda,
        periode_id=periode_kepala.pk,
        version=None,
        rating_hasil_kerja=Rating.SESUAI,
        rating_perilaku=Rating.DIATAS,
    )

    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.DIATAS, Predikat.SANGAT_BAIK)
    assert fresh(periode_kepala).perlu_ditinjau == ""


def test_a_capaian_set_for_the_first_time_after_tetapkan_marks_a_differing_rating(dinas, periode_kepala):
    rate(periode_kepala, dinas.sekda, Rating.SESUAI)
    services.periode_finalise(actor=dinas.sekda, periode_id=periode_kepala.pk, version=None)

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    assert fresh(periode_kepala).perlu_ditinjau == ""  # Baik gives the Sesuai already recorded

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.KURANG)
    assert "menjadi Kurang" in fresh(periode_kepala).perlu_ditinjau
    assert state(periode_kepala) == (StatusPeriode.DITETAPKAN, Rating.SESUAI, Predikat.BAIK)


def test_a_reopened_marked_period_follows_a_further_capaian_change_and_loses_its_mark(dinas, periode_kepala):
    rate(periode_kepala, dinas.sekda, Rating.SESUAI)
    services.periode_finalise(actor=dinas.sekda, periode_id=periode_kepala.pk, version=None)
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)
    services.periode_reopen(actor=dinas.sekda, periode_id=periode_kepala.pk, catatan="Capaian berubah")

    # Open again, the period is before Tetapkan: a capaian changed now is followed at once.
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.KURANG)

    assert state(periode_kepala) == (StatusPeriode.TERBUKA, Rating.DIBAWAH, Predikat.BUTUH_PERBAIKAN)
    assert fresh(periode_kepala).perlu_ditinjau == ""


def test_capaian_set_touches_only_the_heads_rated_periods_of_that_code(dinas, periode_kepala):
    staf = PeriodePenilaianFactory(skp=approved(dinas.staf))
    rate(staf, dinas.kepala, Rating.DIATAS)
    kepala_tw2 = PeriodePenilaianFactory(
        skp=periode_kepala.skp,
        kode=TW2,
        nama="Triwulan II",
        mulai=datetime.date(YEAR, 4, 1),
        selesai=datetime.date(YEAR, 6, 30),
    )
    rate(kepala_tw2, dinas.sekda, Rating.SESUAI)

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.SANGAT_KURANG)

    assert state(staf)[1:] == (Rating.DIATAS, Predikat.SANGAT_BAIK)  # not the head: the penilai's choice stands
    assert state(kepala_tw2)[1:] == (Rating.SESUAI, Predikat.BAIK)  # another period
    assert state(periode_kepala)[1:] == ("", "")  # not rated yet: rating_set derives it when it is


def test_the_head_of_a_unit_without_its_own_capaian_rates_freely_under_a_capaian_above(dinas, instansi):
    bidang = UnitKerjaFactory(instansi=instansi, nama="Bidang SD", parent=dinas.unit)
    kabid = UserFactory(unit_kerja=bidang, atasan=dinas.kepala)
    periode = PeriodePenilaianFactory(skp=approved(kabid))
    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.SANGAT_KURANG)

    rate(periode, dinas.kepala, Rating.DIATAS)

    assert state(periode)[1:] == (Rating.DIATAS, Predikat.SANGAT_BAIK)
    assert rating_pimpinan(PeriodePenilaian.objects.select_related("skp").get(pk=periode.pk)).capaian is None


def test_rating_pimpinan_says_derived_with_why_or_who_sets_the_capaian(dinas, periode_kepala):
    def form_note(periode):
        return rating_pimpinan(PeriodePenilaian.objects.select_related("skp").get(pk=periode.pk))

    waiting = form_note(periode_kepala)
    assert waiting.rating is None
    assert "belum ditetapkan untuk periode ini oleh atasan pimpinan unit (Sekda) atau admin instansi" in (
        waiting.alasan
    )

    services.capaian_set(actor=dinas.sekda, unit_kerja=dinas.unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)

    derived = form_note(periode_kepala)
    assert derived.rating == Rating.DIATAS
    assert derived.alasan == (
        "Rating Hasil Kerja pimpinan unit mengikuti Capaian Kinerja Organisasi Dinas Pendidikan: "
        "Istimewa → Diatas Ekspektasi."
    )
    staf = PeriodePenilaianFactory(skp=approved(dinas.staf))
    assert form_note(staf) is None


def test_who_heads_a_unit(dinas, instansi):
    assert permissions.heads_unit(dinas.unit.pk, dinas.sekda)  # atasan outside the unit
    assert permissions.heads_unit(dinas.unit.pk, None)  # no atasan at all
    assert not permissions.heads_unit(dinas.unit.pk, dinas.kepala)  # atasan inside the unit
    assert not permissions.heads_unit(None, dinas.sekda)
    assert [a.pk for a in atasan_pimpinan(dinas.unit.pk)] == [dinas.sekda.pk]
    heads = PeriodePenilaian.objects.of_heads()
    kepala, staf = (PeriodePenilaianFactory(skp=approved(u)) for u in (dinas.kepala, dinas.staf))
    sekda = PeriodePenilaianFactory(skp=approved(dinas.sekda))  # no atasan: heads the root unit
    assert set(heads.values_list("pk", flat=True)) == {kepala.pk, sekda.pk}
    assert staf.pk not in set(heads.values_list("pk", flat=True))


# --- who counts in a unit's distribution ------------------------------------------------------------------------


@pytest.fixture
def tree(instansi, dinas):
    """Dinas > Bidang A > Seksi A1, Dinas > Bidang A2 (a name that starts like "Bidang A"), Dinas > Bidang B; each
    with its head (atasan one level up) and one staff member, and every one of them with a predikat for TW1."""
    units = {"dinas": dinas.unit}
    units["a"] = UnitKerjaFactory(instansi=instansi, nama="Bidang A", parent=dinas.unit)
    units["a1"] = UnitKerjaFactory(instansi=instansi, nama="Seksi A1", parent=units["a"])
    units["a2"] = UnitKerjaFactory(instansi=instansi, nama="Bidang A2", parent=dinas.unit)
    units["b"] = UnitKerjaFactory(instansi=instansi, nama="Bidang B", parent=dinas.unit)
    heads = {"dinas": dinas.kepala}
    for key, parent in (("a", "dinas"), ("a1", "a"), ("a2", "dinas"), ("b", "dinas")):
        heads[key] = UserFactory(unit_kerja=units[key], atasan=heads[parent])
    periods = {}
    for key, unit in units.items():
        staff = dinas.staf if key == "dinas" else UserFactory(unit_kerja=unit, atasan=heads[key])
        for role, user in (("head", heads[key]), ("staf", staff)):
            periods[key, role] = PeriodePenilaianFactory(
                skp__pegawai=user, kode=TW1, predikat=Predikat.BAIK, penilai=user.atasan
            ).pk
    return SimpleNamespace(units=units, heads=heads, periods=periods)


def population(tree, key, kode=TW1) -> set[str]:
    pks = set(PeriodePenilaian.objects.of_unit(tree.units[key].pk, kode).values_list("pk", flat=True))
    return {f"{unit}/{role}" for (unit, role), pk in tree.periods.items() if pk in pks}


def everyone(*units) -> set[str]:
    return {f"{u}/{role}" for u in units for role in ("head", "staf")}


def test_without_capaian_below_a_unit_counts_everything_under_it_head_included(tree):
    assert population(tree, "dinas") == everyone("dinas", "a", "a1", "a2", "b")
    assert population(tree, "a") == everyone("a", "a1")  # "Bidang A2" is not below "Bidang A"
    assert population(tree, "a1") == everyone("a1")


def test_a_unit_below_with_its_own_capaian_has_its_own_distribution_with_what_is_under_it(tree, instansi):
    CapaianUnitFactory(unit_kerja=tree.units["a"], kode=TW1)
    CapaianUnitFactory(unit_kerja=tree.units["b"], kode=TW2)  # another period's capaian changes nothing in TW1

    assert population(tree, "dinas") == everyone("dinas", "a2", "b")
    assert population(tree, "a") == everyone("a", "a1")
    assert population(tree, "b", kode=TW2) == set()  # no TW2 periods

    CapaianUnitFactory(unit_kerja=tree.units["a1"], kode=TW1)
    assert population(tree, "a") == everyone("a")
    assert population(tree, "a1") == everyone("a1")
    assert population(tree, "dinas") == everyone("dinas", "a2", "b")


def test_a_capaian_deeper_down_stops_only_its_own_branch(tree):
    CapaianUnitFactory(unit_kerja=tree.units["a1"], kode=TW1)

    assert population(tree, "dinas") == everyone("dinas", "a", "a2", "b")
    assert population(tree, "a") == everyone("a")


@pytest.mark.parametrize("with_capaian", [(), ("dinas",), ("dinas", "a"), ("dinas", "a", "a1"), ("a1", "b")])
def test_each_pegawai_counts_in_exactly_one_distribution_the_one_of_the_capaian_that_governs_them(
    tree, instansi, with_capaian
):
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    tree.units["root"] = root
    for key in with_capaian:
        CapaianUnitFactory(unit_kerja=tree.units[key], kode=TW1)
    distributions = ["root", *with_capaian]  # the root: those no capaian governs (yet)
    populations = [population(tree, key) for key in distributions]

    assert sum(len(p) for p in populations) == len(tree.periods)
    assert set().union(*populations) == everyone("dinas", "a", "a1", "a2", "b")

    governing = dict(
        PeriodePenilaian.objects.filter(pk__in=tree.periods.values())
        .with_governing_unit()
        .values_list("pk", "governing_unit_id")
    )
    for key, members in zip(distributions, populations, strict=True):
        expected = tree.units[key].pk if key != "root" else None
        for member in members:
            unit, role = member.split("/")
            assert governing[tree.periods[unit, role]] == expected, member
            capaian = CapaianUnit.objects.governing(tree.units[unit].pk, TW1).first()
            assert (capaian.unit_kerja_id if capaian else None) == expected, member


def test_the_units_distribution_and_its_warnings_count_the_head_and_the_units_below(tree, admin_instansi):
    # Istimewa: Sangat Baik the largest group and at most 70 %. Bidang A and its seksi have a capaian of their own.
    CapaianUnitFactory(unit_kerja=tree.units["a"], kode=TW1)
    services.capaian_set(
        actor=admin_instansi, unit_kerja=tree.units["dinas"], kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA
    )
    counted = ("dinas", "a2", "b")
    for key in counted:
        PeriodePenilaian.objects.filter(pk=tree.periods[key, "head"]).update(predikat=Predikat.SANGAT_BAIK)
    counts = PeriodePenilaian.objects.of_unit(tree.units["dinas"].pk, TW1).predikat_counts()
    assert counts == {Predikat.SANGAT_BAIK: 3, Predikat.BAIK: 3}

    # The staff member of Bidang B is governed by the Dinas's capaian: their evaluation shows its warnings.
    staf_b = PeriodePenilaian.objects.select_related("skp").get(pk=tree.periods["b", "staf"])
    assert services.kurva_warnings(staf_b) == []  # 3 of 6 Sangat Baik: largest (tied), 50 %
    PeriodePenilaian.objects.filter(pk=tree.periods["b", "staf"]).update(predikat=Predikat.SANGAT_BAIK)
    PeriodePenilaian.objects.filter(pk=tree.periods["a2", "staf"]).update(predikat=Predikat.SANGAT_BAIK)
    assert [w.rule for w in services.kurva_warnings(staf_b)] == ["Sangat Baik paling banyak 70 %"]  # 5 of 6
    # Bidang A's staff are judged by Bidang A's own capaian (Baik), not the Dinas's.
    staf_a = PeriodePenilaian.objects.select_related("skp").get(pk=tree.periods["a", "staf"])
    assert [w.rule for w in services.kurva_warnings(staf_a)] == [
        "Baik paling banyak 70 %",
        "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct",
    ]


def test_the_dokumen_evaluasi_prints_the_capaian_governing_the_pegawai_and_its_distribution(tree, admin_instansi):
    from penilaian import printing
    from skp.printing import dokumen_cetak_create

    services.capaian_set(
        actor=admin_instansi, unit_kerja=tree.units["dinas"], kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA
    )
    CapaianUnitFactory(unit_kerja=tree.units["a"], kode=TW1)

    def printed(key):
        periode = PeriodePenilaian.objects.select_related("skp__instansi").get(pk=tree.periods[key, "staf"])
        dokumen = dokumen_cetak_create(
            actor=admin_instansi, skp=periode.skp, jenis="evaluasi", tanggal=datetime.date(YEAR, 4, 6), lokasi="X"
        )
        context = printing.evaluasi_context(periode, dokumen)
        return context["unit_kerja"], context["capaian"], context["total"]

    # Bidang B has no capaian: the Dinas's governs it, with the Dinas's distribution (Bidang A and its seksi apart).
    assert printed("b") == ("Dinas Pendidikan", "Istimewa", 6)
    assert printed("a1") == ("Bidang A", "Baik", 4)
    assert printed("a")[1:] == ("Baik", 4)
