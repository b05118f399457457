"""Every write to an SKP and what is in it, and the workflow. One transaction per call; the SKP row is locked
(select_for_update) before its state is checked, so two people acting at once are serialised and the second
one sees the first one's result. Rule violations raise SkpError with a message for the user."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Max, OuterRef, ProtectedError, Q

from accounts.models import JenisJabatan, PltAssignment, UnitKerja, User
from skp import permissions
from skp.models import (
    EDITABLE_STATUSES,
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    KlasifikasiRhk,
    LampiranItem,
    ModelSkp,
    MphRow,
    PerilakuKerja,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
)


class SkpError(Exception):
    """A rule stopped the change. `str(error)` is the message to show; nothing was written."""


class StaleEdit(SkpError):
    """The row changed after the form was loaded; the user's text is kept and shown again.
    `current_version` lets the form be saved again once the user has looked at the newer data."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


STALE_MESSAGE = (
    "Data ini sudah diubah di tab atau oleh orang lain sejak formulir dibuka. Perubahan Anda belum disimpan; "
    "teks Anda masih ada di bawah. Periksa data terbaru, lalu simpan lagi."
)

PLT_PREFIX = "Plt. "

# The workflow of DOMAIN.md §3.1: (from, to) -> who may make the move.
OWNER, PENILAI = "pegawai", "penilai"
TRANSITIONS = {
    (StatusSkp.DRAFT, StatusSkp.PENGAJUAN): OWNER,
    (StatusSkp.REVISI, StatusSkp.PENGAJUAN): OWNER,
    (StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN): PENILAI,
    (StatusSkp.PENGAJUAN, StatusSkp.REVISI): PENILAI,
    (StatusSkp.PERSETUJUAN, StatusSkp.REVISI): PENILAI,
}
NOTE_REQUIRED = {(StatusSkp.PENGAJUAN, StatusSkp.REVISI), (StatusSkp.PERSETUJUAN, StatusSkp.REVISI)}


def transition_actor(dari: str, ke: str) -> str | None:
    """Who may move an SKP from `dari` to `ke`, or None when the move is not in the workflow."""
    return TRANSITIONS.get((dari, ke))


def penilaian_final(skp: Skp) -> bool:
    """Whether a penilaian period of this SKP has been finalised (Tetapkan): then it cannot be reopened."""
    from penilaian.models import PeriodePenilaian, StatusPeriode  # the penilaian app builds on skp

    return PeriodePenilaian.objects.filter(skp=skp, status=StatusPeriode.DITETAPKAN).exists()


# --- helpers ------------------------------------------------------------------------------------------


def _lock(skp_id: int) -> Skp:
    return Skp.objects.select_for_update().get(pk=skp_id)


def _lock_row(model, pk: int, *, actor: User, version: int | None):
    """Lock the SKP holding a row (RHK, indikator, lampiran), check the actor may edit it, then lock the row
    and check that it is the version the form was loaded with. Returns (skp, row)."""
    skp_id = model.objects.values_list("rhk__skp_id" if model is Indikator else "skp_id", flat=True).get(pk=pk)
    skp = _lock(skp_id)
    _require_editable(actor, skp)
    row = model.objects.select_for_update().get(pk=pk)
    _check_version(row, version)
    return skp, row


def _lock_pegawai(user_id: int) -> None:
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != int(version):
        message = STALE_MESSAGE
        if getattr(obj, "teks", ""):
            message += f" Yang tersimpan sekarang: “{obj.teks}”."
        raise StaleEdit(message, current_version=obj.version)


def _bump(skp: Skp) -> None:
    skp.version += 1
    skp.save(update_fields=["version", "updated_at"])


def _require_editable(actor: User, skp: Skp) -> None:
    if not permissions.is_owner(actor, skp):
        raise SkpError("Hanya pemilik SKP yang dapat mengubahnya.")
    if skp.status not in EDITABLE_STATUSES:
        raise SkpError(
            f"SKP berstatus {skp.get_status_display()} sehingga terkunci: perubahan hanya bisa dilakukan saat "
            "Draft atau Revisi. Bila perlu diubah, minta pejabat penilai mengembalikannya."
        )


def _next_urutan(queryset) -> int:
    return (queryset.aggregate(m=Max("urutan"))["m"] or 0) + 1


def snapshot(user: User | None, *, jabatan: str | None = None, unit: UnitKerja | None = None) -> dict:
    """The identity block printed on an SKP, as it is today."""
    if user is None:
        return {}
    unit = unit or user.unit_kerja
    return {
        "nama": user.nama_lengkap,
        "nip": user.nip,
        "pangkat_golongan": user.pangkat_golongan,
        "jabatan": jabatan if jabatan is not None else user.jabatan,
        "unit_kerja": unit.nama if unit else "",
    }


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


def default_model(jenis_jabatan: str) -> str:
    jpt = {JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}
    return ModelSkp.JPT if jenis_jabatan in jpt else ModelSkp.PEGAWAI


# --- SKP ----------------------------------------------------------------------------------------------


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
    _lock_pegawai(actor.pk)
    if client_token and (existing := Skp.objects.filter(client_token=client_token, pegawai=actor).first()):
        return existing
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
        model=default_model(role.jenis_jabatan),
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
    """RHK Organisasi are tied to the unit and year: a new holder of the same post gets them [FAQ 14]."""
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
    _lock_pegawai(actor.pk)
    skp = _lock(skp_id)
    _require_editable(actor, skp)
    _check_version(skp, version)
    _check_periode(periode_awal, periode_akhir, skp.plt)
    _check_no_overlap(skp.pegawai, skp.plt_id, periode_awal, periode_akhir, exclude_pk=skp.pk)
    skp.periode_awal, skp.periode_akhir, skp.pendekatan = periode_awal, periode_akhir, pendekatan
    skp.version += 1
    skp.save()
    return skp


@transaction.atomic
def skp_delete(*, actor: User, skp_id: int) -> None:
    skp = _lock(skp_id)
    if not permissions.can_delete(actor, skp):
        raise SkpError("Hanya SKP berstatus Draft milik Anda yang dapat dihapus.")
    if Rhk.objects.filter(rhk_atasan__skp=skp).exists():
        raise SkpError("SKP ini tidak dapat dihapus: ada RHK bawahan yang mengintervensi RHK-nya.")
    skp.delete()


@transaction.atomic
def skp_refresh_penilai(*, actor: User, skp_id: int) -> Skp:
    """Muat ulang: take the penilai (and both identity blocks) from the current profile."""
    skp = _lock(skp_id)
    _require_editable(actor, skp)
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
    """The admin instansi switches the model (e.g. a camat's Pimpinan Unit Kerja Mandiri ↔ JPT) [FAQ 15]."""
    skp = _lock(skp_id)
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


def missing_for_submission(skp: Skp) -> list[str]:
    """What must still be filled before Ajukan SKP, in the user's words. Empty means ready."""
    problems = []
    if skp.penilai_id is None:
        problems.append("Pejabat penilai belum ditetapkan: minta admin instansi mengatur atasan Anda, lalu Muat ulang.")
    rhk_list = list(skp.rhk_list.prefetch_related("indikator_list"))
    if not any(r.jenis == JenisRhk.UTAMA for r in rhk_list):
        problems.append("Belum ada RHK Utama.")
    for rhk in rhk_list:
        label = f"RHK “{rhk.teks[:60]}”"
        indikator = list(rhk.indikator_list.all())
        if not indikator:
            problems.append(f"{label} belum memiliki indikator.")
        if skp.model == ModelSkp.PEGAWAI and rhk.rhk_atasan_id is None:
            problems.append(f"{label} belum memilih RHK Atasan yang Diintervensi.")
        if skp.is_kuantitatif:
            for ind in indikator:
                if ind.target_angka is None:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memiliki target.")
                if skp.is_pimpinan_model and not ind.perspektif:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memilih perspektif.")
                if skp.model == ModelSkp.PEGAWAI and not ind.aspek:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memilih aspek.")
    filled = set(skp.lampiran_list.values_list("jenis", flat=True))
    for jenis in JenisLampiran:
        if jenis.value not in filled:
            problems.append(f"Lampiran {jenis.label} belum diisi.")
    return problems


def _transition(skp: Skp, *, actor: User, to: str, catatan: str = "") -> Skp:
    move = (skp.status, to)
    who = TRANSITIONS.get(move)
    if who is None:
        raise SkpError(f"SKP berstatus {skp.get_status_display()} tidak dapat diubah menjadi {StatusSkp(to).label}.")
    if who == OWNER and not permissions.is_owner(actor, skp):
        raise SkpError("Hanya pemilik SKP yang dapat mengajukannya.")
    if who == PENILAI and not permissions.is_penilai(actor, skp):
        raise SkpError("Hanya pejabat penilai SKP ini yang dapat mengubah statusnya.")
    if move in NOTE_REQUIRED and not catatan.strip():
        raise SkpError("Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki.")
    SkpStatusChange.objects.create(skp=skp, actor=actor, dari=skp.status, ke=to, catatan=catatan.strip())
    skp.status = to
    skp.version += 1
    skp.save(update_fields=["status", "version", "updated_at"])
    return skp


@transaction.atomic
def skp_submit(*, actor: User, skp_id: int, version: int | None = None) -> Skp:
    """Ajukan SKP: refused with the list of what is missing."""
    skp = _lock(skp_id)
    if skp.status == StatusSkp.PENGAJUAN and permissions.is_owner(actor, skp):
        return skp  # a double click: the first one already submitted it
    _require_editable(actor, skp)
    _check_version(skp, version)
    missing = missing_for_submission(skp)
    if missing:
        raise SkpError("SKP belum dapat diajukan:\n" + "\n".join(f"• {m}" for m in missing))
    return _transition(skp, actor=actor, to=StatusSkp.PENGAJUAN)


@transaction.atomic
def skp_set_status(*, actor: User, skp_id: int, version: int | None, status: str, catatan: str = "") -> Skp:
    """Edit Status by the penilai: Persetujuan, Kembalikan (to Revisi), or Buka kembali (Persetujuan → Revisi)."""
    skp = _lock(skp_id)
    if skp.status == status:
        return skp  # a repeated submit of the same decision
    who = transition_actor(skp.status, status)
    if who is None:
        raise SkpError(
            f"SKP berstatus {skp.get_status_display()} tidak dapat diubah menjadi {StatusSkp(status).label}."
        )
    if who != PENILAI:
        raise SkpError("Edit Status hanya untuk keputusan pejabat penilai; pegawai mengajukan SKP dengan Ajukan SKP.")
    _check_version(skp, version)
    if skp.status == StatusSkp.PERSETUJUAN and status == StatusSkp.REVISI and penilaian_final(skp):
        raise SkpError("SKP tidak dapat dibuka kembali: sudah ada periode penilaian yang ditetapkan.")
    return _transition(skp, actor=actor, to=status, catatan=catatan)


# --- RHK ----------------------------------------------------------------------------------------------


def _rhk_atasan_filter(*, penilai, awal, akhir) -> Q:
    """RHK that may be intervened: the penilai's RHK in their submitted SKPs of an overlapping period.
    The arguments are values, or OuterRef()s when used as a subquery (SkpQuerySet.with_page_flags)."""
    return Q(skp__pegawai_id=penilai, skp__periode_awal__lte=akhir, skp__periode_akhir__gte=awal) & ~Q(
        skp__status=StatusSkp.DRAFT
    )


def rhk_atasan_choices(skp: Skp):
    """RHK the pegawai may intervene: the penilai's RHK in their SKPs of the same year that were submitted."""
    if skp.penilai_id is None:
        return Rhk.objects.none()
    return (
        Rhk.objects.filter(_rhk_atasan_filter(penilai=skp.penilai_id, awal=skp.periode_awal, akhir=skp.periode_akhir))
        .select_related("skp")
        .order_by("skp__plt_id", "-jenis", "urutan", "pk")
    )


def with_page_flags(queryset):
    """Annotate SKPs with what the Detail SKP page needs to know beyond the SKP itself, in the same query:
    whether the owner is a penilai (Matriks Peran Hasil) and whether the penilai has RHK to intervene."""
    return queryset.annotate(
        pemilik_penilai=ExpressionWrapper(_penilai_filter(OuterRef("pegawai")), output_field=BooleanField()),
        ada_rhk_atasan=Exists(
            Rhk.objects.filter(
                _rhk_atasan_filter(
                    penilai=OuterRef("penilai"), awal=OuterRef("periode_awal"), akhir=OuterRef("periode_akhir")
                )
            )
        ),
    )


def _validate_rhk(skp: Skp, *, klasifikasi: str, unit_kerja: UnitKerja | None, rhk_atasan: Rhk | None) -> None:
    errors = {}
    if klasifikasi == KlasifikasiRhk.ORGANISASI and unit_kerja is None:
        errors["unit_kerja"] = "RHK Organisasi wajib memilih unit kerja yang tertaut."
    if unit_kerja is not None and unit_kerja.instansi_id != skp.instansi_id:
        errors["unit_kerja"] = "Unit kerja harus di instansi Anda."
    if errors:
        raise ValidationError(errors)


def _check_rhk_atasan(skp: Skp, rhk_atasan: Rhk | None, *, allowed) -> None:
    if rhk_atasan is not None and not allowed.filter(pk=rhk_atasan.pk).exists():
        raise ValidationError({"rhk_atasan": "Pilih RHK atasan dari SKP pejabat penilai pada tahun yang sama."})


@transaction.atomic
def rhk_create(
    *,
    actor: User,
    skp_id: int,
    jenis: str,
    klasifikasi: str,
    teks: str,
    unit_kerja: UnitKerja | None = None,
    penugasan_dari: str = "",
    rhk_atasan: Rhk | None = None,
    client_token: uuid.UUID | None = None,
) -> Rhk:
    skp = _lock(skp_id)
    if client_token and (existing := Rhk.objects.filter(client_token=client_token, skp_id=skp_id).first()):
        return existing  # the same form, submitted twice at once: the first one has just made it
    _require_editable(actor, skp)
    _validate_rhk(skp, klasifikasi=klasifikasi, unit_kerja=unit_kerja, rhk_atasan=rhk_atasan)
    _check_rhk_atasan(skp, rhk_atasan, allowed=rhk_atasan_choices(skp))
    rhk = Rhk.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        jenis=jenis,
        klasifikasi=klasifikasi,
        unit_kerja=unit_kerja if klasifikasi == KlasifikasiRhk.ORGANISASI else None,
        teks=teks.strip(),
        penugasan_dari=penugasan_dari.strip(),
        rhk_atasan=rhk_atasan,
        urutan=_next_urutan(Rhk.objects.filter(skp=skp, jenis=jenis)),
        dibuat_oleh=actor,
        client_token=client_token,
    )
    _bump(skp)
    return rhk


@transaction.atomic
def rhk_update(
    *,
    actor: User,
    rhk_id: int,
    version: int,
    jenis: str,
    klasifikasi: str,
    teks: str,
    unit_kerja: UnitKerja | None = None,
    penugasan_dari: str = "",
    rhk_atasan: Rhk | None = None,
) -> Rhk:
    skp, rhk = _lock_row(Rhk, rhk_id, actor=actor, version=version)
    _validate_rhk(skp, klasifikasi=klasifikasi, unit_kerja=unit_kerja, rhk_atasan=rhk_atasan)
    if rhk_atasan is not None and rhk_atasan.pk != rhk.rhk_atasan_id:
        _check_rhk_atasan(skp, rhk_atasan, allowed=rhk_atasan_choices(skp))
    if jenis != rhk.jenis:
        rhk.urutan = _next_urutan(Rhk.objects.filter(skp=skp, jenis=jenis))
    if teks.strip() != rhk.teks:
        # Bawahan SKPs show this text beside their own RHK: their version (and cached page) moves too.
        Skp.objects.filter(rhk_list__rhk_atasan=rhk).exclude(pk=skp.pk).update(version=F("version") + 1)
    rhk.jenis, rhk.klasifikasi, rhk.teks = jenis, klasifikasi, teks.strip()
    rhk.unit_kerja = unit_kerja if klasifikasi == KlasifikasiRhk.ORGANISASI else None
    rhk.penugasan_dari, rhk.rhk_atasan = penugasan_dari.strip(), rhk_atasan
    rhk.version += 1
    rhk.save()
    _bump(skp)
    return rhk


@transaction.atomic
def rhk_delete(*, actor: User, rhk_id: int, version: int | None = None) -> None:
    skp, rhk = _lock_row(Rhk, rhk_id, actor=actor, version=version)
    users = list(Rhk.objects.filter(rhk_atasan=rhk).values_list("skp__pegawai_snapshot__nama", flat=True)[:5])
    if users:
        raise SkpError(
            "RHK ini tidak dapat dihapus karena diintervensi oleh RHK bawahan: "
            + ", ".join(users)
            + ". Minta mereka memilih RHK lain terlebih dahulu."
        )
    try:
        rhk.delete()
    except ProtectedError:
        raise SkpError(
            "RHK ini sudah memiliki rencana aksi atau umpan balik pada periode penilaian, sehingga tidak dapat "
            "dihapus. Ubah teksnya bila perlu."
        ) from None
    _bump(skp)


def _swap(queryset, obj, direction: str) -> None:
    """Move obj one place up or down among `queryset` (ordered by urutan, pk), renumbering densely."""
    items = list(queryset.select_for_update().order_by("urutan", "pk"))
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "naik" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.urutan = position
    type(obj).objects.bulk_update(items, ["urutan"])


@transaction.atomic
def rhk_move(*, actor: User, rhk_id: int, direction: str) -> None:
    skp = _lock(Rhk.objects.values_list("skp_id", flat=True).get(pk=rhk_id))
    _require_editable(actor, skp)
    rhk = Rhk.objects.get(pk=rhk_id)
    _swap(Rhk.objects.filter(skp=skp, jenis=rhk.jenis), rhk, direction)
    _bump(skp)


# --- Indikator ----------------------------------------------------------------------------------------


def _indikator_fields(skp: Skp, data: dict) -> dict:
    """Keep only what the SKP's pendekatan and model use; Kualitatif has no separate target."""
    kuantitatif = skp.is_kuantitatif
    return {
        "teks": data["teks"].strip(),
        "target_angka": data.get("target_angka") if kuantitatif else None,
        "satuan": (data.get("satuan") or "").strip() if kuantitatif else "",
        "perspektif": (data.get("perspektif") or "") if kuantitatif and skp.is_pimpinan_model else "",
        "aspek": (data.get("aspek") or "") if kuantitatif and skp.model == ModelSkp.PEGAWAI else "",
    }


@transaction.atomic
def indikator_create(*, actor: User, rhk_id: int, data: dict, client_token: uuid.UUID | None = None) -> Indikator:
    skp = _lock(Rhk.objects.values_list("skp_id", flat=True).get(pk=rhk_id))
    if client_token and (existing := Indikator.objects.filter(client_token=client_token, rhk_id=rhk_id).first()):
        return existing
    _require_editable(actor, skp)
    indikator = Indikator.objects.create(
        instansi_id=skp.instansi_id,
        rhk_id=rhk_id,
        urutan=_next_urutan(Indikator.objects.filter(rhk_id=rhk_id)),
        client_token=client_token,
        **_indikator_fields(skp, data),
    )
    _bump(skp)
    return indikator


@transaction.atomic
def indikator_update(*, actor: User, indikator_id: int, version: int, data: dict) -> Indikator:
    skp, indikator = _lock_row(Indikator, indikator_id, actor=actor, version=version)
    for name, value in _indikator_fields(skp, data).items():
        setattr(indikator, name, value)
    indikator.version += 1
    indikator.save()
    _bump(skp)
    return indikator


@transaction.atomic
def indikator_delete(*, actor: User, indikator_id: int, version: int | None = None) -> None:
    skp, indikator = _lock_row(Indikator, indikator_id, actor=actor, version=version)
    indikator.delete()
    _bump(skp)


@transaction.atomic
def indikator_move(*, actor: User, indikator_id: int, direction: str) -> None:
    skp = _lock(Indikator.objects.values_list("rhk__skp_id", flat=True).get(pk=indikator_id))
    _require_editable(actor, skp)
    indikator = Indikator.objects.get(pk=indikator_id)
    _swap(Indikator.objects.filter(rhk_id=indikator.rhk_id), indikator, direction)
    _bump(skp)


# --- Lampiran and Ekspektasi --------------------------------------------------------------------------


@transaction.atomic
def lampiran_create(
    *, actor: User, skp_id: int, jenis: str, teks: str, client_token: uuid.UUID | None = None
) -> LampiranItem:
    skp = _lock(skp_id)
    if client_token and (existing := LampiranItem.objects.filter(client_token=client_token, skp_id=skp_id).first()):
        return existing
    _require_editable(actor, skp)
    item = LampiranItem.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        jenis=jenis,
        teks=teks.strip(),
        urutan=_next_urutan(LampiranItem.objects.filter(skp=skp, jenis=jenis)),
        client_token=client_token,
    )
    _bump(skp)
    return item


@transaction.atomic
def lampiran_update(*, actor: User, item_id: int, version: int, teks: str) -> LampiranItem:
    skp, item = _lock_row(LampiranItem, item_id, actor=actor, version=version)
    item.teks = teks.strip()
    item.version += 1
    item.save()
    _bump(skp)
    return item


@transaction.atomic
def lampiran_delete(*, actor: User, item_id: int, version: int | None = None) -> None:
    skp, item = _lock_row(LampiranItem, item_id, actor=actor, version=version)
    item.delete()
    _bump(skp)


@transaction.atomic
def ekspektasi_set(
    *, actor: User, skp_id: int, perilaku: PerilakuKerja, teks: str, version: int | None
) -> EkspektasiPimpinan:
    """The penilai writes Ekspektasi Khusus Pimpinan for one core value."""
    skp = _lock(skp_id)
    if not permissions.can_set_ekspektasi(actor, skp):
        raise SkpError("Ekspektasi Khusus Pimpinan diisi oleh pejabat penilai saat SKP diajukan atau direvisi.")
    ekspektasi, created = EkspektasiPimpinan.objects.select_for_update().get_or_create(
        skp=skp, perilaku=perilaku, defaults={"instansi_id": skp.instansi_id, "teks": teks.strip()}
    )
    if not created:
        _check_version(ekspektasi, version)
        ekspektasi.teks = teks.strip()
        ekspektasi.version += 1
        ekspektasi.save()
    _bump(skp)
    return ekspektasi


# --- Matriks Peran Hasil ------------------------------------------------------------------------------


def _penilai_filter(user_ref) -> Q:
    """Whether a user (a value or an OuterRef) assesses anyone: a bawahan in the profile, a Plt post
    under them, or an SKP of which they are the penilai."""
    return (
        Exists(User.objects.filter(atasan=user_ref, is_active=True))
        | Exists(PltAssignment.objects.filter(atasan=user_ref))
        | Exists(Skp.objects.filter(penilai=user_ref))
    )


def has_bawahan(user: User) -> bool:
    return User.objects.filter(Q(pk=user.pk) & _penilai_filter(OuterRef("pk"))).exists()


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
    skp = _lock(skp_id)
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
    skp = _lock(skp_id)
    _require_mph(actor, skp)
    member = (
        Skp.objects.filter(_same_year(skp), instansi_id=skp.instansi_id, pk=member_skp_id)
        .exclude(pegawai=actor)
        .first()
    )
    if member is None:
        raise SkpError("SKP tersebut tidak dapat ditambahkan: harus SKP pegawai instansi Anda pada tahun yang sama.")
    row, _ = MphRow.objects.get_or_create(
        penilai_skp=skp, skp=member, defaults={"instansi_id": skp.instansi_id, "manual": True}
    )
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
    if not MphRow.objects.filter(penilai_skp=penilai_skp, skp_id=member_skp_id).exists():
        raise SkpError("Pegawai ini belum ada di Matriks Peran Hasil Anda.")
    rhk_atasan = Rhk.objects.filter(pk=rhk_atasan_id, skp=penilai_skp).first()
    if rhk_atasan is None:
        raise SkpError("RHK atasan harus dari SKP Anda sendiri.")
    member = _lock(member_skp_id)
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
        urutan=_next_urutan(Rhk.objects.filter(skp=member, jenis=jenis)),
        dibuat_oleh=actor,
        client_token=client_token,
    )
    _bump(member)
    return rhk


def default_penugasan_dari(skp: Skp) -> str:
    return skp.penilai_snapshot.get("jabatan", "")
