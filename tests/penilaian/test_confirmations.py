"""Nothing happens by accident (issue 10): Tetapkan asks first, saying what it locks, and the page still shows both
ratings afterwards; Hapus of a Bukti Dukung asks first."""

import pytest
from django.urls import reverse

from penilaian import services
from penilaian.models import BuktiDukung, StatusPeriode
from penilaian.predikat import Rating
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
