"""Back, then Simpan (issue 10): a pegawai saves a Rencana Aksi, goes Back to the form (the browser reloads it: our
pages are never cached) and presses Simpan again; there is still one Rencana Aksi."""

import datetime

from playwright.sync_api import expect

from penilaian.models import RencanaAksi
from tests.factories import TEST_PASSWORD, PeriodePenilaianFactory, SkpFactory, complete_skp


def test_back_then_simpan_makes_one_rencana_aksi(live_server, page, februari, pegawai):
    skp = complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        )
    )
    periode = PeriodePenilaianFactory(skp=skp)
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("NIP", exact=True).fill(pegawai.nip)
    page.get_by_label("Kata Sandi", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/penilaian/{periode.pk}/")
    page.get_by_role("link", name="Tambah Rencana Aksi").click()
    page.get_by_label("Rencana Aksi", exact=True).fill("Menyusun laporan bulanan")
    page.get_by_label("Target", exact=True).fill("3")
    page.get_by_label("Satuan", exact=True).fill("laporan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Rencana aksi ditambahkan.")).to_be_visible()

    page.go_back()
    teks = page.get_by_label("Rencana Aksi", exact=True)
    if not teks.input_value():  # the browser did not restore the typed values: the user types them again
        teks.fill("Menyusun laporan bulanan")
        page.get_by_label("Target", exact=True).fill("3")
        page.get_by_label("Satuan", exact=True).fill("laporan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Menyusun laporan bulanan")
    # One rencana aksi, with the target it was saved with (the browser restored the text but not the target).
    assert list(RencanaAksi.objects.filter(periode=periode).values_list("target_angka", flat=True)) == [3]
