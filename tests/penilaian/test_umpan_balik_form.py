"""The evaluation's Umpan Balik as one form (issue 10): an atasan types every row and saves once, or saves one row
through htmx without losing what is typed elsewhere; a row that cannot be saved keeps its text and says why, the
others are saved; a row changed meanwhile in another tab is a stale edit that keeps the typed text."""

import pytest
from django.urls import reverse

from penilaian import services
from penilaian.models import UmpanBalik
from tests.factories import PeriodePenilaianFactory, RhkFactory, SkpFactory, complete_skp, rencana_aksi_lengkap

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def periode(pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"))
    RhkFactory(skp=skp, jenis="tambahan", teks="Membina pegawai baru")
    periode = PeriodePenilaianFactory(skp=skp)
    rencana_aksi_lengkap(periode)
    return periode


def url(periode):
    return reverse("penilaian:umpan_balik", args=[periode.pk])


def rows(periode):
    return [f"r{pk}" for pk in periode.skp.rhk_list.order_by("-jenis", "urutan").values_list("pk", flat=True)]


def test_every_row_typed_is_saved_with_one_simpan(client, atasan, periode):
    client.force_login(atasan)
    data = {}
    for key in [*rows(periode), "p1", "p2"]:
        data |= {f"{key}-teks": f"Catatan {key}", f"{key}-polaritas": "positif", f"{key}-version": "0"}
    response = client.post(url(periode), data, follow=True)
    assert "4 umpan balik disimpan." in response.content.decode()
    assert UmpanBalik.objects.filter(periode=periode).count() == 4
    # What is saved shows as saved; the rows not written yet say so.
    html = response.content.decode()
    assert html.count("✓ Tersimpan") == 4 and html.count("Belum ada umpan balik") == 5


def test_a_row_without_polarity_keeps_its_text_and_the_other_rows_are_saved(client, atasan, periode):
    first, second = rows(periode)
    client.force_login(atasan)
    data = {
        f"{first}-teks": "Laporan tepat waktu",
        f"{first}-polaritas": "positif",
        f"{second}-teks": "Pembinaan belum berjalan, tolong dijadwalkan",  # no 👍/👎
    }
    response = client.post(url(periode), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pembinaan belum berjalan, tolong dijadwalkan" in html
    assert "Pilih 👍 Positif atau 👎 Negatif untuk baris ini." in html
    assert "1 umpan balik disimpan; 1 baris belum disimpan." in html
    assert list(UmpanBalik.objects.filter(periode=periode).values_list("teks", flat=True)) == ["Laporan tepat waktu"]


def test_untouched_rows_are_not_written_again(client, atasan, periode):
    first, _ = rows(periode)
    stored = services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, rhk_id=int(first[1:]), teks="Baik", polaritas="positif"
    )
    client.force_login(atasan)
    data = {f"{first}-teks": "Baik", f"{first}-polaritas": "positif", f"{first}-version": stored.version}
    response = client.post(url(periode), data, follow=True)
    assert "Tidak ada umpan balik yang berubah." in response.content.decode()
    stored.refresh_from_db()
    assert stored.version == 1


def test_a_row_saved_meanwhile_in_another_tab_is_not_overwritten_unseen(client, atasan, periode):
    first, _ = rows(periode)
    client.force_login(atasan)
    # The page was opened before the row had any umpan balik (version 0); another tab saved it since.
    services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, rhk_id=int(first[1:]), teks="Dari tab lain", polaritas="negatif"
    )
    data = {f"{first}-teks": "Dari halaman ini", f"{first}-polaritas": "positif", f"{first}-version": "0"}
    html = client.post(url(periode), data).content.decode()
    assert "diubah di tempat lain" in html and "Dari halaman ini" in html and "Dari tab lain" in html
    assert UmpanBalik.objects.get(periode=periode).teks == "Dari tab lain"
    # Saving again, knowingly, replaces it: the page now carries the current version.
    version = UmpanBalik.objects.get(periode=periode).version
    assert f'name="{first}-version" value="{version}"' in html
    data[f"{first}-version"] = str(version)
    client.post(url(periode), data)
    assert UmpanBalik.objects.get(periode=periode).teks == "Dari halaman ini"


def test_one_row_saved_through_htmx_answers_with_that_row_only(client, atasan, periode):
    first, second = rows(periode)
    client.force_login(atasan)
    data = {
        "baris": first,
        f"{first}-teks": "Laporan tepat waktu",
        f"{first}-polaritas": "positif",
        f"{first}-version": "0",
        f"{second}-teks": "Masih diketik",
    }
    response = client.post(url(periode), data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="rhk-{first[1:]}"' in html
    assert "✓ Umpan balik disimpan." in html and "<html" not in html
    assert f'name="{first}-version" value="1"' in html  # the next save of this row is not stale
    assert list(UmpanBalik.objects.filter(periode=periode).values_list("teks", flat=True)) == ["Laporan tepat waktu"]


def test_a_row_refused_through_htmx_comes_back_with_its_text_and_why(client, atasan, periode):
    first, _ = rows(periode)
    client.force_login(atasan)
    data = {"baris": first, f"{first}-teks": "Tanpa polaritas", f"{first}-version": "0"}
    html = client.post(url(periode), data, headers={"HX-Request": "true"}).content.decode()
    assert "Tanpa polaritas" in html and "Pilih 👍 Positif atau 👎 Negatif" in html
    assert 'aria-invalid="true"' in html
    assert not UmpanBalik.objects.filter(periode=periode).exists()


def test_an_unknown_row_is_a_bad_request(client, atasan, periode):
    client.force_login(atasan)
    response = client.post(url(periode), {"baris": "r999999"}, headers={"HX-Request": "true"})
    assert response.status_code == 400


def test_the_pegawai_reads_the_umpan_balik_on_the_period_page(client, pegawai, atasan, periode):
    """Issue 10: the pegawai saw the atasan's umpan balik only in the PDF."""
    rhk = periode.skp.rhk_list.first()
    services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Laporan rapi", polaritas="positif"
    )
    services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, perilaku_nomor=2, teks="Lebih tepat waktu", polaritas="negatif"
    )
    client.force_login(pegawai)
    html = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert "👍 Positif — Laporan rapi" in html
    assert "2. Akuntabel</dt><dd>👎 Negatif — Lebih tepat waktu" in html


def test_the_evaluation_shows_the_ekspektasi_khusus_pimpinan_beside_each_perilaku(client, atasan, periode):
    from skp.models import EkspektasiPimpinan, PerilakuKerja

    EkspektasiPimpinan.objects.create(
        instansi=periode.instansi, skp=periode.skp, perilaku=PerilakuKerja.objects.get(nomor=1), teks="Ramah melayani"
    )
    client.force_login(atasan)
    html = client.get(reverse("penilaian:evaluasi", args=[periode.pk])).content.decode()
    section = html.split('id="perilaku-1"')[1].split('id="perilaku-2"')[0]
    assert "Ekspektasi Khusus Pimpinan: Ramah melayani" in section
