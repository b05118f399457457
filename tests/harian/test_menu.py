"""The menu names Progres Harian and Persetujuan Bulanan only where the instansi has progres harian on, and marks the
page the user is on."""

import re

from django.urls import reverse

from harian.jendela import aktif_di, aktif_lupakan
from harian.models import PengaturanHarian


def menu_of(response) -> dict[str, bool]:
    """The menu's items and whether each is marked as the current page."""
    nav = re.search(r'<nav aria-label="Menu utama".*?</nav>', response.content.decode(), re.S).group(0)
    return {text: "aria-current" in attrs for attrs, text in re.findall(r"<a ([^>]*)>([^<]+)</a>", nav)}


def test_the_menu_shows_progres_harian_where_it_is_on(client, scene):
    client.force_login(scene.pegawai)
    menu = menu_of(client.get(reverse("harian:minggu")))
    assert menu["Progres Harian"] is True and menu["Persetujuan Bulanan"] is False
    menu = menu_of(client.get(reverse("harian:atasan")))
    assert menu["Progres Harian"] is False and menu["Persetujuan Bulanan"] is True
    assert menu_of(client.get(reverse("harian:bulan")))["Progres Harian"] is True


def test_the_menu_has_no_progres_harian_where_it_is_off(client, scene):
    assert aktif_di(scene.pegawai.instansi_id) is True
    PengaturanHarian.objects.update(aktif=False)  # switched off in another process: this one's list is a minute old
    assert aktif_di(scene.pegawai.instansi_id) is True
    aktif_lupakan()  # the minute has passed
    client.force_login(scene.pegawai)
    menu = menu_of(client.get(reverse("accounts:home")))
    assert "Progres Harian" not in menu and "Persetujuan Bulanan" not in menu
    assert menu["Beranda"] is True and "Kotak Masuk" in menu


def test_the_admins_switch_shows_in_their_menu_at_once(client, admin_instansi):
    client.force_login(admin_instansi)
    assert "Progres Harian" not in menu_of(client.get(reverse("accounts:home")))
    client.post(reverse("admin:harian_pengaturanharian_add"), {"aktif": "on", "jendela_hari_kerja": "2"})
    assert PengaturanHarian.objects.get(instansi=admin_instansi.instansi).aktif
    menu = menu_of(client.get(reverse("accounts:home")))
    assert "Progres Harian" in menu and menu["Laporan"] is False and "Admin Instansi" in menu
