"""Every write of the harian app, and the reads its pages share. Each write is one transaction that locks the
pegawai's row first (services.base.lock_pegawai), then the SKP Bulanan, then the rows it changes; it re-checks who
acts (harian/permissions.py), the window and the state; a refusal raises HarianError (the user's message) or a
ValidationError by field. Names read `<thing>_<verb>`; rules: docs/rules.md §15.

- base.py     HarianError, StaleEdit, the lock order, the SKP Bulanan of a month, "berubah setelah disetujui"
- target.py   Target Bulanan: Teknis and Konseptual, what is left of the annual target
- periksa.py  the rules of one daily entry, shared by the form and the import (Isian, Konteks, kode_of)
- progres.py  the pegawai's daily entries: create, update, delete
- atasan.py   kesesuaian (one, or the chosen ones), kualitas, approving the month (snapshot), kreativitas
- impor.py    the import: every row checked and named by number, then all or nothing
- baca.py     reads: what an entry may be recorded against, the remembered choice, realisasi for penilaian, the
              atasan's months waiting (Beranda, Kotak Masuk)
"""

from harian.jendela import pengaturan_of
from harian.services.atasan import (
    kesesuaian_set,
    kesesuaian_setujui,
    kreativitas_set,
    kualitas_set,
    ringkasan_bulan,
    skp_bulanan_approve,
)
from harian.services.baca import (
    BulanMenunggu,
    bulan_menunggu,
    nama_bulan,
    realisasi_harian,
    sasaran_pilihan,
    sasaran_terakhir,
)
from harian.services.base import HarianError, StaleEdit, month_range
from harian.services.impor import KOLOM, ImportDitolak, MasalahBaris, progres_import, progres_rows_validate
from harian.services.periksa import Isian, Sasaran, kode_of, parse_kode
from harian.services.progres import progres_create, progres_delete, progres_update
from harian.services.target import (
    Terbagi,
    target_bulanan_create,
    target_bulanan_delete,
    target_bulanan_update,
    teknis_terbagi,
)

__all__ = [
    "KOLOM",
    "BulanMenunggu",
    "HarianError",
    "ImportDitolak",
    "Isian",
    "MasalahBaris",
    "Sasaran",
    "StaleEdit",
    "Terbagi",
    "bulan_menunggu",
    "kesesuaian_set",
    "kesesuaian_setujui",
    "kode_of",
    "kreativitas_set",
    "kualitas_set",
    "month_range",
    "nama_bulan",
    "parse_kode",
    "pengaturan_of",
    "progres_create",
    "progres_delete",
    "progres_import",
    "progres_rows_validate",
    "progres_update",
    "realisasi_harian",
    "ringkasan_bulan",
    "sasaran_pilihan",
    "sasaran_terakhir",
    "skp_bulanan_approve",
    "target_bulanan_create",
    "target_bulanan_delete",
    "target_bulanan_update",
    "teknis_terbagi",
]
