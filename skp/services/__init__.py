"""Every write to an SKP and what is in it, and the workflow. One transaction per call; the SKP row is locked
(select_for_update) before its state is checked, so two people acting at once are serialised and the second
one sees the first one's result. Rule violations raise SkpError with a message for the user.

- base.py      errors, locks, the version check, the owner-edits-Draft-or-Revisi rule
- plan.py      Tambah/Salin SKP, Ubah, Hapus, Muat ulang, the admin's model switch
- workflow.py  the transition table, Ajukan SKP, Edit Status
- isi.py       RHK, indikator, lampiran, Ekspektasi Khusus Pimpinan
- mph.py       Matriks Peran Hasil
- todo.py      Beranda's to-do list: SKP to make or fix, bawahan SKPs waiting for their penilai (reads)
"""

from skp.services.base import STALE_MESSAGE, SkpError, StaleEdit
from skp.services.isi import (
    default_penugasan_dari,
    ekspektasi_set,
    indikator_create,
    indikator_delete,
    indikator_move,
    indikator_update,
    lampiran_create,
    lampiran_delete,
    lampiran_update,
    rhk_create,
    rhk_delete,
    rhk_move,
    rhk_update,
)
from skp.services.mph import has_bawahan, mph_add, mph_candidate_skps, mph_respond, mph_rhk_create, mph_sync
from skp.services.plan import (
    PEJABAT_NON_ASN,
    PLT_PREFIX,
    Role,
    default_model,
    role_of,
    skp_create,
    skp_delete,
    skp_refresh_penilai,
    skp_set_model,
    skp_update,
)
from skp.services.todo import SkpBaru, SkpPerbaiki, SkpTodo, todo_for
from skp.services.workflow import (
    NOTE_REQUIRED,
    OWNER,
    PENILAI,
    TRANSITIONS,
    missing_for_submission,
    skp_set_status,
    skp_submit,
    transition_actor,
)

__all__ = [
    "NOTE_REQUIRED",
    "OWNER",
    "PEJABAT_NON_ASN",
    "PENILAI",
    "PLT_PREFIX",
    "STALE_MESSAGE",
    "TRANSITIONS",
    "Role",
    "SkpBaru",
    "SkpError",
    "SkpPerbaiki",
    "SkpTodo",
    "StaleEdit",
    "default_model",
    "default_penugasan_dari",
    "ekspektasi_set",
    "has_bawahan",
    "indikator_create",
    "indikator_delete",
    "indikator_move",
    "indikator_update",
    "lampiran_create",
    "lampiran_delete",
    "lampiran_update",
    "missing_for_submission",
    "mph_add",
    "mph_candidate_skps",
    "mph_respond",
    "mph_rhk_create",
    "mph_sync",
    "rhk_create",
    "rhk_delete",
    "rhk_move",
    "rhk_update",
    "role_of",
    "skp_create",
    "skp_delete",
    "skp_refresh_penilai",
    "skp_set_model",
    "skp_set_status",
    "skp_submit",
    "skp_update",
    "todo_for",
    "transition_actor",
]
