"""Target Bulanan (DES 2.0, docs/rules.md §15.4): the pegawai splits an approved SKP into monthly targets. Teknis: a
share of an indikator's annual quantity, with its name and satuan; the months never add up to more than the annual
target, and `teknis_terbagi` says what is left. Konseptual: a stage of an RHK with its own name and satuan."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum

from accounts.models import User
from core.forms import too_long
from harian import permissions
from harian.models import JenisTarget, TargetBulanan
from harian.partisi import first_of_month
from harian.services.base import (
    HarianError,
    check_version,
    lock_pegawai,
    lock_skp_bulanan,
    mark_changed,
    pengaturan_for,
    require,
    skp_bulanan_for,
)
from skp.models import Indikator, Rhk, Skp


@dataclass(frozen=True)
class Terbagi:
    """An indikator's annual target and how much of it the Teknis months hold: the page shows `sisa`."""

    tahunan: Decimal
    terbagi: Decimal

    @property
    def sisa(self) -> Decimal:
        return self.tahunan - self.terbagi


def teknis_terbagi(skp: Skp) -> dict[int, Terbagi]:
    """Per indikator with a quantity: the annual target and the sum of its Teknis months (one query)."""
    sums = dict(
        TargetBulanan.objects.filter(skp_bulanan__skp=skp, jenis=JenisTarget.TEKNIS)
        .order_by()
        .values_list("indikator_id")
        .annotate(s=Sum("target"))
    )
    indikator = Indikator.objects.filter(rhk__skp=skp, target_angka__isnull=False)
    return {i: Terbagi(t, sums.get(i, Decimal(0))) for i, t in indikator.values_list("pk", "target_angka")}


def _check_teknis_sum(indikator: Indikator, target: Decimal, *, skp: Skp, exclude_id: int | None = None) -> None:
    others = TargetBulanan.objects.filter(skp_bulanan__skp=skp, indikator=indikator, jenis=JenisTarget.TEKNIS)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    used = others.aggregate(s=Sum("target"))["s"] or Decimal(0)
    sisa = indikator.target_angka - used
    if target > sisa:
        raise HarianError(
            f"Target bulanan melebihi sisa target tahunan: target tahunan {_angka(indikator.target_angka)} "
            f"{indikator.satuan}, sudah terbagi ke bulan lain {_angka(used)}, sisa {_angka(sisa)}."
        )


def _angka(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _check_target(target) -> Decimal:
    if target is None or Decimal(target) <= 0:
        raise HarianError("Target bulanan harus lebih dari 0.")
    return Decimal(target)


@transaction.atomic
def target_bulanan_create(
    *,
    actor: User,
    skp_id: int,
    bulan: datetime.date,
    rhk_id: int,
    jenis: str,
    target,
    indikator_id: int | None = None,
    nama: str = "",
    satuan: str = "",
    client_token: uuid.UUID | None = None,
) -> TargetBulanan:
    """A monthly target of one RHK of an approved SKP, in a month the SKP covers. Teknis takes its name and satuan
    from the indikator; Konseptual needs its own."""
    lock_pegawai(actor.pk)
    if client_token and (found := TargetBulanan.objects.filter(client_token=client_token).first()):
        return found
    skp = Skp.objects.get(pk=skp_id)
    require(permissions.isi_refusal(actor, skp, aktif=pengaturan_for(skp).aktif))
    bulan = first_of_month(bulan)
    if not (first_of_month(skp.periode_awal) <= bulan <= skp.periode_akhir):
        raise HarianError("Bulan tersebut di luar periode SKP.")
    rhk = Rhk.objects.filter(pk=rhk_id, skp=skp).first()
    if rhk is None:
        raise HarianError("RHK tersebut bukan bagian dari SKP ini.")
    target = _check_target(target)
    indikator = None
    if indikator_id is not None:
        indikator = Indikator.objects.filter(pk=indikator_id, rhk=rhk).first()
        if indikator is None:
            raise HarianError("Indikator tersebut bukan bagian dari RHK ini.")
    if jenis == JenisTarget.TEKNIS:
        if indikator is None or indikator.target_angka is None:
            raise HarianError("Target Teknis membagi target tahunan sebuah indikator: pilih indikator yang bertarget.")
        nama, satuan = indikator.teks, indikator.satuan
        _check_teknis_sum(indikator, target, skp=skp)
    elif jenis == JenisTarget.KONSEPTUAL:
        nama, satuan = nama.strip(), satuan.strip()
        if not nama or not satuan:
            raise HarianError("Target Konseptual memerlukan nama kegiatan bulanan dan satuannya sendiri.")
        require(too_long(nama, label="Kegiatan bulanan"))
        if len(satuan) > 50:
            raise HarianError("Satuan terlalu panjang: paling banyak 50 karakter.")
    else:
        raise HarianError("Pilih jenis target: Teknis atau Konseptual.")
    skp_bulanan = skp_bulanan_for(skp, bulan)
    if jenis == JenisTarget.TEKNIS and skp_bulanan.target_list.filter(indikator=indikator, jenis=jenis).exists():
        raise HarianError("Indikator ini sudah punya target Teknis pada bulan tersebut: ubah target yang ada.")
    urutan = (skp_bulanan.target_list.filter(rhk=rhk).aggregate(m=Max("urutan"))["m"] or 0) + 1
    item = TargetBulanan.objects.create(
        instansi_id=skp.instansi_id,
        skp_bulanan=skp_bulanan,
        rhk=rhk,
        indikator=indikator,
        jenis=jenis,
        nama=nama,
        target=target,
        satuan=satuan,
        urutan=urutan,
        client_token=client_token,
    )
    mark_changed(skp_bulanan)
    return item


def _lock_target(actor: User, target_bulanan_id: int, version) -> TargetBulanan:
    item = TargetBulanan.objects.select_related("skp_bulanan__skp").get(pk=target_bulanan_id)
    skp_bulanan = lock_skp_bulanan(item.skp_bulanan_id)
    require(permissions.isi_refusal(actor, skp_bulanan.skp, aktif=pengaturan_for(skp_bulanan.skp).aktif))
    item = TargetBulanan.objects.select_for_update().get(pk=target_bulanan_id)
    item.skp_bulanan = skp_bulanan
    check_version(item, version)
    return item


@transaction.atomic
def target_bulanan_update(
    *, actor: User, target_bulanan_id: int, version: int | None, target, nama: str = "", satuan: str = ""
) -> TargetBulanan:
    """A new quantity (Teknis: within what is left of the annual target); a Konseptual stage may be renamed."""
    item = _lock_target(actor, target_bulanan_id, version)
    item.target = _check_target(target)
    if item.jenis == JenisTarget.TEKNIS:
        _check_teknis_sum(item.indikator, item.target, skp=item.skp_bulanan.skp, exclude_id=item.pk)
    else:
        item.nama, item.satuan = (nama.strip() or item.nama), (satuan.strip() or item.satuan)
        require(too_long(item.nama, label="Kegiatan bulanan"))
    item.version += 1
    item.save()
    mark_changed(item.skp_bulanan)
    return item


@transaction.atomic
def target_bulanan_delete(*, actor: User, target_bulanan_id: int, version: int | None = None) -> None:
    """Only a target without daily entries: entries keep what they were done for."""
    item = _lock_target(actor, target_bulanan_id, version)
    if item.progres_list.exists():
        raise HarianError("Target bulanan ini sudah memiliki progres harian, sehingga tidak dapat dihapus.")
    item.delete()
    mark_changed(item.skp_bulanan)
