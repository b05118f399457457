"""On a phone every link or button that stands on its own is at least 24 px tall (WCAG 2.2, 2.5.8; issue 10: row
links were 19–22 px), and the Matriks Peran Hasil scrolls in its own box instead of being cut off."""

import datetime
import re

import pytest

from skp.models import MphRow
from tests.e2e.conftest import login
from tests.factories import (
    BuktiDukungFactory,
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    SkpFactory,
    complete_skp,
)

# Visible links and buttons in <main> under 24 px, except links inside running text (a sentence in a <p>/<li>).
SMALL = """() => [...document.querySelectorAll('main a, main button')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.height >= 24) return false;
    const parent = e.parentElement;
    const inText = ['P', 'LI', 'DD'].includes(parent.tagName) && parent.textContent.trim() !== e.textContent.trim()
        && !parent.classList.contains('back') && !parent.classList.contains('row-actions');
    return !inText;
}).map(e => `${e.textContent.trim().slice(0, 40)} (${Math.round(e.getBoundingClientRect().height)} px)`)"""


@pytest.fixture
def dunia(pegawai, atasan):
    tahun = {"periode_awal": datetime.date(2026, 1, 1), "periode_akhir": datetime.date(2026, 12, 31)}
    skp_atasan = complete_skp(SkpFactory(pegawai=atasan, status="persetujuan", **tahun), rhk_count=3)
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan", **tahun), rhk_count=2)
    MphRow.objects.create(instansi=skp.instansi, penilai_skp=skp_atasan, skp=skp)
    periode = PeriodePenilaianFactory(skp=skp)
    for rhk in skp.rhk_list.all():
        BuktiDukungFactory(rencana_aksi=RencanaAksiFactory(periode=periode, rhk=rhk))
    return skp_atasan, skp, periode


def test_every_standalone_target_is_24_px_on_a_phone(live_server, phone, februari, dunia, pegawai, atasan):
    skp_atasan, skp, periode = dunia
    url = live_server.url
    pages = {
        pegawai: ["/", "/skp/", skp.get_absolute_url(), f"/penilaian/skp/{skp.pk}/", f"/penilaian/{periode.pk}/"],
        atasan: [
            "/skp/bawahan/",
            "/penilaian/pemantauan/",
            f"/penilaian/{periode.pk}/evaluasi/",
            skp.get_absolute_url(),
            f"/skp/{skp_atasan.pk}/matriks/",
        ],
    }
    small = {}
    for user, paths in pages.items():
        login(phone, url, user)
        for path in paths:
            phone.goto(url + path)
            assert not re.search(r"Server Error|Not Found", phone.title())
            if found := phone.evaluate(SMALL):
                small[path] = found
    assert not small, small


def test_the_matriks_scrolls_in_its_own_box_on_a_phone(live_server, phone, februari, dunia, atasan):
    skp_atasan, _, _ = dunia
    login(phone, live_server.url, atasan)
    phone.goto(f"{live_server.url}/skp/{skp_atasan.pk}/matriks/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    box = phone.get_by_role("region", name=re.compile("Matriks Peran Hasil"))
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table does, in its box, reachable by keyboard
    assert box.get_attribute("tabindex") == "0"
    assert phone.get_by_text("Geser tabel ke samping").is_visible()
