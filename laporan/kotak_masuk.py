"""Kotak Masuk Penilai (issue 12, docs/rules.md §14.6): everything a penilai's bawahan wait for from them, in one
place, each with the page where they act. Reads only, a fixed number of queries whatever the number of bawahan.

It reuses Beranda's to-do queries where they say the same thing (skp.services.todo_for for the SKPs in Pengajuan,
penilaian's siap_dinilai for "rencana aksi written"); it lists each period, where Beranda only counts them per period
code. Progres harian (issue 11) adds the months waiting for approval (harian's `bulan_menunggu`), where the
instansi has it on."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Exists, OuterRef, Q, Value, When

from accounts.models import User
from harian.services import bulan_menunggu
from penilaian.models import PeriodePenilaian, StatusPeriode, UmpanBalik
from penilaian.services.todo import siap_dinilai
from skp import services as skp_services
from skp.models import Skp

KEADAAN_NILAI = "nilai"  # rencana aksi written, no predikat yet: give Umpan Balik and the ratings
KEADAAN_TETAPKAN = "tetapkan"  # rated, not Ditetapkan


@dataclass(frozen=True)
class KotakMasuk:
    """What waits for the penilai: SKPs to approve or return, periods to rate (`nilai`) and to finalise
    (`tetapkan`); `menunggu_bawahan` counts the open periods whose bawahan have not written a rencana aksi yet
    (nothing to do for the penilai but remind them)."""

    skp: list[Skp] = field(default_factory=list)
    nilai: list[PeriodePenilaian] = field(default_factory=list)
    tetapkan: list[PeriodePenilaian] = field(default_factory=list)
    menunggu_bawahan: int = 0
    harian: list = field(default_factory=list)  # issue 11: months of progres harian to approve

    def __len__(self) -> int:
        return len(self.skp) + len(self.nilai) + len(self.tetapkan) + len(self.harian)


def _periods_of(user: User):
    """The open periods the user assesses, each with what is next for it (`keadaan`) and whether it has umpan balik
    already: one query."""
    return (
        PeriodePenilaian.objects.filter(penilai=user)
        .exclude(status=StatusPeriode.DITETAPKAN)
        .select_related("skp")
        .annotate(
            ada_umpan_balik=Exists(UmpanBalik.objects.filter(periode=OuterRef("pk"))),
            keadaan=Case(
                When(~Q(predikat=""), then=Value(KEADAAN_TETAPKAN)),
                When(siap_dinilai(), then=Value(KEADAAN_NILAI)),
                default=Value(""),
            ),
        )
        .order_by("-selesai", "skp__pegawai_snapshot__nama", "pk")
    )


def kotak_masuk_for(user: User, *, today: datetime.date) -> KotakMasuk:
    """The penilai's inbox: two queries (the SKPs, the periods), and a third for the months of progres harian to
    approve where the instansi has it on."""
    skp = skp_services.todo_for(user, today=today, plt_posts=[]).menunggu
    periods = list(_periods_of(user))
    return KotakMasuk(
        skp=skp,
        nilai=[p for p in periods if p.keadaan == KEADAAN_NILAI],
        tetapkan=[p for p in periods if p.keadaan == KEADAAN_TETAPKAN],
        menunggu_bawahan=sum(1 for p in periods if not p.keadaan),
        harian=bulan_menunggu(user, today=today),
    )
