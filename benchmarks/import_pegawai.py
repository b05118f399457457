"""Benchmark: import a 20,000-row pegawai CSV of a realistic pemda (units 5 levels deep), then re-import it.

Targets (issue 2): first import under 60 s, re-import of the same file under 30 s, on our 2-core machine.
Runs against a throw-away database `<dev database>_bench` on the same PostgreSQL; prints the figures.

    .venv/bin/python benchmarks/import_pegawai.py [--rows 20000]
"""

import argparse
import csv
import random
import sys
from pathlib import Path

from _bench import OUT, ROOT, bench_database_url, manage, recreate

INSTANSI = "Pemerintah Provinsi Nusantara Raya"
JENIS_BY_LEVEL = ["JPT Pratama", "Administrator", "Pengawas", "Pengawas"]


def nip(n: int, pppk: bool) -> str:
    rng = random.Random(n)
    year, month, day = 1965 + rng.randrange(33), 1 + rng.randrange(12), 1 + rng.randrange(28)
    tmt = f"{2022 + n % 3}21" if pppk else f"{year + 22 + rng.randrange(5)}{1 + rng.randrange(12):02d}"
    # The sequence digits plus the day/month spread keep NIPs unique; collisions are re-drawn by the caller.
    return f"{year}{month:02d}{day:02d}{tmt}{1 + n % 2}{n % 997 + 1:03d}"


def generate(rows: int, path: Path) -> None:
    """Units: instansi > 40 perangkat daerah > 4 bidang > 4 seksi > 3 UPT (5 levels). Heads report upwards."""
    rng = random.Random(2026)
    units = []  # (path, level, parent index)
    units.append(([INSTANSI, "Sekretariat Daerah"], 0, None))
    for d in range(40):
        units.append(([INSTANSI, f"Dinas {d + 1:02d}"], 1, 0))
        dinas = len(units) - 1
        for b in range(4):
            units.append(([INSTANSI, f"Dinas {d + 1:02d}", f"Bidang {b + 1}"], 2, dinas))
            bidang = len(units) - 1
            for s in range(4):
                units.append(([INSTANSI, f"Dinas {d + 1:02d}", f"Bidang {b + 1}", f"Seksi {s + 1}"], 3, bidang))
                seksi = len(units) - 1
                for u in range(3):
                    upt = [INSTANSI, f"Dinas {d + 1:02d}", f"Bidang {b + 1}", f"Seksi {s + 1}", f"UPT {u + 1}"]
                    units.append((upt, 4, seksi))
    used: set[str] = set()

    def fresh_nip(n: int, pppk: bool) -> str:
        value, k = nip(n, pppk), n
        while value in used:
            k += 100_003
            value = nip(k, pppk)
        used.add(value)
        return value

    out_rows = []
    heads = []
    for i, (segments, level, parent) in enumerate(units):
        head = fresh_nip(i, False)
        heads.append(head)
        jenis = JENIS_BY_LEVEL[min(level, 3)] if level < 4 else "Fungsional"
        out_rows.append(
            row(head, f"Kepala {segments[-1]}", jenis, segments, heads[parent] if parent is not None else "")
        )
    n = len(units)
    while len(out_rows) < rows:
        i = rng.randrange(1, len(units))
        pppk = rng.random() < 0.3
        jenis = rng.choice(["Pelaksana", "Fungsional"])
        out_rows.append(row(fresh_nip(n, pppk), f"Staf {n}", jenis, units[i][0], heads[i], pppk=pppk))
        n += 1
    rng.shuffle(out_rows)  # atasan appear before and after their bawahan, as in a real export
    OUT.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(out_rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)


def row(nip_value, jabatan, jenis, segments, atasan, pppk=False):
    return {
        "nip": nip_value,
        "nama": f"PEGAWAI {nip_value[-6:]}",
        "gelar_depan": "",
        "gelar_belakang": "S.E.",
        "status_kepegawaian": "PPPK" if pppk else "PNS",
        "pangkat": "" if pppk else "Penata Muda",
        "golongan": "IX" if pppk else "III/a",
        "jabatan": jabatan,
        "jenis_jabatan": jenis,
        "unit_kerja": " > ".join(segments),
        "nip_atasan": atasan,
        "email": f"p{nip_value[-8:]}@nusantara.go.id",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    csv_path = OUT / f"pemda-{args.rows}.csv"
    generate(args.rows, csv_path)
    url = bench_database_url()
    recreate(url)
    manage(url, "migrate", "-v", "0")
    print(f"File: {csv_path.relative_to(ROOT)} ({args.rows} rows)")
    first = manage(url, "import_pegawai", str(csv_path))
    print(f"First import: {first:.1f} s (target < 60 s)")
    again = manage(url, "import_pegawai", str(csv_path))
    print(f"Re-import, same file: {again:.1f} s (target < 30 s)")
    ok = first < 60 and again < 30
    print("RESULT:", "meets target" if ok else "MISSES TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
