"""The admin side of the window (docs/rules.md §15.1–§15.2): the admin instansi switches progres harian on for their
own instansi, sets the window and Saturday work, keeps their instansi's holidays; the national list is read by every
admin and corrected only by a superadmin. Another instansi's rows are never seen."""

import datetime

from django.test import Client
from django.urls import reverse

from accounts.models import JejakAudit
from harian.jendela import pengaturan_of
from harian.models import HariLiburInstansi, LiburNasional, PengaturanHarian
from tests.accounts.test_admin import assert_not_found

ADD = reverse("admin:harian_pengaturanharian_add")
LIST = reverse("admin:harian_pengaturanharian_changelist")
LIBUR_ADD = reverse("admin:harian_hariliburinstansi_add")
NASIONAL = reverse("admin:harian_liburnasional_changelist")


def test_until_switched_on_the_feature_is_off_and_the_page_says_so(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    assert "Progres harian belum aktif untuk instansi Anda" in client.get(LIST, follow=True).content.decode()
    assert not PengaturanHarian.objects.exists() and not pengaturan_of(instansi.pk).aktif


def test_the_admin_instansi_switches_it_on_and_sets_the_window_for_their_own_instansi(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    assert 'name="instansi"' not in client.get(ADD).content.decode()
    response = client.post(ADD, {"aktif": "on", "jendela_hari_kerja": "3", "sabtu_hari_kerja": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    pengaturan = pengaturan_of(instansi.pk)
    assert (pengaturan.aktif, pengaturan.jendela_hari_kerja, pengaturan.sabtu_hari_kerja) == (True, 3, True)
    assert client.get(ADD).status_code == 403  # one per instansi
    change = reverse("admin:harian_pengaturanharian_change", args=[pengaturan.pk])
    client.post(change, {"jendela_hari_kerja": "2"})  # switched off again
    assert not pengaturan_of(instansi.pk).aktif
    events = JejakAudit.objects.filter(pgh_obj_model="harian.PengaturanHarian", pgh_obj_id=str(pengaturan.pk))
    assert sorted(e.pgh_label for e in events) == ["insert", "update"]


def test_a_window_wider_than_20_working_days_is_refused_with_the_text_kept(client, admin_instansi):
    client.force_login(admin_instansi)
    html = client.post(ADD, {"aktif": "on", "jendela_hari_kerja": "21"}).content.decode()
    assert 'value="21"' in html and not PengaturanHarian.objects.exists()


def test_the_admin_keeps_their_instansi_s_holidays_and_another_admin_never_sees_them(
    client, admin_instansi, admin_lain, instansi
):
    client.force_login(admin_instansi)
    response = client.post(LIBUR_ADD, {"tanggal": "2026-03-09", "nama": "Hari Jadi Kabupaten", "jenis": "libur"})
    assert response.status_code == 302, response.content.decode()[:2000]
    libur = HariLiburInstansi.objects.get()
    assert libur.instansi == instansi
    other = Client()
    other.force_login(admin_lain)
    assert "Hari Jadi Kabupaten" not in other.get(reverse("admin:harian_hariliburinstansi_changelist")).content.decode()
    assert_not_found(other.get(reverse("admin:harian_hariliburinstansi_change", args=[libur.pk])))
    # Same date twice for one instansi: refused with the form kept.
    html = client.post(LIBUR_ADD, {"tanggal": "2026-03-09", "nama": "Lagi", "jenis": "masuk"}).content.decode()
    assert "sudah ada dalam kalender instansi" in html and 'value="Lagi"' in html
    assert HariLiburInstansi.objects.count() == 1


def test_every_admin_reads_the_national_list_and_only_a_superadmin_changes_it(client, admin_instansi, superadmin):
    nyepi = LiburNasional.objects.get(tanggal=datetime.date(2026, 3, 19))
    change = reverse("admin:harian_liburnasional_change", args=[nyepi.pk])
    client.force_login(admin_instansi)
    assert "Hari Suci Nyepi" in client.get(NASIONAL).content.decode()
    client.post(change, {"tanggal": "2026-03-20", "nama": "Salah", "jenis": "libur_nasional"})
    nyepi.refresh_from_db()
    assert nyepi.tanggal == datetime.date(2026, 3, 19)
    client.force_login(superadmin)
    response = client.post(change, {"tanggal": "2026-03-19", "nama": "Hari Suci Nyepi 1948", "jenis": "libur_nasional"})
    assert response.status_code == 302
    nyepi.refresh_from_db()
    assert nyepi.nama == "Hari Suci Nyepi 1948"
