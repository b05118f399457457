"""manage.py import_pegawai FILE.csv — the CSV contract of docs/rules.md §1.11 (docs/import-pegawai.md),
all-or-nothing."""

import os
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError

from accounts.importer import ImportRejected, decode_upload, import_pegawai


class Command(BaseCommand):
    help = "Impor pegawai dari berkas CSV (UTF-8). Semua baris valid atau tidak ada yang disimpan."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Nama variabel lingkungan berisi kata sandi awal untuk akun yang dibuat (demo dan uji).",
        )

    def handle(self, *args, file: Path, password_from_env: str | None, **options):
        password = None
        if password_from_env:
            password = os.environ.get(password_from_env)
            if not password:
                raise CommandError(f"Variabel lingkungan {password_from_env} kosong atau tidak ada.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak bisa dibaca: {exc.strerror}") from None
        try:
            with pghistory.context(command="import_pegawai"):
                report = import_pegawai(text=decode_upload(data), initial_password=password)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Berkas ditolak ({len(exc.errors)} masalah); tidak ada data yang disimpan.") from None
        for name in report.instansi_created:
            self.stdout.write(f"Instansi baru: {name}")
        self.stdout.write(
            f"Dibuat: {report.created}, diperbarui: {report.updated}, tidak berubah: {report.unchanged}, "
            f"unit kerja baru: {report.units_created}."
        )
