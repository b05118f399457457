"""The atasan's writes as the pages send them: each calls harian's service in one transaction, after checking,
under the same locks the service takes (the pegawai's row, then the SKP Bulanan), that what the page showed is still
what is stored. The services take no version for ticks and scores (an atasan's own ticks must not make their page
stale); these add the check against the pegawai's changes: an entry or a target the pegawai changed after the page
was opened is not ticked or scored unseen (a stale save is refused, docs/rules.md §11.4). The same values sent twice
(a double click) are not stale: they are what is stored."""

from django.db import transaction

from accounts.models import User
from harian.models import NilaiKreativitas, ProgresHarian, TargetBulanan
from harian.services import (
    HarianError,
    StaleEdit,
    kesesuaian_set,
    kesesuaian_setujui,
    kreativitas_set,
    kualitas_set,
    month_range,
)
from harian.services.base import lock_pegawai, lock_skp_bulanan
from skp.models import Skp


class EntriBerubah(HarianError):
    """Some chosen entries changed (or were removed) since the page was opened: nothing was ticked."""

    def __init__(self, berubah: list[int]):
        super().__init__(
            f"{len(berubah)} progres harian yang dipilih diubah atau dihapus oleh pegawai setelah halaman ini dibuka, "
            "sehingga belum ada yang ditandai. Periksa isinya yang baru (pilihan Anda tetap), lalu kirim lagi."
        )
        self.berubah = berubah


@transaction.atomic
def kesesuaian_tandai(*, actor: User, skp_bulanan_id: int, pilihan: dict[int, int], kesesuaian: bool | None) -> int:
    """Tick the chosen entries (id → the version the page showed) of one month: sesuai all at once ("Setujui semua
    yang dipilih"), or tidak sesuai / back to belum diperiksa one by one. All or nothing."""
    if not pilihan:
        raise HarianError("Pilih dulu progres harian yang akan ditandai.")
    skp_bulanan = lock_skp_bulanan(skp_bulanan_id)
    current = dict(
        ProgresHarian.objects.filter(
            skp_bulanan=skp_bulanan, tanggal__range=month_range(skp_bulanan.bulan), pk__in=list(pilihan)
        ).values_list("pk", "version")
    )
    berubah = sorted(pk for pk, version in pilihan.items() if current.get(pk) != version)
    if berubah:
        raise EntriBerubah(berubah)
    if kesesuaian is True:
        return kesesuaian_setujui(actor=actor, skp_bulanan_id=skp_bulanan_id, progres_ids=list(pilihan))
    for pk in pilihan:
        kesesuaian_set(actor=actor, progres_id=pk, kesesuaian=kesesuaian)
    return len(pilihan)


@transaction.atomic
def kualitas_simpan(
    *, actor: User, skp_bulanan_id: int, target_id: int, version: int | None, kualitas
) -> TargetBulanan:
    """Score one target of the month, as it was when the page showed it."""
    lock_skp_bulanan(skp_bulanan_id)
    target = TargetBulanan.objects.filter(pk=target_id, skp_bulanan_id=skp_bulanan_id).first()
    if target is None:
        raise HarianError("Target bulanan ini sudah dihapus oleh pegawai.")
    if version is not None and target.version != version:
        if str(target.kualitas) == str(kualitas).strip():
            return target  # the same score sent twice
        raise StaleEdit(
            "Target bulanan ini diubah setelah halaman dibuka (oleh pegawai atau di tab lain). Nilai Anda tetap di "
            "sini; periksa targetnya, lalu simpan lagi.",
            current_version=target.version,
        )
    return kualitas_set(actor=actor, target_bulanan_id=target_id, kualitas=kualitas)


@transaction.atomic
def kreativitas_simpan(*, actor: User, skp_id: int, version: int | None, nilai, catatan: str) -> NilaiKreativitas:
    """The yearly kreativitas score, refused when someone saved another one after the form was opened (version 0: no
    score yet)."""
    lock_pegawai(Skp.objects.values_list("pegawai_id", flat=True).get(pk=skp_id))
    found = NilaiKreativitas.objects.filter(skp_id=skp_id).first()
    current = found.version if found else 0
    if version is not None and version != current:
        same = found is not None and str(found.nilai) == str(nilai).strip() and found.catatan == catatan.strip()
        if same:
            return found  # the same score sent twice
        raise StaleEdit(
            "Nilai kreativitas ini sudah diubah sejak formulir dibuka. Isian Anda tetap di sini; periksa nilai "
            "tersimpan, lalu simpan lagi.",
            current_version=current,
        )
    return kreativitas_set(actor=actor, skp_id=skp_id, nilai=nilai, catatan=catatan)
