"""Benchmark (issue 11): how fast daily entries are written through the services, in one thread, in-process (no
HTTP): `harian.services.progres_create`, one entry per call as the form saves it (the pegawai's lock, the window
and the targets read and checked, the overlap check, the SKP Bulanan, the insert with its audit row, the month's
version), and `progres_import`, a whole file per call as the import page saves it (every row checked, then one
INSERT of all of them).

Data (benchmarks/harian_setup.py, through the services): pegawai with an approved SKP, a rencana aksi of the
period holding today and a Target Bulanan of this month. Single entries: --pegawai pegawai, --per-day entries on
each day of the default window (today and the 2 working days before). Import: the instansi's window widened to
20 working days, --import-pegawai pegawai each import one file of --rows-per-file rows (7 a day over the window).
Throw-away database `<dev db>_b11_insert`.

    .venv/bin/python benchmarks/harian_insert.py [--pegawai 100] [--per-day 8] [--import-pegawai 20]
"""

import argparse
import datetime
import math
import time
import uuid
from decimal import Decimal

from _bench import bench_database_url, manage, recreate
from harian_common import django_setup, load, summary

SUFFIX = "_b11_insert"
URAIAN = "Mengolah data layanan dan menyusun ringkasan hasilnya untuk laporan bulanan"


def slots(per_day: int) -> list[tuple[datetime.time, datetime.time]]:
    """`per_day` back-to-back 50-minute entries from 07:30 (with 10 minutes between them)."""
    start = datetime.datetime(2000, 1, 1, 7, 30)
    out = []
    for k in range(per_day):
        mulai = start + datetime.timedelta(minutes=60 * k)
        out.append((mulai.time(), (mulai + datetime.timedelta(minutes=50)).time()))
    return out


def single(group, days, per_day: int) -> tuple[int, float, list[float]]:
    """Every pegawai of `group` saves `per_day` entries on each day of `days`, one service call each."""
    from harian.services import Isian, progres_create

    times, made = [], 0
    start = time.perf_counter()
    for p in group:
        for day in days:
            for k, (mulai, selesai) in enumerate(slots(per_day)):
                isian = Isian(
                    tanggal=day, jam_mulai=mulai, jam_selesai=selesai, uraian=f"{URAIAN} ({k + 1})",
                    realisasi=Decimal(1), sasaran=p.kodes[k % 2], link_bukti="https://drive.example.go.id/bukti",
                )  # fmt: skip
                t0 = time.perf_counter()
                progres_create(actor=p.user, isian=isian, client_token=uuid.uuid4())
                times.append((time.perf_counter() - t0) * 1000)
                made += 1
    return made, time.perf_counter() - start, times


def imports(group, days, per_day: int) -> tuple[int, float, list[float]]:
    """Every pegawai of `group` imports one file: `per_day` entries on each day of `days`, as the reader gives them
    (text in the template's columns)."""
    from harian.services import progres_import

    times, made = [], 0
    start = time.perf_counter()
    for p in group:
        rows, n = [], 2  # the spreadsheet's line numbers: the header is line 1
        for day in days:
            for k, (mulai, selesai) in enumerate(slots(per_day)):
                values = {
                    "tanggal": f"{day:%d-%m-%Y}", "jam_mulai": f"{mulai:%H:%M}", "jam_selesai": f"{selesai:%H:%M}",
                    "sasaran": p.kodes[0] if k % 2 or day.month != days[-1].month else p.tb_kode,
                    "uraian": f"{URAIAN} ({k + 1})", "realisasi": "1", "satuan": "", "link_bukti": "",
                }  # fmt: skip
                rows.append((n, values))
                n += 1
        t0 = time.perf_counter()
        made += len(progres_import(actor=p.user, rows=rows))
        times.append((time.perf_counter() - t0) * 1000)
    return made, time.perf_counter() - start, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pegawai", type=int, default=100, help="pegawai saving single entries")
    parser.add_argument("--per-day", type=int, default=8, help="single entries per pegawai per day")
    parser.add_argument("--import-pegawai", type=int, default=20, help="pegawai importing one file each")
    parser.add_argument("--import-per-day", type=int, default=7, help="rows per day in each file")
    args = parser.parse_args()

    url = bench_database_url(SUFFIX)
    recreate(url)
    manage(url, "migrate", "-v", "0")
    django_setup(url)
    import harian_setup
    from django.apps import apps

    from harian.models import PengaturanHarian, ProgresHarian

    total = args.pegawai + args.import_pegawai
    t0 = time.perf_counter()
    _, heads = harian_setup.build(math.ceil(total / 20), 20)
    everyone = [p for head in heads for p in head.bawahan]
    print(f"Data: {len(everyone)} pegawai through the services in {time.perf_counter() - t0:.0f} s  ({load()})")

    days = harian_setup.window()
    before = load()
    made, seconds, times = single(everyone[: args.pegawai], days, args.per_day)
    print(
        f"progres_create, one thread: {made:,} entries in {seconds:.1f} s = {made / seconds:,.0f} rows/s;"
        f" per call {summary(times)}  ({before} -> {load()})"
    )

    PengaturanHarian.objects.update(jendela_hari_kerja=20)
    days = harian_setup.window()
    group = everyone[args.pegawai : args.pegawai + args.import_pegawai]
    before = load()
    made, seconds, times = imports(group, days, args.import_per_day)
    per_file = made // max(len(group), 1)
    print(
        f"progres_import, one thread: {made:,} rows in {len(group)} files of {per_file} rows in {seconds:.1f} s"
        f" = {made / seconds:,.0f} rows/s; per file {summary(times)}  ({before} -> {load()})"
    )
    events = apps.get_model("harian", "ProgresHarianEvent").objects.count()
    print(f"Stored: {ProgresHarian.objects.count():,} entries, {events:,} audit rows")


if __name__ == "__main__":
    main()
