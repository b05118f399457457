"""Nothing happens by accident (issue 10): Tetapkan asks first, saying what it locks, and the page still shows both
ratings afterwards; Hapus of a Bukti Dukung asks first."""

import datetime

import pytest
from django.urls import reverse

from penilaian import services
from penilaian.models import BuktiDukung, PeriodePenilaian, StatusPeriode
from penilaian.predikat import Rating
from tests.conftest import jakarta
from tests.factories import (
    BuktiDukungFactory,
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    SkpFactory,
    complete_skp,
)
from tests.penilaian.test_services import beri_umpan_balik

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def periode(pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"))
    return PeriodePenilaianFactory(skp=skp)


@pytest.fixture
def dinilai(periode, atasan):
    beri_umpan_balik(periode, atasan)
    return services.rating_set(
        actor=atasan,
        periode_id=periode.pk,
        version=None,
        rating_hasil_kerja=Rating.DIATAS,
        rating_perilaku=Rating.SESUAI,
    )


def test_tetapkan_asks_first_and_says_what_it_locks(client, atasan, dinilai):
    client.force_login(atasan)
    evaluasi = client.get(reverse("penilaian:evaluasi", args=[dinilai.pk])).content.decode()
    assert f'href="{reverse("penilaian:tetapkan", args=[dinilai.pk])}">Tetapkan</a>' in evaluasi
    page = client.get(reverse("penilaian:tetapkan", args=[dinilai.pk])).content.decode()
    assert "Tetapkan penilaian" in page and "terkunci" in page and "dibuka kembali" in page
    assert "Diatas Ekspektasi" in page and "Sesuai Ekspektasi" in page
    dinilai.refresh_from_db()
    assert dinilai.status == StatusPeriode.TERBUKA  # asking wrote nothing
    client.post(reverse("penilaian:tetapkan", args=[dinilai.pk]), {"version": dinilai.version})
    dinilai.refresh_from_db()
    assert dinilai.status == StatusPeriode.DITETAPKAN
    after = client.get(reverse("penilaian:evaluasi", args=[dinilai.pk])).content.decode()
    assert "Rating Hasil Kerja: <strong>Diatas Ekspektasi</strong>" in after
    assert "Rating Perilaku Kerja: <strong>Sesuai Ekspektasi</strong>" in after


def test_the_confirmation_is_only_for_a_rated_open_period_of_ones_own_bawahan(client, atasan, pegawai, periode):
    client.force_login(atasan)
    response = client.get(reverse("penilaian:tetapkan", args=[periode.pk]))  # not rated yet
    assert response.status_code == 302 and response.url.endswith("#rating")
    client.force_login(pegawai)
    assert client.get(reverse("penilaian:tetapkan", args=[periode.pk])).status_code == 403


def test_hapus_bukti_dukung_asks_first(client, pegawai, periode):
    bukti = BuktiDukungFactory(rencana_aksi=RencanaAksiFactory(periode=periode), nama="Notulen rapat")
    client.force_login(pegawai)
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert '<button type="submit" class="secondary small" aria-label="Hapus bukti dukung Notulen rapat">' in page
    response = client.post(reverse("penilaian:bukti_hapus", args=[bukti.pk]))
    assert response.status_code == 200 and "Hapus bukti dukung?" in response.content.decode()
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()
    response = client.post(reverse("penilaian:bukti_hapus", args=[bukti.pk]), {"yakin": "1"})
    assert response.status_code == 302
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()


# --- Tambah Periode Penilaian in November, and a period added by mistake --------------------------------------


@pytest.fixture
def skp_tahun_ini(pegawai):
    return complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        )
    )


def test_tambah_periode_offers_the_current_period_and_marks_the_closed_ones(client, clock, pegawai, skp_tahun_ini):
    clock.move_to(jakarta(2026, 11, 20), tick=False)
    client.force_login(pegawai)
    html = client.get(reverse("penilaian:daftar", args=[skp_tahun_ini.pk])).content.decode()
    assert '<option value="2026-TW4" selected>Triwulan IV 2026' in html
    assert "Triwulan I 2026 (01-01 s.d. 31-03-2026) — ditutup: batas waktu 05-04-2026 sudah lewat" in html
    assert "— ditutup" not in html.split('value="2026-TW4"')[1].split("</option>")[0]


def test_an_open_period_past_its_batas_waktu_is_marked_read_only_in_the_list(client, clock, pegawai, skp_tahun_ini):
    services.periode_create(actor=pegawai, skp_id=skp_tahun_ini.pk, kode="2026-TW1")
    clock.move_to(jakarta(2026, 11, 20), tick=False)
    client.force_login(pegawai)
    html = client.get(reverse("penilaian:daftar", args=[skp_tahun_ini.pk])).content.decode()
    assert 'Terbuka <span class="muted">(batas waktu lewat; hanya bisa dibaca)</span>' in html


def test_an_empty_period_is_removed_by_its_owner_after_a_confirmation(client, pegawai, skp_tahun_ini):
    periode = services.periode_create(actor=pegawai, skp_id=skp_tahun_ini.pk, kode="2026-TW1")
    client.force_login(pegawai)
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert "Hapus periode ini" in page
    url = reverse("penilaian:periode_hapus", args=[periode.pk])
    assert "Hapus periode Triwulan I 2026?" in client.post(url).content.decode()
    assert PeriodePenilaian.objects.filter(pk=periode.pk).exists()
    response = client.post(url, {"yakin": "1"})
    assert response.url == reverse("penilaian:daftar", args=[skp_tahun_ini.pk])
    assert not PeriodePenilaian.objects.filter(pk=periode.pk).exists()


def test_a_period_with_anything_written_in_it_cannot_be_removed(client, pegawai, atasan, skp_tahun_ini):
    periode = services.periode_create(actor=pegawai, skp_id=skp_tahun_ini.pk, kode="2026-TW1")
    rhk = skp_tahun_ini.rhk_list.first()
    services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Awal", polaritas="positif")
    client.force_login(pegawai)
    assert "Hapus periode ini" not in client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    with pytest.raises(services.PenilaianError, match="tidak dapat dihapus"):
        services.periode_delete(actor=pegawai, periode_id=periode.pk)
    assert PeriodePenilaian.objects.filter(pk=periode.pk).exists()
