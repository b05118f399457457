"""Dashboard admin instansi (issue 12, docs/rules.md §14.4): for a unit and each unit under it, how many pegawai have
no SKP or one in each status for the year, how far each is with a period, and their predikat. PostgreSQL counts them:
one GROUP BY query over the unit's pegawai with one conditional count per number, whatever the number of pegawai
or units; the drill-down lists read the same facts, so a number and its list always agree.

The facts of one pegawai (`_FAKTA`) are computed once per query, with each pegawai's SKP and period found by joins
(DISTINCT ON) rather than correlated subqueries per pegawai (docs/performance.md, "Reports (issue 12)").

A section (`Bagian`) is a column of the facts and the categories it takes. Progres harian (issue 11) adds "entries
waiting for their atasan" as one more section when the instansi has it on: a column in `_FAKTA` and its categories
in `bagian_for` — the query, the table, the links and the drill-down list follow from the data."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, router, transaction

from accounts.models import UNIT_SEPARATOR, UnitKerja, User
from penilaian.kurva import CHART_ORDER
from penilaian.periode import Periode
from penilaian.predikat import Predikat
from skp.models import StatusSkp


@dataclass(frozen=True)
class Kategori:
    """One number of a section: the value of its column in the facts (`key`, also the drill-down's `kategori`), the
    words on screen, and the colour of its part of a bar."""

    key: str
    label: str
    warna: str


@dataclass(frozen=True)
class Bagian:
    """A section of the dashboard: a column of the facts, its categories in the order read out. Pegawai whose
    column is NULL are outside the section (for the period: no approved SKP covering it)."""

    key: str
    judul: str
    kategori: tuple[Kategori, ...]
    keterangan: str = ""


TANPA_SKP = "tanpa"

BAGIAN_SKP = Bagian(
    "skp",
    "Status SKP",
    (
        Kategori(TANPA_SKP, "Belum ada SKP", "#b42318"),
        Kategori(StatusSkp.DRAFT, StatusSkp.DRAFT.label, "#8a94a3"),
        Kategori(StatusSkp.PENGAJUAN, StatusSkp.PENGAJUAN.label, "#3b6fd1"),
        Kategori(StatusSkp.REVISI, StatusSkp.REVISI.label, "#c98a12"),
        Kategori(StatusSkp.PERSETUJUAN, StatusSkp.PERSETUJUAN.label, "#1e8449"),
    ),
    "SKP definitif tahun ini (bukan Plt); bila seorang pegawai memiliki lebih dari satu, yang terakhir dimulai.",
)
BAGIAN_PERIODE = Bagian(
    "periode",
    "Penilaian periode",
    (
        Kategori("belum_mengisi", "Belum mengisi", "#b42318"),
        Kategori("sudah_mengisi", "Sudah mengisi", "#c98a12"),
        Kategori("umpan_balik", "Umpan balik", "#3b6fd1"),
        Kategori("dinilai", "Dinilai", "#12808a"),
        Kategori("ditetapkan", "Ditetapkan", "#1e8449"),
    ),
    "Dihitung: pegawai yang SKP-nya sudah disetujui dan mencakup periode ini.",
)
# Best first, as the admin reads a distribution; the chart of the kurva keeps penilaian.kurva's worst-to-best axis.
BAGIAN_PREDIKAT = Bagian(
    "predikat",
    "Predikat Kinerja",
    tuple(
        Kategori(p.value, p.label, warna)
        for p, warna in zip(reversed(CHART_ORDER), ("#0f5c36", "#1e8449", "#c98a12", "#d4622a", "#b42318"), strict=True)
    ),
    "Dihitung: pegawai yang sudah diberi predikat untuk periode ini.",
)
BAGIAN = (BAGIAN_SKP, BAGIAN_PERIODE, BAGIAN_PREDIKAT)


def bagian_for(instansi_id: int) -> tuple[Bagian, ...]:
    """The sections of an instansi's dashboard. The hook for progres harian (issue 11): where the instansi has it
    on, "entri menunggu atasan" joins here with its column in _FAKTA."""
    return BAGIAN


def bagian_by_key(key: str) -> Bagian | None:
    return next((b for b in BAGIAN if b.key == key), None)


@dataclass(frozen=True)
class Lingkup:
    """Whose facts: the pegawai of one instansi in a unit's subtree (or only directly in it), filtered, for a
    year and one of its periods."""

    instansi_id: int
    unit: UnitKerja
    tahun: int
    periode: Periode
    jenis_jabatan: str = ""
    status_kepegawaian: str = ""
    langsung: bool = False

    def params(self) -> dict:
        return {
            "instansi": self.instansi_id,
            "unit": self.unit.pk,
            "root": self.unit.parent_id is None,
            "prefix": self.unit.path + UNIT_SEPARATOR,
            "langsung": self.langsung,
            "jenis": self.jenis_jabatan,
            "status": self.status_kepegawaian,
            "awal_tahun": datetime.date(self.tahun, 1, 1),
            "akhir_tahun": datetime.date(self.tahun, 12, 31),
            "kode": self.periode.kode,
            "mulai": self.periode.mulai,
            "selesai": self.periode.selesai,
            "sep": UNIT_SEPARATOR,
            "own": self.unit.path,
            "segments": self.unit.depth + 2,  # a child's path has one name more than the unit's depth + 1
            "persetujuan": StatusSkp.PERSETUJUAN.value,
        }


# One row per pegawai in scope: their bucket (the path of the child unit of the chosen unit they work in, or the
# unit's own path when they work in it directly) and one column per section. Pegawai: active, with a NIP (a pejabat
# non-ASN writes no SKP), of the instansi, in the unit's subtree; at the root every pegawai of the instansi, and
# those without a unit count as working directly in the root unit.
_FAKTA = """
WITH pegawai AS (
    SELECT u.id, uk.path
    FROM accounts_user u LEFT JOIN accounts_unitkerja uk ON uk.id = u.unit_kerja_id
    WHERE u.instansi_id = %(instansi)s AND u.is_active AND u.nip IS NOT NULL
      AND CASE WHEN %(langsung)s THEN u.unit_kerja_id = %(unit)s OR %(root)s AND u.unit_kerja_id IS NULL
               ELSE %(root)s OR u.unit_kerja_id = %(unit)s OR starts_with(uk.path, %(prefix)s) END
      AND (%(jenis)s = '' OR u.jenis_jabatan = %(jenis)s)
      AND (%(status)s = '' OR u.status_kepegawaian = %(status)s)
), skp AS (
    -- each pegawai's definitive SKP of the year: the one that starts last
    SELECT DISTINCT ON (s.pegawai_id) s.pegawai_id, s.status
    FROM skp_skp s JOIN pegawai ON pegawai.id = s.pegawai_id
    WHERE s.plt_id IS NULL AND s.periode_awal <= %(akhir_tahun)s AND s.periode_akhir >= %(awal_tahun)s
    ORDER BY s.pegawai_id, s.periode_awal DESC, s.id DESC
), periode AS (
    -- each pegawai's period with this code in a definitive SKP, that of the SKP starting last
    SELECT DISTINCT ON (s.pegawai_id) s.pegawai_id, pp.id, pp.status, pp.predikat
    FROM penilaian_periodepenilaian pp JOIN skp_skp s ON s.id = pp.skp_id JOIN pegawai ON pegawai.id = s.pegawai_id
    WHERE pp.kode = %(kode)s AND s.plt_id IS NULL
    ORDER BY s.pegawai_id, s.periode_awal DESC, pp.id DESC
), disetujui AS (
    -- who should fill the period: an approved definitive SKP covers it
    SELECT DISTINCT s.pegawai_id
    FROM skp_skp s JOIN pegawai ON pegawai.id = s.pegawai_id
    WHERE s.plt_id IS NULL AND s.status = %(persetujuan)s
      AND s.periode_awal <= %(selesai)s AND s.periode_akhir >= %(mulai)s
), fakta AS (
    SELECT p.id,
        COALESCE(array_to_string((string_to_array(p.path, %(sep)s))[1:%(segments)s], %(sep)s), %(own)s) AS bucket,
        COALESCE(skp.status, 'tanpa') AS skp,
        CASE
            WHEN pr.id IS NULL THEN CASE WHEN d.pegawai_id IS NOT NULL THEN 'belum_mengisi' END
            WHEN pr.status = 'ditetapkan' THEN 'ditetapkan'
            WHEN pr.predikat <> '' THEN 'dinilai'
            WHEN EXISTS (SELECT 1 FROM penilaian_umpanbalik ub WHERE ub.periode_id = pr.id) THEN 'umpan_balik'
            WHEN EXISTS (SELECT 1 FROM penilaian_rencanaaksi ra WHERE ra.periode_id = pr.id) THEN 'sudah_mengisi'
            ELSE 'belum_mengisi'
        END AS periode,
        NULLIF(pr.predikat, '') AS predikat
    FROM pegawai p
    LEFT JOIN skp ON skp.pegawai_id = p.id
    LEFT JOIN periode pr ON pr.pegawai_id = p.id
    LEFT JOIN disetujui d ON d.pegawai_id = p.id
)
"""


@contextmanager
def tanpa_jit(model=User):
    """A transaction on the database reports read from (the router's choice for `model`) with PostgreSQL's JIT off,
    yielding its cursor. A report's query is planned as expensive (it reads every pegawai of an instansi), so JIT
    compiles it first: on 20,000 pegawai that cost seconds and saved nothing (docs/performance.md)."""
    alias = router.db_for_read(model)
    with transaction.atomic(using=alias, savepoint=False), connections[alias].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


def _counts_sql(bagian: tuple[Bagian, ...]) -> str:
    """The GROUP BY over the facts: per bucket, everyone, then one conditional count per category. The column
    names and values come from our own section data, never from the request."""
    columns = [
        f"count(*) FILTER (WHERE fakta.{b.key} = '{k.key}') AS {b.key}__{k.key}" for b in bagian for k in b.kategori
    ]
    return f"{_FAKTA} SELECT bucket, count(*) AS semua, {', '.join(columns)} FROM fakta GROUP BY bucket"  # noqa: S608


def ids_sql(bagian: Bagian | None, kategori: str | None) -> str:
    """The ids of the pegawai in scope, or of those in one category of one section: the drill-down's list, as a
    subquery for User.objects.filter(pk__in=RawSQL(...)). The column name comes from our section data."""
    where = f" WHERE fakta.{bagian.key} = %(kategori)s" if bagian is not None else ""
    return f"{_FAKTA} SELECT id FROM fakta{where}"  # noqa: S608 (our section keys)


def ids_params(lingkup: Lingkup, kategori: str = "") -> dict:
    return {**lingkup.params(), "kategori": kategori}


@dataclass
class Sel:
    """One number on the dashboard: how many, their share of the section, and the drill-down's query string."""

    kategori: Kategori
    jumlah: int
    dari: int

    @property
    def persen(self) -> int:
        return round(100 * self.jumlah / self.dari) if self.dari else 0


@dataclass
class Baris:
    """One row of the table: a unit under the chosen one (its whole subtree), the pegawai working directly in the
    chosen unit (`langsung`), or the total."""

    label: str
    unit: UnitKerja | None
    langsung: bool = False
    semua: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, other: dict) -> None:
        self.semua += other["semua"]
        for key, value in other.items():
            if key not in ("semua", "bucket"):
                self.counts[key] = self.counts.get(key, 0) + value

    def sel(self, bagian: Bagian) -> list[Sel]:
        numbers = [self.counts.get(f"{bagian.key}__{k.key}", 0) for k in bagian.kategori]
        dari = self.semua if bagian.key == "skp" else sum(numbers)
        return [Sel(k, n, dari) for k, n in zip(bagian.kategori, numbers, strict=True)]


def dashboard_rows(lingkup: Lingkup, children: list[UnitKerja]) -> tuple[Baris, list[Baris]]:
    """The total and the rows under it (each child unit, then the unit's own pegawai), in one query whatever the
    number of pegawai and units."""
    bagian = bagian_for(lingkup.instansi_id)
    with tanpa_jit() as cursor:
        cursor.execute(_counts_sql(bagian), lingkup.params())
        names = [c.name for c in cursor.description]
        groups = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    total = Baris("Jumlah", lingkup.unit)
    rows = [Baris(child.nama, child) for child in children]
    own = Baris(f"Langsung di {lingkup.unit.nama}", lingkup.unit, langsung=True)
    by_path = {row.unit.path: row for row in rows}
    for bucket, group in groups.items():
        by_path.get(bucket, own).add(group)  # a unit's name with " > " in it would land here; the total stays right
        total.add(group)
    if own.semua:
        rows.append(own)
    return total, rows


def predikat_counts_of(row: Baris) -> dict[Predikat, int]:
    """A row's predikat counts as penilaian.kurva reads them."""
    return {Predikat(k.key): row.counts.get(f"predikat__{k.key}", 0) for k in BAGIAN_PREDIKAT.kategori}
