"""manage.py partisi_harian — make the daily log's monthly partitions ahead of time (decision 0019). Run it on a
schedule (monthly is plenty; see docs/deployment.md's timer): by default it makes this year's and next year's
partitions that are missing; `--tahun 2030` makes that year's; `--cek` changes nothing and exits 1 when a month of
this year or the next has none (for monitoring)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from harian.partisi import missing_months, partisi_tahun


class Command(BaseCommand):
    help = "Siapkan partisi bulanan tabel progres harian (tahun ini dan tahun depan, atau --tahun)."

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, action="append", help="Tahun yang disiapkan (boleh berulang).")
        parser.add_argument(
            "--cek", action="store_true", help="Hanya periksa; keluar dengan kode 1 bila ada yang kurang."
        )

    def handle(self, *args, tahun: list[int] | None, cek: bool, **options):
        today = timezone.localdate()
        years = tahun or [today.year, today.year + 1]
        if cek:
            missing = missing_months(datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31))
            if missing:
                raise CommandError(
                    "Partisi progres harian belum ada untuk: " + ", ".join(f"{m:%m-%Y}" for m in missing)
                )
            self.stdout.write(f"Partisi progres harian lengkap untuk {', '.join(map(str, years))}.")
            return
        for year in years:
            if not 2000 <= year <= 2200:
                raise CommandError(f"Tahun {year} tidak masuk akal.")
            made = partisi_tahun(year)
            self.stdout.write(f"{year}: {len(made)} partisi dibuat, {12 - len(made)} sudah ada.")
