"""What the pegawai's week and month views show, read in a fixed number of queries whatever the number of entries:
the instansi's calendar once (harian.jendela), the entries of the range from their index (pegawai, tanggal) and only
the partitions of its months, the months' approval state, and the realisasi summed per target bulanan and per rencana
aksi in the database. Nothing here writes."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, DurationField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats

from harian.jendela import HARI, LOOKBACK_DAYS, Kalender, kalender_of
from harian.models import PengaturanHarian, ProgresHarian, SkpBulanan, TargetBulanan
from harian.partisi import first_of_month, next_month
from harian.services import nama_bulan
from harian.services.atasan import COUNTED

ZERO = Decimal(0)
BELUM_TIBA = "Belum tiba"


def rentang(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates the week and month views move between: from 1 January of last year (last year's approvals and
    recaps) to the end of next month (the holidays ahead). No link leads further, so the pages never make an endless
    chain of weeks for a crawler, and a date outside it opens today's week or month."""
    return datetime.date(today.year - 1, 1, 1), next_month(next_month(first_of_month(today))) - datetime.timedelta(
        days=1
    )


def tanggal_of(value: str | None, *, today: datetime.date, default: datetime.date | None = None) -> datetime.date:
    """The date of a ?tanggal= (YYYY-MM-DD), or `default` (today) when it is missing, malformed or outside the
    `rentang`: a link with a mangled date still opens a page (as the year filter of SKP Bawahan does)."""
    default = default or today
    try:
        day = datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return default
    lo, hi = rentang(today)
    return day if lo <= day <= hi else default


def bulan_of(value: str | None, *, today: datetime.date) -> datetime.date:
    """The first day of a ?bulan= (YYYY-MM), or of today's month (also when outside the `rentang`)."""
    try:
        day = datetime.date.fromisoformat(f"{(value or '').strip()}-01")
    except ValueError:
        return first_of_month(today)
    lo, hi = rentang(today)
    return day if lo <= day <= hi else first_of_month(today)


def senin_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def durasi(menit: int) -> str:
    """Minutes as the pages say them: "3 jam 30 menit", "45 menit", "0 jam"."""
    jam, sisa = divmod(menit, 60)
    if jam and sisa:
        return f"{jam} jam {sisa} menit"
    return f"{sisa} menit" if sisa else f"{jam} jam"


def nama_hari(day: datetime.date) -> str:
    """ "Selasa, 10 Februari 2026"."""
    return f"{HARI[day.weekday()]}, {formats.date_format(day, 'j F Y')}"


@dataclass
class KalenderJendela:
    """The instansi's calendar over a range and today's window on it (two queries for both)."""

    kalender: Kalender
    jendela: list[datetime.date]
    today: datetime.date

    @classmethod
    def load(cls, pengaturan: PengaturanHarian, today: datetime.date, mulai: datetime.date, selesai: datetime.date):
        lo = min(mulai, today - datetime.timedelta(days=LOOKBACK_DAYS))
        kalender = kalender_of(
            pengaturan.instansi_id, lo, max(selesai, today), sabtu_hari_kerja=pengaturan.sabtu_hari_kerja
        )
        return cls(kalender, kalender.jendela(today, pengaturan.jendela_hari_kerja), today)

    def alasan_tutup(self, day: datetime.date) -> str:
        """Why an entry cannot be added on `day` now ("" when it can): the words of the window rule, short."""
        if day in self.jendela:
            return ""
        if day > self.today:
            return BELUM_TIBA
        if not self.kalender.hari_kerja(day):
            return "Libur" if day in self.kalender.nama else "Bukan hari kerja"
        return "Jendela pengisian sudah lewat"


@dataclass
class Hari:
    """One day of the week view: its entries, the hours they add up to, why it is off, whether it is open."""

    tanggal: datetime.date
    entri: list = field(default_factory=list)
    libur: str = ""
    tutup: str = ""  # why no entry can be added now; "" when the day is inside the window

    @property
    def menit(self) -> int:
        return sum(e.menit for e in self.entri)

    @property
    def jam(self) -> str:
        return durasi(self.menit)

    @property
    def nama(self) -> str:
        return nama_hari(self.tanggal)

    @property
    def kode(self) -> str:
        return self.tanggal.isoformat()

    @property
    def bisa_diisi(self) -> bool:
        return not self.tutup

    @property
    def belum_tiba(self) -> bool:
        return self.tutup == BELUM_TIBA


def entries(pegawai_id: int, mulai: datetime.date, selesai: datetime.date) -> list[ProgresHarian]:
    """The pegawai's entries of a range, each with what it was recorded against (one query)."""
    rows = ProgresHarian.objects.of_pegawai(pegawai_id, mulai, selesai).select_related("rencana_aksi", "target_bulanan")
    return list(rows)


def hari_list(pegawai_id: int, days: list[datetime.date], kal: KalenderJendela) -> list[Hari]:
    """The days with their entries (one query for all of them)."""
    by_day: dict[datetime.date, list] = {d: [] for d in days}
    for entry in entries(pegawai_id, min(days), max(days)):
        if entry.tanggal in by_day:
            by_day[entry.tanggal].append(entry)
    return [Hari(d, by_day[d], libur=kal.kalender.nama.get(d, ""), tutup=kal.alasan_tutup(d)) for d in days]


def week_days(senin: datetime.date, kal: KalenderJendela, pengaturan: PengaturanHarian) -> list[datetime.date]:
    """Monday to Friday (to Saturday where the instansi works six days), and a weekend day the instansi declared a
    working day."""
    width = 6 if pengaturan.sabtu_hari_kerja else 5
    week = [senin + datetime.timedelta(days=i) for i in range(7)]
    return [d for i, d in enumerate(week) if i < width or d in kal.kalender.masuk]


@dataclass
class StatusBulan:
    """The atasan's approval of one month of one SKP, as the pegawai reads it."""

    skp_bulanan: SkpBulanan | None
    bulan: datetime.date

    @property
    def label(self) -> str:
        sb = self.skp_bulanan
        if sb is None:
            return "Belum ada isian"
        if sb.berubah:
            return "Berubah setelah disetujui"
        return "Disetujui" if sb.disetujui else "Menunggu"

    @property
    def css(self) -> str:
        return {"Disetujui": "disetujui", "Berubah setelah disetujui": "berubah"}.get(self.label, "menunggu")

    @property
    def nama_bulan(self) -> str:
        return nama_bulan(self.bulan)


def status_bulan(pegawai_id: int, months: list[datetime.date]) -> list[StatusBulan]:
    """The approval state of each month (of each SKP the pegawai wrote in that month); one query."""
    found = list(
        SkpBulanan.objects.filter(pegawai_id=pegawai_id, bulan__in=months)
        .select_related("disetujui_oleh")
        .order_by("bulan", "skp_id")
    )
    result = []
    for bulan in months:
        rows = [sb for sb in found if sb.bulan == bulan]
        result += [StatusBulan(sb, bulan) for sb in rows] or [StatusBulan(None, bulan)]
    return result


def approved_months(pegawai_id: int, months) -> set[datetime.date]:
    """The months among `months` the atasan has approved (a change there marks them "berubah"); one query."""
    rows = SkpBulanan.objects.filter(pegawai_id=pegawai_id, bulan__in=set(months), disetujui_pada__isnull=False)
    return set(rows.values_list("bulan", flat=True))


# --- The month view -----------------------------------------------------------------------------------------

MINUTES = ExpressionWrapper(F("jam_selesai") - F("jam_mulai"), output_field=DurationField())


def per_day(pegawai_id: int, mulai: datetime.date, selesai: datetime.date) -> dict[datetime.date, tuple[int, int]]:
    """(entries, minutes) per day of a range, summed in the database: one row per day whatever the entries."""
    rows = (
        ProgresHarian.objects.of_pegawai(pegawai_id, mulai, selesai)
        .order_by()
        .values("tanggal")
        .annotate(n=Count("pk"), durasi=Sum(MINUTES))
    )
    return {r["tanggal"]: (r["n"], int(r["durasi"].total_seconds() // 60)) for r in rows}


def targets_with_realisasi(pegawai_id: int, bulan: datetime.date, *, skp_id: int | None = None) -> list[TargetBulanan]:
    """The month's target bulanan of every SKP of the pegawai, each with `realisasi` summed from the entries the atasan
    did not mark tidak sesuai (docs/rules.md §15.8) and `sisa`; one query (a subquery per target on the partition of
    the month, by the index on target_bulanan). `skp_id`: of that SKP only."""
    mulai, selesai = bulan, next_month(bulan) - datetime.timedelta(days=1)
    summed = (
        ProgresHarian.objects.filter(COUNTED, target_bulanan=OuterRef("pk"), tanggal__range=(mulai, selesai))
        .order_by()
        .values("target_bulanan")
        .annotate(s=Sum("realisasi"))
        .values("s")
    )
    rows = TargetBulanan.objects.filter(skp_bulanan__pegawai_id=pegawai_id, skp_bulanan__bulan=bulan)
    if skp_id is not None:
        rows = rows.filter(skp_bulanan__skp_id=skp_id)
    rows = (
        rows.select_related("rhk")
        .annotate(realisasi=Coalesce(Subquery(summed), Value(ZERO), output_field=DecimalField()))
        .order_by("skp_bulanan__skp_id", "rhk__urutan", "rhk_id", "urutan", "pk")
    )
    targets = list(rows)
    for t in targets:
        t.sisa = max(t.target - t.realisasi, ZERO)
        t.persen = min(int(t.realisasi * 100 / t.target), 999) if t.target else 0
    return targets


def rencana_aksi_with_realisasi(pegawai_id: int, bulan: datetime.date) -> list[dict]:
    """The rencana aksi the month's entries were recorded against, with the realisasi of the month; one query."""
    mulai, selesai = bulan, next_month(bulan) - datetime.timedelta(days=1)
    rows = (
        ProgresHarian.objects.of_pegawai(pegawai_id, mulai, selesai)
        .filter(COUNTED, rencana_aksi__isnull=False)
        .order_by()
        .values("rencana_aksi", "rencana_aksi__teks", "rencana_aksi__satuan", "rencana_aksi__target_angka")
        .annotate(realisasi=Sum("realisasi"), n=Count("pk"))
        .order_by("rencana_aksi__rhk__urutan", "rencana_aksi__urutan", "rencana_aksi")
    )
    return [
        {
            "teks": r["rencana_aksi__teks"],
            "satuan": r["rencana_aksi__satuan"],
            "target": r["rencana_aksi__target_angka"],
            "realisasi": r["realisasi"],
            "n": r["n"],
        }
        for r in rows
    ]


@dataclass
class HariBulan:
    tanggal: datetime.date | None  # None: a blank cell before the 1st or after the last day
    n: int = 0
    menit: int = 0
    libur: str = ""
    hari_kerja: bool = True

    @property
    def jam(self) -> str:
        return durasi(self.menit)

    @property
    def senin(self) -> datetime.date:
        """The Monday of the day's week: the week view's link (one URL per week, the day as its anchor)."""
        return senin_of(self.tanggal)

    @property
    def jam_pendek(self) -> str:
        """ "3,5 j" in a phone's narrow cell."""
        jam = Decimal(self.menit) / 60
        return f"{jam.quantize(Decimal('0.1')).normalize():f}".replace(".", ",") + " j"


def kalender_bulan(pegawai_id: int, bulan: datetime.date, kal: KalenderJendela) -> list[list[HariBulan]]:
    """The month as weeks (Monday first) of days with their entries and hours; one query."""
    selesai = next_month(bulan) - datetime.timedelta(days=1)
    counts = per_day(pegawai_id, bulan, selesai)
    weeks, week = [], [HariBulan(None) for _ in range(bulan.weekday())]
    day = bulan
    while day <= selesai:
        n, menit = counts.get(day, (0, 0))
        week.append(HariBulan(day, n, menit, kal.kalender.nama.get(day, ""), kal.kalender.hari_kerja(day)))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    if week:
        weeks.append(week + [HariBulan(None) for _ in range(7 - len(week))])
    return weeks
