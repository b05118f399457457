"""Benchmark: throughput of Detail SKP (15 RHK × 3 indikator, owner's Draft view with every edit control)
against a minimal 20-row page on the same stack, in the same run.

Stack: gunicorn (ekinerja/gunicorn_conf.py: 2 workers × 4 threads) with DEBUG=false, WhiteNoise, sessions in
PostgreSQL, persistent connections; load: `wrk -t2 -c8 -d10s` on loopback with a logged-in session cookie.
Target (issue 3): Detail SKP at least 40 % of the 20-row page's requests/s.

    .venv/bin/python benchmarks/detail_skp.py [--seconds 10] [--rounds 2]
"""

import argparse
import datetime
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from _bench import ROOT, bench_database_url, manage, recreate

PORT = 8099
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def setup_data(url: str) -> tuple[str, int, int]:
    """Create an instansi, a penilai and a pegawai with a full SKP; return (session key, skp id, queries)."""
    os.environ.update(DATABASE_URL=url, SECRET_KEY=SECRET, DJANGO_SETTINGS_MODULE="ekinerja.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import UnitKerja, User
    from accounts.services import instansi_create
    from skp import services

    instansi = instansi_create(nama="Pemerintah Kabupaten Benchmark")
    root = UnitKerja.objects.get(instansi=instansi, parent=None)
    unit = services_unit = UnitKerja.objects.create(
        instansi=instansi, parent=root, nama="Bidang Mutasi", path=f"{root.path} > Bidang Mutasi", depth=1
    )
    del services_unit
    kepala = User.objects.create_user(
        "197001012000031001", nama="Kepala Badan", instansi=instansi, unit_kerja=unit, jabatan="Kepala Badan",
        jenis_jabatan="JPT Pratama",
    )  # fmt: skip
    pegawai = User.objects.create_user(
        "198502022010012002", nama="Analis SDM", instansi=instansi, unit_kerja=unit, atasan=kepala,
        jabatan="Analis SDM Aparatur Ahli Muda", jenis_jabatan="Fungsional", pangkat="Penata", golongan="III/c",
    )  # fmt: skip
    year = datetime.date.today().year
    awal, akhir = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    atasan_skp = services.skp_create(actor=kepala, periode_awal=awal, periode_akhir=akhir, pendekatan="kuantitatif")
    rhk_atasan = services.rhk_create(
        actor=kepala, skp_id=atasan_skp.pk, jenis="utama", klasifikasi="individu",
        teks="Terwujudnya manajemen ASN berbasis sistem merit", penugasan_dari="Sekretaris Daerah",
    )  # fmt: skip
    atasan_skp.status = "pengajuan"
    atasan_skp.save()
    skp = services.skp_create(actor=pegawai, periode_awal=awal, periode_akhir=akhir, pendekatan="kuantitatif")
    for n in range(15):
        rhk = services.rhk_create(
            actor=pegawai, skp_id=skp.pk, jenis="utama" if n < 12 else "tambahan", klasifikasi="individu",
            teks=f"Terlaksananya layanan kepegawaian nomor {n + 1} yang tepat waktu dan akuntabel",
            rhk_atasan=rhk_atasan,
        )  # fmt: skip
        for k, aspek in enumerate(("kuantitas", "kualitas", "waktu")):
            data = {"teks": f"Indikator {k + 1} dari RHK {n + 1}", "target_angka": 10 + k, "satuan": "Dokumen"}
            services.indikator_create(actor=pegawai, rhk_id=rhk.pk, data={**data, "aspek": aspek})
    for jenis in ("sumber_daya", "skema", "konsekuensi"):
        services.lampiran_create(actor=pegawai, skp_id=skp.pk, jenis=jenis, teks=f"Isi lampiran {jenis}")

    session = SessionStore()
    session[SESSION_KEY] = str(pegawai.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = pegawai.get_session_auth_hash()
    session["_seen"] = int(time.time()) + 3600  # no idle refresh during the run
    session.set_expiry(3600)
    session.create()

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(pegawai)
    client.get(f"/skp/{skp.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/skp/{skp.pk}/").status_code == 200
    return session.session_key, skp.pk, len(ctx.captured_queries)


def wrk(path: str, cookie: str, seconds: int) -> tuple[float, str, str]:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", f"Cookie: sessionid={cookie}",
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"wrk saw error responses on {path}:\n{out}")
    return rps, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="render the SKP body on every request")
    args = parser.parse_args()

    url = bench_database_url("_bench_web")
    recreate(url)
    manage(url, "migrate", "-v", "0")
    cookie, skp_id, queries = setup_data(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BENCHMARK_ENDPOINTS": "true",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "2",
        "FRAGMENT_CACHE": "false" if args.no_cache else "true",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "ekinerja/gunicorn_conf.py", "--access-logfile", "/dev/null",
         "ekinerja.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        detail, twenty = f"/skp/{skp_id}/", "/bench/twenty-rows/"
        for _ in range(50):
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{PORT}{detail}", headers={"Cookie": f"sessionid={cookie}"}
                )
                body = urllib.request.urlopen(request, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        assert "Terlaksananya layanan kepegawaian nomor 15" in body, "not the Detail SKP page (session?)"
        wrk(twenty, cookie, 2)  # warm-up: every worker thread opens its database connection
        wrk(detail, cookie, 2)
        results = {"twenty": [], "detail": []}
        for _ in range(args.rounds):
            results["twenty"].append(wrk(twenty, cookie, args.seconds))
            results["detail"].append(wrk(detail, cookie, args.seconds))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()

    best = {name: max(runs) for name, runs in results.items()}
    ratio = best["detail"][0] / best["twenty"][0]
    print(f"Detail SKP queries per request: {queries}")
    for name, label in (("twenty", "20-row page"), ("detail", "Detail SKP 15x3")):
        for rps, p50, p99 in results[name]:
            print(f"{label:16} {rps:8.0f} req/s   p50 {p50:>8}   p99 {p99:>8}")
    print(f"Fragment cache: {'off' if args.no_cache else 'on'}")
    print(f"Ratio (best of {args.rounds}): {ratio:.0%} (target >= 40 %)")
    print("RESULT:", "meets target" if ratio >= 0.40 else "MISSES TARGET")
    sys.exit(0 if ratio >= 0.40 else 1)


if __name__ == "__main__":
    main()
