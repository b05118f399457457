"""Matriks Peran Hasil: a penilai's RHK as columns, the team's SKPs as rows; Sinkronisasi SKP Bawahan, Tambah
Pegawai, and Tambah RHK from a cell into a member's Draft or Revisi (docs/rules.md §4.3–§4.5)."""

import uuid

from django.db import transaction
from django.db.models import OuterRef, Q

from accounts.models import User
from skp import permissions
from skp.models import EDITABLE_STATUSES, KlasifikasiRhk, MphRow, Rhk, Skp, penilai_filter
from skp.services.base import SkpError, bump, lock_skp, next_urutan


def has_bawahan(user: User) -> bool:
    """Whether the user is a penilai: has bawahan, a Plt post under them, or an SKP to assess."""
    return User.objects.filter(Q(pk=user.pk) & penilai_filter(OuterRef("pk"))).exists()


def _require_mph(actor: User, skp: Skp) -> None:
    if not permissions.can_use_mph(actor, skp, is_penilai=has_bawahan(actor)):
        raise SkpError("Matriks Peran Hasil hanya untuk pejabat penilai, pada SKP miliknya sendiri.")


def _same_year(skp: Skp):
    return Q(periode_awal__lte=skp.periode_akhir, periode_akhir__gte=skp.periode_awal)


@transaction.atomic
def mph_sync(*, actor: User, skp_id: int) -> int:
    """Sinkronisasi SKP Bawahan: add a row for every SKP of the same year whose penilai is the actor.

    When the actor also holds a Plt post that year, bawahan in the Plt unit go to the Plt SKP's matrix and
    the others to the definitive one. Returns how many rows were added.
    """
    skp = lock_skp(skp_id)
    _require_mph(actor, skp)
    candidates = Skp.objects.filter(_same_year(skp), penilai=actor).exclude(pegawai=actor).select_related("unit_kerja")
    own = list(Skp.objects.filter(_same_year(skp), pegawai=actor).select_related("unit_kerja"))
    plt_units = [s.unit_kerja.path for s in own if s.plt_id and s.unit_kerja_id]

    def belongs_here(candidate: Skp) -> bool:
        path = candidate.unit_kerja.path if candidate.unit_kerja_id else ""
        in_plt = [u for u in plt_units if path == u or path.startswith(u + " > ")]
        if skp.plt_id:
            return skp.unit_kerja.path in in_plt
        return not in_plt

    present = set(MphRow.objects.filter(penilai_skp=skp).values_list("skp_id", flat=True))
    rows = [
        MphRow(instansi_id=skp.instansi_id, penilai_skp=skp, skp=c)
        for c in candidates
        if c.pk not in present and belongs_here(c)
    ]
    MphRow.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def mph_candidate_skps(*, actor: User, skp: Skp, nip: str):
    """Tambah Pegawai: the SKPs of the same year of a pegawai of the same instansi, found by NIP."""
    return (
        Skp.objects.filter(_same_year(skp), pegawai__nip=nip, instansi_id=skp.instansi_id)
        .exclude(pegawai=actor)
        .select_related("pegawai")
    )


@transaction.atomic
def mph_add(*, actor: User, skp_id: int, member_skp_id: int) -> MphRow:
    skp = lock_skp(skp_id)
    _require_mph(actor, skp)
    member = (
        Skp.objects.filter(_same_year(skp), instansi_id=skp.instansi_id, pk=member_skp_id)
        .exclude(pegawai=actor)
        .first()
    )
    if member is None:
        raise SkpError("SKP tersebut tidak dapat ditambahkan: harus SKP pegawai instansi Anda pada tahun yang sama.")
    # The actor's own bawahan joins at once; anyone else is asked, and accepts or declines on their Detail SKP.
    bawahan = member.penilai_id == actor.pk
    row, _ = MphRow.objects.get_or_create(
        penilai_skp=skp, skp=member, defaults={"instansi_id": skp.instansi_id, "manual": True, "diterima": bawahan}
    )
    return row


@transaction.atomic
def mph_respond(*, actor: User, row_id: int, terima: bool) -> MphRow | None:
    """The pegawai asked to join a Matriks Peran Hasil accepts (the row stays, RHK may be added from it) or
    declines (the row goes). Returns the row, or None when declined."""
    row = MphRow.objects.select_for_update().select_related("skp").get(pk=row_id)
    if not permissions.can_respond_mph(actor, row):
        raise SkpError("Hanya pegawai yang diajak yang dapat menerima atau menolak ajakan ini.")
    if not terima:
        row.delete()
        return None
    if not row.diterima:
        row.diterima = True
        row.save(update_fields=["diterima"])
    return row


@transaction.atomic
def mph_rhk_create(
    *,
    actor: User,
    penilai_skp_id: int,
    member_skp_id: int,
    rhk_atasan_id: int,
    jenis: str,
    teks: str,
    client_token: uuid.UUID | None = None,
) -> Rhk:
    """Tambah RHK from a cell of the matrix: the atasan writes an RHK into the member's SKP (Draft or
    Revisi), linked to the atasan's RHK of that column."""
    penilai_skp = Skp.objects.get(pk=penilai_skp_id)
    _require_mph(actor, penilai_skp)
    row = MphRow.objects.filter(penilai_skp=penilai_skp, skp_id=member_skp_id).first()
    if row is None:
        raise SkpError("Pegawai ini belum ada di Matriks Peran Hasil Anda.")
    if not row.diterima:
        raise SkpError(
            "Pegawai ini belum menerima ajakan Anda ke Matriks Peran Hasil; RHK dapat ditambahkan setelah "
            "ajakan diterima di Detail SKP-nya."
        )
    rhk_atasan = Rhk.objects.filter(pk=rhk_atasan_id, skp=penilai_skp).first()
    if rhk_atasan is None:
        raise SkpError("RHK atasan harus dari SKP Anda sendiri.")
    member = lock_skp(member_skp_id)
    if client_token and (existing := Rhk.objects.filter(client_token=client_token, skp_id=member_skp_id).first()):
        return existing
    if member.status not in EDITABLE_STATUSES:
        raise SkpError(
            f"SKP {member.pegawai_snapshot.get('nama')} berstatus {member.get_status_display()}: RHK hanya dapat "
            "ditambahkan saat Draft atau Revisi."
        )
    rhk = Rhk.objects.create(
        instansi_id=member.instansi_id,
        skp=member,
        jenis=jenis,
        klasifikasi=KlasifikasiRhk.INDIVIDU,
        teks=teks.strip(),
        rhk_atasan=rhk_atasan,
        urutan=next_urutan(Rhk.objects.filter(skp=member, jenis=jenis)),
        dibuat_oleh=actor,
        client_token=client_token,
    )
    bump(member)
    return rhk
