"""What every penilaian service shares: the error the user sees, the period lock, the version check."""

from core.forms import same_version
from penilaian.models import PeriodePenilaian


class PenilaianError(Exception):
    """A rule stopped the change; nothing was written. `str(error)` is the message for the user."""


class StaleEdit(PenilaianError):
    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


STALE_MESSAGE = (
    "Data ini sudah diubah sejak formulir dibuka. Perubahan Anda belum disimpan; teks Anda masih ada. "
    "Periksa data terbaru, lalu simpan lagi."
)


def require(refusal: str | None) -> None:
    """Raise a permissions.*_refusal message, if there is one."""
    if refusal:
        raise PenilaianError(refusal)


def lock_periode(periode_id: int) -> PeriodePenilaian:
    """The period row and its SKP's, locked in that order (the order every penilaian write takes)."""
    return PeriodePenilaian.objects.select_for_update().select_related("skp").get(pk=periode_id)


def check_version(obj, version: int | str | None) -> None:
    """`version` as the form carried it (None: the caller does not check). Anything that is not the row's version
    number, a mangled value included, is a stale form: refused with the current version, never a crash."""
    if version is not None and not same_version(obj.version, version):
        raise StaleEdit(STALE_MESSAGE, current_version=obj.version)


def bump(periode: PeriodePenilaian) -> None:
    periode.version += 1
    periode.save(update_fields=["version"])
