"""Isi Realisasi dari Progres Harian (docs/rules.md §15.8): the daily sums beside the stored Realisasi, written through
penilaian's service on the pegawai's confirmation, all or none; the batas waktu, Tetapkan and stale pages respected;
the pegawai may still change the realisasi afterwards."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from harian import services
from harian.models import SkpBulanan
from harian.services import kode_of
from penilaian import services as penilaian_services
from penilaian.models import RencanaAksi
from tests.factories import RencanaAksiFactory
from tests.harian.atasan_helpers import banyak_entri, tiga_entri
from tests.harian.conftest import isian


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(periode) -> str:
    return reverse("harian:isi_realisasi", args=[periode.pk])


@pytest.fixture
def dua_rencana(scene):
    """Three entries (3 + 4 + 5 surat) on the scene's rencana aksi; a second rencana aksi without entries, whose
    realisasi is typed by hand."""
    tiga_entri(scene)
    lain = RencanaAksiFactory(
        periode=scene.periode, rhk=scene.rhk, teks="Menyusun laporan", realisasi="1", sumber_data="Laporan"
    )
    return scene.rencana_aksi, lain


def post(client, periode, *rencana, **extra):
    data = {"pilih": [str(ra.pk) for ra in rencana]}
    for ra in RencanaAksi.objects.filter(periode=periode):
        data[f"v-{ra.pk}"] = str(ra.version)
    data.update(extra)
    return client.post(url(periode), data)


def test_the_page_shows_the_daily_sum_beside_the_stored_realisasi(scene, dua_rencana):
    surat, lain = dua_rencana
    html = as_user(scene.pegawai).get(url(scene.periode)).content.decode()
    assert "<strong>12 surat</strong>" in html
    assert "1 berdasarkan Laporan" in html and "Belum ada progres harian" in html
    assert f'name="pilih" value="{surat.pk}" id="pilih-{surat.pk}" checked' in html
    assert f'name="pilih" value="{lain.pk}"' not in html  # nothing to pre-fill it from


def test_confirming_writes_the_sum_through_penilaian_and_the_pegawai_can_still_edit(scene, dua_rencana):
    surat, lain = dua_rencana
    client = as_user(scene.pegawai)
    response = post(client, scene.periode, surat)
    assert response.status_code == 302 and response.url == reverse("penilaian:periode", args=[scene.periode.pk])
    surat.refresh_from_db()
    lain.refresh_from_db()
    assert (surat.realisasi, surat.sumber_data) == ("12", "Progres Harian")
    assert (lain.realisasi, lain.sumber_data) == ("1", "Laporan")
    page = client.get(response.url).content.decode()
    assert "12 berdasarkan Progres Harian" in page and "Anda masih dapat mengubahnya sampai batas waktu" in page
    penilaian_services.realisasi_set(
        actor=scene.pegawai, rencana_aksi_id=surat.pk, version=surat.version, realisasi="11", sumber_data="Agenda"
    )
    surat.refresh_from_db()
    assert surat.realisasi == "11"
    assert "Sudah sama" not in client.get(url(scene.periode)).content.decode()


def test_a_double_submit_writes_once_and_says_so(scene, dua_rencana):
    surat, _ = dua_rencana
    client = as_user(scene.pegawai)
    first = post(client, scene.periode, surat)
    surat.refresh_from_db()
    written = surat.version
    data = {"pilih": [str(surat.pk)], f"v-{surat.pk}": str(written - 1)}  # the same page, sent again
    again = client.post(url(scene.periode), data)
    assert again.status_code == 302 and again.url == first.url
    assert "sudah sama dengan jumlah progres harian" in client.get(again.url).content.decode()
    surat.refresh_from_db()
    assert (surat.version, surat.realisasi) == (written, "12")


def test_an_entry_marked_tidak_sesuai_is_left_out_of_the_sum(scene, dua_rencana):
    entry = services.progres_create(
        actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), mulai="10:00", selesai="11:00", realisasi=20)
    )
    services.kesesuaian_set(actor=scene.atasan, progres_id=entry.pk, kesesuaian=False)
    assert "<strong>12 surat</strong>" in as_user(scene.pegawai).get(url(scene.periode)).content.decode()


def test_a_realisasi_changed_after_the_page_opened_is_not_overwritten_and_nothing_is_written(scene, dua_rencana):
    surat, lain = dua_rencana
    client = as_user(scene.pegawai)
    data = {"pilih": [str(surat.pk)], f"v-{surat.pk}": str(surat.version), f"v-{lain.pk}": str(lain.version)}
    penilaian_services.realisasi_set(
        actor=scene.pegawai, rencana_aksi_id=surat.pk, version=surat.version, realisasi="15", sumber_data="Agenda"
    )
    response = client.post(url(scene.periode), data)
    html = response.content.decode()
    assert response.status_code == 200 and "diubah setelah halaman ini dibuka" in html
    assert "15 berdasarkan Agenda" in html and f'value="{surat.pk}" id="pilih-{surat.pk}" checked' in html
    surat.refresh_from_db()
    assert surat.realisasi == "15"


def test_after_the_batas_waktu_nothing_is_written_and_the_page_says_why(scene, dua_rencana, clock):
    surat, _ = dua_rencana
    clock.move_to(datetime.datetime(2026, 4, 6, 10, 0, tzinfo=datetime.UTC), tick=False)
    client = as_user(scene.pegawai)
    html = client.get(url(scene.periode)).content.decode()
    assert "Batas waktu pengisian periode ini sudah lewat (05-04-2026)" in html and 'name="pilih"' not in html
    post(client, scene.periode, surat)
    surat.refresh_from_db()
    assert surat.realisasi == ""


def test_a_finalised_period_is_not_written(scene, dua_rencana):
    surat, _ = dua_rencana
    scene.periode.status = "ditetapkan"
    scene.periode.save()
    post(as_user(scene.pegawai), scene.periode, surat)
    surat.refresh_from_db()
    assert surat.realisasi == ""


def test_nothing_chosen_says_so(scene, dua_rencana):
    response = as_user(scene.pegawai).post(url(scene.periode), {"pilih": ["abc", "-1"]})
    assert response.status_code == 200 and "Pilih dulu rencana aksi" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("atasan", 403), ("admin_instansi", 403), ("pegawai_lain", 404), ("admin_lain", 404)]
)
def test_only_the_pegawai_pre_fills_their_realisasi(request, scene, dua_rencana, persona, status):
    surat, _ = dua_rencana
    client = as_user(request.getfixturevalue(persona))
    assert client.get(url(scene.periode)).status_code == status
    assert post(client, scene.periode, surat).status_code == status
    surat.refresh_from_db()
    assert surat.realisasi == ""


def test_anonymous_is_sent_to_login(scene):
    response = Client().get(url(scene.periode))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_page_reads_a_fixed_number_of_queries(scene, dua_rencana, django_assert_max_num_queries):
    client = as_user(scene.pegawai)
    client.get(url(scene.periode))  # the session's idle refresh, once

    def count() -> int:
        with django_assert_max_num_queries(20) as queries:
            assert client.get(url(scene.periode)).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        RencanaAksiFactory(periode=scene.periode, rhk=scene.rhk, teks=f"Rencana {n}")
    banyak_entri(SkpBulanan.objects.get(skp=scene.skp), 30, rencana_aksi=scene.rencana_aksi)
    assert count() == few
