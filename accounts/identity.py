"""The identity block of a pegawai as printed on every document (SKP, Form Penilaian, Dokumen Evaluasi), taken
as a snapshot so that a signed paper keeps the names and posts it was agreed with."""

from accounts.models import UnitKerja, User

# The rows of an identity block, as on the BKN forms: (label, key in the snapshot).
IDENTITAS = [
    ("NAMA", "nama"),
    ("NIP", "nip"),
    ("PANGKAT/GOL RUANG", "pangkat_golongan"),
    ("JABATAN", "jabatan"),
    ("UNIT KERJA", "unit_kerja"),
]


def snapshot(user: User | None, *, jabatan: str | None = None, unit: UnitKerja | None = None) -> dict:
    """The identity block of `user` as it is today; `jabatan` and `unit` for a Plt post held instead. A pejabat
    non-ASN prints the NIP of their own instansi, or none, and the instansi as their unit."""
    if user is None:
        return {}
    unit = unit or user.unit_kerja
    if unit is None and user.is_pejabat_non_asn:
        unit = user.instansi  # the kepala daerah leads the whole pemda
    return {
        "nama": user.nama_lengkap,
        "nip": user.nip_tercetak,
        "pangkat_golongan": user.pangkat_golongan,
        "jabatan": jabatan if jabatan is not None else user.jabatan,
        "unit_kerja": unit.nama if unit else "",
    }
