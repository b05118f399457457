"""Kurva distribusi (SE MenPANRB 3/2023; docs/rules.md §8.2–§8.6): the ideal curve per capaian organisasi, and the
check of a unit's predikat against its pola distribusi. Data and pure functions.

How a unit is compared with its rule (docs/decisions/0007-predikat-and-kurva.md has the worked examples):

- **Exact, never rounded.** A share is compared as a fraction of whole people in integer arithmetic:
  "paling banyak 70 %" is kept when ``count * 100 <= 70 * total``; "paling sedikit 60 %" when
  ``count * 100 >= 60 * total``. The percentage in the detail is rounded for reading only, so the detail
  also states the limit in people, which is what the check used.
- **In people, for small teams**, that means "paling banyak p %" allows floor(p % × n) people and
  "paling sedikit p %" requires ceil(p % × n) people. So "Sangat Baik paling banyak 10 %" allows nobody
  in a unit of fewer than 10, and "Butuh Perbaikan paling sedikit 10 %" needs at least one person in any
  unit of up to 10. We keep the letter: the caps guard an honour in a unit that fell short, and the floors
  ask that somebody be named; a softer reading would let one Sangat Baik in two (50 %) pass as "10 %".
  The check only warns before Tetapkan, it never blocks, so the penilai can still decide otherwise.
- **Largest group: a tie is kept.** "Baik adalah kelompok terbesar" is kept when no other predikat has
  more people; the detail says "sama banyak" when another has as many. The rule asks where the curve
  peaks, and a plateau of two still peaks there. The strict reading would also make both rows unkeepable
  for a unit of 2: under Baik it needs 2 Baik and so no Butuh Perbaikan, under Istimewa 2 Sangat Baik (100 %).
- **Some patterns cannot be kept by very small units**, whatever the penilai does: 1 person under Istimewa,
  Baik, Kurang or Sangat Kurang, and 2 people under Kurang or Sangat Kurang (for example, Kurang asks for
  at least 60 % Kurang/Misconduct, which is both of 2, and at least one Butuh Perbaikan). The warnings
  are still shown, since they are true; the tests pin this list.
- **An empty unit** (no predikat yet) gives no results: there is nothing to compare.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from penilaian.predikat import CapaianOrganisasi, Predikat, Rating

# Left to right on the chart's horizontal axis, from worst to best.
CHART_ORDER: tuple[Predikat, ...] = (
    Predikat.SANGAT_KURANG,
    Predikat.KURANG,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.BAIK,
    Predikat.SANGAT_BAIK,
)

# Capaian organisasi as the Rating Hasil Kerja of the unit's head (docs/rules.md §7.9): the spec's own reading,
# docs/decisions/0013-head-rating-and-kurva-population.md.
CAPAIAN_TO_RATING: dict[CapaianOrganisasi, Rating] = {
    CapaianOrganisasi.ISTIMEWA: Rating.DIATAS,
    CapaianOrganisasi.BAIK: Rating.SESUAI,
    CapaianOrganisasi.BUTUH_PERBAIKAN: Rating.DIBAWAH,
    CapaianOrganisasi.KURANG: Rating.DIBAWAH,
    CapaianOrganisasi.SANGAT_KURANG: Rating.DIBAWAH,
}

# The red curve of Lihat Kurva, in percent of the unit, keys in CHART_ORDER. One peak at the predikat the
# rule names, well inside its limits, falling off on both sides; each sums to 100 and, taken as a unit of
# 100 pegawai, keeps every rule of its own capaian (the tests check both). A shape, not a quota.
IDEAL_CURVE: dict[CapaianOrganisasi, dict[Predikat, int]] = {
    CapaianOrganisasi.ISTIMEWA: dict(zip(CHART_ORDER, (0, 5, 15, 30, 50), strict=True)),
    CapaianOrganisasi.BAIK: dict(zip(CHART_ORDER, (0, 5, 15, 60, 20), strict=True)),
    CapaianOrganisasi.BUTUH_PERBAIKAN: dict(zip(CHART_ORDER, (5, 10, 65, 15, 5), strict=True)),
    CapaianOrganisasi.KURANG: dict(zip(CHART_ORDER, (15, 65, 15, 5, 0), strict=True)),
    CapaianOrganisasi.SANGAT_KURANG: dict(zip(CHART_ORDER, (70, 20, 10, 0, 0), strict=True)),
}


@dataclass(frozen=True)
class RuleResult:
    """One clause of the pola distribusi as shown to the penilai: the rule, whether it holds, and the numbers."""

    rule: str
    kept: bool
    detail: str


@dataclass(frozen=True)
class Clause:
    """One clause of a pola distribusi. ``percent`` is for the share kinds, ``people`` for "at_least_people"."""

    rule: str
    kind: Literal["largest", "at_most", "at_least", "at_least_people"]
    group: tuple[Predikat, ...]
    percent: int = 0
    people: int = 0


SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)

# docs/rules.md §8.2, one clause per row item, in the order they are read out.
RULES: dict[CapaianOrganisasi, tuple[Clause, ...]] = {
    CapaianOrganisasi.ISTIMEWA: (
        Clause("Sangat Baik adalah kelompok terbesar", "largest", (SB,)),
        Clause("Sangat Baik paling banyak 70 %", "at_most", (SB,), percent=70),
    ),
    CapaianOrganisasi.BAIK: (
        Clause("Baik adalah kelompok terbesar", "largest", (B,)),
        Clause("Baik paling banyak 70 %", "at_most", (B,), percent=70),
        Clause("Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct", "at_least_people", (BP, K), people=1),
    ),
    CapaianOrganisasi.BUTUH_PERBAIKAN: (
        Clause("Butuh Perbaikan paling sedikit 60 %", "at_least", (BP,), percent=60),
        Clause("Sangat Baik paling banyak 10 %", "at_most", (SB,), percent=10),
    ),
    CapaianOrganisasi.KURANG: (
        Clause("Kurang/Misconduct paling sedikit 60 %", "at_least", (K,), percent=60),
        Clause("Butuh Perbaikan paling sedikit 10 %", "at_least", (BP,), percent=10),
        Clause("Sangat Baik paling banyak 10 %", "at_most", (SB,), percent=10),
    ),
    CapaianOrganisasi.SANGAT_KURANG: (
        Clause("Sangat Kurang paling sedikit 60 %", "at_least", (SK,), percent=60),
        Clause("Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %", "at_least", (K, BP), percent=10),
        Clause("Tidak ada Sangat Baik", "at_most", (SB,), percent=0),
    ),
}


def check_distribution(capaian: CapaianOrganisasi, counts: dict[Predikat, int]) -> list[RuleResult]:
    """Each clause of the pola distribusi for ``capaian``, checked against the unit's predikat counts.

    ``counts`` maps predikat to the number of pegawai with it; a missing predikat counts as zero. An empty
    unit gives an empty list. A broken rule is a warning for the penilai, not a refusal."""
    clauses = RULES[CapaianOrganisasi(capaian)]
    per_predikat = {p: 0 for p in CHART_ORDER}
    for key, count in counts.items():
        if count < 0:
            raise ValueError("Jumlah pegawai tidak boleh negatif.")
        per_predikat[Predikat(key)] += count
    total = sum(per_predikat.values())
    if total == 0:
        return []
    return [_check(clause, per_predikat, total) for clause in clauses]


def _check(clause: Clause, per_predikat: dict[Predikat, int], total: int) -> RuleResult:
    count = sum(per_predikat[p] for p in clause.group)
    if clause.kind == "largest":
        return _check_largest(clause, per_predikat)
    share = f"{count} dari {total} pegawai ({_percent(count, total)} %)"
    if clause.kind == "at_most":
        limit = clause.percent * total // 100  # floor: the most people whose share stays within the cap
        return RuleResult(clause.rule, count <= limit, f"{share}; paling banyak {limit} pegawai")
    if clause.kind == "at_least":
        need = -(-clause.percent * total // 100)  # ceil: the fewest people whose share reaches the floor
        return RuleResult(clause.rule, count >= need, f"{share}; paling sedikit {need} pegawai")
    return RuleResult(clause.rule, count >= clause.people, f"{share}; paling sedikit {clause.people} pegawai")


def _check_largest(clause: Clause, per_predikat: dict[Predikat, int]) -> RuleResult:
    (target,) = clause.group
    count = per_predikat[target]
    others = {p: n for p, n in per_predikat.items() if p != target}
    most = max(others.values())
    if most == 0:
        return RuleResult(clause.rule, True, f"{target.label} {count} pegawai; tidak ada predikat lain")
    leaders = ", ".join(p.label for p in CHART_ORDER[::-1] if p in others and others[p] == most)
    detail = f"{target.label} {count} pegawai; kelompok lain terbanyak: {leaders} {most} pegawai"
    if count == most:
        detail += " (sama banyak)"
    return RuleResult(clause.rule, count >= most, detail)


def _percent(count: int, total: int) -> int:
    """The share in whole percent, half rounded up: for reading only, never for the check."""
    return int(Fraction(count * 100, total) + Fraction(1, 2))


@dataclass(frozen=True)
class Bar:
    """One predikat on the Lihat Kurva chart: the ideal share (red) beside the realised one (green), with
    the SVG geometry of both bars. 180 px is 100 %, the baseline is at y=200, a pair of bars every 94 px."""

    predikat: Predikat
    ideal: int  # per cent
    nyata: int  # per cent, rounded for the picture
    jumlah: int  # people
    position: int  # 0 for the leftmost pair

    @property
    def x(self) -> int:
        return 50 + 94 * self.position

    @property
    def x_nyata(self) -> int:
        return 84 + 94 * self.position

    @property
    def x_label(self) -> int:
        return 82 + 94 * self.position

    @property
    def h_ideal(self) -> int:
        return round(1.8 * self.ideal)

    @property
    def h_nyata(self) -> int:
        return round(1.8 * self.nyata)

    @property
    def y_ideal(self) -> int:
        return 200 - self.h_ideal

    @property
    def y_nyata(self) -> int:
        return 200 - self.h_nyata


def chart_bars(capaian: CapaianOrganisasi | None, counts: dict[Predikat, int]) -> list[Bar]:
    """The bars of the chart, worst to best; with no capaian yet the ideal bars are empty."""
    total = sum(counts.values())
    ideal = IDEAL_CURVE[capaian] if capaian else {}
    return [
        Bar(
            predikat=p,
            ideal=ideal.get(p, 0),
            nyata=round(100 * counts.get(p, 0) / total) if total else 0,
            jumlah=counts.get(p, 0),
            position=n,
        )
        for n, p in enumerate(CHART_ORDER)
    ]


@dataclass(frozen=True)
class Kurva:
    """What Lihat Kurva draws for a unit and a period (docs/rules.md §8.7, §8.9): the unit's distribution (`counts`,
    its whole population, head included) and, for a penilai with bawahan in it, theirs (`bawahan`), each in green
    against the ideal curve of the unit's capaian in red; the SE 3/2023 rules are checked on the unit's
    distribution, which is what the pola distribusi judges. Without a capaian the green bars are drawn all the same,
    with who sets it (`penetap`) and, when a unit above governs this one meanwhile, which (`induk`)."""

    unit_nama: str
    capaian: CapaianOrganisasi | None
    counts: dict[Predikat, int]
    bawahan: dict[Predikat, int] | None = None
    penetap: str = ""
    can_set: bool = False
    induk: str = ""

    @property
    def bars(self) -> list[Bar]:
        return chart_bars(self.capaian, self.counts)

    @property
    def jumlah(self) -> int:
        return sum(self.counts.values())

    @property
    def bawahan_bars(self) -> list[Bar]:
        return chart_bars(self.capaian, self.bawahan or {})

    @property
    def jumlah_bawahan(self) -> int:
        return sum((self.bawahan or {}).values())

    @property
    def aturan(self) -> list[RuleResult]:
        return check_distribution(self.capaian, self.counts) if self.capaian else []
