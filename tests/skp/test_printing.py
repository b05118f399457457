"""Cetak SKP: the print dialog, the PDF (read back with pdftotext, its QR codes with zbarimg), who may print, and
the verification page, which compares what the paper shows with today's SKP (docs/rules.md §10.2, §10.5)."""

import datetime
import gc
import re
import subprocess
import tempfile

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.pdf import BASE_URL, StaticFilesFetcher
from skp import printing, services
from skp.models import DokumenCetak, EkspektasiPimpinan, StatusSkp
from skp.printing import dokumen_cetak_create, skp_document_context
from tests.factories import (
    IndikatorFactory,
    LampiranItemFactory,
    RhkFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
)
from tests.pdf_qr import qr_codes_per_page

TANGGAL = "2026-01-05"
TANGGAL_CETAK = "5 Januari 2026"


def cetak_url(skp) -> str:
    return reverse("cetak:skp", args=[skp.pk])


def cetak(client, skp, **data):
    return client.post(cetak_url(skp), {"tanggal": TANGGAL, "lokasi": "Sukamaju", **data})


def pdf_pages(content: bytes) -> list[str]:
    """The text of every page, as `pdftotext -layout` lays it out (pages end with a form feed)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        result = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True, check=True)
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def printed_pages(client, skp, **data) -> list[str]:
    response = cetak(client, skp, **data)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_pages(response.content)


@pytest.fixture
def skp(pegawai):
    """A JPT-model SKP: RHK with Penugasan dari, indikator with Target and Perspektif."""
    skp = SkpFactory(pegawai=pegawai, model="jpt")
    utama = RhkFactory(skp=skp, jenis="utama", teks="Layanan mutasi cepat", penugasan_dari="Bupati")
    IndikatorFactory(rhk=utama, teks="Jumlah SK mutasi", target_angka=12, satuan="Dokumen")
    IndikatorFactory(rhk=utama, teks="Kepuasan pengguna", target_angka=85, satuan="%")
    tambahan = RhkFactory(skp=skp, jenis="tambahan", teks="Pembinaan pegawai")
    IndikatorFactory(rhk=tambahan, teks="Jumlah sosialisasi", target_angka=4, satuan="Kegiatan")
    LampiranItemFactory(skp=skp, jenis="sumber_daya", teks="Anggaran DPA Bidang")
    LampiranItemFactory(skp=skp, jenis="konsekuensi", teks="Teguran tertulis")
    EkspektasiPimpinan.objects.create(instansi=skp.instansi, skp=skp, perilaku_id=1, teks="Tanggap terhadap aduan")
    return skp


@pytest.fixture
def rhk_atasan(atasan):
    skp_atasan = SkpFactory(pegawai=atasan, status="persetujuan")
    return RhkFactory(skp=skp_atasan, teks="Mutasi tertib")


# --- the print dialog ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, skp):
    response = client.get(cetak_url(skp))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def lokasi_offered(client, skp) -> str:
    """The Lokasi the print dialog fills in ("" for none)."""
    response = client.get(cetak_url(skp))
    assert response.status_code == 200
    [field] = re.findall(r'<input [^>]*name="lokasi"[^>]*>', response.content.decode())
    value = re.search(r'value="([^"]*)"', field)
    return value.group(1) if value else ""


def test_dialog_asks_tanggal_and_a_town_as_lokasi(client, pegawai, skp):
    """Issue 10: the Lokasi is the town where the paper is signed (Singaraja), not the instansi's name. With
    nothing printed in the instansi yet the field is empty and says what to type."""
    client.force_login(pegawai)
    response = client.get(cetak_url(skp))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_tanggal">Tanggal</label>' in html
    assert '<label for="id_lokasi">Lokasi</label>' in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert lokasi_offered(client, skp) == ""
    assert 'placeholder="mis. Singaraja"' in html
    assert "Nama kota/kabupaten tempat dokumen ditandatangani, mis. Singaraja." in html
    assert '<button type="submit">Cetak</button>' in html


def test_dialog_offers_the_lokasi_typed_last_by_the_user_else_in_the_instansi(
    client, pegawai, pegawai_lain, admin_lain, skp
):
    client.force_login(pegawai)
    cetak(client, skp, lokasi="Singaraja")
    assert lokasi_offered(client, skp) == "Singaraja"

    # A colleague prints later elsewhere: the pegawai is still offered their own town ...
    skp_rekan = SkpFactory(pegawai=pegawai_lain)
    dokumen_cetak_create(
        actor=pegawai_lain, skp=skp_rekan, jenis="skp", tanggal=datetime.date(2026, 1, 6), lokasi="Seririt"
    )
    assert lokasi_offered(client, skp) == "Singaraja"
    # ... and someone of the instansi who never printed gets the instansi's last one.
    baru = UserFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan)
    client.force_login(baru)
    assert lokasi_offered(client, SkpFactory(pegawai=baru)) == "Seririt"

    # Another instansi's prints are not offered.
    client.force_login(admin_lain)
    assert lokasi_offered(client, SkpFactory(pegawai=UserFactory(unit_kerja=admin_lain.unit_kerja))) == ""


def test_invalid_dialog_keeps_the_typed_tanggal_and_says_what_is_missing(client, pegawai, skp):
    client.force_login(pegawai)
    response = cetak(client, skp, tanggal="2026-03-17", lokasi="  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-03-17"' in html
    assert "Isi Lokasi penandatanganan" in html
    assert not DokumenCetak.objects.exists()


def test_print_dialog_refuses_other_methods(client, pegawai, skp):
    client.force_login(pegawai)
    assert client.put(cetak_url(skp)).status_code == 405


# --- who may print ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("pegawai", "draft", 200),
        ("pegawai_lain", "persetujuan", 404),
        ("atasan", "draft", 404),
        ("atasan", "pengajuan", 200),
        ("admin_instansi", "draft", 200),
        ("admin_lain", "persetujuan", 404),
        ("superadmin", "draft", 200),
    ],
)
def test_who_may_print(client, request, pegawai, persona, status, expected):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status=status))
    client.force_login(request.getfixturevalue(persona))
    assert client.get(cetak_url(skp)).status_code == expected
    response = cetak(client, skp)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert DokumenCetak.objects.filter(skp=skp).count() == (1 if expected == 200 else 0)


# --- the PDF ------------------------------------------------------------------------------------------


def test_pdf_carries_the_whole_skp(client, pegawai, atasan, skp):
    client.force_login(pegawai)
    pages = printed_pages(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    first = pages[0]
    text = "\n".join(pages)

    assert "SASARAN KINERJA PEGAWAI" in first
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in first
    assert f"1 JANUARI {skp.tahun} SD 31 DESEMBER {skp.tahun}" in first
    assert "PEGAWAI YANG DINILAI" in first
    assert "PEJABAT PENILAI KINERJA" in first
    for name in ("Ani Pegawai", "Budi Atasan"):
        assert name in first
    assert pegawai.nip in first  # the official document prints the NIP
    assert atasan.nip in first
    assert "Penata Muda, III/a" in first
    assert "Kepala Bidang Mutasi" in first

    assert "Rencana Hasil Kerja" in text
    assert "Perspektif" in text
    utama, tambahan = text.index("A. Utama"), text.index("B. Tambahan")
    assert utama < text.index("Layanan mutasi cepat") < tambahan < text.index("Pembinaan pegawai")
    assert "Penugasan dari Bupati" in text
    assert "Jumlah SK mutasi" in text
    assert "12 Dokumen" in text
    assert "85 %" in text
    assert "Penerima Layanan" in text

    assert "PERILAKU KERJA" in text
    for nama in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"):
        assert nama in text
    assert "Ramah, cekatan, solutif" in text
    assert "Tanggap terhadap aduan" in text

    assert f"Sukamaju, {TANGGAL_CETAK}" in text
    assert "Pejabat Penilai Kinerja" in text
    assert "Pegawai yang Dinilai" in text

    assert len(pages) >= 2
    assert f"Halaman 1 dari {len(pages)}" in first
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    for page in pages:
        assert dokumen.kode in page
    assert f"http://testserver/cetak/v/{dokumen.kode}/" in first


def test_lampiran_starts_on_its_own_page(client, pegawai, skp):
    client.force_login(pegawai)
    pages = printed_pages(client, skp)
    where = [i for i, page in enumerate(pages) if "LAMPIRAN SASARAN KINERJA PEGAWAI" in page]
    assert where and where[0] > 0
    lampiran = "\n".join(pages[where[0] :])
    assert lampiran.strip().startswith("LAMPIRAN SASARAN KINERJA PEGAWAI")
    assert "LAMPIRAN" not in pages[where[0] - 1]
    positions = [lampiran.index(label) for label in ("Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi")]
    assert positions == sorted(positions)
    assert "Anggaran DPA Bidang" in lampiran
    assert "Teguran tertulis" in lampiran
    skema = lampiran[positions[1] : positions[2]]
    assert skema.split() == ["Skema", "Pertanggungjawaban", "-", "-"]  # an empty list prints a dash
    assert f"Sukamaju, {TANGGAL_CETAK}" in lampiran


def test_pegawai_model_shows_the_rhk_atasan_and_aspek(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    assert skp.model == "pegawai"
    rhk = RhkFactory(skp=skp, teks="Usulan mutasi", rhk_atasan=rhk_atasan)
    IndikatorFactory(rhk=rhk, teks="Usulan diproses", target_angka=12, satuan="Dokumen", aspek="kuantitas")
    client.force_login(pegawai)
    text = "\n".join(printed_pages(client, skp))
    assert "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL" in text
    assert "Diintervensi" in text
    assert "Aspek" in text
    assert "Mutasi tertib" in text
    assert "Kuantitas" in text
    assert "12 Dokumen" in text
    assert "Perspektif" not in text


def test_kualitatif_has_no_target_column(client, pegawai):
    skp = SkpFactory(pegawai=pegawai, model="jpt", pendekatan="kualitatif")
    rhk = RhkFactory(skp=skp, teks="Layanan prima")
    IndikatorFactory(rhk=rhk, teks="Seluruh usulan selesai", target_angka=None, satuan="", perspektif="")
    client.force_login(pegawai)
    text = "\n".join(printed_pages(client, skp))
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in text
    assert "Seluruh usulan selesai" in text
    assert "Target" not in text
    assert "Perspektif" not in text


def test_rhk_with_several_indikator_spans_their_rows(pegawai, skp):
    dokumen = dokumen_cetak_create(
        actor=pegawai, skp=skp, jenis=DokumenCetak.Jenis.SKP, tanggal=datetime.date(2026, 1, 5), lokasi="Sukamaju"
    )
    context = skp_document_context(dokumen.skp, dokumen)
    assert [grup.nama for grup in context["kelompok_rhk"]] == ["Utama", "Tambahan"]
    assert [(item.nomor, item.rowspan) for item in context["kelompok_rhk"][0].items] == [(1, 2)]
    html = render_to_string("skp/pdf/skp.html", context)
    assert html.count('rowspan="2"') == 2  # the No and Rencana Hasil Kerja cells (the JPT model has no RHK atasan)


def test_rhk_and_ekspektasi_longer_than_a_page_still_print(client, pegawai, skp):
    """WeasyPrint fails on an unbreakable row taller than a page; typed text has no length limit."""
    panjang = "Uraian rencana hasil kerja yang sangat panjang. " * 150
    RhkFactory(skp=skp, jenis="utama", teks=panjang)
    EkspektasiPimpinan.objects.filter(skp=skp).update(teks=panjang)
    LampiranItemFactory(skp=skp, jenis="skema", teks=panjang)
    client.force_login(pegawai)
    pages = printed_pages(client, skp)
    assert sum("sangat panjang" in page for page in pages) >= 3  # split over pages, not left out
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in "\n".join(pages)


def test_every_page_carries_a_qr_code_of_the_check_page(client, pegawai, skp):
    """Read as a phone would: each page rasterised, its bottom margin read by zbarimg."""
    RhkFactory(skp=skp, jenis="utama", teks="Uraian rencana hasil kerja yang panjang. " * 120)
    client.force_login(pegawai)
    response = cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    codes = qr_codes_per_page(response.content)
    assert len(codes) == len(pdf_pages(response.content)) >= 3
    assert codes == [[f"http://testserver/cetak/v/{dokumen.kode}/"]] * len(codes)


def test_file_name_names_the_skp_never_the_nip(client, pegawai, skp):
    client.force_login(pegawai)
    response = cetak(client, skp)
    disposition = response["Content-Disposition"]
    assert f'filename="SKP-{skp.pk}-{skp.tahun}.pdf"' in disposition
    assert pegawai.nip not in disposition


def test_pdf_queries_do_not_grow_with_the_number_of_rhk(client, admin_instansi, pegawai, pegawai_lain):
    kecil = complete_skp(SkpFactory(pegawai=pegawai), rhk_count=1, indikator_per_rhk=1)
    besar = complete_skp(SkpFactory(pegawai=pegawai_lain), rhk_count=15, indikator_per_rhk=3)
    client.force_login(admin_instansi)
    client.get(cetak_url(kecil))  # the first request of a session refreshes its expiry: not what is measured
    counts = []
    for skp in (kecil, besar):
        with CaptureQueriesContext(connection) as queries:
            assert cetak(client, skp).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the record and the verification page -------------------------------------------------------------


def test_dokumen_records_version_status_and_who_printed(pegawai, skp):
    dokumen = dokumen_cetak_create(
        actor=pegawai, skp=skp, jenis=DokumenCetak.Jenis.SKP, tanggal=datetime.date(2026, 1, 5), lokasi=" Sukamaju "
    )
    assert dokumen.skp_version == skp.version
    assert dokumen.status_skp == StatusSkp.DRAFT
    assert dokumen.dicetak_oleh == pegawai
    assert dokumen.instansi_id == skp.instansi_id
    assert dokumen.lokasi == "Sukamaju"
    assert len(dokumen.kode) >= 16


def test_verification_page_is_public_and_says_unchanged(client, pegawai, skp):
    client.force_login(pegawai)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    client.logout()
    response = client.get(dokumen.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sasaran Kinerja Pegawai" in html
    assert "Ani Pegawai" in html
    assert "Analis Kebijakan Ahli Pertama" in html
    assert dokumen.kode in html
    assert f"Sukamaju, {TANGGAL_CETAK}" in html
    assert "Isi dokumen ini masih sama dengan data di e-Kinerja" in html
    assert "telah berubah" not in html
    assert pegawai.nip not in html
    assert skp.penilai.nip not in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_verification_page_says_when_the_skp_changed_since_printing(client, pegawai, skp):
    client.force_login(pegawai)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    services.lampiran_create(actor=pegawai, skp_id=skp.pk, jenis="skema", teks="Laporan bulanan")
    client.logout()
    html = client.get(dokumen.get_absolute_url()).content.decode()
    assert "Data telah berubah sejak dokumen dicetak: lampiran." in html
    assert "masih sama" not in html
    assert pegawai.nip not in html


def test_verification_page_says_which_part_changed_when_an_rhk_text_changed(client, pegawai, skp):
    client.force_login(pegawai)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    rhk = skp.rhk_list.get(teks="Layanan mutasi cepat")
    services.rhk_update(
        actor=pegawai,
        rhk_id=rhk.pk,
        version=rhk.version,
        jenis=rhk.jenis,
        klasifikasi=rhk.klasifikasi,
        teks="Layanan mutasi cepat dan tepat",
        penugasan_dari=rhk.penugasan_dari,
    )
    client.logout()
    html = client.get(dokumen.get_absolute_url()).content.decode()
    assert "Data telah berubah sejak dokumen dicetak: hasil kerja (RHK dan indikator)." in html
    assert "masih sama" not in html
    assert pegawai.nip not in html


def test_a_change_the_paper_does_not_show_leaves_the_copy_valid(client, pegawai, skp):
    """The SKP's version moves on every write; the check compares what the paper shows. Writing an RHK's text
    back as it was printed leaves the copy valid, although the version is not the one printed."""
    rhk = skp.rhk_list.get(teks="Layanan mutasi cepat")
    client.force_login(pegawai)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    fields = {"actor": pegawai, "rhk_id": rhk.pk, "jenis": rhk.jenis, "klasifikasi": rhk.klasifikasi}
    rhk = services.rhk_update(**fields, version=rhk.version, teks="Sementara", penugasan_dari=rhk.penugasan_dari)
    assert "telah berubah" in client.get(dokumen.get_absolute_url()).content.decode()
    services.rhk_update(**fields, version=rhk.version, teks="Layanan mutasi cepat", penugasan_dari=rhk.penugasan_dari)
    skp.refresh_from_db()
    assert skp.version != dokumen.skp_version
    html = client.get(dokumen.get_absolute_url()).content.decode()
    assert "Isi dokumen ini masih sama dengan data di e-Kinerja" in html


def test_the_digest_covers_what_is_shown_not_when_or_where_it_was_signed(client, pegawai, skp):
    client.force_login(pegawai)
    cetak(client, skp)
    cetak(client, skp, tanggal="2026-02-17", lokasi="Kota Lain")
    first, second = DokumenCetak.objects.filter(skp=skp).order_by("pk")
    assert first.kode != second.kode
    assert len(first.digest) == 64
    assert first.digest == second.digest
    assert set(first.section_digests) == {"kop", "identitas", "hasil_kerja", "perilaku", "lampiran"}
    EkspektasiPimpinan.objects.filter(skp=skp).update(teks="Tanggap terhadap aduan dalam sehari")
    cetak(client, skp)
    third = DokumenCetak.objects.filter(skp=skp).latest("pk")
    changed = {key for key, value in third.section_digests.items() if first.section_digests[key] != value}
    assert changed == {"perilaku"}


def test_a_record_printed_before_digests_were_kept_is_checked_by_version(client, pegawai, skp):
    dokumen = dokumen_cetak_create(
        actor=pegawai, skp=skp, jenis=DokumenCetak.Jenis.SKP, tanggal=datetime.date(2026, 1, 5), lokasi="Sukamaju"
    )
    assert dokumen.digest == ""
    assert "SKP-nya tidak berubah sejak dicetak" in client.get(dokumen.get_absolute_url()).content.decode()
    services.lampiran_create(actor=pegawai, skp_id=skp.pk, jenis="skema", teks="Laporan bulanan")
    assert "SKP ini telah berubah sejak dokumen dicetak" in client.get(dokumen.get_absolute_url()).content.decode()


def test_verification_page_queries_do_not_grow_with_the_skp(
    client, pegawai, pegawai_lain, django_assert_max_num_queries
):
    kecil = complete_skp(SkpFactory(pegawai=pegawai), rhk_count=1, indikator_per_rhk=1)
    besar = complete_skp(SkpFactory(pegawai=pegawai_lain), rhk_count=15, indikator_per_rhk=3)
    counts = []
    for skp in (kecil, besar):
        dokumen = dokumen_cetak_create(
            actor=pegawai, skp=skp, jenis=DokumenCetak.Jenis.SKP, tanggal=datetime.date(2026, 1, 5), lokasi="X"
        )
        printing.dokumen_cetak_seal(dokumen, skp_document_context(dokumen.skp, dokumen))
        # The record with its SKP and printer, then the SKP's RHK, indikator, ekspektasi, perilaku and lampiran.
        with django_assert_max_num_queries(6) as queries:
            response = client.get(dokumen.get_absolute_url())
        assert "masih sama" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_verification_page_shows_status_then_and_now(client, atasan, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="pengajuan"))
    client.force_login(atasan)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    services.skp_set_status(actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.PERSETUJUAN)
    html = client.get(dokumen.get_absolute_url()).content.decode()
    assert "Status saat dicetak</dt><dd>Pengajuan" in html
    assert "Status sekarang</dt><dd>Persetujuan" in html
    assert "Budi Atasan" in html  # who printed it
    assert "Isi dokumen ini masih sama dengan data di e-Kinerja" in html  # the status is not what the paper shows


def test_unknown_verification_code_is_404(client, db):
    assert client.get(reverse("cetak:verifikasi", args=["tidak-ada-kode"])).status_code == 404


def test_garbage_collection_is_back_on_after_a_render(client, pegawai, skp):
    client.force_login(pegawai)
    assert cetak(client, skp).status_code == 200
    assert gc.isenabled()


# --- the PDF url fetcher ------------------------------------------------------------------------------


def test_pdf_fetcher_serves_our_static_files():
    response = StaticFilesFetcher()(BASE_URL + "static/css/app.css")
    assert response.content_type == "text/css"
    assert b"e-Kinerja" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/css/app.css",
        "file:///etc/passwd",
        BASE_URL + "static/../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "static/css/tidak-ada.css",
        BASE_URL + "media/foto.png",
    ],
)
def test_pdf_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError):
        StaticFilesFetcher()(url)


def test_printed_copy_of_a_deleted_draft_still_checks_and_says_it_no_longer_counts(client, pegawai, skp):
    client.force_login(pegawai)
    cetak(client, skp)
    dokumen = DokumenCetak.objects.get(skp=skp)
    services.skp_delete(actor=pegawai, skp_id=skp.pk)
    client.logout()
    html = client.get(dokumen.get_absolute_url()).content.decode()
    assert "SKP-nya sudah dihapus" in html
    assert pegawai.nama in html  # what the paper says is kept with the record
    assert pegawai.nip not in html


def test_pdf_is_a_download_named_without_the_nip(client, pegawai, skp):
    client.force_login(pegawai)
    disposition = cetak(client, skp).headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert pegawai.nip not in disposition
