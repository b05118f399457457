"""Reads the pages share: what an entry may be recorded against now, the form's remembered choice, and the daily
realisasi summed per rencana aksi for pre-filling a penilaian period's Realisasi (docs/rules.md §15.3, §15.8)."""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from harian.jendela import kalender_jendela, pengaturan_of
from harian.models import ProgresHarian, TargetBulanan
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
