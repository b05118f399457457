"""Cetak Rekap Progres Harian (docs/rules.md §10.1, §10.5, §15.11): the print dialog, the PDF read back with pdftotext
(entries per day, hours, realisasi per target, kesesuaian, the atasan's approval or "BELUM DISETUJUI"), "Halaman x
dari y" and the QR code of the check page on every page, who may print, and the check page's verdict."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from harian import printing, services
from harian.models import SkpBulanan
from harian.services import kode_of
from skp.models import DokumenCetak
from skp.printing import PRINTED_KINDS
from tests.harian.atasan_helpers import banyak_entri, bulan_of, tiga_entri
from tests.harian.conftest import isian
from tests.harian.factories import TargetBulananFactory
from tests.pdf_qr import qr_codes_per_page
from tests.penilaian.test_printing import MASIH_SAMA, _text, pdf_pages


@pytest.fixture
def bulan(scene):
    tiga_entri(scene)
    skp_bulanan = bulan_of(scene)
    target = TargetBulananFactory(
        skp_bulanan=skp_bulanan, rhk=scene.rhk, nama="Menyusun agenda surat bulanan", target=4, satuan="agenda"
    )
    services.progres_create(
        actor=scene.pegawai,
        isian=isian(kode_of(target), mulai="13:00", selesai="15:30", uraian="Menyusun agenda minggu kedua"),
    )
    return skp_bulanan


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cetak(client, skp_bulanan, **data):
    return client.post(
        reverse("harian:cetak_rekap", args=[skp_bulanan.pk]), {"tanggal": "2026-03-02", "lokasi": "Singaraja", **data}
    )


def approve_all(atasan, skp_bulanan):
    services.kesesuaian_setujui(
        actor=atasan,
        skp_bulanan_id=skp_bulanan.pk,
        progres_ids=list(skp_bulanan.progres_list.values_list("pk", flat=True)),
    )
    for target in skp_bulanan.target_list.all():
        services.kualitas_set(actor=atasan, target_bulanan_id=target.pk, kualitas=88)
    return services.skp_bulanan_approve(actor=atasan, skp_bulanan_id=skp_bulanan.pk, version=None)


def test_the_dialog_asks_tanggal_and_lokasi_and_says_the_approval(bulan, scene):
    html = as_user(scene.pegawai).get(reverse("harian:cetak_rekap", args=[bulan.pk])).content.decode()
    assert '<label for="id_tanggal">Tanggal</label>' in html and '<label for="id_lokasi">Lokasi</label>' in html
    assert "Februari 2026" in html and "BELUM DISETUJUI" in html


def test_an_unapproved_month_prints_its_entries_and_says_belum_disetujui(bulan, scene):
    response = cetak(as_user(scene.pegawai), bulan)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="RekapProgresHarian-{scene.skp.pk}-2026-02.pdf"'
    assert scene.pegawai.nip not in disposition
    text = _text(response.content)
    for expected in (
        "REKAPITULASI PROGRES HARIAN",
        "BULAN FEBRUARI 2026",
        "Selasa, 10 Februari 2026",
        "Senin, 9 Februari 2026",
        "Jumat, 6 Februari 2026",
        "Mengagendakan surat masuk 3",
        "Mengagendakan surat masuk 5",
        "Menyusun agenda minggu kedua",
        "13:00–15:30",
        "3 surat",
        "Belum diperiksa",
        "PERSETUJUAN ATASAN: BELUM DISETUJUI atasan.",
        "Menyusun agenda surat bulanan",
        "Singaraja, 2 Maret 2026",
        scene.pegawai.nama,
        scene.atasan.nama,
        "Jumlah: 4 kegiatan, 5 j 30 m",
    ):
        assert expected in text, expected
    dokumen = DokumenCetak.objects.get()
    assert (dokumen.jenis, dokumen.periode_kode, str(dokumen.periode_awal)) == ("rekap_harian", "2026-02", "2026-02-01")
    pages = pdf_pages(response.content)
    for number, page in enumerate(pages, start=1):
        assert dokumen.kode in page and f"Halaman {number} dari {len(pages)}" in page


def test_an_approved_month_prints_who_approved_when_and_the_kualitas(bulan, scene):
    approved = approve_all(scene.atasan, bulan)
    text = _text(cetak(as_user(scene.atasan), bulan).content)
    assert f"PERSETUJUAN ATASAN: Disetujui oleh {scene.atasan.nama_lengkap} pada 10-02-2026 10:00 WIB." in text
    assert "BELUM DISETUJUI" not in text and "Belum diperiksa" not in text
    assert "Sesuai" in text and "88" in text
    assert approved.disetujui_pada is not None


def test_a_change_after_the_approval_is_printed_as_such(bulan, scene):
    approve_all(scene.atasan, bulan)
    services.progres_create(
        actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), mulai="16:00", selesai="16:30", realisasi=7)
    )
    text = _text(cetak(as_user(scene.atasan), bulan).content)
    assert "Data berubah setelah disetujui" in text and "belum disetujui kembali" in text
    # The rencana aksi: 19 surat now, 12 approved.
    assert "19 surat 12" in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pegawai", 200), ("atasan", 200), ("admin_instansi", 200), ("pegawai_lain", 404), ("admin_lain", 404)],
)
def test_who_may_print(request, bulan, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("harian:cetak_rekap", args=[bulan.pk])).status_code == status
    assert cetak(client, bulan).status_code == status
    assert DokumenCetak.objects.count() == (1 if status == 200 else 0)


def test_an_invalid_dialog_prints_nothing_and_keeps_what_was_typed(bulan, scene):
    response = cetak(as_user(scene.pegawai), bulan, tanggal="31-02-2026", lokasi="Sukamaju")
    html = response.content.decode()
    assert response.status_code == 200 and "Tanggal tidak valid" in html and 'value="Sukamaju"' in html
    assert not DokumenCetak.objects.exists()


def test_every_page_carries_the_qr_code_of_the_check_page(bulan, scene):
    banyak_entri(bulan, 60)
    response = cetak(as_user(scene.pegawai), bulan)
    dokumen = DokumenCetak.objects.get()
    codes = qr_codes_per_page(response.content)
    assert len(codes) >= 2 and len(codes) == len(pdf_pages(response.content))
    assert codes == [[f"http://testserver/cetak/v/{dokumen.kode}/"]] * len(codes)


def check_page(dokumen) -> str:
    response = Client().get(dokumen.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_check_page_says_the_same_until_the_month_changes_then_names_what_changed(bulan, scene):
    cetak(as_user(scene.pegawai), bulan)
    dokumen = DokumenCetak.objects.get()
    html = check_page(dokumen)
    assert MASIH_SAMA in html and scene.pegawai.nama in html and "1 Februari 2026 s.d. 28 Februari 2026" in html
    assert scene.pegawai.nip not in html
    services.kesesuaian_set(actor=scene.atasan, progres_id=bulan.progres_list.first().pk, kesesuaian=True)
    html = check_page(dokumen)
    assert "Data telah berubah sejak dokumen dicetak" in html
    assert "progres harian (kegiatan, jam, realisasi, kesesuaian)" in html
    assert "persetujuan atasan" not in html.split("Data telah berubah", 1)[1].split("</p>", 1)[0]
    approve_all(scene.atasan, bulan)
    assert "persetujuan atasan" in check_page(dokumen)


def test_what_the_recap_shows_is_split_into_its_named_sections(bulan, scene):
    cetak(as_user(scene.pegawai), bulan)
    dokumen = DokumenCetak.objects.get()
    kind = PRINTED_KINDS[dokumen.jenis]
    assert set(dokumen.section_digests) == set(kind.sections) == set(printing.SECTIONS)


def test_the_recap_is_built_in_a_fixed_number_of_queries(bulan, scene):
    dokumen = DokumenCetak(jenis=printing.JENIS, skp=scene.skp)

    def count() -> int:
        fresh = SkpBulanan.objects.select_related("skp__instansi", "disetujui_oleh").get(pk=bulan.pk)
        with CaptureQueriesContext(connection) as queries:
            printing.rekap_context(fresh, dokumen)
        return len(queries)

    few = count()
    banyak_entri(bulan, 60)
    assert count() == few
