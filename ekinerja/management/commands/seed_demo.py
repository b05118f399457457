"""manage.py seed_demo — a small pemda to try e-Kinerja with. Each app contributes its part, bottom up (people,
then SKPs, then penilaian), all through the real services. Idempotent: a re-run changes nothing."""

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import BUPATI, DEMO_PASSWORD, PEOPLE, SHOWCASE, SUPERADMIN_NIP, seed_accounts_demo
from harian.demo import seed_harian_demo
from penilaian.demo import seed_penilaian_demo
from skp.demo import seed_skp_demo


class Command(BaseCommand):
    help = "Muat data demo (satu pemda, ~40 pegawai) dan tampilkan akun demo. Aman dijalankan berulang."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Alamat yang dicetak untuk masuk.")

    def handle(self, *args, url: str, **options):
        with pghistory.context(command="seed_demo"), transaction.atomic():
            report, logins = seed_accounts_demo()
            skp_made = seed_skp_demo(logins)
            penilaian_made = seed_penilaian_demo(logins)
            seed_harian_demo(logins)

        self.stdout.write(
            f"Data demo: {report.created} pegawai dibuat, {report.updated} diperbarui, "
            f"{report.unchanged} tidak berubah; {skp_made} SKP dan {penilaian_made} periode penilaian demo dibuat."
        )
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}), masuk di {url}")
        people = {key: nama for key, _, nama, *_ in PEOPLE} | {"bupati": BUPATI[1]}
        for key, role in SHOWCASE:
            self.stdout.write(f"  {logins[key]:<18}  {people[key]:<20} {role}")
        self.stdout.write(f"  {SUPERADMIN_NIP}  {'Operator Sistem':<20} superadmin (semua instansi)")
        self.stdout.write("")
