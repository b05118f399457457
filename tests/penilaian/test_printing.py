"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja (docs/rules.md §10.3–§10.5): the dialogs, the PDFs read
back with pdftotext, who may print, the verification code and its QR code on every page, the check page's verdict
on a printed copy after the period changed, and the query budgets."""

import datetime
import re
import subprocess
import tempfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import UnitKerja
from penilaian import printing, services
from penilaian.models import PeriodePenilaian
from penilaian.predikat import Rating
from skp.models import DokumenCetak, PerilakuKerja, StatusSkp
from skp.printing import PRINTED_KINDS, dokumen_cetak_create
from tests.factories import (
    CapaianUnitFactory,
    PeriodePenilaianFactory,
    RhkFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
    rencana_aksi_lengkap,
)
from tests.pdf_qr import qr_codes_per_page

YEAR = 2026
TW1 = f"{YEAR}-TW1"

# The shared clock: inside Triwulan I, before its batas waktu, so the pegawai may still write.
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def kepala(instansi, atasan):
    """The penilai's own atasan (the atasan pejabat penilai), in the instansi's root unit."""
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    kepala = UserFactory(unit_kerja=root, nama="Kartika Kepala Dinas", jabatan="Kepala Dinas")
    atasan.atasan = kepala
    atasan.save()
    return kepala


def make_periode(pegawai) -> PeriodePenilaian:
    skp = SkpFactory(
        pegawai=pegawai,
        status=StatusSkp.PERSETUJUAN,
        periode_awal=datetime.date(YEAR, 1, 1),
        periode_akhir=datetime.date(YEAR, 12, 31),
    )
    complete_skp(skp)
    RhkFactory(skp=skp, jenis="tambahan", teks="Pembinaan pegawai")
    return PeriodePenilaianFactory(skp=skp, kode=TW1)


@pytest.fixture
def periode(pegawai, atasan):
    """Triwulan I, filled in, with umpan balik on every row, rated Diatas/Diatas (Sangat Baik)."""
    periode = make_periode(pegawai)
    utama = periode.skp.rhk_list.filter(jenis="utama").first()
    ra = services.rencana_aksi_create(
        actor=pegawai, periode_id=periode.pk, rhk_id=utama.pk, teks="Menyusun daftar usulan mutasi", satuan="dokumen"
    )
    services.realisasi_set(actor=pegawai, rencana_aksi_id=ra.pk, version=None, realisasi="30", sumber_data="Laporan")
    services.bukti_dukung_create(
        actor=pegawai, rencana_aksi_id=ra.pk, nama="Daftar usulan", link="https://drive.example.go.id/usulan.pdf"
    )
    rencana_aksi_lengkap(periode)
    for rhk in periode.skp.rhk_list.all():
        teks = "Usulan mutasi lengkap dan tepat waktu" if rhk.pk == utama.pk else "Sesuai rencana"
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks=teks, polaritas="positif")
    for perilaku in PerilakuKerja.objects.all():
        teks = "Selalu ramah kepada pengguna layanan" if perilaku.nomor == 1 else "Konsisten"
        services.umpan_balik_set(
            actor=atasan, periode_id=periode.pk, perilaku_nomor=perilaku.nomor, teks=teks, polaritas="positif"
        )
    return services.rating_set(
        actor=atasan,
        periode_id=periode.pk,
        version=None,
        rating_hasil_kerja=Rating.DIATAS,
        rating_perilaku=Rating.DIATAS,
    )


def _text(content: bytes) -> str:
    """The whole text of the PDF (pdftotext, not -layout), whitespace collapsed."""
    return " ".join(" ".join(pdf_pages(content)).split())


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page (pages end with a form feed), whitespace collapsed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        result = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True, check=True)
    return [" ".join(page.split()) for page in result.stdout.split("\f") if page.strip()]


def cetak(client, name, periode, **data):
    return client.post(
        reverse(f"penilaian:{name}", args=[periode.pk]), {"tanggal": "2026-04-06", "lokasi": "Sukamaju", **data}
    )


# --- the dialogs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cetak_form", "cetak_evaluasi"])
def test_anonymous_is_sent_to_login(client, periode, name):
    response = client.get(reverse(f"penilaian:{name}", args=[periode.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_dialogs_ask_tanggal_lokasi_and_only_the_penilai_for_evaluasi_catatan(client, pegawai, atasan, periode):
    client.force_login(pegawai)
    form_html = client.get(reverse("penilaian:cetak_form", args=[periode.pk])).content.decode()
    assert '<label for="id_tanggal">Tanggal</label>' in form_html
    assert '<label for="id_lokasi">Lokasi</label>' in form_html
    assert "Catatan/Rekomendasi" not in form_html
    evaluasi_html = client.get(reverse("penilaian:cetak_evaluasi", args=[periode.pk])).content.decode()
    assert '<label for="id_tanggal">Tanggal</label>' in evaluasi_html
    assert '<label for="id_lokasi">Lokasi</label>' in evaluasi_html
    assert 'name="catatan"' not in evaluasi_html
    assert "Ditulis oleh pejabat penilai" in evaluasi_html
    client.force_login(atasan)
    evaluasi_html = client.get(reverse("penilaian:cetak_evaluasi", args=[periode.pk])).content.decode()
    assert '<label for="id_catatan">Catatan/Rekomendasi</label>' in evaluasi_html


def test_dialogs_offer_the_lokasi_last_typed_in_the_instansi(client, pegawai, atasan, periode):
    client.force_login(pegawai)
    dialog = client.get(reverse("penilaian:cetak_form", args=[periode.pk])).content.decode()
    assert 'placeholder="mis. Singaraja"' in dialog
    assert 'value="Pemerintah Kabupaten Sukamaju"' not in dialog
    client.force_login(atasan)
    cetak(client, "cetak_form", periode, lokasi="Singaraja")
    for name in ("cetak_form", "cetak_evaluasi"):
        for persona in (atasan, pegawai):
            client.force_login(persona)
            dialog = client.get(reverse(f"penilaian:{name}", args=[periode.pk])).content.decode()
            assert re.search(r'<input [^>]*name="lokasi"[^>]*value="Singaraja"', dialog), (name, persona)


def test_only_the_penilai_writes_the_catatan_and_every_print_carries_and_records_it(client, pegawai, atasan, periode):
    client.force_login(atasan)
    cetak(client, "cetak_evaluasi", periode, catatan="Ikuti pelatihan analisis jabatan.")
    client.force_login(pegawai)
    dialog = client.get(reverse("penilaian:cetak_evaluasi", args=[periode.pk])).content.decode()
    assert "Ikuti pelatihan analisis jabatan." in dialog

    response = cetak(client, "cetak_evaluasi", periode, catatan="Pegawai terbaik tahun ini, naikkan TPP.")

    text = _text(response.content)
    assert "Ikuti pelatihan analisis jabatan." in text
    assert "naikkan TPP" not in text
    dokumen = DokumenCetak.objects.filter(dicetak_oleh=pegawai).get()
    assert (dokumen.catatan, dokumen.periode_kode) == ("Ikuti pelatihan analisis jabatan.", TW1)
    check = client.get(dokumen.get_absolute_url()).content.decode()
    assert "Catatan/Rekomendasi yang dicetak" in check
    assert "Ikuti pelatihan analisis jabatan." in check


def test_invalid_dialog_prints_nothing(client, pegawai, periode):
    client.force_login(pegawai)
    response = cetak(client, "cetak_form", periode, lokasi=" ")
    assert response.status_code == 200
    assert "Isi Lokasi penandatanganan" in response.content.decode()
    assert not DokumenCetak.objects.exists()


# --- who may print ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cetak_form", "cetak_evaluasi"])
@pytest.mark.parametrize(("persona", "expected"), [("pegawai", 200), ("atasan", 200), ("pegawai_lain", 404)])
def test_owner_and_penilai_print_a_peer_gets_404(client, request, periode, name, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = cetak(client, name, periode)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
    else:
        assert not DokumenCetak.objects.exists()


# --- Form Penilaian ---------------------------------------------------------------------------------------


def test_form_penilaian_pdf_shows_the_period_and_its_verification_code(client, pegawai, periode):
    client.force_login(pegawai)
    response = cetak(client, "cetak_form", periode)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="FormPenilaian-{periode.pk}-{TW1}.pdf"'
    assert pegawai.nip not in disposition

    dokumen = DokumenCetak.objects.get()
    assert dokumen.jenis == DokumenCetak.Jenis.FORM_PENILAIAN
    assert (dokumen.skp_id, dokumen.dicetak_oleh_id, dokumen.lokasi) == (periode.skp_id, pegawai.pk, "Sukamaju")
    assert (dokumen.periode_awal, dokumen.periode_akhir) == (periode.mulai, periode.selesai)

    text = _text(response.content)
    for expected in (
        "FORMULIR PENILAIAN KINERJA PEGAWAI",
        "Menyusun daftar usulan mutasi",
        "30 berdasarkan Laporan",
        "Daftar usulan",
        "Usulan mutasi lengkap dan tepat waktu",
        "Selalu ramah kepada pengguna layanan",
        "RATING HASIL KERJA",
        "RATING PERILAKU KERJA",
        "PREDIKAT KINERJA PEGAWAI",
        "Sangat Baik",
        "Diatas Ekspektasi",
        "Pembinaan pegawai",
        "Sukamaju, 6 April 2026",
    ):
        assert expected in text, expected
    # A long link wraps inside its narrow column; the characters are all there, in order.
    assert "https://drive.example.go.id/usulan.pdf" in "".join(text.split())
    pages = pdf_pages(response.content)
    for number, page in enumerate(pages, start=1):
        assert dokumen.kode in page
        assert f"Halaman {number} dari {len(pages)}" in page


def test_form_penilaian_is_printed_by_the_penilai_too(client, atasan, periode):
    client.force_login(atasan)
    response = cetak(client, "cetak_form", periode)
    assert "Sangat Baik" in _text(response.content)
    assert DokumenCetak.objects.get().dicetak_oleh_id == atasan.pk


# --- Dokumen Evaluasi Kinerja -----------------------------------------------------------------------------


def test_evaluasi_pdf_with_atasan_penilai_capaian_and_distribusi(client, atasan, kepala, admin_instansi, periode):
    CapaianUnitFactory(unit_kerja=periode.skp.unit_kerja, kode=TW1, capaian="istimewa", oleh=admin_instansi)
    client.force_login(atasan)
    response = cetak(client, "cetak_evaluasi", periode, catatan="Pertahankan kinerja, ikut pelatihan mutasi.")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="EvaluasiKinerja-{periode.pk}-{TW1}.pdf"'
    dokumen = DokumenCetak.objects.get()
    assert dokumen.jenis == DokumenCetak.Jenis.EVALUASI

    text = _text(response.content)
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "ATASAN PEJABAT PENILAI KINERJA",
        "Kartika Kepala Dinas",
        "CAPAIAN KINERJA ORGANISASI",
        "Istimewa",
        "POLA DISTRIBUSI",
        "Sangat Baik 50 % 1 100 %",  # ideal 50 % under Istimewa, one pegawai, all of the unit
        "PREDIKAT KINERJA PEGAWAI",
        "Pertahankan kinerja, ikut pelatihan mutasi.",
        "Sukamaju, 6 April 2026",
        dokumen.kode,
    ):
        assert expected in text, expected
    for page in pdf_pages(response.content):
        assert dokumen.kode in page


def test_evaluasi_without_atasan_penilai_or_capaian_says_so(client, pegawai, periode):
    client.force_login(pegawai)
    text = _text(cetak(client, "cetak_evaluasi", periode).content)
    assert "Tidak ada atasan pejabat penilai kinerja" in text
    assert "belum ditetapkan" in text
    assert "CATATAN/REKOMENDASI" in text


CATATAN_PANJANG = " ".join(
    f"Rekomendasi {n}: ikuti pelatihan analisis jabatan dan perbaiki tata naskah dinas bidang." for n in range(25)
)


@pytest.mark.parametrize("catatan", ["Pertahankan kinerja, ikut pelatihan mutasi.", CATATAN_PANJANG])
def test_evaluasi_keeps_the_catatan_heading_on_the_page_of_its_text(client, atasan, kepala, periode, catatan):
    """Issue 10: with an atasan pejabat penilai the identity blocks fill page 1 down to the pola distribusi, and
    the CATATAN/REKOMENDASI heading was left alone at its foot while its box went to page 2."""
    client.force_login(atasan)
    pages = pdf_pages(cetak(client, "cetak_evaluasi", periode, catatan=catatan).content)
    [heading_page] = [n for n, page in enumerate(pages) if "CATATAN/REKOMENDASI" in page]
    [text_page] = [n for n, page in enumerate(pages) if catatan[:40] in page]
    assert heading_page == text_page
    assert catatan[-40:] in pages[text_page]
    # The page boundary falls right after the pola distribusi: the case this test is about.
    assert heading_page > 0
    assert "POLA DISTRIBUSI" in pages[heading_page - 1]


# --- query budget -----------------------------------------------------------------------------------------


def test_contexts_take_a_fixed_number_of_queries(pegawai, atasan, periode):
    def count(builder, **extra) -> int:
        fresh = PeriodePenilaian.objects.select_related("skp__instansi").get(pk=periode.pk)
        dokumen = dokumen_cetak_create(
            actor=pegawai, skp=fresh.skp, jenis="form_penilaian", tanggal=datetime.date(YEAR, 4, 6), lokasi="X"
        )
        with CaptureQueriesContext(connection) as ctx:
            builder(fresh, dokumen, **extra)
        return len(ctx.captured_queries)

    small_form, small_eval = count(printing.form_penilaian_context), count(printing.evaluasi_context)
    for rhk in periode.skp.rhk_list.all():
        for n in range(3):
            ra = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks=f"Aksi {n}")
            services.bukti_dukung_create(
                actor=pegawai, rencana_aksi_id=ra.pk, nama=f"Bukti {n}", link="https://example.go.id/b"
            )
    make_periode(UserFactory(unit_kerja=pegawai.unit_kerja, atasan=atasan))
    assert count(printing.form_penilaian_context) == small_form
    assert count(printing.evaluasi_context) == small_eval
    assert small_form <= 6
    assert small_eval <= 4


# --- the printed copy against today's data (docs/rules.md §10.5) ---------------------------------------------


def check_page(dokumen) -> str:
    """The public check page of a printed copy, as whoever holds the paper sees it (not logged in)."""
    response = Client().get(dokumen.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def rate(atasan, periode, rating: str) -> PeriodePenilaian:
    return services.rating_set(
        actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja=rating, rating_perilaku=rating
    )


MASIH_SAMA = "Isi dokumen ini masih sama dengan data di e-Kinerja"


def test_form_printed_at_baik_no_longer_checks_after_a_reopen_and_sangat_kurang(client, pegawai, atasan, periode):
    """Issue 9: the SKP did not change, so comparing its version said the paper still held."""
    periode = rate(atasan, periode, Rating.SESUAI)
    services.periode_finalise(actor=atasan, periode_id=periode.pk, version=None)
    client.force_login(pegawai)
    response = cetak(client, "cetak_form", periode)
    assert periode.get_predikat_display() == "Baik"
    text = _text(response.content)
    assert "Baik" in text.split()
    assert "Sangat Baik" not in text
    dokumen = DokumenCetak.objects.get()
    assert MASIH_SAMA in check_page(dokumen)

    services.periode_reopen(actor=atasan, periode_id=periode.pk, catatan="Ada keberatan atas penilaian.")
    assert MASIH_SAMA in check_page(dokumen)  # reopened, but nothing the paper shows has changed yet
    periode = rate(atasan, periode, Rating.DIBAWAH)
    assert periode.get_predikat_display() == "Sangat Kurang"

    dokumen.skp.refresh_from_db()
    assert dokumen.skp.version == dokumen.skp_version  # what the check page used to compare
    html = check_page(dokumen)
    assert "Data telah berubah sejak dokumen dicetak: rating dan predikat." in html
    assert MASIH_SAMA not in html
    assert pegawai.nip not in html
    assert atasan.nip not in html


def test_form_checks_unchanged_until_a_realisasi_changes(client, pegawai, atasan, periode):
    client.force_login(atasan)
    cetak(client, "cetak_form", periode)
    dokumen = DokumenCetak.objects.get()
    assert MASIH_SAMA in check_page(dokumen)
    ra = periode.rencana_aksi_list.get(teks="Menyusun daftar usulan mutasi")
    services.realisasi_set(actor=pegawai, rencana_aksi_id=ra.pk, version=None, realisasi="31", sumber_data="Laporan")
    html = check_page(dokumen)
    assert (
        "Data telah berubah sejak dokumen dicetak: hasil kerja (rencana aksi, realisasi, bukti dukung, umpan balik)."
        in html
    )


def test_evaluasi_checks_unchanged_until_the_capaian_changes(client, atasan, kepala, admin_instansi, periode):
    capaian = CapaianUnitFactory(unit_kerja=periode.skp.unit_kerja, kode=TW1, capaian="baik", oleh=admin_instansi)
    client.force_login(atasan)
    cetak(client, "cetak_evaluasi", periode, catatan="Pertahankan.")
    dokumen = DokumenCetak.objects.get()
    assert MASIH_SAMA in check_page(dokumen)

    # A later print with another Catatan/Rekomendasi is a paper of its own: the first still holds.
    cetak(client, "cetak_evaluasi", periode, catatan="Ikuti pelatihan.")
    assert MASIH_SAMA in check_page(dokumen)

    services.capaian_set(actor=admin_instansi, unit_kerja=capaian.unit_kerja, kode=TW1, capaian="istimewa")
    html = check_page(dokumen)
    # Istimewa also changes the ideal curve printed in the pola distribusi.
    assert (
        "Data telah berubah sejak dokumen dicetak: capaian kinerja organisasi, pola distribusi predikat unit kerja."
        in html
    )
    assert "Pertahankan." in html  # the Catatan/Rekomendasi this copy carries


def test_a_copy_of_a_deleted_period_says_so(client, pegawai, periode):
    client.force_login(pegawai)
    cetak(client, "cetak_form", periode)
    dokumen = DokumenCetak.objects.get()
    PeriodePenilaian.objects.filter(pk=periode.pk).delete()
    html = check_page(dokumen)
    assert "tetapi periode penilaiannya sudah dihapus" in html
    assert pegawai.nip not in html


@pytest.mark.parametrize("name", ["cetak_form", "cetak_evaluasi"])
def test_every_page_carries_a_qr_code_of_the_check_page(client, pegawai, periode, name):
    """Read as a phone would: each page rasterised, its bottom margin read by zbarimg."""
    utama = periode.skp.rhk_list.filter(jenis="utama").first()
    for n in range(8):
        services.rencana_aksi_create(
            actor=pegawai, periode_id=periode.pk, rhk_id=utama.pk, teks=f"Aksi {n}: " + "uraian panjang " * 40
        )
    client.force_login(pegawai)
    response = cetak(client, name, periode)
    dokumen = DokumenCetak.objects.get()
    codes = qr_codes_per_page(response.content)
    assert len(codes) == len(pdf_pages(response.content))
    assert codes == [[f"http://testserver/cetak/v/{dokumen.kode}/"]] * len(codes)
    if name == "cetak_form":
        assert len(codes) >= 2


def test_what_each_kind_shows_is_split_into_its_named_sections(client, pegawai, periode):
    client.force_login(pegawai)
    for name in ("cetak_form", "cetak_evaluasi"):
        cetak(client, name, periode)
    for dokumen in DokumenCetak.objects.all():
        kind = PRINTED_KINDS[dokumen.jenis]
        assert set(dokumen.section_digests) == set(kind.sections)
        assert set(kind.shown(kind.today(dokumen))) == set(kind.sections)


@pytest.mark.parametrize(("name", "budget"), [("cetak_form", 8), ("cetak_evaluasi", 5)])
def test_check_page_queries_do_not_grow_with_the_period(
    client, pegawai, atasan, periode, name, budget, django_assert_max_num_queries
):
    client.force_login(pegawai)

    def count() -> int:
        cetak(client, name, periode)
        dokumen = DokumenCetak.objects.latest("pk")
        anonymous = Client()
        with django_assert_max_num_queries(budget) as queries:
            assert MASIH_SAMA in anonymous.get(dokumen.get_absolute_url()).content.decode()
        return len(queries)

    small = count()
    for rhk in periode.skp.rhk_list.all():
        for n in range(3):
            ra = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks=f"Aksi {n}")
            services.bukti_dukung_create(
                actor=pegawai, rencana_aksi_id=ra.pk, nama=f"Bukti {n}", link="https://example.go.id/b"
            )
    make_periode(UserFactory(unit_kerja=pegawai.unit_kerja, atasan=atasan))
    assert count() == small
