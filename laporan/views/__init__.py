"""The laporan pages: the admin instansi's dashboard and drill-down lists (dasbor), the downloads (unduh) and the
penilai's inbox (kotak_masuk). The scope rules every admin page here shares live in this module."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import UnitKerja
from accounts.permissions import is_any_admin


def require_admin(user) -> None:
    """Reports are for an admin instansi (their own instansi) and a superadmin (any); anyone else is refused."""
    if not is_any_admin(user):
        raise PermissionDenied("Laporan hanya untuk admin instansi.")


def instansi_id_of(user, chosen) -> int | None:
    """The instansi the request reports on: an admin instansi's own whatever was sent; a superadmin's choice (None
    until they choose)."""
    if user.is_superuser:
        return chosen.pk if chosen is not None else None
    return user.instansi_id


def unit_of(instansi_id: int, unit_id: int | None) -> UnitKerja:
    """The unit asked for, or the instansi's root unit: only a unit of that instansi (a guessed id of another
    instansi's unit is a 404, as is an instansi without units)."""
    units = UnitKerja.objects.filter(instansi_id=instansi_id)
    unit = (units.filter(pk=unit_id) if unit_id else units.filter(parent__isnull=True).order_by("pk")).first()
    if unit is None:
        raise Http404
    return unit
