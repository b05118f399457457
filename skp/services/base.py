"""What every SKP service shares: the errors the user sees, the row locks taken before any check, the version
check that refuses a stale edit, and the rule that only the owner edits a Draft or Revisi."""

from django.db.models import Max

from accounts.models import User
from core.forms import same_version
from skp import permissions
from skp.models import EDITABLE_STATUSES, Indikator, Skp


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


def lock_skp(skp_id: int) -> Skp:
    return Skp.objects.select_for_update().get(pk=skp_id)


def lock_row(model, pk: int, *, actor: User, version: int | None):
    """Lock the SKP holding a row (RHK, indikator, lampiran), check the actor may edit it, then lock the row
    and check that it is the version the form was loaded with. Returns (skp, row)."""
    skp_id = model.objects.values_list("rhk__skp_id" if model is Indikator else "skp_id", flat=True).get(pk=pk)
    skp = lock_skp(skp_id)
    require_editable(actor, skp)
    row = model.objects.select_for_update().get(pk=pk)
    check_version(row, version)
    return skp, row


def lock_pegawai(user_id: int) -> None:
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))


def check_version(obj, version: int | str | None) -> None:
    """`version` as the form carried it (None: the caller does not check). Anything that is not the row's version
    number, a mangled value included, is a stale form: refused with the current version, never a crash."""
    if version is not None and not same_version(obj.version, version):
        message = STALE_MESSAGE
        if getattr(obj, "teks", ""):
            message += f" Yang tersimpan sekarang: “{obj.teks}”."
        raise StaleEdit(message, current_version=obj.version)


def bump(skp: Skp) -> None:
    skp.version += 1
    skp.save(update_fields=["version", "updated_at"])


def require_editable(actor: User, skp: Skp) -> None:
    if not permissions.is_owner(actor, skp):
        raise SkpError("Hanya pemilik SKP yang dapat mengubahnya.")
    if skp.status not in EDITABLE_STATUSES:
        raise SkpError(
            f"SKP berstatus {skp.get_status_display()} sehingga terkunci: perubahan hanya bisa dilakukan saat "
            "Draft atau Revisi. Bila perlu diubah, minta pejabat penilai mengembalikannya."
        )


def next_urutan(queryset) -> int:
    return (queryset.aggregate(m=Max("urutan"))["m"] or 0) + 1
