"""A throw-away database with large instansi for the report benchmarks (issue 12): a unit tree (instansi › dinas ›
4 bidang › 4 seksi each, one dinas per 500 pegawai), a head per unit reporting upwards, staff under the seksi heads
(a third Jabatan Fungsional, 30 % PPPK), an SKP of this year for each pegawai in mixed statuses (3 RHK with an
indikator each, its Riwayat), and a year of penilaian on the approved ones: Triwulan I–III ditetapkan with mixed
predikat, Triwulan IV in every state from "not added" to ditetapkan, rencana aksi, umpan balik, a capaian per dinas,
a TPP table and an admin instansi.

Built with INSERT … SELECT generate_series in one transaction, not the ORM row by row; the audit triggers are off
for the session (session_replication_role = replica: the benchmark database needs no history), so it takes seconds.

    .venv/bin/python benchmarks/instansi_besar.py [--pegawai 20000] [--also 2000] [--suffix _bench_laporan]

`build(url, [(nama, pegawai), ...])` is the reusable part: it recreates the database, migrates and fills it, and
returns each instansi's admin id."""

import argparse
import time

import environ
import psycopg
from _bench import bench_database_url, manage, recreate

TAHUN = 2026
SEP = " > "
ROMAWI = ["I", "II", "III", "IV"]

_UNITS = """
INSERT INTO accounts_unitkerja (id, instansi_id, parent_id, nama, mandiri, path, depth)
SELECT %(u0)s, %(inst)s, NULL, %(nama)s, false, %(nama)s, 0
UNION ALL
SELECT %(u0)s + d, %(inst)s, %(u0)s, 'Dinas ' || d, false, %(nama)s || ' > Dinas ' || d, 1
FROM generate_series(1, %(dinas)s) d
UNION ALL
SELECT %(u0)s + %(dinas)s + (d - 1) * 4 + b, %(inst)s, %(u0)s + d, 'Bidang ' || b, false,
       %(nama)s || ' > Dinas ' || d || ' > Bidang ' || b, 2
FROM generate_series(1, %(dinas)s) d, generate_series(1, 4) b
UNION ALL
SELECT %(u0)s + 5 * %(dinas)s + ((d - 1) * 4 + b - 1) * 4 + s, %(inst)s, %(u0)s + %(dinas)s + (d - 1) * 4 + b,
       'Seksi ' || s, s = 4, %(nama)s || ' > Dinas ' || d || ' > Bidang ' || b || ' > Seksi ' || s, 3
FROM generate_series(1, %(dinas)s) d, generate_series(1, 4) b, generate_series(1, 4) s
"""

# Heads first (user p0 + k heads unit u0 + k - 1), then the staff, spread over the seksi under their heads.
_USERS = """
INSERT INTO accounts_user (id, password, is_superuser, nip, nama, gelar_depan, gelar_belakang, status_kepegawaian,
    pangkat, golongan, jabatan, jenis_jabatan, email, is_active, is_staff, date_joined, atasan_id, instansi_id,
    unit_kerja_id, nama_login, nip_asal)
SELECT %(p0)s + uk.id - %(u0)s + 1, '!', false, lpad((%(nip0)s + uk.id - %(u0)s + 1)::text, 18, '1'),
       'Kepala ' || uk.nama || ' ' || (uk.id - %(u0)s), '', '', 'PNS', 'Pembina', 'IV/a', 'Kepala ' || uk.nama,
       (ARRAY['JPT Madya', 'JPT Pratama', 'Administrator', 'Pengawas'])[uk.depth + 1], '', true, false, now(),
       CASE WHEN uk.parent_id IS NOT NULL THEN %(p0)s + uk.parent_id - %(u0)s + 1 END, %(inst)s, uk.id, NULL, ''
FROM accounts_unitkerja uk WHERE uk.instansi_id = %(inst)s
UNION ALL
SELECT %(p0)s + %(units)s + n, '!', false, lpad((%(nip0)s + %(units)s + n)::text, 18, '1'),
       (ARRAY['Agus', 'Budi', 'Citra', 'Dewi', 'Eka', 'Fitri', 'Gilang', 'Hana', 'Indra', 'Joko', 'Kartika',
              'Lestari'])[1 + n %% 12] || ' ' || (ARRAY['Saputra', 'Wijaya', 'Lestari', 'Nugroho', 'Pratama',
              'Hidayat', 'Kusuma'])[1 + n %% 7] || ' ' || n,
       '', '', CASE WHEN n %% 10 < 3 THEN 'PPPK' ELSE 'PNS' END, 'Penata Muda', 'III/a',
       CASE WHEN n %% 3 = 0 THEN 'Analis Kebijakan Ahli Muda' ELSE 'Pengelola Data' END,
       CASE WHEN n %% 3 = 0 THEN 'Fungsional' ELSE 'Pelaksana' END, '', true, false, now(),
       %(p0)s + 5 * %(dinas)s + (n - 1) %% (16 * %(dinas)s) + 2, %(inst)s,
       %(u0)s + 5 * %(dinas)s + (n - 1) %% (16 * %(dinas)s) + 1, NULL, ''
FROM generate_series(1, %(staff)s) n
"""

# One definitive SKP of the year per pegawai, 8 % of them none: 8 % Draft, 8 % Pengajuan, 4 % Revisi, the rest
# Persetujuan (a fixed pseudo-random bucket per pegawai).
_SKP = """
INSERT INTO skp_skp (id, periode_awal, periode_akhir, pendekatan, model, status, pegawai_snapshot, penilai_snapshot,
    version, client_token, created_at, updated_at, instansi_id, pegawai_id, penilai_id, plt_id, unit_kerja_id,
    penilaian_final)
SELECT %(s0)s + u.id - %(p0)s, %(awal)s, %(akhir)s, 'kuantitatif',
       CASE WHEN u.jenis_jabatan LIKE 'JPT%%' THEN 'jpt' ELSE 'pegawai' END,
       CASE WHEN b < 16 THEN 'draft' WHEN b < 24 THEN 'pengajuan' WHEN b < 28 THEN 'revisi' ELSE 'persetujuan' END,
       jsonb_build_object('nama', u.nama, 'nip', u.nip, 'jabatan', u.jabatan, 'unit_kerja', uk.nama,
                          'pangkat_golongan', u.pangkat || ', ' || u.golongan),
       CASE WHEN a.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('nama', a.nama, 'nip', a.nip,
            'jabatan', a.jabatan, 'pangkat_golongan', a.pangkat || ', ' || a.golongan) END,
       1, NULL, %(dibuat)s, %(dibuat)s, %(inst)s, u.id, u.atasan_id, NULL, u.unit_kerja_id, false
FROM (SELECT *, (id * 7919) %% 100 AS b FROM accounts_user WHERE instansi_id = %(inst)s AND id > %(p0)s) u
JOIN accounts_unitkerja uk ON uk.id = u.unit_kerja_id LEFT JOIN accounts_user a ON a.id = u.atasan_id
WHERE u.b >= 8
"""

_RHK = """
INSERT INTO skp_rhk (id, jenis, klasifikasi, teks, penugasan_dari, urutan, version, client_token, asal_id,
    dibuat_oleh_id, instansi_id, rhk_atasan_id, unit_kerja_id, skp_id)
SELECT %(r0)s + (s.id - %(s0)s) * 3 + k, 'utama', 'individu', 'Terwujudnya layanan yang akuntabel ' || k, '', k, 1,
       NULL, NULL, s.pegawai_id, s.instansi_id, NULL, NULL, s.id
FROM skp_skp s, generate_series(1, 3) k WHERE s.instansi_id = %(inst)s;
INSERT INTO skp_indikator (id, teks, target_angka, satuan, perspektif, aspek, urutan, version, client_token,
    instansi_id, rhk_id)
SELECT r.id, 'Jumlah dokumen yang diselesaikan', 12, 'Dokumen', '', 'kuantitas', 1, 1, NULL, r.instansi_id, r.id
FROM skp_rhk r WHERE r.instansi_id = %(inst)s;
INSERT INTO skp_skpstatuschange (dari, ke, catatan, created_at, actor_id, skp_id)
SELECT 'draft', 'pengajuan', '', %(diajukan)s::timestamptz, s.pegawai_id, s.id FROM skp_skp s
WHERE s.instansi_id = %(inst)s AND s.status <> 'draft'
UNION ALL
SELECT 'pengajuan', s.status, CASE WHEN s.status = 'revisi' THEN 'Lengkapi indikatornya.' ELSE '' END,
       %(disetujui)s::timestamptz, COALESCE(s.penilai_id, s.pegawai_id), s.id
FROM skp_skp s WHERE s.instansi_id = %(inst)s AND s.status IN ('revisi', 'persetujuan')
"""

# Four quarters of every approved SKP. TW1–TW3 ditetapkan; TW4 by bucket: 20 % not added, then no rencana aksi,
# sudah mengisi, umpan balik, dinilai, ditetapkan. Predikat 12 % Sangat Baik, 60 % Baik, 15 % Butuh Perbaikan,
# 9 % Kurang/Misconduct, 4 % Sangat Kurang, each with the ratings that give it (penilaian.predikat).
_PERIODE = """
DROP TABLE IF EXISTS periode_plan;
CREATE TEMP TABLE periode_plan ON COMMIT DROP AS
SELECT %(pr0)s + (s.id - %(s0)s) * 4 + q AS id, s.id AS skp_id, s.instansi_id, s.penilai_id, s.penilai_snapshot,
       s.pegawai_id, q, (s.id * 31 + q * 7) %% 100 AS tahap, (s.id * 17 + q * 5) %% 100 AS nilai
FROM skp_skp s, generate_series(1, 4) q WHERE s.instansi_id = %(inst)s AND s.status = 'persetujuan';
DELETE FROM periode_plan WHERE q = 4 AND tahap < 20;
INSERT INTO penilaian_periodepenilaian (id, kode, nama, mulai, selesai, penilai_snapshot, status,
    rating_hasil_kerja, rating_perilaku, predikat, dibuka_hingga, version, created_at, instansi_id, penilai_id,
    skp_id, perlu_ditinjau)
SELECT p.id, %(tahun)s || '-TW' || p.q, 'Triwulan ' || (ARRAY['I', 'II', 'III', 'IV'])[p.q],
       make_date(%(tahun)s, 3 * p.q - 2, 1), (make_date(%(tahun)s, 3 * p.q - 2, 1) + interval '3 months - 1 day')::date,
       p.penilai_snapshot, CASE WHEN p.q < 4 OR p.tahap >= 85 THEN 'ditetapkan' ELSE 'terbuka' END,
       CASE WHEN r.rated THEN r.hasil ELSE '' END, CASE WHEN r.rated THEN r.perilaku ELSE '' END,
       CASE WHEN r.rated THEN r.predikat ELSE '' END, NULL, 1, %(dibuat)s, p.instansi_id, p.penilai_id, p.skp_id, ''
FROM periode_plan p, LATERAL (SELECT p.q < 4 OR p.tahap >= 70 AS rated,
    CASE WHEN p.nilai < 12 THEN 'diatas' WHEN p.nilai < 72 THEN 'sesuai' WHEN p.nilai < 87 THEN 'dibawah'
         WHEN p.nilai < 96 THEN 'sesuai' ELSE 'dibawah' END AS hasil,
    CASE WHEN p.nilai < 12 THEN 'diatas' WHEN p.nilai < 72 THEN 'sesuai' WHEN p.nilai < 87 THEN 'sesuai'
         ELSE 'dibawah' END AS perilaku,
    CASE WHEN p.nilai < 12 THEN 'sangat_baik' WHEN p.nilai < 72 THEN 'baik' WHEN p.nilai < 87 THEN 'butuh_perbaikan'
         WHEN p.nilai < 96 THEN 'kurang' ELSE 'sangat_kurang' END AS predikat) r;
INSERT INTO penilaian_rencanaaksi (teks, target_angka, satuan, realisasi, sumber_data, urutan, version, client_token,
    instansi_id, periode_id, rhk_id)
SELECT 'Menyusun laporan triwulan', 3, 'Dokumen', '3 Dokumen', 'Laporan', 1, 1, NULL, p.instansi_id, p.id,
       %(r0)s + (p.skp_id - %(s0)s) * 3 + 1
FROM periode_plan p WHERE p.q < 4 OR p.tahap >= 40;
INSERT INTO penilaian_umpanbalik (teks, polaritas, version, instansi_id, oleh_id, perilaku_id, periode_id, rhk_id)
SELECT 'Sesuai rencana', 'positif', 1, p.instansi_id, p.penilai_id, NULL, p.id, %(r0)s + (p.skp_id - %(s0)s) * 3 + 1
FROM periode_plan p WHERE p.penilai_id IS NOT NULL AND (p.q < 4 OR p.tahap >= 55)
"""

_ADMIN = """
INSERT INTO accounts_user (id, password, is_superuser, nip, nama, gelar_depan, gelar_belakang, status_kepegawaian,
    pangkat, golongan, jabatan, jenis_jabatan, email, is_active, is_staff, date_joined, atasan_id, instansi_id,
    unit_kerja_id, nama_login, nip_asal)
VALUES (%(admin)s, '!', false, lpad(%(admin_nip)s::text, 18, '1'), 'Admin Laporan', '', '', 'PNS', 'Penata', 'III/c',
        'Analis SDM Aparatur', 'Fungsional', '', true, true, now(), NULL, %(inst)s, %(u0)s, NULL, '');
INSERT INTO penilaian_capaianunit (kode, capaian, instansi_id, oleh_id, unit_kerja_id)
SELECT %(tahun)s || '-TW' || q, (ARRAY['istimewa', 'baik', 'baik', 'butuh_perbaikan'])[1 + d %% 4], %(inst)s,
       %(admin)s, %(u0)s + d
FROM generate_series(1, %(dinas)s) d, generate_series(1, 4) q;
INSERT INTO laporan_tariftpp (sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang, instansi_id)
VALUES (120, 100, 80, 60, 40, %(inst)s)
"""

TABLES = [
    "accounts_instansi",
    "accounts_unitkerja",
    "accounts_user",
    "skp_skp",
    "skp_rhk",
    "skp_indikator",
    "skp_skpstatuschange",
    "penilaian_periodepenilaian",
    "penilaian_rencanaaksi",
    "penilaian_umpanbalik",
    "penilaian_capaianunit",
    "laporan_tariftpp",
]


def _conninfo(url: str) -> dict:
    cfg = environ.Env.db_url_config(url)
    info = {"dbname": cfg["NAME"], "user": cfg["USER"], "password": cfg["PASSWORD"], "host": cfg["HOST"]}
    info.update(port=cfg["PORT"], **cfg.get("OPTIONS", {}))
    return {k: v for k, v in info.items() if v}


def _next_id(cur, table: str) -> int:
    cur.execute(f"SELECT COALESCE(max(id), 0) FROM {table}")
    return cur.fetchone()[0]


def fill(conn, nama: str, pegawai: int) -> int:
    """One instansi of `pegawai` pegawai (the unit heads included) with its year, in the open transaction of `conn`;
    returns its admin's user id."""
    cur = psycopg.ClientCursor(conn)  # several statements in one execute
    dinas = max(2, pegawai // 500)
    units = 1 + 21 * dinas
    cur.execute("INSERT INTO accounts_instansi (nama) VALUES (%s) RETURNING id", [nama])
    inst = cur.fetchone()[0]
    p = {
        "inst": inst,
        "nama": nama,
        "dinas": dinas,
        "units": units,
        "staff": pegawai - units,
        "u0": _next_id(cur, "accounts_unitkerja") + 1,
        "p0": _next_id(cur, "accounts_user"),
        "s0": _next_id(cur, "skp_skp"),
        "r0": _next_id(cur, "skp_rhk"),
        "pr0": _next_id(cur, "penilaian_periodepenilaian"),
        "tahun": TAHUN,
        "awal": f"{TAHUN}-01-01",
        "akhir": f"{TAHUN}-12-31",
        "dibuat": f"{TAHUN}-01-05 09:00+07",
        "diajukan": f"{TAHUN}-01-20 09:00+07",
        "disetujui": f"{TAHUN}-01-27 09:00+07",
    }
    p["nip0"] = p["p0"] + 100_000  # the SKP of user u is s0 + u - p0, its RHK and periods follow from it
    cur.execute(_UNITS, p)
    cur.execute(_USERS, p)
    for sql in (_SKP, _RHK, _PERIODE):
        cur.execute(sql, p)
    p["admin"] = p["p0"] + pegawai + 1
    p["admin_nip"] = p["nip0"] + pegawai + 1
    cur.execute(_ADMIN, p)
    return p["admin"]


def build(url: str, instansi: list[tuple[str, int]]) -> dict[str, int]:
    """Recreate the database of `url`, migrate it and fill each (nama, pegawai); each instansi's admin id by nama."""
    recreate(url)
    manage(url, "migrate", "-v", "0")
    return build_filled(url, instansi)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pegawai", type=int, default=20_000)
    parser.add_argument("--also", type=int, default=0, help="a second, smaller instansi of this many pegawai")
    parser.add_argument("--suffix", default="_bench_laporan", help="added to the development database's name")
    args = parser.parse_args()
    instansi = [("Pemerintah Kabupaten Besar", args.pegawai)]
    if args.also:
        instansi.append(("Pemerintah Kabupaten Kecil", args.also))
    url = bench_database_url(args.suffix)
    start = time.perf_counter()
    recreate(url)
    manage(url, "migrate", "-v", "0")
    migrated = time.perf_counter()
    admins = build_filled(url, instansi)
    done = time.perf_counter()
    name = environ.Env.db_url_config(url)["NAME"]
    print(f"database {name}: migrate {migrated - start:.1f} s, data {done - migrated:.1f} s")
    print(f"admin ids: {admins}")


def build_filled(url: str, instansi: list[tuple[str, int]]) -> dict[str, int]:
    """Fill an already migrated, empty database (build() without the recreate and migrate)."""
    admins = {}
    with psycopg.connect(**_conninfo(url)) as conn:
        conn.execute("SET session_replication_role = replica")
        for nama, pegawai in instansi:
            admins[nama] = fill(conn, nama, pegawai)
        for table in TABLES:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(**_conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return admins


if __name__ == "__main__":
    main()
