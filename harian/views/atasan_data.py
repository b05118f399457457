"""What the atasan's pages read, each in a fixed number of queries whatever the number of bawahan or entries: the
monthly list of bawahan with the state of their month, the other months still waiting, one bawahan's month (entries by
day, targets with their realisasi, what the approval still needs), (docs/rules.md §15.6–§15.9). The months waiting for
the atasan's approval on Beranda and Kotak Masuk are harian.services.bulan_menunggu."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Subquery

from accounts.models import User
from harian.models import NilaiKreativitas, ProgresHarian, SkpBulanan, TargetBulanan
from harian.partisi import first_of_month
from harian.services import month_range, nama_bulan, ringkasan_bulan
from harian.services.baca import waiting
from skp.models import Skp, StatusSkp

PILIHAN_BULAN = 18  # the month selector offers the current month and the 17 before it

# The month's state as the atasan reads it (DES 2.0 Q7).
MENUNGGU = "Menunggu persetujuan"
DISETUJUI = "Disetujui"
BERUBAH = "Berubah setelah disetujui"
KOSONG = "Belum ada isian"


def parse_bulan(text: str | None, *, today: datetime.date) -> datetime.date:
    """The month a page was asked for (?bulan=2026-11), else today's: a mangled value is not an error worth a
    page of its own, the selector shows which month is shown."""
    try:
        bulan = datetime.datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        return first_of_month(today)
    return bulan if 2000 <= bulan.year <= today.year + 1 else first_of_month(today)


def geser(bulan: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) `bulan`."""
    index = bulan.year * 12 + bulan.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def pilihan_bulan(today: datetime.date, bulan: datetime.date) -> list[tuple[str, str]]:
    """The selector's months, newest first: (value, label); the month shown is among them even when older."""
    now = first_of_month(today)
    months = [geser(now, -n) for n in range(PILIHAN_BULAN)]
    if bulan not in months:
        months = sorted([*months, bulan], reverse=True)
    return [(f"{m:%Y-%m}", nama_bulan(m)) for m in months]


def keadaan(skp_bulanan: SkpBulanan | None, *, ada_isi: bool) -> str:
    """Menunggu persetujuan, Disetujui, Berubah setelah disetujui; Belum ada isian for a month without entries or
    targets."""
    if skp_bulanan is None:
        return KOSONG
    if skp_bulanan.disetujui_pada is None:
        return MENUNGGU if ada_isi else KOSONG
    return BERUBAH if skp_bulanan.berubah else DISETUJUI


def _kreativitas(skp_ref: str):
    return Subquery(NilaiKreativitas.objects.filter(skp=OuterRef(skp_ref)).values("nilai")[:1])


def _target_count():
    return Subquery(
        TargetBulanan.objects.filter(skp_bulanan=OuterRef("pk"))
        .order_by()
        .values("skp_bulanan")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


@dataclass
class BarisBawahan:
    """One bawahan's row of the monthly list: their SKP, the month's SKP Bulanan (None: nothing written yet), the
    counts and the state."""

    skp: Skp
    skp_bulanan: SkpBulanan | None
    jumlah_entri: int = 0
    menunggu: int = 0
    kreativitas: int | None = None

    target_count: int = 0

    @property
    def keadaan(self) -> str:
        return keadaan(self.skp_bulanan, ada_isi=bool(self.jumlah_entri or self.target_count))

    @property
    def nama(self) -> str:
        return self.skp.pegawai_snapshot.get("nama", "")


def daftar_bawahan(penilai: User, bulan: datetime.date) -> list[BarisBawahan]:
    """The atasan's monthly list (who rates whom: the SKP's penilai, as penilaian, a Plt post's SKP included):
    every SKP Bulanan of the month of the SKPs they assess, with its counts, and the approved SKPs covering the month
    with nothing written in it yet. Two queries."""
    months = list(
        SkpBulanan.objects.of_penilai(penilai, bulan)
        .select_related("skp")
        .annotate(nilai_kreativitas=_kreativitas("skp"), target_count=_target_count())
    )
    first, last = month_range(bulan)
    empty = (
        Skp.objects.filter(penilai=penilai, status=StatusSkp.PERSETUJUAN, periode_awal__lte=last)
        .filter(periode_akhir__gte=first)
        .exclude(Exists(SkpBulanan.objects.filter(skp=OuterRef("pk"), bulan=bulan)))
        .annotate(nilai_kreativitas=_kreativitas("pk"))
    )
    rows = [
        BarisBawahan(m.skp, m, m.jumlah_entri, m.menunggu, m.nilai_kreativitas, m.target_count or 0) for m in months
    ]
    rows += [BarisBawahan(skp, None, kreativitas=skp.nilai_kreativitas) for skp in empty]
    return sorted(rows, key=lambda row: (row.nama.lower(), row.skp.pk))


def bulan_lain_menunggu(penilai: User, bulan: datetime.date) -> list[tuple[datetime.date, int]]:
    """The other months with bawahan waiting for this atasan's approval, newest first, with how many bawahan: one
    query."""
    rows = (
        SkpBulanan.objects.filter(waiting(), skp__penilai=penilai, skp__status=StatusSkp.PERSETUJUAN)
        .exclude(bulan=bulan)
        .order_by()
        .values_list("bulan")
        .annotate(n=Count("pk"))
        .order_by("-bulan")
    )
    return list(rows)


# --- one bawahan's month ----------------------------------------------------------------------------------------


@dataclass
class Hari:
    """One day of the month with its entries, in time order, and the minutes worked."""

    tanggal: datetime.date
    entri: list = field(default_factory=list)

    @property
    def menit(self) -> int:
        return sum(e.menit for e in self.entri)


def jam(menit: int) -> str:
    """ "7 j 30 m"."""
    hours, minutes = divmod(menit, 60)
    return f"{hours} j {minutes:02d} m" if minutes else f"{hours} j"


def angka(value) -> str:
    """A decimal the Indonesian way, without trailing zeros: 12, 2,5."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def entri_bulan(skp_bulanan: SkpBulanan) -> list[ProgresHarian]:
    """The month's entries with what each was done for, in day and time order, from the month's partition: one
    query."""
    return list(
        ProgresHarian.objects.filter(skp_bulanan=skp_bulanan, tanggal__range=month_range(skp_bulanan.bulan))
        .select_related("rencana_aksi", "target_bulanan")
        .order_by("tanggal", "jam_mulai", "pk")
    )


def per_hari(entries: list[ProgresHarian]) -> list[Hari]:
    return [Hari(tanggal, list(group)) for tanggal, group in groupby(entries, key=lambda e: e.tanggal)]


def target_bulan(skp_bulanan: SkpBulanan) -> list[TargetBulanan]:
    """The month's targets with their RHK, in the SKP's order: one query."""
    return list(skp_bulanan.target_list.select_related("rhk").order_by("rhk__urutan", "rhk_id", "urutan", "pk"))


@dataclass
class Perbandingan:
    """A value of the approved snapshot beside today's (what "berubah setelah disetujui" means, DES 2.0 Q7)."""

    nama: str
    disetujui: str
    sekarang: str


def perbandingan(snapshot: dict, ringkasan: dict) -> list[Perbandingan]:
    """The realisasi that differ between the approval and today, per target and per rencana aksi, and the number of
    entries."""
    rows = []
    for key, label in (("target", "nama"), ("rencana_aksi", "teks")):
        before = {item["id"]: item for item in snapshot.get(key, [])}
        now = {item["id"]: item for item in ringkasan.get(key, [])}
        for pk in sorted(before.keys() | now.keys()):
            old, new = before.get(pk), now.get(pk)
            if (old or {}).get("realisasi") != (new or {}).get("realisasi"):
                item = new or old
                rows.append(
                    Perbandingan(
                        item[label][:80],
                        f"{angka(old['realisasi'])} {old['satuan']}" if old else "—",
                        f"{angka(new['realisasi'])} {new['satuan']}" if new else "—",
                    )
                )
    if snapshot.get("entri") != ringkasan.get("entri"):
        rows.append(Perbandingan("Jumlah progres harian", str(snapshot.get("entri", 0)), str(ringkasan["entri"])))
    return rows


def belum_lengkap(ringkasan: dict) -> list[str]:
    """What the approval still needs (as the service will say), for the page to show before the button."""
    missing = []
    if ringkasan["menunggu"]:
        missing.append(f"{ringkasan['menunggu']} progres harian belum diperiksa kesesuaiannya")
    without = [t["nama"][:60] for t in ringkasan["target"] if t["kualitas"] is None]
    if without:
        missing.append(f"kualitas {len(without)} target bulanan belum dinilai")
    if not ringkasan["entri"] and not ringkasan["target"]:
        missing.append("bulan ini belum berisi target bulanan atau progres harian")
    return missing


def halaman_bulan(skp_bulanan: SkpBulanan) -> dict:
    """Everything the atasan's page of one bawahan's month shows: the entries by day, the targets with their
    realisasi, the realisasi per rencana aksi, what the approval still needs, and what changed since it. Six queries
    whatever the number of entries (ringkasan_bulan's four among them)."""
    entries = entri_bulan(skp_bulanan)
    for entry in entries:
        entry.realisasi_teks = angka(entry.realisasi)
    ringkasan = ringkasan_bulan(skp_bulanan)
    realisasi = {t["id"]: t["realisasi"] for t in ringkasan["target"]}
    targets = target_bulan(skp_bulanan)
    for target in targets:
        target.target_teks = angka(target.target)
        target.realisasi_teks = angka(realisasi.get(target.pk, "0"))
    rencana_aksi = [{**ra, "realisasi_teks": angka(ra["realisasi"])} for ra in ringkasan["rencana_aksi"]]
    return {
        "hari": per_hari(entries),
        "entri": entries,
        "targets": targets,
        "rencana_aksi": rencana_aksi,
        "ringkasan": ringkasan,
        "total_jam": jam(ringkasan["menit"]),
        "belum_lengkap": belum_lengkap(ringkasan),
        "perubahan": perbandingan(skp_bulanan.snapshot, ringkasan) if skp_bulanan.berubah else [],
    }
