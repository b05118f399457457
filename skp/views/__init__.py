"""The SKP pages; thin views: scoped lookup → form → service → redirect or render. Every form works without
JavaScript; with HTMX the form opens in #panel and a save refreshes the SKP body in place.

- daftar.py  Daftar SKP, Tambah SKP (and Salin SKP), SKP Bawahan
- detail.py  Detail SKP, Ubah SKP, Hapus, Muat ulang, Ajukan SKP, Edit Status; the form page and the
             in-place refresh the other SKP views share
- isi.py     RHK, indikator, lampiran, Ekspektasi Khusus Pimpinan
- mph.py     Matriks Peran Hasil
- cetak.py   Cetak SKP and the public check page of a printed document

The lookups below are the one way these views find an SKP: scoped to the user, 404 outside the scope."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from skp.models import Skp


def visible_skp(request, pk: int) -> Skp:
    """The SKP if the user may see it, else 404. Pages show the snapshots, so nothing related is joined."""
    return get_object_or_404(Skp.objects.visible_to(request.user), pk=pk)


def require(allowed: bool) -> None:
    """Visible but not allowed: 403."""
    if not allowed:
        raise PermissionDenied
