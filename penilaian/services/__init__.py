"""Every write of the penilaian app, and the reads its rules need. Each write is one transaction that locks
the period row first, then re-checks status, deadline, version and who acts (penilaian/permissions.py);
a refusal raises PenilaianError with the user's message. Deadlines are enforced here, not only hidden in
templates. Names read `<thing>_<verb>` as in skp; docs/glossary.md maps the words on screen to them.

- periode.py   the instansi's scheme, Tambah Periode Penilaian, batas waktu, Tetapkan, Buka kembali, unlock
- isian.py     the pegawai's rencana aksi, realisasi and bukti dukung
- evaluasi.py  the penilai's umpan balik and ratings, capaian organisasi, kurva warnings
- rekan.py     feedback rekan kerja
- todo.py      Beranda's to-do list: periods to fill, the current period to add, bawahan periods to rate (reads)
"""

from penilaian.services.base import STALE_MESSAGE, PenilaianError, StaleEdit
from penilaian.services.evaluasi import (
    CAPAIAN_TO_RATING,
    capaian_for_head,
    capaian_set,
    kurva_warnings,
    missing_for_rating,
    rating_set,
    umpan_balik_set,
)
from penilaian.services.isian import (
    bukti_dukung_create,
    bukti_dukung_delete,
    realisasi_set,
    rencana_aksi_create,
    rencana_aksi_delete,
    rencana_aksi_update,
    rhk_tanpa_rencana_aksi,
)
from penilaian.services.periode import (
    batas_waktu_of,
    batas_waktu_overrides,
    current_periode,
    periode_choices,
    periode_create,
    periode_delete,
    periode_finalise,
    periode_offered,
    periode_reopen,
    periode_unlock,
    periode_written,
    scheme_periods,
    skema_of,
    skp_awaiting_periode,
)
from penilaian.services.rekan import feedback_rekan_candidates, feedback_rekan_create
from penilaian.services.todo import PenilaianTodo, PeriodeBaru, PeriodeIsi, PeriodeNilai, todo_for

__all__ = [
    "CAPAIAN_TO_RATING",
    "STALE_MESSAGE",
    "PenilaianError",
    "PenilaianTodo",
    "PeriodeBaru",
    "PeriodeIsi",
    "PeriodeNilai",
    "StaleEdit",
    "batas_waktu_of",
    "batas_waktu_overrides",
    "bukti_dukung_create",
    "bukti_dukung_delete",
    "capaian_for_head",
    "capaian_set",
    "current_periode",
    "feedback_rekan_candidates",
    "feedback_rekan_create",
    "kurva_warnings",
    "missing_for_rating",
    "periode_choices",
    "periode_create",
    "periode_delete",
    "periode_finalise",
    "periode_offered",
    "periode_reopen",
    "periode_unlock",
    "periode_written",
    "rating_set",
    "realisasi_set",
    "rencana_aksi_create",
    "rencana_aksi_delete",
    "rencana_aksi_update",
    "rhk_tanpa_rencana_aksi",
    "scheme_periods",
    "skema_of",
    "skp_awaiting_periode",
    "todo_for",
    "umpan_balik_set",
]
