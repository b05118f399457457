"""The SKP part of Beranda's to-do list: the SKP a pegawai still has to make or fix, and the bawahan's SKPs
waiting for their penilai. Reads only; one query for the SKPs whatever their number (decision 0015)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from accounts.models import PltAssignment, User
from core.prepared import prepared
from skp.models import EDITABLE_STATUSES, Skp, SkpStatusChange, StatusSkp


@dataclass(frozen=True)
class SkpBaru:
    """A role without an SKP for the year: the definitive jabatan (`plt` None) or a Plt post (Tambah SKP)."""

    tahun: int
    plt: PltAssignment | None = None


@dataclass(frozen=True)
class SkpPerbaiki:
    """An own SKP the pegawai still has to finish: a Draft not submitted yet (lengkapi dan Ajukan SKP), or Revisi,
    returned by the penilai with `catatan` (perbaiki dan ajukan lagi)."""

    skp: Skp
    catatan: str = ""

    @property
    def revisi(self) -> bool:
        return self.skp.status == StatusSkp.REVISI


@dataclass(frozen=True)
class SkpTodo:
    baru: list[SkpBaru] = field(default_factory=list)
    perbaiki: list[SkpPerbaiki] = field(default_factory=list)
    menunggu: list[Skp] = field(default_factory=list)  # bawahan's SKPs in Pengajuan: Persetujuan or Kembalikan

    def __len__(self) -> int:
        return len(self.baru) + len(self.perbaiki) + len(self.menunggu)


def catatan_revisi() -> Subquery:
    """The note of the SKP's latest move to Revisi (Kembalikan or Buka kembali, docs/rules.md §3.5), as a column of an
    Skp query."""
    moves = SkpStatusChange.objects.filter(skp=OuterRef("pk"), ke=StatusSkp.REVISI).order_by("-created_at", "-pk")
    return Subquery(moves.values("catatan")[:1])


def _rows(who: Q):
    """The SKPs of the to-do list, with the note of their latest return."""
    return Skp.objects.filter(who).annotate(catatan_revisi=catatan_revisi()).order_by()


# Compiled once per process (core.prepared): building and compiling the query cost about 1 ms of CPU on every Beranda
# (docs/performance.md). As a pegawai: own SKPs of this year and Revisi ones of any year, and those in Pengajuan
# whose penilai is the user (visible to them from Pengajuan on, docs/rules.md §3.4) — narrower than
# Skp.objects.visible_to on purpose, never what an admin instansi merely may see. As a pejabat non-ASN: the latter.
@prepared(user_id=int, this_year=datetime.date)
def _own_and_waiting(user_id: int, this_year: datetime.date):
    mine = Q(pegawai=user_id) & (Q(periode_akhir__gte=this_year) | Q(status=StatusSkp.REVISI))
    return _rows(mine | Q(penilai=user_id, status=StatusSkp.PENGAJUAN))


@prepared(user_id=int)
def _waiting(user_id: int):
    return _rows(Q(penilai=user_id, status=StatusSkp.PENGAJUAN))


@prepared(user_id=int, today=datetime.date)
def _plt_posts(user_id: int, today: datetime.date):
    return PltAssignment.objects.filter(pegawai=user_id).active_on(today).order_by("-mulai")


def todo_for(user: User, *, today: datetime.date, plt_posts: list[PltAssignment] | None = None) -> SkpTodo:
    """What waits for `user` about SKPs. As a pegawai (not a pejabat non-ASN, who writes no SKP): a role without an
    SKP this year, their Draft SKPs of this year, their Revisi SKPs of any year (a returned SKP waits for its owner
    until it is submitted again). As a penilai: the SKPs in Pengajuan where they are the penilai, and nobody else's
    (an admin instansi sees the instansi's SKPs, but approves only their bawahan's).

    `plt_posts`: the user's Plt posts active today, when the caller has read them already (Beranda's profile has);
    else they are read here. One query for the SKPs, at most one for the Plt posts."""
    as_pegawai = not user.is_pejabat_non_asn and user.instansi_id is not None
    if as_pegawai:
        rows = _own_and_waiting(user_id=user.pk, this_year=datetime.date(today.year, 1, 1))
    else:
        rows = _waiting(user_id=user.pk)
    own = sorted((s for s in rows if s.pegawai_id == user.pk), key=lambda s: (s.periode_awal, s.pk), reverse=True)
    menunggu = sorted(
        (s for s in rows if s.penilai_id == user.pk and s.status == StatusSkp.PENGAJUAN),
        key=lambda s: (-s.tahun, s.pegawai_snapshot.get("nama", "")),
    )
    if not as_pegawai:
        return SkpTodo(menunggu=menunggu)
    perbaiki = [  # `own` holds no Draft of a past year: the query left them out
        SkpPerbaiki(skp=s, catatan=(s.catatan_revisi or "") if s.status == StatusSkp.REVISI else "")
        for s in own
        if s.status in EDITABLE_STATUSES
    ]
    roles_with_skp = {s.plt_id for s in own if s.tahun == today.year}
    baru = [] if None in roles_with_skp else [SkpBaru(tahun=today.year)]
    if plt_posts is None:
        plt_posts = _plt_posts(user_id=user.pk, today=today)
    baru += [
        SkpBaru(tahun=today.year, plt=p) for p in plt_posts if p.pegawai_id == user.pk and p.pk not in roles_with_skp
    ]
    return SkpTodo(baru=baru, perbaiki=perbaiki, menunggu=menunggu)
