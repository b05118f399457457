"""The pola distribusi of SE MenPANRB 3/2023 (docs/rules.md §8.2–§8.6) in penilaian/kurva.py: every clause of every
capaian at its boundaries, small teams, ties, and the ideal curve. Pure functions, no database."""

import dataclasses
import itertools

import pytest

from penilaian.kurva import CHART_ORDER, IDEAL_CURVE, RuleResult, check_distribution
from penilaian.predikat import CapaianOrganisasi, Predikat

ISTIMEWA = CapaianOrganisasi.ISTIMEWA
BAIK = CapaianOrganisasi.BAIK
BUTUH_PERBAIKAN = CapaianOrganisasi.BUTUH_PERBAIKAN
KURANG = CapaianOrganisasi.KURANG
SANGAT_KURANG = CapaianOrganisasi.SANGAT_KURANG


def unit(sb=0, b=0, bp=0, k=0, sk=0) -> dict[Predikat, int]:
    """A unit's predikat counts, written the way one reads a team: 2 Sangat Baik, 5 Baik, …"""
    return {
        Predikat.SANGAT_BAIK: sb,
        Predikat.BAIK: b,
        Predikat.BUTUH_PERBAIKAN: bp,
        Predikat.KURANG: k,
        Predikat.SANGAT_KURANG: sk,
    }


def result(capaian, counts, rule) -> RuleResult:
    (found,) = [r for r in check_distribution(capaian, counts) if r.rule == rule]
    return found


def kept(capaian, counts) -> tuple[bool, ...]:
    return tuple(r.kept for r in check_distribution(capaian, counts))


def compositions(total, parts=5):
    """Every way of spreading ``total`` pegawai over ``parts`` predikat."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


# --- the clauses ---------------------------------------------------------------------------------------

RULE_TEXTS = {
    ISTIMEWA: ["Sangat Baik adalah kelompok terbesar", "Sangat Baik paling banyak 70 %"],
    BAIK: [
        "Baik adalah kelompok terbesar",
        "Baik paling banyak 70 %",
        "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct",
    ],
    BUTUH_PERBAIKAN: ["Butuh Perbaikan paling sedikit 60 %", "Sangat Baik paling banyak 10 %"],
    KURANG: [
        "Kurang/Misconduct paling sedikit 60 %",
        "Butuh Perbaikan paling sedikit 10 %",
        "Sangat Baik paling banyak 10 %",
    ],
    SANGAT_KURANG: [
        "Sangat Kurang paling sedikit 60 %",
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        "Tidak ada Sangat Baik",
    ],
}


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_one_result_per_clause_of_the_table_row_in_order(capaian):
    results = check_distribution(capaian, unit(sb=1, b=1, bp=1, k=1, sk=1))
    assert [r.rule for r in results] == RULE_TEXTS[capaian]


def test_every_capaian_has_its_rules_listed():
    assert set(RULE_TEXTS) == set(CapaianOrganisasi)


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_an_empty_unit_gives_no_results(capaian):
    assert check_distribution(capaian, {}) == []
    assert check_distribution(capaian, unit()) == []


# --- each clause at its boundary -------------------------------------------------------------------------

BOUNDARIES = [
    # Istimewa: Sangat Baik the largest group, at most 70 %.
    pytest.param(ISTIMEWA, unit(sb=3, b=2), "Sangat Baik adalah kelompok terbesar", True, id="istimewa-sb-largest"),
    pytest.param(ISTIMEWA, unit(sb=2, b=2), "Sangat Baik adalah kelompok terbesar", True, id="istimewa-sb-tied"),
    pytest.param(ISTIMEWA, unit(sb=2, b=3), "Sangat Baik adalah kelompok terbesar", False, id="istimewa-b-larger"),
    pytest.param(ISTIMEWA, unit(sb=2, sk=3), "Sangat Baik adalah kelompok terbesar", False, id="istimewa-sk-larger"),
    pytest.param(ISTIMEWA, unit(sb=0, b=1), "Sangat Baik adalah kelompok terbesar", False, id="istimewa-no-sb"),
    pytest.param(ISTIMEWA, unit(sb=7, b=3), "Sangat Baik paling banyak 70 %", True, id="istimewa-sb-7-of-10"),
    pytest.param(ISTIMEWA, unit(sb=8, b=2), "Sangat Baik paling banyak 70 %", False, id="istimewa-sb-8-of-10"),
    pytest.param(ISTIMEWA, unit(sb=5, b=2), "Sangat Baik paling banyak 70 %", False, id="istimewa-sb-5-of-7"),
    pytest.param(ISTIMEWA, unit(sb=70, b=30), "Sangat Baik paling banyak 70 %", True, id="istimewa-sb-70-of-100"),
    pytest.param(ISTIMEWA, unit(sb=71, b=29), "Sangat Baik paling banyak 70 %", False, id="istimewa-sb-71-of-100"),
    # Baik: Baik the largest group, at most 70 %, at least one Butuh Perbaikan and/or Kurang/Misconduct.
    pytest.param(BAIK, unit(b=3, sb=2), "Baik adalah kelompok terbesar", True, id="baik-b-largest"),
    pytest.param(BAIK, unit(b=2, sb=2), "Baik adalah kelompok terbesar", True, id="baik-b-tied-with-sb"),
    pytest.param(BAIK, unit(b=2, bp=2), "Baik adalah kelompok terbesar", True, id="baik-b-tied-with-bp"),
    pytest.param(BAIK, unit(b=2, sb=3), "Baik adalah kelompok terbesar", False, id="baik-sb-larger"),
    pytest.param(BAIK, unit(b=2, k=3), "Baik adalah kelompok terbesar", False, id="baik-k-larger"),
    pytest.param(BAIK, unit(b=7, bp=3), "Baik paling banyak 70 %", True, id="baik-b-7-of-10"),
    pytest.param(BAIK, unit(b=8, bp=2), "Baik paling banyak 70 %", False, id="baik-b-8-of-10"),
    pytest.param(BAIK, unit(b=5, bp=2), "Baik paling banyak 70 %", False, id="baik-b-5-of-7"),
    pytest.param(BAIK, unit(b=4, bp=3), "Baik paling banyak 70 %", True, id="baik-b-4-of-7"),
    pytest.param(
        BAIK, unit(b=9, sb=1), "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct", False, id="baik-none"
    ),
    pytest.param(
        BAIK, unit(b=9, bp=1), "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct", True, id="baik-one-bp"
    ),
    pytest.param(
        BAIK, unit(b=9, k=1), "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct", True, id="baik-one-k"
    ),
    pytest.param(
        BAIK,
        unit(b=9, sk=1),
        "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct",
        False,
        id="baik-sangat-kurang-does-not-count",
    ),
    # Butuh Perbaikan: at least 60 % Butuh Perbaikan, Sangat Baik at most 10 %.
    pytest.param(BUTUH_PERBAIKAN, unit(bp=6, b=4), "Butuh Perbaikan paling sedikit 60 %", True, id="bp-6-of-10"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=5, b=5), "Butuh Perbaikan paling sedikit 60 %", False, id="bp-5-of-10"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=3, b=2), "Butuh Perbaikan paling sedikit 60 %", True, id="bp-3-of-5"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=60, b=40), "Butuh Perbaikan paling sedikit 60 %", True, id="bp-60-of-100"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=59, b=41), "Butuh Perbaikan paling sedikit 60 %", False, id="bp-59-of-100"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=4, b=3), "Butuh Perbaikan paling sedikit 60 %", False, id="bp-4-of-7"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=5, b=2), "Butuh Perbaikan paling sedikit 60 %", True, id="bp-5-of-7"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=1, bp=9), "Sangat Baik paling banyak 10 %", True, id="bp-sb-1-of-10"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=2, bp=8), "Sangat Baik paling banyak 10 %", False, id="bp-sb-2-of-10"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=1, bp=8), "Sangat Baik paling banyak 10 %", False, id="bp-sb-1-of-9"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=2, bp=18), "Sangat Baik paling banyak 10 %", True, id="bp-sb-2-of-20"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=3, bp=17), "Sangat Baik paling banyak 10 %", False, id="bp-sb-3-of-20"),
    # Kurang: at least 60 % Kurang/Misconduct, at least 10 % Butuh Perbaikan, Sangat Baik at most 10 %.
    pytest.param(KURANG, unit(k=6, bp=4), "Kurang/Misconduct paling sedikit 60 %", True, id="kurang-k-6-of-10"),
    pytest.param(KURANG, unit(k=5, bp=5), "Kurang/Misconduct paling sedikit 60 %", False, id="kurang-k-5-of-10"),
    pytest.param(KURANG, unit(k=5, bp=2), "Kurang/Misconduct paling sedikit 60 %", True, id="kurang-k-5-of-7"),
    pytest.param(KURANG, unit(k=4, bp=3), "Kurang/Misconduct paling sedikit 60 %", False, id="kurang-k-4-of-7"),
    pytest.param(KURANG, unit(bp=1, k=9), "Butuh Perbaikan paling sedikit 10 %", True, id="kurang-bp-1-of-10"),
    pytest.param(KURANG, unit(bp=0, k=10), "Butuh Perbaikan paling sedikit 10 %", False, id="kurang-bp-0-of-10"),
    pytest.param(KURANG, unit(bp=1, k=10), "Butuh Perbaikan paling sedikit 10 %", False, id="kurang-bp-1-of-11"),
    pytest.param(KURANG, unit(bp=2, k=9), "Butuh Perbaikan paling sedikit 10 %", True, id="kurang-bp-2-of-11"),
    pytest.param(KURANG, unit(bp=2, k=18), "Butuh Perbaikan paling sedikit 10 %", True, id="kurang-bp-2-of-20"),
    pytest.param(KURANG, unit(bp=1, k=19), "Butuh Perbaikan paling sedikit 10 %", False, id="kurang-bp-1-of-20"),
    pytest.param(KURANG, unit(sb=1, k=9), "Sangat Baik paling banyak 10 %", True, id="kurang-sb-1-of-10"),
    pytest.param(KURANG, unit(sb=2, k=8), "Sangat Baik paling banyak 10 %", False, id="kurang-sb-2-of-10"),
    pytest.param(KURANG, unit(sb=1, k=8), "Sangat Baik paling banyak 10 %", False, id="kurang-sb-1-of-9"),
    # Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang/Misconduct and/or Butuh Perbaikan, no
    # Sangat Baik.
    pytest.param(SANGAT_KURANG, unit(sk=6, k=4), "Sangat Kurang paling sedikit 60 %", True, id="sk-6-of-10"),
    pytest.param(SANGAT_KURANG, unit(sk=5, k=5), "Sangat Kurang paling sedikit 60 %", False, id="sk-5-of-10"),
    pytest.param(SANGAT_KURANG, unit(sk=60, k=40), "Sangat Kurang paling sedikit 60 %", True, id="sk-60-of-100"),
    pytest.param(SANGAT_KURANG, unit(sk=59, k=41), "Sangat Kurang paling sedikit 60 %", False, id="sk-59-of-100"),
    pytest.param(
        SANGAT_KURANG,
        unit(k=1, sk=9),
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        True,
        id="sk-k-1-of-10",
    ),
    pytest.param(
        SANGAT_KURANG,
        unit(bp=1, sk=9),
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        True,
        id="sk-bp-1-of-10",
    ),
    pytest.param(
        SANGAT_KURANG,
        unit(k=1, bp=1, sk=18),
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        True,
        id="sk-k-and-bp-together-2-of-20",
    ),
    pytest.param(
        SANGAT_KURANG,
        unit(k=1, sk=19),
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        False,
        id="sk-k-1-of-20",
    ),
    pytest.param(
        SANGAT_KURANG,
        unit(b=1, sb=0, sk=9),
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %",
        False,
        id="sk-baik-does-not-count",
    ),
    pytest.param(SANGAT_KURANG, unit(sk=10), "Tidak ada Sangat Baik", True, id="sk-no-sb"),
    pytest.param(SANGAT_KURANG, unit(sb=1, sk=99), "Tidak ada Sangat Baik", False, id="sk-sb-1-of-100"),
]


@pytest.mark.parametrize(("capaian", "counts", "rule", "expected"), BOUNDARIES)
def test_each_rule_at_its_boundary(capaian, counts, rule, expected):
    assert result(capaian, counts, rule).kept is expected


# --- the detail shown to the penilai ---------------------------------------------------------------------


def test_detail_states_the_share_and_the_limit_in_people():
    detail = result(BAIK, unit(b=5, bp=2), "Baik paling banyak 70 %").detail
    assert detail == "5 dari 7 pegawai (71 %); paling banyak 4 pegawai"


def test_detail_of_a_floor_states_how_many_people_are_needed():
    detail = result(KURANG, unit(k=3, bp=4), "Kurang/Misconduct paling sedikit 60 %").detail
    assert detail == "3 dari 7 pegawai (43 %); paling sedikit 5 pegawai"


def test_detail_rounds_a_half_percent_up_for_reading_only():
    detail = result(BUTUH_PERBAIKAN, unit(sb=1, bp=7), "Sangat Baik paling banyak 10 %").detail
    assert detail == "1 dari 8 pegawai (13 %); paling banyak 0 pegawai"


def test_a_share_that_reads_as_70_percent_can_still_break_the_cap():
    # 1401 of 2001 is 70.01 %: shown as 70 %, yet over the cap; the limit in people says why.
    res = result(ISTIMEWA, unit(sb=1401, b=600), "Sangat Baik paling banyak 70 %")
    assert res.kept is False
    assert res.detail == "1401 dari 2001 pegawai (70 %); paling banyak 1400 pegawai"


def test_detail_of_largest_group_names_the_next_group():
    res = result(ISTIMEWA, unit(sb=4, b=2, bp=1), "Sangat Baik adalah kelompok terbesar")
    assert res.detail == "Sangat Baik 4 pegawai; kelompok lain terbanyak: Baik 2 pegawai"


def test_detail_of_a_tie_says_sama_banyak_and_names_every_tied_group():
    res = result(BAIK, unit(b=2, sb=2, bp=2), "Baik adalah kelompok terbesar")
    assert res.kept is True
    assert res.detail == "Baik 2 pegawai; kelompok lain terbanyak: Sangat Baik, Butuh Perbaikan 2 pegawai (sama banyak)"


def test_detail_of_a_broken_largest_group_names_the_larger_group():
    res = result(ISTIMEWA, unit(sb=1, b=3), "Sangat Baik adalah kelompok terbesar")
    assert res.kept is False
    assert res.detail == "Sangat Baik 1 pegawai; kelompok lain terbanyak: Baik 3 pegawai"


def test_detail_of_largest_group_when_everybody_has_that_predikat():
    res = result(ISTIMEWA, unit(sb=3), "Sangat Baik adalah kelompok terbesar")
    assert res.kept is True
    assert res.detail == "Sangat Baik 3 pegawai; tidak ada predikat lain"


# --- small teams -----------------------------------------------------------------------------------------

SMALL_TEAMS = [
    # Istimewa: (largest, at most 70 %)
    pytest.param(ISTIMEWA, unit(sb=1), (True, False), id="istimewa-1-sb-is-100-percent"),
    pytest.param(ISTIMEWA, unit(b=1), (False, True), id="istimewa-1-b"),
    pytest.param(ISTIMEWA, unit(sb=1, b=1), (True, True), id="istimewa-2-tie-kept"),
    pytest.param(ISTIMEWA, unit(sb=2), (True, False), id="istimewa-2-both-sb"),
    pytest.param(ISTIMEWA, unit(sb=2, b=1), (True, True), id="istimewa-3-two-sb"),
    pytest.param(ISTIMEWA, unit(sb=1, b=1, bp=1), (True, True), id="istimewa-3-three-way-tie"),
    pytest.param(ISTIMEWA, unit(sb=5, b=2), (True, False), id="istimewa-7-five-sb"),
    pytest.param(ISTIMEWA, unit(sb=4, b=3), (True, True), id="istimewa-7-four-sb"),
    # Baik: (largest, at most 70 %, at least one Butuh Perbaikan and/or Kurang/Misconduct)
    pytest.param(BAIK, unit(b=1), (True, False, False), id="baik-1-b"),
    pytest.param(BAIK, unit(bp=1), (False, True, True), id="baik-1-bp"),
    pytest.param(BAIK, unit(b=1, bp=1), (True, True, True), id="baik-2-b-and-bp"),
    pytest.param(BAIK, unit(b=2), (True, False, False), id="baik-2-both-b"),
    pytest.param(BAIK, unit(b=2, k=1), (True, True, True), id="baik-3-two-b-one-k"),
    pytest.param(BAIK, unit(b=1, sb=2), (False, True, False), id="baik-3-two-sb"),
    pytest.param(BAIK, unit(b=5, bp=2), (True, False, True), id="baik-7-five-b"),
    pytest.param(BAIK, unit(b=4, sb=2, bp=1), (True, True, True), id="baik-7-four-b"),
    # Butuh Perbaikan: (at least 60 % Butuh Perbaikan, Sangat Baik at most 10 %)
    pytest.param(BUTUH_PERBAIKAN, unit(bp=1), (True, True), id="bp-1-bp"),
    pytest.param(BUTUH_PERBAIKAN, unit(sb=1), (False, False), id="bp-1-sb"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=1, b=1), (False, True), id="bp-2-half-is-not-60-percent"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=2), (True, True), id="bp-2-both-bp"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=2, b=1), (True, True), id="bp-3-two-bp"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=2, sb=1), (True, False), id="bp-3-one-sb-is-too-many"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=5, b=2), (True, True), id="bp-7-five-bp"),
    pytest.param(BUTUH_PERBAIKAN, unit(bp=4, b=2, sb=1), (False, False), id="bp-7-four-bp-one-sb"),
    # Kurang: (at least 60 % Kurang/Misconduct, at least 10 % Butuh Perbaikan, Sangat Baik at most 10 %)
    pytest.param(KURANG, unit(k=1), (True, False, True), id="kurang-1-k"),
    pytest.param(KURANG, unit(k=1, bp=1), (False, True, True), id="kurang-2-k-and-bp"),
    pytest.param(KURANG, unit(k=2), (True, False, True), id="kurang-2-both-k"),
    pytest.param(KURANG, unit(k=2, bp=1), (True, True, True), id="kurang-3-two-k-one-bp"),
    pytest.param(KURANG, unit(k=5, bp=1, sk=1), (True, True, True), id="kurang-7-five-k"),
    pytest.param(KURANG, unit(k=4, bp=2, sb=1), (False, True, False), id="kurang-7-four-k-one-sb"),
    # Sangat Kurang: (at least 60 % Sangat Kurang, at least 10 % Kurang and/or Butuh Perbaikan, no Sangat Baik)
    pytest.param(SANGAT_KURANG, unit(sk=1), (True, False, True), id="sk-1-sk"),
    pytest.param(SANGAT_KURANG, unit(sk=1, k=1), (False, True, True), id="sk-2-sk-and-k"),
    pytest.param(SANGAT_KURANG, unit(sk=2), (True, False, True), id="sk-2-both-sk"),
    pytest.param(SANGAT_KURANG, unit(sk=2, bp=1), (True, True, True), id="sk-3-two-sk-one-bp"),
    pytest.param(SANGAT_KURANG, unit(sk=5, k=1, bp=1), (True, True, True), id="sk-7-five-sk"),
    pytest.param(SANGAT_KURANG, unit(sk=4, k=2, sb=1), (False, True, False), id="sk-7-four-sk-one-sb"),
]


@pytest.mark.parametrize(("capaian", "counts", "expected"), SMALL_TEAMS)
def test_small_team_is_checked_against_every_clause(capaian, counts, expected):
    assert kept(capaian, counts) == expected


# The patterns a unit of that size cannot keep whatever the penilai does; documented in kurva.py and 0007.
UNKEEPABLE = {
    (ISTIMEWA, 1),
    (BAIK, 1),
    (KURANG, 1),
    (KURANG, 2),
    (SANGAT_KURANG, 1),
    (SANGAT_KURANG, 2),
}


@pytest.mark.parametrize("size", range(1, 13))
@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_only_the_documented_tiny_units_cannot_keep_their_pattern(capaian, size):
    keepable = any(all(kept(capaian, dict(zip(CHART_ORDER, spread, strict=True)))) for spread in compositions(size))
    assert keepable is ((capaian, size) not in UNKEEPABLE)


# --- input handling --------------------------------------------------------------------------------------


def test_a_missing_predikat_counts_as_zero():
    assert kept(BAIK, {Predikat.BAIK: 2, Predikat.KURANG: 1}) == (True, True, True)


def test_counts_keyed_by_stored_string_values_are_accepted():
    assert kept("baik", {"baik": 2, "kurang": 1}) == (True, True, True)
    assert kept("baik", {"baik": 3}) == (True, False, False)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        check_distribution(BAIK, unit(b=3, bp=-1))


def test_unknown_predikat_is_refused():
    with pytest.raises(ValueError):
        check_distribution(BAIK, {"luar_biasa": 1})


def test_rule_result_is_frozen():
    res = check_distribution(BAIK, unit(b=2, bp=1))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.kept = False


# --- the ideal curve -------------------------------------------------------------------------------------


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_ideal_curve_sums_to_100_percent(capaian):
    assert sum(IDEAL_CURVE[capaian].values()) == 100


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_ideal_curve_has_every_predikat_in_chart_order(capaian):
    assert list(IDEAL_CURVE[capaian]) == list(CHART_ORDER)
    assert all(share >= 0 for share in IDEAL_CURVE[capaian].values())


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi), ids=lambda c: c.value)
def test_ideal_curve_as_a_unit_of_100_keeps_every_rule_of_its_capaian(capaian):
    results = check_distribution(capaian, IDEAL_CURVE[capaian])
    assert len(results) == len(RULE_TEXTS[capaian])
    assert all(r.kept for r in results), [r for r in results if not r.kept]


@pytest.mark.parametrize(
    ("capaian", "peak"),
    [
        (ISTIMEWA, Predikat.SANGAT_BAIK),
        (BAIK, Predikat.BAIK),
        (BUTUH_PERBAIKAN, Predikat.BUTUH_PERBAIKAN),
        (KURANG, Predikat.KURANG),
        (SANGAT_KURANG, Predikat.SANGAT_KURANG),
    ],
    ids=lambda v: v.value,
)
def test_ideal_curve_has_one_peak_at_the_predikat_its_rule_names(capaian, peak):
    shares = [IDEAL_CURVE[capaian][p] for p in CHART_ORDER]
    top = CHART_ORDER.index(peak)
    assert shares[top] == max(shares)
    assert shares.count(max(shares)) == 1
    assert all(a <= b for a, b in itertools.pairwise(shares[: top + 1]))
    assert all(a >= b for a, b in itertools.pairwise(shares[top:]))


def test_chart_runs_from_worst_to_best_predikat():
    assert CHART_ORDER == (
        Predikat.SANGAT_KURANG,
        Predikat.KURANG,
        Predikat.BUTUH_PERBAIKAN,
        Predikat.BAIK,
        Predikat.SANGAT_BAIK,
    )
