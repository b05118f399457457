"""The pegawai's Progres Harian pages (issue 11): the week view (the landing page) and the month view, who opens them,
and what an instansi without progres harian gets. The clock stands at 10:00 on Tuesday 10 February 2026 (window: 10,
9 and 6 February); the scene is tests/harian/conftest.py's."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harian import services
from harian.models import PengaturanHarian, SkpBulanan
from harian.services import kode_of
from tests.factories import UserFactory
from tests.harian.conftest import isian
from tests.harian.factories import ProgresHarianFactory, TargetBulananFactory

MINGGU = reverse("harian:minggu")
BULAN = reverse("harian:bulan")
TAMBAH = reverse("harian:progres_tambah")
FEBRUARI = datetime.date(2026, 2, 1)


def page(client, user, url: str, **kwargs) -> str:
    client.force_login(user)
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, day: str) -> str:
    """The week view's section of one day (id hari-YYYY-MM-DD)."""
    start = html.index(f'id="hari-{day}"')
    end = html.find("</section>", start)
    return html[start:end]


def text(html: str) -> str:
    """The page's words, tags removed and spaces collapsed (to read what a user reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def catat(scene, tanggal=datetime.date(2026, 2, 10), mulai="08:00", selesai="09:00", **fields):
    """An entry through the service (the form's path) against the scene's rencana aksi."""
    return services.progres_create(
        actor=scene.pegawai,
        isian=isian(kode_of(scene.rencana_aksi), tanggal=tanggal, mulai=mulai, selesai=selesai, **fields),
    )


@pytest.fixture
def target_februari(scene):
    """A Konseptual target of February on the scene's RHK: 10 data."""
    skp_bulanan = SkpBulanan.objects.create(
        instansi=scene.skp.instansi, skp=scene.skp, pegawai=scene.pegawai, bulan=FEBRUARI
    )
    return TargetBulananFactory(skp_bulanan=skp_bulanan, rhk=scene.rhk, nama="Mengumpulkan data mutasi", target=10)


# --- Who opens the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["minggu", "bulan", "progres_tambah", "target_pilih"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"harian:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["minggu", "bulan", "progres_tambah", "target_pilih"])
def test_an_instansi_without_progres_harian_is_told_so_with_the_way_back(client, clock, pegawai, name):
    html = page(client, pegawai, reverse(f"harian:{name}"))
    assert "Progres harian belum diaktifkan untuk instansi Anda" in html
    assert f'href="{reverse("accounts:home")}"' in html
    assert "Tambah" not in text(html)


def test_switching_it_off_closes_the_pages_of_an_instansi_that_had_it(client, scene):
    catat(scene)
    PengaturanHarian.objects.filter(instansi=scene.skp.instansi).update(aktif=False)
    assert "belum diaktifkan" in page(client, scene.pegawai, MINGGU)


def test_a_user_without_instansi_reads_that_it_is_off(client, clock, superadmin):
    assert "belum diaktifkan" in page(client, superadmin, MINGGU)


def test_each_pegawai_sees_only_their_own_week(client, scene, pegawai_lain):
    catat(scene, uraian="Rahasia milik Ani")
    assert "Rahasia milik Ani" in page(client, scene.pegawai, MINGGU)
    assert "Rahasia milik Ani" not in page(client, pegawai_lain, MINGGU)
    assert "Rahasia milik Ani" not in page(client, scene.atasan, MINGGU)  # the atasan's check is on their own pages


# --- The week view -------------------------------------------------------------------------------------------


def test_the_week_view_is_monday_to_friday_with_each_days_entries_and_hours(client, scene):
    catat(scene, mulai="08:00", selesai="09:30", uraian="Mengagendakan surat masuk pagi")
    catat(
        scene,
        mulai="09:30",
        selesai="11:00",
        uraian="Mengagendakan surat masuk siang",
        link_bukti="https://drive.example.go.id/a",
    )
    catat(scene, tanggal=datetime.date(2026, 2, 9), mulai="13:00", selesai="13:45")
    html = page(client, scene.pegawai, MINGGU)
    days = re.findall(r'id="hari-(\d{4}-\d\d-\d\d)"', html)
    assert days == ["2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13"]
    selasa = text(section(html, "2026-02-10"))
    assert "Selasa, 10 Februari 2026" in selasa and "3 jam · 2 kegiatan" in selasa
    assert selasa.index("08:00–09:30") < selasa.index("09:30–11:00")  # in time order
    assert "Realisasi 3 surat" in selasa and "Rencana Aksi: Mengagendakan surat masuk" in selasa
    assert 'href="https://drive.example.go.id/a" rel="noopener noreferrer"' in section(html, "2026-02-10")
    assert "Belum diperiksa" in selasa  # the atasan has not ticked kesesuaian yet
    assert "45 menit · 1 kegiatan" in text(section(html, "2026-02-09"))
    assert "0 jam" in text(section(html, "2026-02-11"))
    assert "Minggu Senin, 9 Februari 2026 s.d. Jumat, 13 Februari 2026" in text(html)
    assert "3 kegiatan, 3 jam 45 menit" in text(html)


def test_a_tambah_in_place_only_on_the_days_of_the_window(client, scene):
    html = page(client, scene.pegawai, MINGGU)
    for day in ("2026-02-09", "2026-02-10"):
        tambah = f"{TAMBAH}?tanggal={day}"
        assert f'href="{tambah}" hx-get="{tambah}" hx-target="#slot-{day}"' in section(html, day)
        assert f'id="slot-{day}"' in section(html, day)
    for day, why in (("2026-02-11", "Belum tiba"), ("2026-02-13", "Belum tiba")):
        assert "Tambah" not in section(html, day) and why in section(html, day)
    earlier = page(client, scene.pegawai, f"{MINGGU}?tanggal=2026-02-04")
    assert f"{TAMBAH}?tanggal=2026-02-06" in section(earlier, "2026-02-06")  # the window's third day
    assert "Tambah" not in section(earlier, "2026-02-05")
    assert "Jendela pengisian sudah lewat" in section(earlier, "2026-02-05")


def test_the_window_is_named_on_the_page(client, scene):
    html = text(page(client, scene.pegawai, MINGGU))
    assert (
        "Jendela pengisian: Jumat, 6 Februari 2026, Senin, 9 Februari 2026, Selasa, 10 Februari 2026 "
        "(hari ini dan 2 hari kerja sebelumnya)." in html
    )


def test_holidays_are_named_and_have_no_tambah(client, scene, clock):
    clock.move_to(timezone.make_aware(datetime.datetime(2026, 2, 18, 10)), tick=False)
    html = page(client, scene.pegawai, MINGGU)
    assert "Libur: Cuti bersama Tahun Baru Imlek" in text(section(html, "2026-02-16"))
    assert "Libur: Tahun Baru Imlek" in text(section(html, "2026-02-17"))
    assert "Tambah" not in section(html, "2026-02-16")
    # The window skips the holidays: 18, 13 and 12 February.
    assert f"{TAMBAH}?tanggal=2026-02-18" in html
    assert "Jendela pengisian: Kamis, 12 Februari 2026, Jumat, 13 Februari 2026, Rabu, 18 Februari 2026" in text(html)


def test_saturday_is_a_day_of_the_week_where_the_instansi_works_saturdays(client, scene):
    PengaturanHarian.objects.filter(instansi=scene.skp.instansi).update(sabtu_hari_kerja=True)
    html = page(client, scene.pegawai, MINGGU)
    assert re.findall(r'id="hari-(\d{4}-\d\d-\d\d)"', html)[-1] == "2026-02-14"
    assert "Sabtu, 14 Februari 2026" in html


def test_previous_and_next_week_and_a_mangled_date_opens_this_week(client, scene):
    html = page(client, scene.pegawai, MINGGU)
    assert f'href="{MINGGU}?tanggal=2026-02-02"' in html and f'href="{MINGGU}?tanggal=2026-02-16"' in html
    assert "Minggu ini" not in html  # already on it
    other = page(client, scene.pegawai, f"{MINGGU}?tanggal=2026-03-04")
    assert 'id="hari-2026-03-02"' in other and f'href="{MINGGU}?tanggal=2026-02-09">Minggu ini' in other
    for mangled in ("abc", "2026-02-31", "99999-01-01", "-0001-01-01", "0001-01-01"):
        assert 'id="hari-2026-02-09"' in page(client, scene.pegawai, f"{MINGGU}?tanggal={mangled}")


def test_the_weeks_and_months_lead_from_last_january_to_the_end_of_next_month_and_no_further(client, scene):
    """A page that links to the next page forever is an endless walk for a crawler (tests/test_hx_targets.py)."""
    first = page(client, scene.pegawai, f"{MINGGU}?tanggal=2025-01-01")
    assert 'id="hari-2024-12-30"' in first and "Minggu sebelumnya" not in first and "Minggu berikutnya" in first
    last = page(client, scene.pegawai, f"{MINGGU}?tanggal=2026-03-31")
    assert 'id="hari-2026-03-30"' in last and "Minggu berikutnya" not in last
    assert 'id="hari-2026-02-09"' in page(client, scene.pegawai, f"{MINGGU}?tanggal=2024-12-31")  # outside: this week
    assert "Bulan sebelumnya" not in page(client, scene.pegawai, f"{BULAN}?bulan=2025-01")
    assert "Bulan berikutnya" not in page(client, scene.pegawai, f"{BULAN}?bulan=2026-03")
    assert "Progres Harian Februari 2026" in page(client, scene.pegawai, f"{BULAN}?bulan=2026-04")


def test_the_week_says_when_a_month_was_approved_or_changed_after(client, scene):
    catat(scene)
    skp_bulanan = SkpBulanan.objects.get(skp=scene.skp, bulan=FEBRUARI)
    assert "Februari 2026: Menunggu" in text(page(client, scene.pegawai, MINGGU))
    SkpBulanan.objects.filter(pk=skp_bulanan.pk).update(disetujui_pada=timezone.now(), disetujui_oleh=scene.atasan)
    assert "Februari 2026: Disetujui" in text(page(client, scene.pegawai, MINGGU))
    SkpBulanan.objects.filter(pk=skp_bulanan.pk).update(berubah=True)
    assert "Februari 2026: Berubah setelah disetujui" in text(page(client, scene.pegawai, MINGGU))


def test_a_ticked_entry_shows_the_atasans_kesesuaian(client, scene):
    entry = catat(scene)
    services.kesesuaian_set(actor=scene.atasan, progres_id=entry.pk, kesesuaian=False)
    assert "Tidak sesuai" in text(section(page(client, scene.pegawai, MINGGU), "2026-02-10"))


# --- The month view ------------------------------------------------------------------------------------------


def test_the_month_view_is_a_calendar_of_hours_and_entries_per_day(client, scene):
    catat(scene, mulai="08:00", selesai="10:30")
    catat(scene, mulai="13:00", selesai="14:00")
    catat(scene, tanggal=datetime.date(2026, 2, 6), mulai="08:00", selesai="09:00")
    html = page(client, scene.pegawai, BULAN)
    assert "Progres Harian Februari 2026" in html
    cell = html[html.index('href="/harian/?tanggal=2026-02-09#hari-2026-02-10"') :]
    cell = text(cell[: cell.index("</td>")])
    assert "3 jam 30 menit" in cell and "2 kegiatan" in cell
    assert "3 kegiatan" in text(html) and "4 jam 30 menit" in text(html) and "2 hari terisi" in text(html)
    # Monday first: 1 February 2026 is a Sunday, so six blank cells open the first week.
    first_row = html[html.index("<tbody>") : html.index("</tr>", html.index("<tbody>"))]
    assert first_row.count('class="kosong"') == 6
    assert "16 Februari Cuti bersama Tahun Baru Imlek 2577 Kongzili" in text(html)


def test_the_month_view_sums_realisasi_against_each_target_bulanan(client, scene, target_februari):
    kode = kode_of(target_februari)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, realisasi=Decimal(3)))
    services.progres_create(
        actor=scene.pegawai, isian=isian(kode, mulai="09:00", selesai="10:00", realisasi=Decimal("2.5"))
    )
    ditolak = services.progres_create(
        actor=scene.pegawai, isian=isian(kode, mulai="10:00", selesai="11:00", realisasi=Decimal(4))
    )
    services.kesesuaian_set(actor=scene.atasan, progres_id=ditolak.pk, kesesuaian=False)  # tidak sesuai: not counted
    html = page(client, scene.pegawai, BULAN)
    row = html[html.index("Mengumpulkan data mutasi") :]
    row = text(row[: row.index("</tr>")])
    assert "10 data" in row and "5,5 data" in row and "(55%)" in row and "4,5 data" in row
    assert "Belum dinilai" in row  # kualitas


def test_the_month_view_lists_realisasi_per_rencana_aksi(client, scene):
    catat(scene, realisasi=Decimal(3))
    catat(scene, tanggal=datetime.date(2026, 2, 9), realisasi=Decimal(4))
    html = text(page(client, scene.pegawai, BULAN))
    assert "Realisasi per Rencana Aksi" in html and "Mengagendakan surat masuk 7 surat" in html


@pytest.mark.parametrize(
    ("state", "label"),
    [
        ({}, "Menunggu"),
        ({"disetujui_pada": True}, "Disetujui"),
        ({"disetujui_pada": True, "berubah": True}, "Berubah setelah disetujui"),
    ],
)
def test_the_month_view_shows_the_months_approval_state(client, scene, state, label):
    catat(scene)
    if state:
        state = {**state, "disetujui_pada": timezone.now(), "disetujui_oleh": scene.atasan}
        SkpBulanan.objects.filter(skp=scene.skp).update(**state)
    html = page(client, scene.pegawai, BULAN)
    assert f'class="status-bulan {"berubah" if "Berubah" in label else label.lower()}">{label}</span>' in html
    if label != "Menunggu":
        assert "disetujui Budi Atasan pada" in html


def test_a_month_without_entries_says_so_and_a_mangled_month_opens_this_one(client, scene):
    html = text(page(client, scene.pegawai, f"{BULAN}?bulan=2026-01"))
    assert "Progres Harian Januari 2026" in html
    assert "Belum ada target bulanan atau progres harian pada bulan ini." in html
    for mangled in ("abc", "2026-13", "99999-01", "2026-02-01"):
        assert "Progres Harian Februari 2026" in page(client, scene.pegawai, f"{BULAN}?bulan={mangled}")


def test_other_pegawais_entries_never_count_in_the_month(client, scene):
    lain = UserFactory(unit_kerja=scene.pegawai.unit_kerja, atasan=scene.atasan)
    ProgresHarianFactory(target_bulanan__skp_bulanan__skp__pegawai=lain)
    html = text(page(client, scene.pegawai, BULAN))
    assert "0 kegiatan" in html
