"""Reads the pages share: what an entry may be recorded against now, the form's remembered choice, the daily
realisasi summed per rencana aksi for pre-filling a penilaian period's Realisasi (docs/rules.md §15.3, §15.8), and
the bawahan's months waiting for the atasan's approval that Beranda and Kotak Masuk Penilai list (§15.6)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, Q, Sum
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import User
from core.prepared import prepared
from harian.jendela import aktif_di, kalender_jendela, pengaturan_of
from harian.models import ProgresHarian, SkpBulanan, TargetBulanan, entries_of_its_month
from harian.partisi import first_of_month
from harian.services.atasan import COUNTED
from harian.services.periksa import Sasaran, _sasaran_rencana_aksi, _sasaran_target, kode_of
from penilaian.models import PeriodePenilaian, RencanaAksi, StatusPeriode
from skp.models import StatusSkp


def sasaran_pilihan(actor: User, *, today: datetime.date | None = None) -> list[Sasaran]:
    """The rencana aksi and target bulanan the actor may record an entry against on some date of today's window:
    of approved SKPs, periods still open, months of the window. Each has its `kode` (the form's and the import
    template's value), `label`, `satuan` and the dates it covers. A fixed number of queries."""
    today = today or timezone.localdate()
    pengaturan = pengaturan_of(actor.instansi_id)
    window = kalender_jendela(pengaturan, today).jendela(today, pengaturan.jendela_hari_kerja)
    if not pengaturan.aktif or not window:
        return []
    lo, hi = min(window), max(window)
    ra_ids = RencanaAksi.objects.filter(
        periode__skp__pegawai=actor, periode__skp__status=StatusSkp.PERSETUJUAN, periode__status=StatusPeriode.TERBUKA,
        periode__mulai__lte=hi, periode__selesai__gte=lo,
    ).values_list("pk", flat=True)  # fmt: skip
    tb_ids = TargetBulanan.objects.filter(
        skp_bulanan__pegawai=actor, skp_bulanan__skp__status=StatusSkp.PERSETUJUAN,
        skp_bulanan__bulan__gte=first_of_month(lo), skp_bulanan__bulan__lte=hi,
    ).values_list("pk", flat=True)  # fmt: skip
    found = _sasaran_rencana_aksi(actor, list(ra_ids), today) + _sasaran_target(actor, list(tb_ids))
    return [s for s in found if s.refusal is None]


def sasaran_terakhir(pegawai_id: int, *, today: datetime.date | None = None) -> str | None:
    """The kode of what the pegawai last recorded an entry against (the form preselects it: fast entry), looking at
    the last 60 days only, so that a few partitions are read."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=60)
    last = (
        ProgresHarian.objects.filter(pegawai_id=pegawai_id, tanggal__gte=since)
        .select_related("rencana_aksi", "target_bulanan")
        .order_by("-created_at", "-pk")  # entries made in the same instant: the later one
        .first()
    )
    if last is None:
        return None
    return kode_of(last.target_bulanan or last.rencana_aksi)


def realisasi_harian(periode: PeriodePenilaian) -> dict[int, Decimal]:
    """The daily realisasi of each rencana aksi of a penilaian period, summed over the period's dates (entries the
    atasan marked tidak sesuai left out): what the pegawai may pre-fill as the period's Realisasi and then edit before
    the batas waktu (docs/rules.md §15.8). One query, on the period's partitions only."""
    rows = (
        ProgresHarian.objects.filter(
            COUNTED, rencana_aksi__periode=periode, tanggal__gte=periode.mulai, tanggal__lte=periode.selesai
        )
        .order_by()
        .values_list("rencana_aksi")
        .annotate(total=Sum("realisasi"))
    )
    return dict(rows)


def nama_bulan(bulan: datetime.date) -> str:
    """ "November 2026"."""
    return formats.date_format(bulan, "F Y")


# --- the atasan's months waiting (Beranda, Kotak Masuk Penilai) --------------------------------------------------


def waiting() -> Q:
    """A month that waits for the atasan: entries written, and not approved or changed since."""
    has_entries = Exists(entries_of_its_month())
    return Q(has_entries) & (Q(disetujui_pada__isnull=True) | Q(berubah=True))


@dataclass(frozen=True)
class BulanMenunggu:
    """A month of one bawahan waiting for the atasan's approval (Kotak Masuk Penilai): whose, which month, how many
    entries still wait for their kesesuaian, whether it changed after an approval, and the page to act on."""

    skp_bulanan_id: int
    pegawai_id: int
    nama: str
    bulan: datetime.date
    menunggu: int
    berubah: bool

    @property
    def nama_bulan(self) -> str:
        return nama_bulan(self.bulan)

    @property
    def url(self) -> str:
        return reverse("harian:atasan_bulan", args=[self.skp_bulanan_id])


@prepared(penilai_id=int, bulan=datetime.date)
def _any_unapproved(penilai_id: int, bulan: datetime.date):
    """An ended month (before `bulan`) of the atasan's bawahan not approved, or changed since: the SKP Bulanan alone."""
    return (
        SkpBulanan.objects.filter(
            Q(disetujui_pada__isnull=True) | Q(berubah=True),
            skp__penilai=penilai_id,
            skp__status=StatusSkp.PERSETUJUAN,
            bulan__lt=bulan,
        )
        .order_by()
        .values_list("pk")[:1]
    )


@prepared(penilai_id=int, bulan=datetime.date)
def _months_waiting(penilai_id: int, bulan: datetime.date):
    return (
        SkpBulanan.objects.filter(waiting(), skp__penilai=penilai_id, skp__status=StatusSkp.PERSETUJUAN)
        .filter(bulan__lt=bulan)
        .with_counts()
        .order_by("bulan", "skp__pegawai_snapshot__nama", "pk")
        .values_list("pk", "pegawai_id", "skp__pegawai_snapshot__nama", "bulan", "menunggu", "berubah")
    )


def bulan_menunggu(penilai: User, *, today: datetime.date) -> list[BulanMenunggu]:
    """For Kotak Masuk Penilai (laporan): the bawahan's months that have ended and wait for this atasan's approval
    (never approved, or changed since), oldest first, each with its entries still unchecked. One query. The month in
    progress is left out: it is approved once it has ended.

    Every page that shows it (Beranda, Kotak Masuk) asks first, in a query on the SKP Bulanan alone, whether any
    ended month of the atasan's bawahan is unapproved or changed: planning the entries' subqueries over every monthly
    partition costs PostgreSQL about 2 ms, which most users, with nothing waiting, need not pay (performance.md).
    Both queries are compiled once per process (core.prepared)."""
    if not aktif_di(penilai.instansi_id):  # progres harian off for the instansi: nothing to approve
        return []
    bulan = first_of_month(today)
    if not _any_unapproved(penilai_id=penilai.pk, bulan=bulan):
        return []
    return [BulanMenunggu(*row) for row in _months_waiting(penilai_id=penilai.pk, bulan=bulan)]
