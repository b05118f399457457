"""The penilaian pages, by who uses them; thin views over penilaian/services and penilaian/permissions.

- pelaksanaan.py  the pegawai: Penilaian list of an SKP, Tambah Periode Penilaian, a period's Rencana Aksi,
                  Realisasi and Bukti Dukung
- evaluasi.py     the penilai: Pemantauan dan Evaluasi, Umpan Balik, ratings, Tetapkan, Buka kembali
- kurva.py        Lihat Kurva and Capaian Kinerja Organisasi
- rekan.py        Feedback rekan kerja
- cetak.py        Cetak Form Penilaian, Cetak Dokumen Evaluasi Kinerja

The lookups below are the one way these views find a period: scoped to the user, 404 outside the scope."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from penilaian.models import PeriodePenilaian, RencanaAksi
from skp.models import Rhk


def visible_periode(request, pk: int, *related: str) -> PeriodePenilaian:
    """A period of an SKP the user may see (owner, its penilai, the admin instansi); else 404."""
    return get_object_or_404(PeriodePenilaian.objects.visible_to(request.user).select_related("skp", *related), pk=pk)


def rhk_with_rencana_aksi(periode: PeriodePenilaian, *more_prefetch) -> list[Rhk]:
    """The SKP's RHK (Utama first) with this period's rencana aksi and their bukti dukung: three queries."""
    rencana = Prefetch(
        "rencana_aksi_list",
        queryset=RencanaAksi.objects.filter(periode=periode).prefetch_related("bukti_list").order_by("urutan", "pk"),
    )
    return list(
        Rhk.objects.filter(skp_id=periode.skp_id).prefetch_related(rencana, *more_prefetch).order_by("-jenis", "urutan")
    )


def int_or_none(value) -> int | None:
    """A posted id as an int, or None when it is missing or not a number (the service then refuses it)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
