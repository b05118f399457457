"""Progres harian's pages; thin views: scoped lookup → rule → form → service → redirect or render. Every form works
without JavaScript; with htmx a form opens in place (a day of the week view, the #panel of Target Bulanan) and a save
refreshes that place.

- pegawai.py          the pegawai's week view (the landing page) and month view
- pegawai_progres.py  a daily entry: Tambah (fast entry), Ubah, Hapus
- pegawai_target.py   Target Bulanan (DES 2.0): Teknis and Konseptual, per RHK and month of an approved SKP
- pegawai_data.py     what the week and month views read, in a fixed number of queries
- atasan*.py          the atasan's monthly check, the import and the recap print

The helpers below are what those views share."""

import functools

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from harian.jendela import pengaturan_of
from harian.permissions import NONAKTIF


def require(allowed: bool) -> None:
    """Visible but not allowed: 403."""
    if not allowed:
        raise PermissionDenied


def nonaktif(request):
    """The page an instansi without progres harian gets in place of every harian page: why, and the way back."""
    return render(request, "harian/nonaktif.html", {"pesan": NONAKTIF})


def harian_aktif(view):
    """The view runs only when the user's instansi has progres harian on (one query); elsewhere the page says it is
    off. The view gets the settings as `setting` (the window, Saturdays)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        setting = pengaturan_of(request.user.instansi_id)
        if not setting.aktif:
            return nonaktif(request)
        return view(request, *args, setting=setting, **kwargs)

    return wrapped
