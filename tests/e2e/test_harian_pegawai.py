"""The pegawai's Progres Harian in Chromium (issue 11): a Target Bulanan added in the panel, three daily entries
recorded from the week view (two in place in their day, one on the form's own page as without JavaScript, an overlap
refused beside its field with the text kept), the hours per day on the week view and the realisasi summed against the
target on the month view; the same pages on a 390-px phone. Screenshots at 1280 and 390 px go to /tmp/shots-harian/
(for looking at, not for asserting)."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_harian_atasan import _scene
from tests.e2e.test_target_size import SMALL

SHOTS = Path("/tmp/shots-harian")
SELASA, SENIN = "2026-02-10", "2026-02-09"
SASARAN = "Rencana Aksi / Target Bulanan"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fill(scope, *, mulai: str, selesai: str, uraian: str, realisasi: str, sasaran: str | None = None) -> None:
    if sasaran:
        scope.get_by_label(SASARAN, exact=True).select_option(label=sasaran)
    scope.get_by_label("Jam mulai", exact=True).fill(mulai)
    scope.get_by_label("Jam selesai", exact=True).fill(selesai)
    scope.get_by_label("Uraian kegiatan", exact=True).fill(uraian)
    scope.get_by_label("Realisasi", exact=True).fill(realisasi)


def test_a_pegawai_records_three_entries_from_the_week_view_and_reads_the_hours_and_the_month(
    live_server, page, phone, februari, pegawai, atasan
):
    # Progres harian on; an approved SKP of 2026 whose RHK's indikator targets 1.200 surat; Triwulan I with a
    # rencana aksi (the atasan's browser test's scene).
    _scene(pegawai, atasan)
    url = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, url, pegawai)

    # Target Bulanan: a Konseptual stage of February, added in the panel.
    page.goto(f"{url}/harian/target/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Target Bulanan")
    expect(page.get_by_role("link", name="Februari", exact=True)).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name=re.compile("^Tambah Target Konseptual")).click()
    panel = page.locator("#panel")
    panel.get_by_label("Kegiatan bulanan", exact=True).fill("Mengagendakan surat masuk dari dinas")
    panel.get_by_label("Target", exact=True).fill("20")
    panel.get_by_label("Satuan", exact=True).fill("surat")
    panel.get_by_role("button", name="Simpan").click()
    expect(panel).to_contain_text("Target bulanan Februari 2026 ditambahkan.")
    expect(page.locator("#target-isi")).to_contain_text("Konseptual Mengagendakan surat masuk dari dinas")
    shot(page, "target-1280")

    # The week view: the first entry in place, in Tuesday's cell.
    page.get_by_role("link", name="Minggu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progres Harian")
    expect(page.locator(".notice")).to_contain_text("Jendela pengisian: Jumat, 6 Februari 2026")
    selasa = page.locator(f"#hari-{SELASA}")
    selasa.get_by_role("link", name="Tambah progres Selasa, 10 Februari 2026").click()
    form = selasa.locator("form.progres")
    expect(form.get_by_label("Tanggal", exact=True)).to_have_value(SELASA)
    _fill(
        form,
        sasaran="Mengagendakan surat masuk dari dinas (surat)",
        mulai="08:00",
        selesai="09:30",
        uraian="Mengagendakan surat masuk dari dinas pendidikan",
        realisasi="12",
    )
    shot(page, "form-in-place-1280")
    form.get_by_role("button", name="Simpan").click()
    expect(selasa).to_contain_text("Progres harian 08:00–09:30 pada Selasa, 10 Februari 2026 disimpan.")
    expect(selasa.locator(".hari-jam")).to_contain_text("1 jam 30 menit · 1 kegiatan")
    expect(page.locator("#ringkasan-minggu")).to_have_text("1 kegiatan, 1 jam 30 menit")  # the week's, too
    # Ready for the next one: the same target, jam mulai where this one ended.
    form = selasa.locator("form.progres")
    expect(form.get_by_label("Jam mulai", exact=True)).to_have_value("09:30")
    expect(form.get_by_label(SASARAN, exact=True)).to_have_value(re.compile(r"^TB-\d+$"))

    # The second, overlapping the first: refused beside Jam mulai, the text kept; corrected, saved.
    _fill(form, mulai="09:00", selesai="11:00", uraian="Mendistribusikan disposisi kepala bidang", realisasi="5")
    form.get_by_role("button", name="Simpan").click()
    form = selasa.locator("form.progres")
    expect(form.locator(".errorlist")).to_contain_text("bertumpang tindih dengan kegiatan lain Anda: 08:00–09:30")
    expect(form.get_by_label("Uraian kegiatan", exact=True)).to_have_value("Mendistribusikan disposisi kepala bidang")
    shot(page, "form-overlap-1280")
    form.get_by_label("Jam mulai", exact=True).fill("09:30")
    form.get_by_role("button", name="Simpan").click()
    expect(selasa.locator(".hari-jam")).to_contain_text("3 jam · 2 kegiatan")
    selasa.get_by_role("link", name="Batal").click()
    expect(selasa.locator("form.progres")).to_have_count(0)

    # The third, on Monday, on the form's own page (the link as it works without JavaScript).
    senin = page.locator(f"#hari-{SENIN}")
    page.goto(url + senin.get_by_role("link", name=re.compile("^Tambah progres")).get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah progres")
    _fill(
        page,
        sasaran="Mengagendakan dan mendistribusikan surat (surat)",
        mulai="13:00",
        selesai="14:00",
        uraian="Mengarsipkan surat keluar minggu pertama",
        realisasi="4",
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text("Progres harian 13:00–14:00 pada Senin, 9 Februari 2026")
    expect(page.get_by_label("Jam mulai", exact=True)).to_have_value("14:00")
    expect(page.get_by_label("Uraian kegiatan", exact=True)).to_have_value("")
    shot(page, "form-page-1280")

    # The week: hours per day and for the week.
    page.get_by_role("link", name="← Kembali ke Progres Harian").click()
    expect(page.locator(f"#hari-{SELASA} .hari-jam")).to_have_text("3 jam · 2 kegiatan")
    expect(page.locator(f"#hari-{SENIN} .hari-jam")).to_have_text("1 jam · 1 kegiatan")
    expect(page.locator(".meta")).to_contain_text("3 kegiatan, 4 jam")
    expect(page.locator(f"#hari-{SELASA}")).to_contain_text("Belum diperiksa")
    shot(page, "minggu-1280")

    # The month: the calendar's hours and the realisasi summed against the target.
    page.get_by_role("link", name="Bulan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progres Harian Februari 2026")
    selasa_cell = page.get_by_role("cell", name=re.compile("Selasa, 10 Februari"))
    expect(selasa_cell).to_contain_text("3 jam")
    expect(selasa_cell).to_contain_text("2 kegiatan")
    row = page.get_by_role("row", name=re.compile("Mengagendakan surat masuk dari dinas"))
    expect(row).to_contain_text("20 surat")
    expect(row).to_contain_text("17 surat (85%)")
    expect(row).to_contain_text("3 surat")  # sisa
    ra_row = page.get_by_role("row", name=re.compile("Mengagendakan dan mendistribusikan surat"))
    expect(ra_row).to_contain_text("4 surat")
    expect(page.locator("#persetujuan-judul + .status-list")).to_contain_text("Menunggu")
    shot(page, "bulan-1280")

    # On a phone: the days stacked, nothing wider than the screen, every control 24 px.
    login(phone, url, pegawai)
    for path, name in (("/harian/", "minggu"), ("/harian/bulan/", "bulan"), ("/harian/target/", "target")):
        phone.goto(url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
        assert phone.evaluate(SMALL) == [], name
        shot(phone, f"{name}-390")
    phone.goto(f"{url}/harian/")
    boxes = [phone.locator(f"#hari-{d}").bounding_box() for d in (SENIN, SELASA)]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]  # Tuesday below Monday
    phone.locator(f"#hari-{SELASA}").get_by_role("link", name=re.compile("^Tambah progres")).click()
    expect(phone.locator(f"#hari-{SELASA} form.progres")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(SMALL) == []
    shot(phone, "form-in-place-390")
    phone.goto(f"{url}/harian/progres/tambah/")
    shot(phone, "form-page-390")
