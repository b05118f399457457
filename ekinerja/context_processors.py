"""What the menu in base.html needs on every page, beyond the user."""

from harian.jendela import aktif_di


def menu(request) -> dict:
    """`harian_aktif`: progres harian is on for the user's instansi (Progres Harian and Persetujuan Bulanan in the
    menu). A callable, so that a page without the menu (the login page) never asks."""
    return {"harian_aktif": lambda: aktif_di(getattr(request.user, "instansi_id", None))}
