"""Period generation, clipping to an SKP, and deadlines."""

import datetime
import itertools

import pytest

from penilaian.periode import Skema, batas_waktu, periods_for_year, periods_within

D = datetime.date


@pytest.mark.parametrize(
    ("skema", "count"), [(Skema.BULANAN, 13), (Skema.BULANAN_16, 14), (Skema.TRIWULAN, 5), (Skema.SEMESTER, 3)]
)
def test_every_scheme_covers_the_year_without_gaps_and_ends_with_tahunan(skema, count):
    periods = periods_for_year(skema, 2024)
    assert len(periods) == count
    *regular, tahunan = periods
    assert (tahunan.nama, tahunan.mulai, tahunan.selesai, tahunan.is_tahunan) == (
        "Tahunan",
        D(2024, 1, 1),
        D(2024, 12, 31),
        True,
    )
    assert regular[0].mulai == D(2024, 1, 1) and regular[-1].selesai == D(2024, 12, 31)
    for before, after in itertools.pairwise(regular):
        assert after.mulai == before.selesai + datetime.timedelta(days=1)
    assert len({p.kode for p in periods}) == len(periods)


def test_triwulan_names_and_dates_follow_the_quarterly_guide():
    tw = periods_for_year(Skema.TRIWULAN, 2024)
    assert [(p.nama, p.mulai, p.selesai) for p in tw[:4]] == [
        ("Triwulan I", D(2024, 1, 1), D(2024, 3, 31)),
        ("Triwulan II", D(2024, 4, 1), D(2024, 6, 30)),
        ("Triwulan III", D(2024, 7, 1), D(2024, 9, 30)),
        ("Triwulan IV", D(2024, 10, 1), D(2024, 12, 31)),
    ]


def test_monthly_periods_know_february_of_a_leap_year():
    bulanan = periods_for_year(Skema.BULANAN, 2024)
    assert (bulanan[1].nama, bulanan[1].selesai) == ("Februari", D(2024, 2, 29))
    assert periods_for_year(Skema.BULANAN, 2026)[1].selesai == D(2026, 2, 28)


def test_the_16th_to_15th_cycle_of_the_2022_manual():
    cycle = periods_for_year(Skema.BULANAN_16, 2022)
    assert [p.nama for p in cycle[:3]] == [
        "1 Januari – 15 Januari",
        "16 Januari – 15 Februari",
        "16 Februari – 15 Maret",
    ]
    assert (cycle[12].mulai, cycle[12].selesai) == (D(2022, 12, 16), D(2022, 12, 31))


def test_an_skp_starting_mid_year_offers_only_its_periods_clipped_to_its_range():
    periods = periods_within(Skema.TRIWULAN, D(2026, 2, 15), D(2026, 8, 31))
    assert [(p.nama, p.mulai, p.selesai) for p in periods] == [
        ("Triwulan I", D(2026, 2, 15), D(2026, 3, 31)),
        ("Triwulan II", D(2026, 4, 1), D(2026, 6, 30)),
        ("Triwulan III", D(2026, 7, 1), D(2026, 8, 31)),
        ("Tahunan", D(2026, 2, 15), D(2026, 8, 31)),
    ]


def test_batas_waktu_is_five_days_after_the_end_unless_the_instansi_overrides_it():
    tw1 = periods_for_year(Skema.TRIWULAN, 2024)[0]
    assert batas_waktu(tw1) == D(2024, 4, 5)
    assert batas_waktu(tw1, {"2024-TW1": D(2024, 4, 15)}) == D(2024, 4, 15)
    assert batas_waktu(tw1, {"2024-TW2": D(2024, 7, 15)}) == D(2024, 4, 5)


def test_december_deadline_crosses_into_the_next_year():
    tahunan = periods_for_year(Skema.SEMESTER, 2026)[-1]
    assert batas_waktu(tahunan) == D(2027, 1, 5)


def test_an_unknown_scheme_is_an_error():
    with pytest.raises(ValueError, match="skema tidak dikenal"):
        periods_for_year("mingguan", 2026)
