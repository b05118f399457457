"""A daily entry from the pegawai's pages (issue 11): fast entry (the last target, today, jam mulai where the day's last
entry ended, the form again after Simpan), the window and overlap refusals beside their fields with the typed text
kept, a double submit, Ubah (a stale form; an approved month told first) and Hapus (asked first), with htmx in a day of
the week view and without JavaScript, by every role."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harian.models import ProgresHarian, SkpBulanan
from harian.services import kode_of
from tests.factories import UserFactory
from tests.harian import test_views_pegawai
from tests.harian.factories import PengaturanHarianFactory, ProgresHarianFactory
from tests.harian.test_views_pegawai import FEBRUARI, MINGGU, TAMBAH, catat, section, text

# The month's Konseptual target of the week view's tests (a fixture).
target_februari = test_views_pegawai.target_februari
HX = {"HX-Request": "true"}


def data(scene, **fields) -> dict:
    """The form as a pegawai fills it: 08:00–09:00 today against the scene's rencana aksi, 3 surat."""
    values = {
        "sasaran": kode_of(scene.rencana_aksi),
        "tanggal": "2026-02-10",
        "jam_mulai": "08:00",
        "jam_selesai": "09:00",
        "uraian": "Mengagendakan 3 surat masuk dari BKN",
        "realisasi": "3",
        "satuan": "",
        "link_bukti": "",
        "client_token": str(uuid.uuid4()),
    }
    return {**values, **fields}


def ubah_url(entry) -> str:
    return reverse("harian:progres_ubah", args=[entry.pk])


def hapus_url(entry) -> str:
    return reverse("harian:progres_hapus", args=[entry.pk])


def field_errors(html: str, field: str) -> str:
    """The text of a field's error list (Django's ul with id …_<field>_error)."""
    start = html.find(f'_{field}_error">')
    assert start != -1, f"no error list for {field}"
    return text(html[start : html.index("</ul>", start)])


# --- Tambah: fast entry ---------------------------------------------------------------------------------------


def test_the_form_offers_the_window_and_the_rencana_aksi_and_target_bulanan_grouped(client, scene, target_februari):
    client.force_login(scene.pegawai)
    html = client.get(TAMBAH).content.decode()
    assert '<label for="p20260210_sasaran">Rencana Aksi / Target Bulanan</label>' in html
    assert '<optgroup label="Rencana Aksi 01-01-2026 s.d. 31-03-2026">' in html
    assert '<optgroup label="Target Bulanan Februari 2026">' in html
    assert f'<option value="{kode_of(target_februari)}">Mengumpulkan data mutasi (data)</option>' in html
    assert 'name="tanggal" value="2026-02-10"' in html  # today
    assert (
        "Boleh diisi: Jumat, 6 Februari 2026, Senin, 9 Februari 2026, Selasa, 10 Februari 2026 (hari ini dan 2 hari "
        "kerja sebelumnya)." in text(html)
    )
    for label in ("Tanggal", "Jam mulai", "Jam selesai", "Uraian kegiatan", "Realisasi", "Satuan", "Link Bukti Dukung"):
        assert f">{label}</label>" in html
    assert 'type="time"' in html and "novalidate" in html and '<button type="submit">Simpan</button>' in html


def test_simpan_saves_and_brings_the_form_back_ready_for_the_next_entry(client, scene):
    client.force_login(scene.pegawai)
    response = client.post(f"{TAMBAH}?tanggal=2026-02-10", data(scene, jam_selesai="09:30"))
    assert response.status_code == 302 and response.url == f"{TAMBAH}?tanggal=2026-02-10"
    entry = ProgresHarian.objects.get()
    assert (entry.jam_mulai, entry.jam_selesai, entry.realisasi, entry.satuan) == (
        datetime.time(8),
        datetime.time(9, 30),
        Decimal(3),
        "surat",
    )
    html = client.get(response.url).content.decode()
    assert "Progres harian 08:00–09:30 pada Selasa, 10 Februari 2026 disimpan. Isi kegiatan berikutnya." in html
    # The next entry: the same rencana aksi, jam mulai where this one ended, the uraian empty.
    assert f'<option value="{kode_of(scene.rencana_aksi)}" selected>' in html
    assert 'name="jam_mulai" value="09:30"' in html
    assert "Mengagendakan 3 surat masuk dari BKN</textarea>" not in html
    assert "Sudah tercatat pada Selasa, 10 Februari 2026: 1 jam 30 menit" in text(html)


def test_the_form_remembers_the_last_target_even_on_another_day(client, scene, target_februari, clock):
    catat(scene, tanggal=datetime.date(2026, 2, 9))
    clock.move_to(timezone.make_aware(datetime.datetime(2026, 2, 10, 10, 5)), tick=False)
    client.force_login(scene.pegawai)
    client.post(
        TAMBAH,
        data(scene, sasaran=kode_of(target_februari), tanggal="2026-02-09", jam_mulai="10:00", jam_selesai="11:00"),
    )
    html = client.get(TAMBAH).content.decode()
    assert f'<option value="{kode_of(target_februari)}" selected>' in html
    assert 'name="jam_mulai"' in html and 'name="jam_mulai" value=' not in html  # nothing yet today


def test_a_double_submit_makes_one_entry(client, scene):
    client.force_login(scene.pegawai)
    sent = data(scene)
    first = client.post(TAMBAH, sent)
    second = client.post(TAMBAH, sent)
    assert first.status_code == second.status_code == 302
    assert ProgresHarian.objects.count() == 1


def test_in_place_in_a_day_of_the_week_view(client, scene):
    """htmx: Tambah opens the form in the day's slot; Simpan answers with the day again (the entry, its hours, the
    message) and the form open for the next entry, jam mulai where this one ended."""
    client.force_login(scene.pegawai)
    fragment = client.get(f"{TAMBAH}?tanggal=2026-02-09", headers=HX).content.decode()
    assert "<html" not in fragment
    action = f"{TAMBAH}?tanggal=2026-02-09"
    assert f'hx-post="{action}" hx-target="#hari-2026-02-09" hx-swap="outerHTML"' in fragment
    assert 'name="tanggal" value="2026-02-09"' in fragment
    assert f'hx-get="{TAMBAH}?tutup=1" hx-target="#slot-2026-02-09"' in fragment  # Batal
    response = client.post(
        action, data(scene, tanggal="2026-02-09", jam_mulai="13:00", jam_selesai="14:15"), headers=HX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="hari" id="hari-2026-02-09"')
    assert "1 jam 15 menit · 1 kegiatan" in text(html) and "Mengagendakan 3 surat masuk dari BKN" in html
    assert "Progres harian 13:00–14:15 pada Senin, 9 Februari 2026 disimpan." in html
    assert 'name="jam_mulai" value="14:15"' in html and "<form" in section(html, "2026-02-09")
    assert '<span id="ringkasan-minggu" hx-swap-oob="true">1 kegiatan, 1 jam 15 menit</span>' in html  # the week
    assert client.get(f"{TAMBAH}?tutup=1", headers=HX).content == b""


def test_a_date_typed_into_another_days_form_goes_to_that_days_week(client, scene):
    client.force_login(scene.pegawai)
    response = client.post(f"{TAMBAH}?tanggal=2026-02-09", data(scene, tanggal="2026-02-06"), headers=HX)
    assert response["HX-Redirect"] == f"{MINGGU}?tanggal=2026-02-02#hari-2026-02-06"
    assert ProgresHarian.objects.get().tanggal == datetime.date(2026, 2, 6)


# --- Refusals, with the typed text kept -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tanggal", "why"),
    [
        ("2026-02-07", "Tanggal 07-02-2026 bukan hari kerja (Sabtu)."),
        ("2026-02-05", "Tanggal 05-02-2026 di luar jendela pengisian"),
        ("2026-02-11", "Tanggal 11-02-2026 belum tiba"),
    ],
)
def test_a_date_outside_the_window_is_refused_saying_why_keeping_the_text(client, scene, tanggal, why):
    client.force_login(scene.pegawai)
    response = client.post(TAMBAH, data(scene, tanggal=tanggal, uraian="Teks yang saya ketik panjang-panjang"))
    html = response.content.decode()
    assert response.status_code == 200 and why in field_errors(html, "tanggal")
    assert "Teks yang saya ketik panjang-panjang</textarea>" in html
    assert f'name="tanggal" value="{tanggal}"' in html
    assert not ProgresHarian.objects.exists()


def test_a_holiday_is_refused_by_its_name(client, scene, clock):
    clock.move_to(timezone.make_aware(datetime.datetime(2026, 2, 18, 10)), tick=False)
    client.force_login(scene.pegawai)
    html = client.post(TAMBAH, data(scene, tanggal="2026-02-17")).content.decode()
    assert "bukan hari kerja (Tahun Baru Imlek 2577 Kongzili)" in field_errors(html, "tanggal")


def test_an_overlap_is_refused_beside_jam_mulai_naming_the_other_entry(client, scene):
    catat(scene, mulai="08:00", selesai="09:00", uraian="Rapat koordinasi")
    client.force_login(scene.pegawai)
    sent = data(scene, jam_mulai="08:30", jam_selesai="10:00", uraian="Menyusun laporan yang tumpang tindih")
    html = client.post(TAMBAH, sent).content.decode()
    assert "bertumpang tindih dengan kegiatan lain Anda: 08:00–09:00 Rapat koordinasi" in field_errors(
        html, "jam_mulai"
    )
    assert "Menyusun laporan yang tumpang tindih</textarea>" in html
    assert 'aria-invalid="true"' in html
    # In place: the day comes back with the form as typed and the message beside the field.
    html = client.post(f"{TAMBAH}?tanggal=2026-02-10", sent, headers=HX).content.decode()
    assert html.lstrip().startswith('<section class="hari"') and "Rapat koordinasi" in html
    assert "bertumpang tindih" in field_errors(html, "jam_mulai")
    assert "Menyusun laporan yang tumpang tindih</textarea>" in html
    assert ProgresHarian.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"realisasi": "banyak"}, "realisasi", "Realisasi harus angka"),
        ({"realisasi": "-1"}, "realisasi", "0"),
        ({"realisasi": "99999999999999999999"}, "realisasi", "14 angka"),
        ({"realisasi": "NaN"}, "realisasi", "Realisasi harus angka"),
        ({"tanggal": "2026-02-31"}, "tanggal", "Tanggal tidak valid."),
        ({"tanggal": "99999999999-01-01"}, "tanggal", "Tanggal tidak valid."),
        ({"jam_mulai": "25:00"}, "jam_mulai", "Jam mulai tidak valid"),
        ({"jam_selesai": "07:00"}, "jam_selesai", "Jam selesai harus sesudah jam mulai"),
        ({"sasaran": "RA-99999999999999999999"}, "sasaran", "Pilih rencana aksi atau target bulanan dari daftar."),
        ({"sasaran": "abc"}, "sasaran", "Pilih rencana aksi atau target bulanan dari daftar."),
        ({"uraian": "x" * 2001}, "uraian", "2000"),
        ({"uraian": ""}, "uraian", "Isi uraian kegiatan."),
        ({"link_bukti": "javascript:alert(1)"}, "link_bukti", "http:// atau https://"),
        ({"link_bukti": "ftp://contoh.go.id/a"}, "link_bukti", "http:// atau https://"),
        ({"satuan": "s" * 51}, "satuan", "50"),
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, scene, fields, field, message):
    client.force_login(scene.pegawai)
    response = client.post(TAMBAH, data(scene, **fields))
    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), field)
    assert not ProgresHarian.objects.exists()


def test_a_nul_byte_is_a_400(client, scene):
    client.force_login(scene.pegawai)
    assert client.post(TAMBAH, data(scene, uraian="a\x00b")).status_code == 400


def test_someone_elses_target_is_not_offered_nor_accepted(client, scene):
    other = UserFactory(unit_kerja=scene.pegawai.unit_kerja, atasan=scene.atasan)
    theirs = ProgresHarianFactory(target_bulanan__skp_bulanan__skp__pegawai=other).target_bulanan
    client.force_login(scene.pegawai)
    assert kode_of(theirs) not in client.get(TAMBAH).content.decode()
    html = client.post(TAMBAH, data(scene, sasaran=kode_of(theirs))).content.decode()
    assert "Pilih rencana aksi atau target bulanan dari daftar." in field_errors(html, "sasaran")


def test_without_anything_to_record_against_the_form_says_where_to_add_it(client, clock, pegawai, instansi):
    PengaturanHarianFactory(instansi=instansi)
    client.force_login(pegawai)
    html = text(client.get(TAMBAH).content.decode())
    assert "Belum ada rencana aksi atau target bulanan yang dapat diisi." in html


# --- Ubah -----------------------------------------------------------------------------------------------------


def test_ubah_changes_the_entry_and_goes_back_to_its_day(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    html = client.get(ubah_url(entry)).content.decode()
    assert "Mengagendakan surat masuk hari ini</textarea>" in html and f'name="version" value="{entry.version}"' in html
    response = client.post(ubah_url(entry), data(scene, jam_selesai="10:00", uraian="Diubah", version=entry.version))
    assert response.status_code == 302 and response.url == f"{MINGGU}?tanggal=2026-02-09#hari-2026-02-10"
    entry.refresh_from_db()
    assert (entry.jam_selesai, entry.uraian) == (datetime.time(10), "Diubah")


def test_ubah_in_place_answers_with_the_day(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    fragment = client.get(ubah_url(entry), headers=HX).content.decode()
    assert 'hx-target="#hari-2026-02-10"' in fragment and "<html" not in fragment
    sent = data(scene, jam_selesai="09:45", version=entry.version)
    html = client.post(ubah_url(entry), sent, headers=HX).content.decode()
    assert "Perubahan progres 08:00–09:45 disimpan." in html and "45 menit" in html


def test_a_stale_ubah_is_refused_keeping_the_text_and_a_second_simpan_goes_through(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    client.post(ubah_url(entry), data(scene, uraian="Dari tab lain", version=entry.version))
    stale = data(scene, uraian="Yang saya ketik di tab ini", version=entry.version)
    html = client.post(ubah_url(entry), stale).content.decode()
    assert "Yang saya ketik di tab ini</textarea>" in html
    assert "diubah" in text(html).lower() and f'name="version" value="{entry.version + 1}"' in html
    again = client.post(ubah_url(entry), {**stale, "version": entry.version + 1})
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.uraian == "Yang saya ketik di tab ini"


def test_an_approved_month_is_told_before_saving_and_marked_changed_after(client, scene):
    entry = catat(scene)
    SkpBulanan.objects.filter(skp=scene.skp).update(disetujui_pada=timezone.now(), disetujui_oleh=scene.atasan)
    client.force_login(scene.pegawai)
    notice = "Februari 2026 sudah disetujui atasan."
    assert notice in client.get(ubah_url(entry)).content.decode()
    assert notice in client.get(TAMBAH).content.decode()
    assert notice in text(client.post(hapus_url(entry), {"version": entry.version}).content.decode())  # Hapus asks
    client.post(ubah_url(entry), data(scene, uraian="Sesudah disetujui", version=entry.version))
    assert SkpBulanan.objects.get(skp=scene.skp, bulan=FEBRUARI).berubah


def test_an_entry_of_a_closed_day_cannot_be_changed_and_says_why(client, scene, clock):
    entry = catat(scene, tanggal=datetime.date(2026, 2, 6))
    clock.move_to(timezone.make_aware(datetime.datetime(2026, 2, 12, 10)), tick=False)
    client.force_login(scene.pegawai)
    html = text(client.get(ubah_url(entry)).content.decode())
    assert "Progres ini tidak dapat diubah lagi." in html and "di luar jendela pengisian" in html
    response = client.post(ubah_url(entry), data(scene, tanggal="2026-02-06", version=entry.version))
    assert "di luar jendela pengisian" in text(response.content.decode())
    assert "Ubah" not in section(client.get(f"{MINGGU}?tanggal=2026-02-06").content.decode(), "2026-02-06")


# --- Hapus ----------------------------------------------------------------------------------------------------


def test_hapus_asks_first_without_javascript_then_deletes(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    asked = client.post(hapus_url(entry), {"version": entry.version}).content.decode()
    assert "Hapus progres harian?" in asked and '<input type="hidden" name="yakin" value="1">' in asked
    assert ProgresHarian.objects.exists()
    done = client.post(hapus_url(entry), {"version": entry.version, "yakin": "1"})
    assert done.status_code == 302 and done.url == f"{MINGGU}?tanggal=2026-02-09#hari-2026-02-10"
    assert not ProgresHarian.objects.exists()


def test_hapus_in_place_answers_with_the_day(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    week = client.get(MINGGU).content.decode()
    assert f'hx-post="{hapus_url(entry)}" hx-target="#hari-2026-02-10" hx-swap="outerHTML"' in week
    assert 'hx-confirm="Hapus progres 08:00–09:00?"' in week
    html = client.post(hapus_url(entry), {"version": entry.version}, headers=HX).content.decode()
    assert "Progres 08:00–09:00 dihapus." in html and "Belum ada progres." in html
    assert not ProgresHarian.objects.exists()


def test_a_stale_hapus_is_refused(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    response = client.post(hapus_url(entry), {"version": entry.version + 5, "yakin": "1"}, follow=True)
    assert "diubah" in text(response.content.decode()).lower()
    assert ProgresHarian.objects.exists()


def test_hapus_is_post_only(client, scene):
    entry = catat(scene)
    client.force_login(scene.pegawai)
    assert client.get(hapus_url(entry)).status_code == 405


# --- Roles ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_who_may_open_ubah_and_hapus(client, scene, pegawai_lain, admin_lain, method):
    """The owner 200; the atasan sees the entry on their pages but may not change it (403); another pegawai and
    another instansi's admin do not see it (404); anonymous to the login."""
    entry = catat(scene)
    other_instansi = UserFactory(unit_kerja=admin_lain.unit_kerja)
    PengaturanHarianFactory(instansi=admin_lain.instansi)
    expected = {scene.atasan: 403, pegawai_lain: 404, admin_lain: 404, other_instansi: 404}
    for user, status in expected.items():
        client.force_login(user)
        for url in (ubah_url(entry), hapus_url(entry)):
            response = getattr(client, method)(url, {"version": entry.version, "yakin": "1"})
            assert response.status_code == (405 if method == "get" and url == hapus_url(entry) else status), (user, url)
    client.logout()
    response = getattr(client, method)(ubah_url(entry))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert ProgresHarian.objects.get().uraian == entry.uraian


@pytest.mark.parametrize("url", ["/harian/progres/99999999999999999999/ubah/", "/harian/progres/abc/ubah/"])
def test_ids_past_bigint_or_not_numbers_are_404(client, scene, url):
    client.force_login(scene.pegawai)
    assert client.get(url).status_code == 404
