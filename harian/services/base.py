"""What every harian service shares: the error the user sees, the lock every write takes first, the SKP Bulanan a
write lands in and the "berubah setelah disetujui" mark (docs/rules.md §15.7)."""

import datetime

from django.db.models import F

from accounts.models import User
from core.forms import same_version
from harian.jendela import pengaturan_of
from harian.models import PengaturanHarian, SkpBulanan
from harian.partisi import first_of_month
from penilaian.services import STALE_MESSAGE
from skp.models import Skp


class HarianError(Exception):
    """A rule stopped the change; nothing was written. `str(error)` is the message for the user."""


class StaleEdit(HarianError):
    def __init__(self, message: str = STALE_MESSAGE, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


def require(refusal: str | None) -> None:
    """Raise a permissions.*_refusal message, if there is one."""
    if refusal:
        raise HarianError(refusal)


def check_version(obj, version: int | str | None) -> None:
    """`version` as the form carried it (None: the caller does not check); anything else is a stale form."""
    if version is not None and not same_version(obj.version, version):
        raise StaleEdit(current_version=obj.version)


def lock_pegawai(pegawai_id: int) -> User:
    """The pegawai's row, locked: every harian write about one pegawai (theirs or their atasan's) takes this lock first,
    then the SKP Bulanan's, then the entries', so two tabs, an import and the atasan's approval follow one order and
    never lose an update or deadlock."""
    return User.objects.select_for_update(no_key=True).get(pk=pegawai_id)


def pengaturan_for(skp: Skp) -> PengaturanHarian:
    return pengaturan_of(skp.instansi_id)


def skp_bulanan_for(skp: Skp, tanggal: datetime.date) -> SkpBulanan:
    """The SKP Bulanan of the month holding `tanggal`, made the first time that month is written in, locked. The
    caller holds the pegawai's lock, so two writers never both make it."""
    bulan = first_of_month(tanggal)
    found = SkpBulanan.objects.select_for_update().filter(skp=skp, bulan=bulan).first()
    if found is not None:
        return found
    return SkpBulanan.objects.create(instansi_id=skp.instansi_id, skp=skp, pegawai_id=skp.pegawai_id, bulan=bulan)


def lock_skp_bulanan(skp_bulanan_id: int) -> SkpBulanan:
    """An SKP Bulanan with its SKP, locked after its pegawai (the order of lock_pegawai)."""
    pegawai_id = SkpBulanan.objects.values_list("pegawai_id", flat=True).get(pk=skp_bulanan_id)
    lock_pegawai(pegawai_id)
    return SkpBulanan.objects.select_for_update(of=("self",)).select_related("skp").get(pk=skp_bulanan_id)


def mark_changed(skp_bulanan: SkpBulanan, *, by_pegawai: bool = True) -> None:
    """A change to an approved month marks it "berubah setelah disetujui" until the atasan approves it again (DES
    2.0's answer to why the approved value differs from the realisasi, docs/rules.md §15.7). The pegawai's changes
    also bump its version, so an approval from a page opened before them is refused as stale; the atasan's own ticks
    and scores do not, so that ticking in place keeps the page's Setujui valid."""
    fields = {"version": F("version") + 1} if by_pegawai else {}
    if skp_bulanan.disetujui_pada is not None:
        fields["berubah"] = True
    if not fields:
        return
    SkpBulanan.objects.filter(pk=skp_bulanan.pk).update(**fields)
    skp_bulanan.refresh_from_db(fields=["version", "berubah"])


def month_range(bulan: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month holding `bulan`."""
    first = first_of_month(bulan)
    last = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last
