"""The SKP itself: Tambah SKP (and Salin SKP, with the RHK Organisasi a new holder of a post inherits), Ubah,
Hapus, Muat ulang, and the admin's switch of the model."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.identity import snapshot
from accounts.models import JenisJabatan, PltAssignment, UnitKerja, User
from skp import permissions
from skp.models import (
    EDITABLE_STATUSES,
    Indikator,
    KlasifikasiRhk,
    LampiranItem,
    ModelSkp,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
)
from skp.services.base import SkpError, check_version, lock_pegawai, lock_skp, require_editable

PLT_PREFIX = "Plt. "


@dataclass(frozen=True)
class Role:
    """The post an SKP is written for: the definitive jabatan, or a Plt assignment."""

    plt: PltAssignment | None
    penilai: User | None
    unit: UnitKerja | None
    jabatan: str
    jenis_jabatan: str


def role_of(pegawai: User, plt: PltAssignment | None) -> Role:
    if plt is not None:
        return Role(plt, plt.atasan, plt.unit_kerja, f"{PLT_PREFIX}{plt.jabatan}", plt.jenis_jabatan)
    return Role(None, pegawai.atasan, pegawai.unit_kerja, pegawai.jabatan, pegawai.jenis_jabatan)


def default_model(role: Role) -> str:
    """JPT for a JPT post; Pimpinan Unit Kerja Mandiri for the head of a unit the admin marked mandiri (whose
    penilai works outside that unit); Pegawai otherwise. The admin can still switch one SKP (docs/rules.md §2.5)."""
    if role.jenis_jabatan in {JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}:
        return ModelSkp.JPT
    heads_unit = role.unit is not None and (role.penilai is None or role.penilai.unit_kerja_id != role.unit.pk)
    if heads_unit and role.unit.mandiri:
        return ModelSkp.PIMPINAN_UNIT
    return ModelSkp.PEGAWAI


def _check_periode(periode_awal: datetime.date, periode_akhir: datetime.date, plt: PltAssignment | None) -> None:
    if periode_akhir < periode_awal:
        raise ValidationError({"periode_akhir": "Periode Akhir tidak boleh sebelum Periode Awal."})
    if periode_awal.year != periode_akhir.year:
        raise ValidationError(
            {"periode_akhir": "SKP disusun per tahun: Periode Awal dan Akhir harus di tahun yang sama."}
        )
    if plt is not None and (periode_awal < plt.mulai or periode_akhir > plt.selesai):
        raise ValidationError(
            {
                "periode_awal": f"SKP Plt harus berada dalam masa penugasan Plt "
                f"({plt.mulai:%d-%m-%Y} s.d. {plt.selesai:%d-%m-%Y})."
            }
        )


def _check_no_overlap(pegawai: User, plt_id: int | None, awal, akhir, exclude_pk: int | None = None) -> None:
    clash = (
        Skp.objects.filter(pegawai=pegawai, plt_id=plt_id, periode_awal__lte=akhir, periode_akhir__gte=awal)
        .exclude(pk=exclude_pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "periode_awal": f"Periode ini bertumpang tindih dengan SKP {clash.periode_awal:%d-%m-%Y} s.d. "
                f"{clash.periode_akhir:%d-%m-%Y} pada peran yang sama."
            }
        )


PEJABAT_NON_ASN = (
    "Pejabat non-ASN tidak menyusun SKP di e-Kinerja instansi ini; Anda menyetujui dan menilai SKP bawahan Anda."
)


@transaction.atomic
def skp_create(
    *,
    actor: User,
    periode_awal: datetime.date,
    periode_akhir: datetime.date,
    pendekatan: str,
    plt: PltAssignment | None = None,
    salin_dari: Skp | None = None,
    client_token: uuid.UUID | None = None,
) -> Skp:
    """Tambah SKP (or Salin SKP): a Draft for the actor's definitive jabatan or one of their Plt posts.

    A repeated submit with the same client_token returns the SKP made by the first one.
    """
    # One pegawai's SKP creations are serialised on their user row: two overlapping inserts at the same
    # instant would otherwise deadlock inside the exclusion constraint instead of getting the message.
    lock_pegawai(actor.pk)
    if client_token and (existing := Skp.objects.filter(client_token=client_token, pegawai=actor).first()):
        return existing
    if actor.instansi_id is None:
        # A superadmin is nobody's pegawai: an SKP belongs to an instansi (a NOT NULL column).
        raise SkpError("Akun ini tidak terdaftar di instansi mana pun, sehingga tidak dapat menyusun SKP.")
    if actor.is_pejabat_non_asn:
        raise SkpError(PEJABAT_NON_ASN)
    if plt is not None and plt.pegawai_id != actor.pk:
        raise SkpError("Penugasan Plt ini bukan milik Anda.")
    if salin_dari is not None and salin_dari.pegawai_id != actor.pk:
        raise SkpError("Hanya SKP Anda sendiri yang dapat disalin.")
    _check_periode(periode_awal, periode_akhir, plt)
    _check_no_overlap(actor, plt.pk if plt else None, periode_awal, periode_akhir)
    role = role_of(actor, plt)
    skp = Skp(
        instansi_id=actor.instansi_id,
        pegawai=actor,
        plt=plt,
        penilai=role.penilai,
        unit_kerja=role.unit,
        periode_awal=periode_awal,
        periode_akhir=periode_akhir,
        pendekatan=pendekatan,
        model=default_model(role),
        pegawai_snapshot=snapshot(actor, jabatan=role.jabatan, unit=role.unit),
        penilai_snapshot=snapshot(role.penilai),
        client_token=client_token,
    )
    try:
        with transaction.atomic():
            skp.save()
    except IntegrityError:
        # The no-overlap constraint: another request created an overlapping SKP a moment ago.
        _check_no_overlap(actor, plt.pk if plt else None, periode_awal, periode_akhir)
        raise
    SkpStatusChange.objects.create(skp=skp, actor=actor, dari="", ke=StatusSkp.DRAFT, catatan="SKP dibuat.")
    if salin_dari is not None:
        _copy_contents(source=salin_dari, target=skp, actor=actor)
    _inherit_organisation_rhk(skp, actor)
    return skp


def _copy_rhk(rhk: Rhk, *, target: Skp, actor: User, keep_atasan: bool) -> Rhk:
    copy = Rhk.objects.create(
        instansi_id=target.instansi_id,
        skp=target,
        jenis=rhk.jenis,
        klasifikasi=rhk.klasifikasi,
        unit_kerja_id=rhk.unit_kerja_id,
        teks=rhk.teks,
        penugasan_dari=rhk.penugasan_dari,
        rhk_atasan_id=rhk.rhk_atasan_id if keep_atasan else None,
        asal=rhk,
        urutan=rhk.urutan,
        dibuat_oleh=actor,
    )
    Indikator.objects.bulk_create(
        Indikator(
            instansi_id=target.instansi_id,
            rhk=copy,
            teks=i.teks,
            target_angka=i.target_angka,
            satuan=i.satuan,
            perspektif=i.perspektif,
            aspek=i.aspek,
            urutan=i.urutan,
        )
        for i in rhk.indikator_list.all()
    )
    return copy


def _copy_contents(*, source: Skp, target: Skp, actor: User) -> None:
    """Salin SKP: RHK with their indikator, and the lampiran. A link to last period's RHK atasan is kept
    only when it is still in a period that overlaps the new SKP; otherwise the pegawai picks again."""
    for rhk in source.rhk_list.select_related("rhk_atasan__skp").prefetch_related("indikator_list"):
        atasan_skp = rhk.rhk_atasan.skp if rhk.rhk_atasan_id else None
        keep = atasan_skp is not None and atasan_skp.periode_akhir >= target.periode_awal
        _copy_rhk(rhk, target=target, actor=actor, keep_atasan=keep)
    LampiranItem.objects.bulk_create(
        LampiranItem(instansi_id=target.instansi_id, skp=target, jenis=item.jenis, teks=item.teks, urutan=item.urutan)
        for item in source.lampiran_list.all()
    )


def _inherit_organisation_rhk(skp: Skp, actor: User) -> None:
    """RHK Organisasi are tied to the unit and year: a new holder of the same post gets them (docs/rules.md §2.10)."""
    if skp.unit_kerja_id is None:
        return
    # The post is the same whether held definitively or as Plt: "Plt. Kepala X" inherits from "Kepala X".
    post = skp.pegawai_snapshot.get("jabatan", "").removeprefix(PLT_PREFIX)
    inherited = (
        Rhk.objects.filter(
            klasifikasi=KlasifikasiRhk.ORGANISASI,
            unit_kerja_id=skp.unit_kerja_id,
            skp__periode_awal__year=skp.tahun,
            skp__pegawai_snapshot__jabatan__in=[post, f"{PLT_PREFIX}{post}"],
            asal__isnull=True,
        )
        .exclude(skp__pegawai=actor)
        .exclude(pk__in=Rhk.objects.filter(skp=skp).values("asal"))
        .prefetch_related("indikator_list")
    )
    for rhk in inherited:
        _copy_rhk(rhk, target=skp, actor=actor, keep_atasan=True)


@transaction.atomic
def skp_update(
    *,
    actor: User,
    skp_id: int,
    version: int,
    periode_awal: datetime.date,
    periode_akhir: datetime.date,
    pendekatan: str,
) -> Skp:
    lock_pegawai(actor.pk)
    skp = lock_skp(skp_id)
    require_editable(actor, skp)
    check_version(skp, version)
    _check_periode(periode_awal, periode_akhir, skp.plt)
    _check_no_overlap(skp.pegawai, skp.plt_id, periode_awal, periode_akhir, exclude_pk=skp.pk)
    skp.periode_awal, skp.periode_akhir, skp.pendekatan = periode_awal, periode_akhir, pendekatan
    skp.version += 1
    skp.save()
    return skp


@transaction.atomic
def skp_delete(*, actor: User, skp_id: int) -> None:
    skp = lock_skp(skp_id)
    if not permissions.can_delete(actor, skp):
        raise SkpError("Hanya SKP berstatus Draft milik Anda yang dapat dihapus.")
    if Rhk.objects.filter(rhk_atasan__skp=skp).exists():
        raise SkpError("SKP ini tidak dapat dihapus: ada RHK bawahan yang mengintervensi RHK-nya.")
    skp.delete()


@transaction.atomic
def skp_refresh_penilai(*, actor: User, skp_id: int) -> Skp:
    """Muat ulang: take the penilai (and both identity blocks) from the current profile."""
    skp = lock_skp(skp_id)
    require_editable(actor, skp)
    plt = skp.plt
    if plt is not None:
        plt.refresh_from_db()
    role = role_of(skp.pegawai, plt)
    skp.penilai = role.penilai
    skp.unit_kerja = role.unit
    skp.pegawai_snapshot = snapshot(skp.pegawai, jabatan=role.jabatan, unit=role.unit)
    skp.penilai_snapshot = snapshot(role.penilai)
    skp.version += 1
    skp.save()
    return skp


@transaction.atomic
def skp_set_model(*, actor: User, skp_id: int, model: str) -> Skp:
    """The admin instansi switches the model (e.g. a camat's Pimpinan Unit Kerja Mandiri ↔ JPT) (docs/rules.md §2.5)."""
    skp = lock_skp(skp_id)
    if not permissions.is_admin_of(actor, skp):
        raise SkpError("Hanya admin instansi yang dapat mengubah model SKP.")
    if skp.status not in EDITABLE_STATUSES:
        raise SkpError("Model SKP hanya dapat diubah saat Draft atau Revisi.")
    if model not in ModelSkp.values:
        raise SkpError("Model SKP tidak dikenal.")
    if skp.model != model:
        skp.model = model
        skp.version += 1
        skp.save()
    return skp
