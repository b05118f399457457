"""The SQL that fills a benchmark database with a year of progres harian (issue 11) on top of an instansi that
benchmarks/instansi_besar.py built (units, pegawai, SKPs of the year, penilaian periods with rencana aksi): the
instansi's settings (progres harian on), an SKP Bulanan per approved SKP and month, two Target Bulanan in each (a
Teknis share of the first RHK's indikator, a Konseptual stage of the second RHK), and the daily entries of every
working day from 1 January to today (national holidays and cuti bersama left out): 3 to 7 a day per pegawai (5 on
average), back to back from 07:30, against the month's targets and the quarter's rencana aksi.

The state is what a year looks like on 30 November: months up to September approved (3 % changed since), October
approved for 70 % of the pegawai and waiting for the others, November in progress with half of its entries ticked;
2 % of the ticked entries tidak sesuai; kualitas scored on the approved months.

Each month's entries are loaded into a plain table with the partition's name, in day order (as they arrive), then
attached to the partitioned table: PostgreSQL builds the partition's indexes once over the loaded rows, clones the
foreign keys and triggers, and the no-overlap exclusion constraint is added as harian.partisi adds it. Faster than
inserting into indexed partitions, and the result is the same table. The audit triggers are off for the session
(session_replication_role = replica): the benchmark needs no history of generated rows."""

import datetime
import sys
import time

import psycopg
from _bench import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # harian.partisi: the partitions' names and their exclusion constraint

SETTINGS = """
INSERT INTO harian_pengaturanharian (instansi_id, aktif, jendela_hari_kerja, sabtu_hari_kerja)
VALUES (%(inst)s, true, 2, false)
"""

# Working days of the range, with the quarter each falls in.
HARI = """
DROP TABLE IF EXISTS b11_hari;
CREATE TEMP TABLE b11_hari AS
SELECT d::date AS tanggal, extract(quarter FROM d)::int AS q
FROM generate_series(%(awal)s::date, %(akhir)s::date, interval '1 day') d
WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT tanggal FROM harian_liburnasional)
"""

# One SKP Bulanan per approved SKP per month; approved up to two months ago, last month for 70 %.
SKP_BULANAN = """
INSERT INTO harian_skpbulanan (bulan, disetujui_pada, snapshot, berubah, version, disetujui_oleh_id, instansi_id,
    pegawai_id, skp_id)
SELECT m.bulan, CASE WHEN a.ok THEN (m.bulan + interval '1 month 4 days 10 hours')::timestamptz END,
       '{}'::jsonb, a.ok AND (s.id + m.n) %% 33 = 0, 1, CASE WHEN a.ok THEN s.penilai_id END, s.instansi_id,
       s.pegawai_id, s.id
FROM skp_skp s
CROSS JOIN LATERAL (SELECT d::date AS bulan, row_number() OVER () AS n
                    FROM generate_series(%(awal)s::date, %(bulan_ini)s::date, interval '1 month') d) m
CROSS JOIN LATERAL (SELECT s.penilai_id IS NOT NULL AND (m.bulan < %(bulan_ini)s::date - interval '1 month'
                    OR (m.bulan < %(bulan_ini)s::date AND s.id %% 10 < 7)) AS ok) a
WHERE s.instansi_id = %(inst)s AND s.status = 'persetujuan'
"""

TARGET = """
INSERT INTO harian_targetbulanan (jenis, nama, target, satuan, urutan, kualitas, version, client_token, indikator_id,
    instansi_id, kualitas_oleh_id, rhk_id, skp_bulanan_id)
SELECT 'teknis', i.teks, 4, i.satuan, 1, CASE WHEN sb.disetujui_pada IS NOT NULL THEN 75 + sb.id %% 25 END, 1,
       NULL::uuid, i.id, sb.instansi_id, sb.disetujui_oleh_id, r.id, sb.id
FROM harian_skpbulanan sb
JOIN skp_rhk r ON r.skp_id = sb.skp_id AND r.urutan = 1
JOIN skp_indikator i ON i.rhk_id = r.id
WHERE sb.instansi_id = %(inst)s
UNION ALL
SELECT 'konseptual', 'Menyusun konsep laporan kegiatan bulan ' || to_char(sb.bulan, 'MM-YYYY'), 2, 'Laporan', 2,
       CASE WHEN sb.disetujui_pada IS NOT NULL THEN 70 + sb.id %% 30 END, 1, NULL::uuid, NULL::bigint, sb.instansi_id,
       sb.disetujui_oleh_id, r.id, sb.id
FROM harian_skpbulanan sb
JOIN skp_rhk r ON r.skp_id = sb.skp_id AND r.urutan = 2
WHERE sb.instansi_id = %(inst)s
"""

# What each month's entries are recorded against: its two targets, and the quarter's first rencana aksi.
SASARAN = """
DROP TABLE IF EXISTS b11_sasaran;
CREATE TEMP TABLE b11_sasaran AS
SELECT sb.id AS skp_bulanan_id, sb.skp_id, sb.pegawai_id, sb.instansi_id, sb.bulan, sb.disetujui_pada,
       sb.disetujui_oleh_id, s.penilai_id,
       max(t.id) FILTER (WHERE t.jenis = 'teknis') AS teknis, max(t.id) FILTER (WHERE t.jenis = 'konseptual') AS konsep
FROM harian_skpbulanan sb JOIN skp_skp s ON s.id = sb.skp_id
JOIN harian_targetbulanan t ON t.skp_bulanan_id = sb.id
WHERE sb.instansi_id = %(inst)s
GROUP BY sb.id, s.penilai_id;
DROP TABLE IF EXISTS b11_ra;
CREATE TEMP TABLE b11_ra AS
SELECT p.skp_id, extract(quarter FROM p.mulai)::int AS q, min(ra.id) AS ra_id
FROM penilaian_periodepenilaian p JOIN penilaian_rencanaaksi ra ON ra.periode_id = p.id
WHERE p.instansi_id = %(inst)s GROUP BY 1, 2;
ANALYZE b11_hari; ANALYZE b11_sasaran; ANALYZE b11_ra
"""

URAIAN = [
    "Menyusun draf laporan kegiatan dan melengkapi lampirannya",
    "Memverifikasi berkas usulan dari unit kerja dan mencatat kekurangannya",
    "Rapat koordinasi dengan bidang terkait membahas tindak lanjut program",
    "Menginput data layanan ke aplikasi dan memeriksa kelengkapannya",
    "Menyiapkan bahan paparan pimpinan untuk rapat evaluasi bulanan",
    "Melayani konsultasi pegawai tentang administrasi kepegawaian",
    "Mengarsipkan surat masuk dan keluar serta memperbarui agenda",
    "Menganalisis data capaian triwulan dan menyusun catatan rekomendasi",
]

# A month's entries into a plain table named as its partition, in arrival order (day, then pegawai). Entry k of a
# day runs from 07:30 + 90 min x (k - 1) for 45 to 85 minutes; k mod 3 picks the Teknis target, the Konseptual
# stage or the quarter's rencana aksi (the Teknis target when the quarter has none).
CREATE = "CREATE TABLE {table} (LIKE harian_progresharian INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
ENTRIES = """
INSERT INTO {table} (id, tanggal, jam_mulai, jam_selesai, uraian, realisasi, satuan, link_bukti, kesesuaian,
    kesesuaian_pada, version, client_token, created_at, instansi_id, kesesuaian_oleh_id, pegawai_id,
    rencana_aksi_id, skp_bulanan_id, target_bulanan_id)
SELECT %(id0)s + row_number() OVER (ORDER BY h.tanggal, x.pegawai_id, k), h.tanggal,
       time '07:30' + (k - 1) * interval '90 minutes',
       time '07:30' + (k - 1) * interval '90 minutes' + (45 + (x.pegawai_id + k * 7) %% 41) * interval '1 minute',
       (%(uraian)s::text[])[1 + (x.pegawai_id + k + extract(doy FROM h.tanggal)::int) %% %(n_uraian)s]
           || ' (' || to_char(h.tanggal, 'DD-MM') || ')',
       1 + k %% 2, CASE WHEN tb.id = x.konsep THEN 'Laporan' ELSE 'Dokumen' END,
       CASE WHEN (x.pegawai_id + k) %% 10 < 3 THEN 'https://drive.example.go.id/bukti/' || x.pegawai_id || '/'
            || to_char(h.tanggal, 'YYYYMMDD') || '-' || k ELSE '' END,
       c.kesesuaian, CASE WHEN c.kesesuaian IS NOT NULL THEN (h.tanggal + 3 + time '10:00')::timestamptz END,
       1, md5(x.pegawai_id || ':' || h.tanggal || ':' || k)::uuid,
       (h.tanggal + time '08:20' + (k - 1) * interval '90 minutes')::timestamptz, x.instansi_id,
       CASE WHEN c.kesesuaian IS NOT NULL THEN x.penilai_id END, x.pegawai_id,
       CASE WHEN k %% 3 = 0 AND ra.ra_id IS NOT NULL THEN ra.ra_id END, x.skp_bulanan_id,
       CASE WHEN k %% 3 = 0 AND ra.ra_id IS NOT NULL THEN NULL ELSE tb.id END
FROM b11_hari h
JOIN b11_sasaran x ON x.bulan = %(bulan)s::date
LEFT JOIN b11_ra ra ON ra.skp_id = x.skp_id AND ra.q = h.q
CROSS JOIN LATERAL generate_series(1, 3 + (x.pegawai_id * 7 + extract(doy FROM h.tanggal)::int * 13) %% 5) k
CROSS JOIN LATERAL (SELECT CASE WHEN k %% 3 = 1 THEN x.konsep ELSE x.teknis END AS id) tb
CROSS JOIN LATERAL (SELECT CASE
    WHEN x.penilai_id IS NULL THEN NULL
    WHEN x.bulan < %(bulan_ini)s::date OR (x.pegawai_id + extract(day FROM h.tanggal)::int) %% 2 = 0
        THEN (x.pegawai_id * 3 + k + extract(doy FROM h.tanggal)::int) %% 50 <> 0
    END AS kesesuaian) c
WHERE h.tanggal >= %(bulan)s::date AND h.tanggal < %(bulan)s::date + interval '1 month'
ORDER BY h.tanggal, x.pegawai_id, k
"""

ATTACH = """
ALTER TABLE harian_progresharian ATTACH PARTITION {table} FOR VALUES FROM (%(bulan)s) TO (%(sampai)s)
"""


def _months(awal: datetime.date, akhir: datetime.date):
    bulan = awal.replace(day=1)
    while bulan <= akhir:
        nxt = datetime.date(bulan.year + bulan.month // 12, bulan.month % 12 + 1, 1)
        yield bulan, nxt
        bulan = nxt


def fill(conninfo: dict, inst: int, awal: datetime.date, akhir: datetime.date, log=print) -> dict[str, float]:
    """Progres harian of instansi `inst` from `awal` to `akhir` (today); returns the seconds of each phase."""
    from harian.partisi import NO_OVERLAP_SQL, partition_name  # the names and constraint of harian.partisi

    phases: dict[str, float] = {}
    p = {
        "inst": inst,
        "awal": awal,
        "akhir": akhir,
        "bulan_ini": akhir.replace(day=1),
        "uraian": URAIAN,
        "n_uraian": len(URAIAN),
    }
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        cur = psycopg.ClientCursor(conn)
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET jit = off")  # compiling each statement costs more than it saves here
        start = time.perf_counter()
        for sql in (SETTINGS, HARI, SKP_BULANAN, TARGET, SASARAN):
            cur.execute(sql, p)
        phases["SKP Bulanan, Target Bulanan"] = time.perf_counter() - start
        cur.execute("SELECT COALESCE(max(id), 0) FROM harian_progresharian")
        id0 = cur.fetchone()[0]
        loaded = attached = 0.0
        for bulan, sampai in _months(awal, akhir):
            table = partition_name(bulan)
            t0 = time.perf_counter()
            cur.execute(f'DROP TABLE IF EXISTS "{table}"')  # the empty partition migration 0003 made
            cur.execute(CREATE.format(table=f'"{table}"'))
            cur.execute(ENTRIES.format(table=f'"{table}"'), {**p, "id0": id0, "bulan": bulan})
            rows = cur.rowcount
            t1 = time.perf_counter()
            cur.execute(ATTACH.format(table=f'"{table}"'), {"bulan": bulan, "sampai": sampai})
            cur.execute(NO_OVERLAP_SQL.format(table=table))
            t2 = time.perf_counter()
            loaded, attached = loaded + t1 - t0, attached + t2 - t1
            id0 += rows
            log(f"  {table}: {rows:,} rows, load {t1 - t0:.1f} s, indexes and constraints {t2 - t1:.1f} s")
        phases["entries loaded"] = loaded
        phases["indexes, keys, exclusion constraint (attach)"] = attached
        cur.execute("SELECT setval(pg_get_serial_sequence('harian_progresharian', 'id'), %s)", [id0])
        t0 = time.perf_counter()
        cur.execute("VACUUM (ANALYZE) harian_progresharian")
        cur.execute("VACUUM (ANALYZE) harian_skpbulanan")
        cur.execute("VACUUM (ANALYZE) harian_targetbulanan")
        phases["VACUUM ANALYZE"] = time.perf_counter() - t0
    return phases


SIZES = """
SELECT count(*) AS partitions, sum(c.reltuples)::bigint AS rows,
       sum(pg_table_size(c.oid)) AS heap, sum(pg_indexes_size(c.oid)) AS indexes,
       sum(pg_total_relation_size(c.oid)) AS total
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'harian_progresharian'::regclass AND c.reltuples > 0
"""

INDEX_SIZES = """
SELECT regexp_replace(ic.relname, '^harian_progresharian_p\\d{4}_\\d{2}_?', '') AS kind, sum(pg_relation_size(ic.oid))
FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid JOIN pg_class ic ON ic.oid = x.indexrelid
WHERE i.inhparent = 'harian_progresharian'::regclass
GROUP BY 1 ORDER BY 2 DESC
"""


def sizes(conninfo: dict) -> tuple[dict, list[tuple[str, int]]]:
    """The daily log's rows and sizes over its filled partitions, and each index's size over all partitions."""
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        row = conn.execute(SIZES).fetchone()
        names = ("partitions", "rows", "heap", "indexes", "total")
        per_index = [(name, int(size)) for name, size in conn.execute(INDEX_SIZES).fetchall()]
        return {name: int(value) for name, value in zip(names, row, strict=True)}, per_index
