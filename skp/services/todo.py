"""The SKP part of Beranda's to-do list: the SKP a pegawai still has to make or fix, and the bawahan's SKPs
waiting for their penilai. Reads only; one query for the SKPs whatever their number (decision 0015)."""

import datetime
import functools
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL

from accounts.models import PltAssignment, User
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


@functools.cache
def _catatan_revisi_sql() -> RawSQL:
    """catatan_revisi() compiled once per process, as Detail SKP's page flags are (skp/views/detail.py): it refers
    only to the SKP row of the outer query; building it cost about 0.5 ms of CPU on every Beranda."""
    query = Skp.objects.annotate(catatan_revisi=catatan_revisi()).query
    expression = query.annotations["catatan_revisi"]
    sql, params = query.get_compiler(DEFAULT_DB_ALIAS).compile(expression)
    return RawSQL(sql, params, output_field=expression.output_field)  # noqa: S611 (the ORM's SQL)


def todo_for(user: User, *, today: datetime.date, plt_posts: list[PltAssignment] | None = None) -> SkpTodo:
    """What waits for `user` about SKPs. As a pegawai (not a pejabat non-ASN, who writes no SKP): a role without an
    SKP this year, their Draft SKPs of this year, their Revisi SKPs of any year (a returned SKP waits for its owner
    until it is submitted again). As a penilai: the SKPs in Pengajuan where they are the penilai, and nobody else's
    (an admin instansi sees the instansi's SKPs, but approves only their bawahan's).

    `plt_posts`: the user's Plt posts active today, when the caller has read them already (Beranda's profile has);
    else they are read here. One query for the SKPs, at most one for the Plt posts."""
    as_pegawai = not user.is_pejabat_non_asn and user.instansi_id is not None
    this_year = datetime.date(today.year, 1, 1)
    mine = Q(pegawai=user) & (Q(periode_akhir__gte=this_year) | Q(status=StatusSkp.REVISI))
    waiting = Q(penilai=user, status=StatusSkp.PENGAJUAN)
    # Narrower than Skp.objects.visible_to, on purpose: own SKPs, and those in Pengajuan whose penilai is the user
    # (visible to them from Pengajuan on, docs/rules.md §3.4); never what an admin instansi merely may see.
    rows = Skp.objects.filter((mine | waiting) if as_pegawai else waiting)
    rows = list(rows.annotate(catatan_revisi=_catatan_revisi_sql()).order_by())
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
        plt_posts = list(PltAssignment.objects.filter(pegawai=user).active_on(today).order_by("-mulai"))
    baru += [
        SkpBaru(tahun=today.year, plt=p) for p in plt_posts if p.pegawai_id == user.pk and p.pk not in roles_with_skp
    ]
    return SkpTodo(baru=baru, perbaiki=perbaiki, menunggu=menunggu)
