"""Persetujuan Bulanan, the atasan's pages (docs/rules.md §15.6–§15.9): who sees which bawahan and month, the
kesesuaian ticks, the kualitas scores, the month's approval and its "Berubah setelah disetujui", and Kreativitas;
stale and repeated saves, tampered forms."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from harian import services
from harian.models import NilaiKreativitas, ProgresHarian, SkpBulanan
from harian.services import kode_of
from tests.factories import PltAssignmentFactory, SkpFactory, UnitKerjaFactory, UserFactory
from tests.harian.atasan_helpers import FEBRUARI, bulan_of, tiga_entri
from tests.harian.conftest import isian
from tests.harian.factories import TargetBulananFactory

LOGIN = reverse("accounts:login")


@pytest.fixture
def bulan(scene):
    """February with three entries against the rencana aksi and a Konseptual target bulanan."""
    tiga_entri(scene)
    skp_bulanan = bulan_of(scene)
    TargetBulananFactory(skp_bulanan=skp_bulanan, rhk=scene.rhk, nama="Menyusun agenda surat bulanan", satuan="agenda")
    return skp_bulanan


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, skp_bulanan) -> str:
    response = client.get(reverse("harian:atasan_bulan", args=[skp_bulanan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def pilih(*entries) -> list[str]:
    return [f"{e.pk}:{e.version}" for e in entries]


def tick(client, skp_bulanan, data):
    return client.post(reverse("harian:atasan_kesesuaian", args=[skp_bulanan.pk]), data)


# --- who sees what ---------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_page(client, bulan, scene):
    for name, args in [
        ("harian:atasan", []),
        ("harian:atasan_bulan", [bulan.pk]),
        ("harian:kreativitas", [scene.skp.pk]),
        ("harian:cetak_rekap", [bulan.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response.url.startswith(LOGIN), name
    for name in ("harian:atasan_kesesuaian", "harian:atasan_kualitas", "harian:atasan_setujui"):
        response = client.post(reverse(name, args=[bulan.pk]), {})
        assert response.status_code == 302 and response.url.startswith(LOGIN), name
    assert not ProgresHarian.objects.exclude(kesesuaian=None).exists()


def test_the_list_shows_each_bawahan_with_entries_waiting_and_the_month_s_state(bulan, scene, pegawai_lain):
    # A second bawahan with an approved SKP and nothing written in February yet.
    SkpFactory(
        pegawai=pegawai_lain,
        status="persetujuan",
        periode_awal=datetime.date(2026, 1, 1),
        periode_akhir=datetime.date(2026, 12, 31),
    )
    html = as_user(scene.atasan).get(reverse("harian:atasan")).content.decode()
    assert "Februari 2026" in html
    row = re.search(r"<tr>\s*<td data-label=\"Nama\">.*?" + scene.pegawai.nama + r".*?</tr>", html, re.S).group()
    assert '<td data-label="Kegiatan">3</td>' in row
    assert "<strong>3</strong>" in row  # all three wait for their kesesuaian
    assert "Menunggu persetujuan" in row
    assert reverse("harian:atasan_bulan", args=[bulan.pk]) in row
    other = re.search(r"<tr>\s*<td data-label=\"Nama\">" + pegawai_lain.nama + r".*?</tr>", html, re.S).group()
    assert "Belum ada isian" in other


def test_the_list_of_another_month_and_a_mangled_month(bulan, scene):
    client = as_user(scene.atasan)
    januari = client.get(reverse("harian:atasan"), {"bulan": "2026-01"}).content.decode()
    assert "Januari 2026" in januari and "Belum ada isian" in januari
    assert "Bulan lain yang masih menunggu" in januari and "?bulan=2026-02" in januari
    mangled = client.get(reverse("harian:atasan"), {"bulan": "2026-13"})
    assert mangled.status_code == 200 and "Februari 2026" in mangled.content.decode()


def test_a_pegawai_without_bawahan_sees_an_empty_list(bulan, scene):
    html = as_user(scene.pegawai).get(reverse("harian:atasan")).content.decode()
    assert "Belum ada bawahan" in html and scene.pegawai.nama not in html.split("<main", 1)[1].split("</h1>", 1)[1]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("atasan", 200), ("pegawai", 403), ("admin_instansi", 403), ("pegawai_lain", 404), ("admin_lain", 404)],
)
def test_the_month_page_by_role(request, bulan, persona, status):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(reverse("harian:atasan_bulan", args=[bulan.pk])).status_code == status
    response = as_user(user).post(
        reverse("harian:atasan_kesesuaian", args=[bulan.pk]), {"pilih": pilih(*bulan.progres_list.all())}
    )
    assert response.status_code == (302 if status == 200 else status)
    assert ProgresHarian.objects.filter(kesesuaian=True).count() == (3 if status == 200 else 0)


def test_another_penilai_of_the_instansi_gets_404(bulan, unit):
    kepala_lain = UserFactory(unit_kerja=UnitKerjaFactory(instansi=unit.instansi), nama="Penilai Lain")
    UserFactory(unit_kerja=kepala_lain.unit_kerja, atasan=kepala_lain)  # has bawahan of their own
    client = as_user(kepala_lain)
    assert client.get(reverse("harian:atasan_bulan", args=[bulan.pk])).status_code == 404
    assert client.post(reverse("harian:atasan_setujui", args=[bulan.pk]), {}).status_code == 404
    assert bulan.pegawai.nama not in client.get(reverse("harian:atasan")).content.decode()


def test_the_plt_atasan_checks_the_month_of_a_plt_skp_and_the_definitive_atasan_does_not(scene, unit):
    """A bawahan holding a Plt post writes a second SKP whose penilai is the Plt post's atasan: that atasan checks
    its months (penilaian's who-rates-whom), not the pegawai's definitive atasan."""
    atasan_plt = UserFactory(unit_kerja=unit, nama="Atasan Plt")
    plt = PltAssignmentFactory(
        pegawai=scene.pegawai,
        atasan=atasan_plt,
        mulai=datetime.date(2026, 2, 1),
        selesai=datetime.date(2026, 6, 30),
    )
    skp_plt = SkpFactory(
        pegawai=scene.pegawai,
        plt=plt,
        penilai=atasan_plt,
        status="persetujuan",
        periode_awal=datetime.date(2026, 2, 1),
        periode_akhir=datetime.date(2026, 6, 30),
    )
    skp_bulanan = SkpBulanan.objects.create(
        instansi=skp_plt.instansi, skp=skp_plt, pegawai=scene.pegawai, bulan=FEBRUARI
    )
    target = TargetBulananFactory(skp_bulanan=skp_bulanan, rhk__skp=skp_plt, nama="Tahap Plt")
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target), uraian="Tugas sebagai Plt"))
    html = as_user(atasan_plt).get(reverse("harian:atasan")).content.decode()
    assert reverse("harian:atasan_bulan", args=[skp_bulanan.pk]) in html and ">Plt</span>" in html
    assert "Tugas sebagai Plt" in page(as_user(atasan_plt), skp_bulanan)
    assert as_user(scene.atasan).get(reverse("harian:atasan_bulan", args=[skp_bulanan.pk])).status_code == 404
    assert (
        reverse("harian:atasan_bulan", args=[skp_bulanan.pk])
        not in as_user(scene.atasan).get(reverse("harian:atasan")).content.decode()
    )


# --- kesesuaian ------------------------------------------------------------------------------------------------


def test_the_month_page_shows_every_entry_by_day_with_a_checkbox_each(bulan, scene):
    html = page(as_user(scene.atasan), bulan)
    for entry in bulan.progres_list.all():
        assert f'name="pilih" value="{entry.pk}:{entry.version}"' in html
        assert f'<label for="pilih-{entry.pk}" class="visually-hidden">' in html
    for day in ("Selasa, 10 Februari 2026", "Senin, 9 Februari 2026", "Jumat, 6 Februari 2026"):
        assert day in html
    assert "Setujui semua yang dipilih" in html and "Belum diperiksa" in html


def test_pilih_semua_ticks_every_waiting_entry_without_javascript(bulan, scene):
    first = bulan.progres_list.order_by("tanggal").first()
    services.kesesuaian_set(actor=scene.atasan, progres_id=first.pk, kesesuaian=False)
    response = as_user(scene.atasan).get(reverse("harian:atasan_bulan", args=[bulan.pk]), {"pilih": "menunggu"})
    html = response.content.decode()
    assert len(re.findall(r'name="pilih" value="[^"]+" id="pilih-\d+" checked', html)) == 2
    assert f'id="pilih-{first.pk}" checked' not in html


def test_setujui_semua_yang_dipilih_ticks_the_chosen_entries_only(bulan, scene):
    client = as_user(scene.atasan)
    entries = list(bulan.progres_list.order_by("tanggal"))
    response = tick(client, bulan, {"pilih": pilih(*entries[:2])})
    assert response.status_code == 302 and response.url.endswith("#progres")
    assert [e.kesesuaian for e in bulan.progres_list.order_by("tanggal")] == [True, True, None]
    assert ProgresHarian.objects.filter(kesesuaian_oleh=scene.atasan).count() == 2
    html = page(client, bulan)
    assert "2 progres harian ditandai sesuai." in html
    assert "1 progres harian belum diperiksa kesesuaiannya" in html


def test_tidak_sesuai_leaves_the_realisasi_out_and_can_be_taken_back(bulan, scene):
    client = as_user(scene.atasan)
    four = bulan.progres_list.get(realisasi=4)
    tick(client, bulan, {"tidak_sesuai": f"{four.pk}:{four.version}"})
    four.refresh_from_db()
    assert four.kesesuaian is False
    html = page(client, bulan)
    assert "<strong>8 surat</strong>" in html  # 3 + 5: the entry marked tidak sesuai does not count
    tick(client, bulan, {"batal": f"{four.pk}:{four.version}"})
    four.refresh_from_db()
    assert four.kesesuaian is None
    assert "<strong>12 surat</strong>" in page(client, bulan)


def test_an_entry_changed_by_the_pegawai_after_the_page_opened_is_not_ticked_unseen(bulan, scene):
    client = as_user(scene.atasan)
    entries = list(bulan.progres_list.order_by("tanggal"))
    shown = pilih(*entries)
    changed = entries[2]
    services.progres_update(
        actor=scene.pegawai,
        progres_id=changed.pk,
        version=changed.version,
        isian=isian(kode_of(scene.rencana_aksi), uraian="Diubah: mengagendakan 50 surat", realisasi=50),
    )
    response = tick(client, bulan, {"pilih": shown})
    assert response.status_code == 200
    html = response.content.decode()
    assert "diubah atau dihapus oleh pegawai setelah halaman ini dibuka" in html
    assert "Diubah: mengagendakan 50 surat" in html and "Diubah pegawai setelah halaman dibuka." in html
    for entry in entries:  # the choice is kept, nothing was ticked
        assert f'id="pilih-{entry.pk}" checked' in html
    assert not ProgresHarian.objects.filter(kesesuaian=True).exists()


def test_a_double_submit_of_the_ticks_ticks_once(bulan, scene):
    client = as_user(scene.atasan)
    data = {"pilih": pilih(*bulan.progres_list.all())}
    assert tick(client, bulan, data).status_code == 302
    assert tick(client, bulan, data).status_code == 302
    assert ProgresHarian.objects.filter(kesesuaian=True).count() == 3


@pytest.mark.parametrize("data", [{"pilih": ["abc"]}, {"pilih": ["1:2:3"]}, {"tidak_sesuai": "x"}, {"pilih": ["-1:1"]}])
def test_a_tampered_form_is_refused_and_changes_nothing(bulan, scene, data):
    assert tick(as_user(scene.atasan), bulan, data).status_code == 400
    assert not ProgresHarian.objects.exclude(kesesuaian=None).exists()


def test_an_entry_of_another_month_or_pegawai_is_refused(bulan, scene, pegawai_lain):
    from tests.harian.atasan_helpers import bawahan_dengan_bulan

    other = bawahan_dengan_bulan(scene.atasan, 1, entries=1)[0].progres_list.get()
    response = tick(as_user(scene.atasan), bulan, {"pilih": pilih(other)})
    assert response.status_code == 200 and "sehingga belum ada yang ditandai" in response.content.decode()
    assert not ProgresHarian.objects.exclude(kesesuaian=None).exists()


def test_nothing_chosen_says_so(bulan, scene):
    response = tick(as_user(scene.atasan), bulan, {})
    assert response.status_code == 200 and "Pilih dulu progres harian" in response.content.decode()


# --- kualitas ------------------------------------------------------------------------------------------------


def kualitas_post(client, skp_bulanan, target, value, version=None):
    data = {f"t{target.pk}-kualitas": value, f"t{target.pk}-version": version or target.version}
    return client.post(reverse("harian:atasan_kualitas", args=[skp_bulanan.pk]), data)


def test_kualitas_is_saved_and_shown(bulan, scene):
    target = bulan.target_list.get()
    response = kualitas_post(as_user(scene.atasan), bulan, target, "85")
    assert response.status_code == 302 and response.url.endswith("#kualitas")
    target.refresh_from_db()
    assert (target.kualitas, target.kualitas_oleh) == (85, scene.atasan)
    assert 'value="85"' in page(as_user(scene.atasan), bulan)


@pytest.mark.parametrize("value", ["101", "-1", "8,5", "abc"])
def test_a_bad_kualitas_keeps_what_was_typed_and_says_why(bulan, scene, value):
    target = bulan.target_list.get()
    response = kualitas_post(as_user(scene.atasan), bulan, target, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{value}"' in html and "0 sampai 100" in html
    target.refresh_from_db()
    assert target.kualitas is None


def test_a_target_changed_by_the_pegawai_is_not_scored_unseen_and_a_repeat_is_not_stale(bulan, scene):
    client = as_user(scene.atasan)
    target = bulan.target_list.get()
    shown = target.version
    services.target_bulanan_update(actor=scene.pegawai, target_bulanan_id=target.pk, version=shown, target=20)
    response = kualitas_post(client, bulan, target, "70", version=shown)
    html = response.content.decode()
    assert response.status_code == 200 and "diubah setelah halaman dibuka" in html and 'value="70"' in html
    target.refresh_from_db()
    assert target.kualitas is None
    # Sent again knowingly, with the version the refusal put in the form: saved. Then a double click: not stale.
    assert kualitas_post(client, bulan, target, "70", version=target.version).status_code == 302
    assert kualitas_post(client, bulan, target, "70", version=target.version).status_code == 302
    target.refresh_from_db()
    assert target.kualitas == 70


# --- the month's approval -------------------------------------------------------------------------------------


def approve(client, skp_bulanan, version=None):
    version = version if version is not None else SkpBulanan.objects.get(pk=skp_bulanan.pk).version
    return client.post(reverse("harian:atasan_setujui", args=[skp_bulanan.pk]), {"version": version})


def complete(client, skp_bulanan):
    tick(client, skp_bulanan, {"pilih": pilih(*skp_bulanan.progres_list.all())})
    for target in skp_bulanan.target_list.all():
        kualitas_post(client, skp_bulanan, target, "90")


def test_the_month_cannot_be_approved_until_every_entry_is_checked_and_every_target_scored(bulan, scene):
    client = as_user(scene.atasan)
    html = page(client, bulan)
    assert "3 progres harian belum diperiksa kesesuaiannya" in html
    assert "Kualitas 1 target bulanan belum dinilai" in html
    approve(client, bulan)
    assert "Belum dapat disetujui" in page(client, bulan)
    assert SkpBulanan.objects.get(pk=bulan.pk).disetujui_pada is None


def test_approving_keeps_a_snapshot_and_a_later_change_shows_berubah_until_approved_again(bulan, scene):
    client = as_user(scene.atasan)
    complete(client, bulan)
    assert approve(client, bulan).url.endswith("#persetujuan")
    bulan.refresh_from_db()
    assert bulan.disetujui_oleh == scene.atasan and not bulan.berubah
    html = page(client, bulan)
    assert f"Disetujui oleh <strong>{scene.atasan.nama_lengkap}</strong>" in html
    assert "Setujui SKP Bulanan" not in html

    services.progres_create(
        actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), mulai="13:00", selesai="14:00", realisasi=10)
    )
    listed = client.get(reverse("harian:atasan")).content.decode()
    assert "Berubah setelah disetujui" in listed
    html = page(client, bulan)
    assert "Berubah setelah disetujui." in html
    # DES Q7: the approved value beside today's.
    assert re.search(r"<td>Mengagendakan surat masuk</td><td>12 surat</td><td>22 surat</td>", html)
    assert "Setujui kembali" in html
    tick(client, bulan, {"pilih": pilih(*bulan.progres_list.filter(kesesuaian=None))})
    approve(client, bulan)
    bulan.refresh_from_db()
    assert not bulan.berubah and bulan.snapshot["rencana_aksi"][0]["realisasi"] == "22.00"


def test_an_approval_from_a_page_opened_before_the_pegawai_s_change_is_refused(bulan, scene):
    client = as_user(scene.atasan)
    complete(client, bulan)
    opened = SkpBulanan.objects.get(pk=bulan.pk).version
    target = bulan.target_list.get()
    services.target_bulanan_update(actor=scene.pegawai, target_bulanan_id=target.pk, version=target.version, target=12)
    approve(client, bulan, version=opened)
    assert "sehingga bulan ini belum disetujui" in page(client, bulan)
    assert SkpBulanan.objects.get(pk=bulan.pk).disetujui_pada is None


def test_a_double_submit_of_setujui_approves_once(bulan, scene):
    client = as_user(scene.atasan)
    complete(client, bulan)
    version = SkpBulanan.objects.get(pk=bulan.pk).version
    approve(client, bulan, version)
    first = SkpBulanan.objects.get(pk=bulan.pk).disetujui_pada
    response = approve(client, bulan, version)
    assert response.status_code == 302
    assert SkpBulanan.objects.get(pk=bulan.pk).disetujui_pada == first
    assert "Belum dapat" not in page(client, bulan) and "diubah" not in page(client, bulan)


def test_a_reopened_skp_shows_the_month_read_only(bulan, scene):
    scene.skp.status = "revisi"
    scene.skp.save()
    html = page(as_user(scene.atasan), bulan)
    assert "Halaman ini hanya dapat dibaca" in html
    assert 'name="pilih"' not in html and "Setujui SKP Bulanan" not in html
    response = tick(as_user(scene.atasan), bulan, {"pilih": pilih(*bulan.progres_list.all())})
    assert "hanya untuk SKP yang sudah disetujui" in response.content.decode()
    assert not ProgresHarian.objects.exclude(kesesuaian=None).exists()


# --- kreativitas --------------------------------------------------------------------------------------------


def kreativitas_post(client, skp, **data):
    return client.post(reverse("harian:kreativitas", args=[skp.pk]), {"version": 0, "catatan": "", **data})


def test_kreativitas_is_scored_once_a_year_and_can_be_changed(scene):
    client = as_user(scene.atasan)
    form = client.get(reverse("harian:kreativitas", args=[scene.skp.pk])).content.decode()
    assert '<label for="id_nilai">Kreativitas</label>' in form and "Belum dinilai" in form
    assert kreativitas_post(client, scene.skp, nilai="80", catatan="Membuat aplikasi agenda").status_code == 302
    stored = NilaiKreativitas.objects.get()
    assert (stored.nilai, stored.catatan, stored.oleh) == (80, "Membuat aplikasi agenda", scene.atasan)
    assert kreativitas_post(client, scene.skp, nilai="85", version=stored.version).status_code == 302
    assert NilaiKreativitas.objects.get().nilai == 85
    assert '<td data-label="Kreativitas 2026">85</td>' in client.get(reverse("harian:atasan")).content.decode()


def test_kreativitas_refuses_a_stale_save_keeping_what_was_typed_and_takes_a_double_submit(scene):
    client = as_user(scene.atasan)
    kreativitas_post(client, scene.skp, nilai="80")
    stale = kreativitas_post(client, scene.skp, nilai="60", catatan="Ketikan saya")
    html = stale.content.decode()
    assert stale.status_code == 200 and "sudah diubah sejak formulir dibuka" in html and "Ketikan saya" in html
    assert NilaiKreativitas.objects.get().nilai == 80
    assert kreativitas_post(client, scene.skp, nilai="80").status_code == 302  # the first one, sent again


@pytest.mark.parametrize(("nilai", "catatan"), [("101", ""), ("", ""), ("80", "x" * 2001)])
def test_kreativitas_bad_input_keeps_the_form(scene, nilai, catatan):
    response = kreativitas_post(as_user(scene.atasan), scene.skp, nilai=nilai, catatan=catatan)
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not NilaiKreativitas.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("pegawai", 403), ("admin_instansi", 403), ("pegawai_lain", 404)])
def test_kreativitas_by_role(request, scene, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("harian:kreativitas", args=[scene.skp.pk])).status_code == status
    assert kreativitas_post(client, scene.skp, nilai="90").status_code == status
    assert not NilaiKreativitas.objects.exists()
