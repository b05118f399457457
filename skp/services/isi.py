"""What an SKP holds: RHK, indikator, lampiran (the owner, while Draft or Revisi) and Ekspektasi Khusus Pimpinan
(the penilai, while reviewing). Every change bumps the SKP's version."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError

from accounts.models import UnitKerja, User
from skp import permissions
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    KlasifikasiRhk,
    LampiranItem,
    ModelSkp,
    PerilakuKerja,
    Rhk,
    Skp,
)
from skp.services.base import SkpError, bump, check_version, lock_row, lock_skp, next_urutan, require_editable


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
    skp = lock_skp(skp_id)
    if client_token and (existing := Rhk.objects.filter(client_token=client_token, skp_id=skp_id).first()):
        return existing  # the same form, submitted twice at once: the first one has just made it
    require_editable(actor, skp)
    _validate_rhk(skp, klasifikasi=klasifikasi, unit_kerja=unit_kerja, rhk_atasan=rhk_atasan)
    _check_rhk_atasan(skp, rhk_atasan, allowed=Rhk.objects.intervenable_by(skp))
    rhk = Rhk.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        jenis=jenis,
        klasifikasi=klasifikasi,
        unit_kerja=unit_kerja if klasifikasi == KlasifikasiRhk.ORGANISASI else None,
        teks=teks.strip(),
        penugasan_dari=penugasan_dari.strip(),
        rhk_atasan=rhk_atasan,
        urutan=next_urutan(Rhk.objects.filter(skp=skp, jenis=jenis)),
        dibuat_oleh=actor,
        client_token=client_token,
    )
    bump(skp)
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
    skp, rhk = lock_row(Rhk, rhk_id, actor=actor, version=version)
    _validate_rhk(skp, klasifikasi=klasifikasi, unit_kerja=unit_kerja, rhk_atasan=rhk_atasan)
    if rhk_atasan is not None and rhk_atasan.pk != rhk.rhk_atasan_id:
        _check_rhk_atasan(skp, rhk_atasan, allowed=Rhk.objects.intervenable_by(skp))
    if jenis != rhk.jenis:
        rhk.urutan = next_urutan(Rhk.objects.filter(skp=skp, jenis=jenis))
    if teks.strip() != rhk.teks:
        # Bawahan SKPs show this text beside their own RHK: their version (and cached page) moves too.
        Skp.objects.filter(rhk_list__rhk_atasan=rhk).exclude(pk=skp.pk).update(version=F("version") + 1)
    rhk.jenis, rhk.klasifikasi, rhk.teks = jenis, klasifikasi, teks.strip()
    rhk.unit_kerja = unit_kerja if klasifikasi == KlasifikasiRhk.ORGANISASI else None
    rhk.penugasan_dari, rhk.rhk_atasan = penugasan_dari.strip(), rhk_atasan
    rhk.version += 1
    rhk.save()
    bump(skp)
    return rhk


@transaction.atomic
def rhk_delete(*, actor: User, rhk_id: int, version: int | None = None) -> None:
    skp, rhk = lock_row(Rhk, rhk_id, actor=actor, version=version)
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
            "RHK ini sudah memiliki rencana aksi atau umpan balik pada periode penilaian, atau Target Bulanan, "
            "sehingga tidak dapat dihapus. Ubah teksnya bila perlu."
        ) from None
    bump(skp)


def _swap(queryset, obj, direction: str) -> None:
    """Move obj one place up or down among `queryset` (ordered by urutan, pk), renumbering densely."""
    if direction not in ("naik", "turun"):
        raise SkpError("Arah pemindahan tidak dikenal: pilih ke atas atau ke bawah.")
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
    skp = lock_skp(Rhk.objects.values_list("skp_id", flat=True).get(pk=rhk_id))
    require_editable(actor, skp)
    rhk = Rhk.objects.get(pk=rhk_id)
    _swap(Rhk.objects.filter(skp=skp, jenis=rhk.jenis), rhk, direction)
    bump(skp)


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
    skp = lock_skp(Rhk.objects.values_list("skp_id", flat=True).get(pk=rhk_id))
    if client_token and (existing := Indikator.objects.filter(client_token=client_token, rhk_id=rhk_id).first()):
        return existing
    require_editable(actor, skp)
    indikator = Indikator.objects.create(
        instansi_id=skp.instansi_id,
        rhk_id=rhk_id,
        urutan=next_urutan(Indikator.objects.filter(rhk_id=rhk_id)),
        client_token=client_token,
        **_indikator_fields(skp, data),
    )
    bump(skp)
    return indikator


@transaction.atomic
def indikator_update(*, actor: User, indikator_id: int, version: int, data: dict) -> Indikator:
    skp, indikator = lock_row(Indikator, indikator_id, actor=actor, version=version)
    for name, value in _indikator_fields(skp, data).items():
        setattr(indikator, name, value)
    indikator.version += 1
    indikator.save()
    bump(skp)
    return indikator


@transaction.atomic
def indikator_delete(*, actor: User, indikator_id: int, version: int | None = None) -> None:
    skp, indikator = lock_row(Indikator, indikator_id, actor=actor, version=version)
    try:
        indikator.delete()
    except ProtectedError:  # a Target Bulanan of progres harian points at it (a reopened SKP)
        raise SkpError(
            "Indikator ini sudah dipakai oleh Target Bulanan, sehingga tidak dapat dihapus. Ubah teksnya bila perlu."
        ) from None
    bump(skp)


@transaction.atomic
def indikator_move(*, actor: User, indikator_id: int, direction: str) -> None:
    skp = lock_skp(Indikator.objects.values_list("rhk__skp_id", flat=True).get(pk=indikator_id))
    require_editable(actor, skp)
    indikator = Indikator.objects.get(pk=indikator_id)
    _swap(Indikator.objects.filter(rhk_id=indikator.rhk_id), indikator, direction)
    bump(skp)


# --- Lampiran and Ekspektasi --------------------------------------------------------------------------


@transaction.atomic
def lampiran_create(
    *, actor: User, skp_id: int, jenis: str, teks: str, client_token: uuid.UUID | None = None
) -> LampiranItem:
    skp = lock_skp(skp_id)
    if client_token and (existing := LampiranItem.objects.filter(client_token=client_token, skp_id=skp_id).first()):
        return existing
    require_editable(actor, skp)
    item = LampiranItem.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        jenis=jenis,
        teks=teks.strip(),
        urutan=next_urutan(LampiranItem.objects.filter(skp=skp, jenis=jenis)),
        client_token=client_token,
    )
    bump(skp)
    return item


@transaction.atomic
def lampiran_update(*, actor: User, item_id: int, version: int, teks: str) -> LampiranItem:
    skp, item = lock_row(LampiranItem, item_id, actor=actor, version=version)
    item.teks = teks.strip()
    item.version += 1
    item.save()
    bump(skp)
    return item


@transaction.atomic
def lampiran_delete(*, actor: User, item_id: int, version: int | None = None) -> None:
    skp, item = lock_row(LampiranItem, item_id, actor=actor, version=version)
    item.delete()
    bump(skp)


@transaction.atomic
def ekspektasi_set(
    *, actor: User, skp_id: int, perilaku: PerilakuKerja, teks: str, version: int | None
) -> EkspektasiPimpinan:
    """The penilai writes Ekspektasi Khusus Pimpinan for one core value."""
    skp = lock_skp(skp_id)
    if not permissions.can_set_ekspektasi(actor, skp):
        raise SkpError("Ekspektasi Khusus Pimpinan diisi oleh pejabat penilai saat SKP diajukan atau direvisi.")
    ekspektasi, created = EkspektasiPimpinan.objects.select_for_update().get_or_create(
        skp=skp, perilaku=perilaku, defaults={"instansi_id": skp.instansi_id, "teks": teks.strip()}
    )
    if not created:
        check_version(ekspektasi, version)
        ekspektasi.teks = teks.strip()
        ekspektasi.version += 1
        ekspektasi.save()
    bump(skp)
    return ekspektasi


def default_penugasan_dari(skp: Skp) -> str:
    return skp.penilai_snapshot.get("jabatan", "")
