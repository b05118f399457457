"""A small instansi for the dashboard tests: two units under the root (one with a unit below it), pegawai in every SKP
status and every period state, and another instansi with rows of its own that must never show."""

from types import SimpleNamespace

import pytest

from tests.factories import (
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    SkpFactory,
    UmpanBalikFactory,
    UnitKerjaFactory,
    UserFactory,
)


def pegawai_with(unit, atasan, *, skp: str | None = None, periode: str | None = None, **fields):
    """A pegawai of `unit` with, optionally, a definitive SKP of this year in status `skp` and its Triwulan I in state
    `periode` (sudah_mengisi, umpan_balik, dinilai, ditetapkan; "belum_mengisi" adds no period)."""
    user = UserFactory(unit_kerja=unit, atasan=atasan, **fields)
    if skp:
        s = SkpFactory(pegawai=user, status=skp)
        if periode and periode != "belum_mengisi":
            rated = {"rating_hasil_kerja": "sesuai", "rating_perilaku": "sesuai", "predikat": "baik"}
            extra = rated if periode in ("dinilai", "ditetapkan") else {}
            p = PeriodePenilaianFactory(skp=s, status="ditetapkan" if periode == "ditetapkan" else "terbuka", **extra)
            RencanaAksiFactory(periode=p)
            if periode == "umpan_balik":
                UmpanBalikFactory(periode=p)
    return user


@pytest.fixture
def tree(clock, instansi, unit, atasan, admin_instansi, instansi_lain):
    """Root › Bidang Mutasi (the `unit` fixture, with the atasan and the admin) › Subbidang Data; root › Bidang Lain.
    In Bidang Mutasi: one pegawai without SKP, one per status, and an approved one per period state; in Subbidang Data a
    PPPK Pelaksana in Draft; in Bidang Lain one Administrator without SKP. Another instansi has the same shapes."""
    sub = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang Data")
    lain = UnitKerjaFactory(instansi=instansi, nama="Bidang Lain")
    people = {
        "tanpa": pegawai_with(unit, atasan, nama="Tono Tanpa"),
        "draft": pegawai_with(unit, atasan, skp="draft", nama="Dewi Draft"),
        "pengajuan": pegawai_with(unit, atasan, skp="pengajuan", nama="Putri Pengajuan"),
        "revisi": pegawai_with(unit, atasan, skp="revisi", nama="Rudi Revisi"),
        "belum_mengisi": pegawai_with(unit, atasan, skp="persetujuan", periode="belum_mengisi", nama="Bela Belum"),
        "sudah_mengisi": pegawai_with(unit, atasan, skp="persetujuan", periode="sudah_mengisi", nama="Sari Sudah"),
        "umpan_balik": pegawai_with(unit, atasan, skp="persetujuan", periode="umpan_balik", nama="Umar Umpan"),
        "dinilai": pegawai_with(unit, atasan, skp="persetujuan", periode="dinilai", nama="Dini Dinilai"),
        "ditetapkan": pegawai_with(unit, atasan, skp="persetujuan", periode="ditetapkan", nama="Tika Tetap"),
        "sub": pegawai_with(
            sub, atasan, skp="draft", nama="Sigit Sub", status_kepegawaian="PPPK", jenis_jabatan="Pelaksana"
        ),
        "lain": pegawai_with(lain, None, nama="Lina Lain", jenis_jabatan="Administrator"),
    }
    root_lain = UnitKerjaFactory(instansi=instansi_lain, nama="Dinas Luar")
    asing = pegawai_with(root_lain, None, skp="draft", periode=None, nama="Asing Luar")
    pegawai_with(root_lain, asing, skp="persetujuan", periode="ditetapkan", nama="Asing Dua")
    return SimpleNamespace(
        unit=unit, sub=sub, lain=lain, root=unit.parent, people=people, unit_lain=root_lain, admin=admin_instansi
    )
