"""Personas and shared fixtures. PostgreSQL as in production; a fast password hasher in tests only."""

import datetime
import importlib
import os
from zoneinfo import ZoneInfo

import pytest

from tests.factories import InstansiFactory, UnitKerjaFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls in those tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

JAKARTA = ZoneInfo("Asia/Jakarta")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_fragment_cache(settings):
    """Query budgets measure the full work of a page; tests of the cache itself turn it back on."""
    settings.CACHES = {**settings.CACHES, "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The BerAKHLAK rows and the 2026 national holidays come from data migrations; browser and transactional tests
    flush tables, so put them back."""
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
    ):
        from harian.jendela import aktif_lupakan
        from harian.models import LiburNasional
        from skp.perilaku import ensure_perilaku_kerja

        aktif_lupakan()  # the menu's per-process list of instansi with progres harian on: read anew in each test

        request.getfixturevalue("db" if "live_server" not in request.fixturenames else "transactional_db")
        ensure_perilaku_kerja()
        if not LiburNasional.objects.exists():
            libur = importlib.import_module("harian.migrations.0004_libur_nasional_2026").TAHUN_2026
            LiburNasional.objects.bulk_create(
                LiburNasional(tanggal=datetime.date(2026, month, day), nama=nama, jenis=jenis)
                for (month, day), nama, jenis in libur
            )


def jakarta(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment on the Jakarta clock (TIME_ZONE), where the deadlines of the penilaian are counted."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture
def clock(time_machine):
    """The clock frozen at 10:00 on 10 February 2026 in Jakarta: inside Triwulan I, well before its batas waktu
    (5 April). The time-machine fixture: a test moves it with `clock.move_to(jakarta(...), tick=False)`."""
    time_machine.move_to(jakarta(2026, 2, 10), tick=False)
    return time_machine


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def instansi(db):
    return InstansiFactory(nama="Pemerintah Kabupaten Sukamaju")


@pytest.fixture
def instansi_lain(db):
    return InstansiFactory(nama="Pemerintah Kota Lain")


@pytest.fixture
def unit(instansi):
    return UnitKerjaFactory(instansi=instansi, nama="Bidang Mutasi")


@pytest.fixture
def atasan(unit):
    return UserFactory(
        unit_kerja=unit, nama="Budi Atasan", jabatan="Kepala Bidang Mutasi", jenis_jabatan="Administrator"
    )


@pytest.fixture
def pegawai(unit, atasan):
    return UserFactory(unit_kerja=unit, atasan=atasan, nama="Ani Pegawai")


@pytest.fixture
def pegawai_lain(unit, atasan):
    """A peer of `pegawai`: same unit, same atasan."""
    return UserFactory(unit_kerja=unit, atasan=atasan, nama="Citra Rekan")


@pytest.fixture
def admin_instansi(unit):
    return UserFactory(unit_kerja=unit, nama="Dodi Admin", is_staff=True)


@pytest.fixture
def admin_lain(instansi_lain):
    """An admin instansi of another instansi."""
    return UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_lain), nama="Eka Admin Lain", is_staff=True)


@pytest.fixture
def superadmin(db):
    return UserFactory(unit_kerja=None, instansi=None, nama="Operator", is_staff=True, is_superuser=True)
