"""Working days and the entry window of progres harian (docs/rules.md §15.1–§15.3). The calendar of an instansi is
read once (two queries) into a `Kalender`; the rules on it are pure functions, so a page, a service and an import of
a thousand rows ask the same questions without going back to the database."""

import datetime
import threading
import time
from dataclasses import dataclass, field

from harian.models import HariLiburInstansi, JenisHariInstansi, LiburNasional, PengaturanHarian

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# How far back the calendar is read: enough for the longest window (20 working days) across Lebaran and two weekends.
LOOKBACK_DAYS = 60


def pengaturan_of(instansi_id: int | None) -> PengaturanHarian:
    """The instansi's settings, or the defaults (off, 2 working days, Monday to Friday) unsaved: reading writes
    nothing."""
    found = PengaturanHarian.objects.filter(instansi_id=instansi_id).first() if instansi_id else None
    return found or PengaturanHarian(instansi_id=instansi_id)


_AKTIF = {"ids": frozenset(), "dibaca": -1e9}
_AKTIF_LOCK = threading.Lock()
AKTIF_TTL = 60  # seconds: how long an app process trusts its list of instansi with progres harian on


def aktif_di(instansi_id: int | None) -> bool:
    """Whether the instansi has progres harian on, for the menu on every page: the list of such instansi is read once
    a minute per process (one small query), not on every request; the pages themselves read the setting anew, so an
    admin's switch shows in the menu within a minute and is enforced at once."""
    if instansi_id is None:
        return False
    if time.monotonic() - _AKTIF["dibaca"] > AKTIF_TTL:
        with _AKTIF_LOCK:
            if time.monotonic() - _AKTIF["dibaca"] > AKTIF_TTL:
                ids = PengaturanHarian.objects.filter(aktif=True).values_list("instansi_id", flat=True)
                _AKTIF.update(ids=frozenset(ids), dibaca=time.monotonic())
    return instansi_id in _AKTIF["ids"]


def aktif_lupakan() -> None:
    """Forget the list (the admin switched an instansi on or off in this process; tests)."""
    _AKTIF["dibaca"] = -1e9


@dataclass(frozen=True)
class Kalender:
    """Which days are working days for one instansi: Monday to Friday (and Saturday where the instansi works six
    days), less the national holidays and cuti bersama and the instansi's own holidays, plus the days the instansi
    declared working despite them. `nama` says why a day is off, for the messages."""

    libur: frozenset = frozenset()
    masuk: frozenset = frozenset()
    sabtu_hari_kerja: bool = False
    nama: dict = field(default_factory=dict)

    def hari_kerja(self, tanggal: datetime.date) -> bool:
        if tanggal in self.masuk:
            return True
        if tanggal in self.libur:
            return False
        return tanggal.weekday() < 5 or (tanggal.weekday() == 5 and self.sabtu_hari_kerja)

    def alasan_libur(self, tanggal: datetime.date) -> str:
        """Why a day is not a working day: the holiday's name, or the day of the week."""
        return self.nama.get(tanggal) or HARI[tanggal.weekday()]

    def jendela(self, today: datetime.date, hari_kerja_lalu: int) -> list[datetime.date]:
        """The dates an entry may carry on `today`: today when it is a working day, and the `hari_kerja_lalu`
        working days before it, newest first (docs/rules.md §15.3)."""
        days = [today] if self.hari_kerja(today) else []
        day, earlier = today, 0
        while earlier < hari_kerja_lalu and (today - day).days < LOOKBACK_DAYS:
            day -= datetime.timedelta(days=1)
            if self.hari_kerja(day):
                days.append(day)
                earlier += 1
        return days


def kalender_of(instansi_id: int | None, mulai: datetime.date, selesai: datetime.date, *, sabtu_hari_kerja=False):
    """The instansi's calendar from `mulai` to `selesai`: the national list and the instansi's own days, two
    queries."""
    libur, masuk, nama = set(), set(), {}
    for tanggal, teks in LiburNasional.objects.filter(tanggal__range=(mulai, selesai)).values_list("tanggal", "nama"):
        libur.add(tanggal)
        nama[tanggal] = teks
    own = HariLiburInstansi.objects.filter(instansi_id=instansi_id, tanggal__range=(mulai, selesai))
    for tanggal, teks, jenis in own.values_list("tanggal", "nama", "jenis"):
        if jenis == JenisHariInstansi.MASUK:
            masuk.add(tanggal)
            libur.discard(tanggal)
            nama.pop(tanggal, None)
        else:
            libur.add(tanggal)
            nama[tanggal] = teks
    return Kalender(frozenset(libur), frozenset(masuk), sabtu_hari_kerja, nama)


def kalender_jendela(pengaturan: PengaturanHarian, today: datetime.date) -> Kalender:
    """The calendar an entry's window needs on `today`."""
    return kalender_of(
        pengaturan.instansi_id,
        today - datetime.timedelta(days=LOOKBACK_DAYS),
        today,
        sabtu_hari_kerja=pengaturan.sabtu_hari_kerja,
    )


def jendela_refusal(
    tanggal: datetime.date, *, today: datetime.date, kalender: Kalender, hari_kerja_lalu: int
) -> str | None:
    """Why an entry may not carry this date today, or None: not in the future, a working day, inside the window
    (docs/rules.md §15.3). The same rule for a new entry, a change, a deletion and every row of an import."""
    if tanggal > today:
        return f"Tanggal {tanggal:%d-%m-%Y} belum tiba: progres harian diisi pada hari kegiatan atau sesudahnya."
    if not kalender.hari_kerja(tanggal):
        return f"Tanggal {tanggal:%d-%m-%Y} bukan hari kerja ({kalender.alasan_libur(tanggal)})."
    allowed = kalender.jendela(today, hari_kerja_lalu)
    if tanggal not in allowed:
        tanggal_boleh = ", ".join(f"{day:%d-%m-%Y}" for day in sorted(allowed))
        return (
            f"Tanggal {tanggal:%d-%m-%Y} di luar jendela pengisian: progres harian hanya dapat diisi untuk hari ini "
            f"dan {hari_kerja_lalu} hari kerja sebelumnya ({tanggal_boleh})."
        )
    return None
