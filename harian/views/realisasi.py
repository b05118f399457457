"""Isi Realisasi dari Progres Harian (docs/rules.md §15.8): per rencana aksi of a penilaian period, the realisasi summed
from the pegawai's daily entries beside the Realisasi stored now; on the pegawai's confirmation the chosen ones are
written through penilaian's own service (realisasi_set: the owner, before the batas waktu, not finalised, the
version the page showed), all or none, with "Progres Harian" as their Sumber Data. The pegawai edits them afterwards
on the period's page as any realisasi. Penilaian cannot import harian (it sits below); its period page links here by
URL name."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from harian.jendela import pengaturan_of
from harian.services import realisasi_harian
from harian.views.atasan_data import angka
from penilaian import permissions as penilaian_permissions
from penilaian.models import PeriodePenilaian, RencanaAksi
from penilaian.services import PenilaianError, StaleEdit, batas_waktu_of, realisasi_set

SUMBER = "Progres Harian"


@dataclass
class Baris:
    """One rencana aksi: what is stored, and what the daily entries add up to (None: no entry against it)."""

    rencana_aksi: RencanaAksi
    harian: Decimal | None

    @property
    def usulan(self) -> str:
        return angka(self.harian) if self.harian is not None else ""

    @property
    def sama(self) -> bool:
        ra = self.rencana_aksi
        return (ra.realisasi.strip(), ra.sumber_data.strip()) == (self.usulan, SUMBER)

    @property
    def dapat_diisi(self) -> bool:
        return self.harian is not None and not self.sama


def _baris(periode: PeriodePenilaian) -> list[Baris]:
    """The period's rencana aksi in the SKP's order, each with its daily sum: two queries."""
    sums = realisasi_harian(periode)
    rencana = (
        RencanaAksi.objects.filter(periode=periode)
        .select_related("rhk")
        .order_by("-rhk__jenis", "rhk__urutan", "rhk_id", "urutan", "pk")
    )
    return [Baris(ra, sums.get(ra.pk)) for ra in rencana]


def _chosen(request) -> set[int]:
    return {int(v) for v in request.POST.getlist("pilih") if v.isdigit() and len(v) < 19}


@login_required
@require_http_methods(["GET", "POST"])
def isi_realisasi(request, periode_pk: int):
    periode = get_object_or_404(PeriodePenilaian.objects.visible_to(request.user).select_related("skp"), pk=periode_pk)
    if not penilaian_permissions.is_owner(request.user, periode):
        raise PermissionDenied  # the penilai and the admin see the period, but the realisasi is the pegawai's
    batas_waktu = batas_waktu_of(periode)
    refusal = penilaian_permissions.fill_refusal(
        request.user, periode, batas_waktu=batas_waktu, today=timezone.localdate()
    )
    aktif = pengaturan_of(periode.instansi_id).aktif
    rows = _baris(periode) if aktif else []
    chosen = {r.rencana_aksi.pk for r in rows if r.dapat_diisi}
    if request.method == "POST" and aktif and not refusal:
        chosen = _chosen(request)
        selected = [r for r in rows if r.rencana_aksi.pk in chosen and r.harian is not None]
        todo = [r for r in selected if not r.sama]  # sent twice: the first already wrote them
        if not selected:
            messages.error(request, "Pilih dulu rencana aksi yang realisasinya akan diisi dari progres harian.")
        elif not todo:
            messages.info(request, "Realisasi yang dipilih sudah sama dengan jumlah progres harian.")
            return redirect("penilaian:periode", periode.pk)
        else:
            try:
                with transaction.atomic():  # all or none
                    for row in todo:
                        realisasi_set(
                            actor=request.user,
                            rencana_aksi_id=row.rencana_aksi.pk,
                            version=request.POST.get(f"v-{row.rencana_aksi.pk}"),
                            realisasi=row.usulan,
                            sumber_data=SUMBER,
                        )
            except StaleEdit:
                messages.error(
                    request,
                    "Realisasi sebagian rencana aksi diubah setelah halaman ini dibuka, sehingga belum ada yang diisi. "
                    "Periksa nilai terbaru di bawah (pilihan Anda tetap), lalu kirim lagi.",
                )
                rows = _baris(periode)
            except PenilaianError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    f"Realisasi {len(todo)} rencana aksi diisi dari progres harian. Anda masih dapat mengubahnya "
                    f"sampai batas waktu {batas_waktu:%d-%m-%Y}.",
                )
                return redirect("penilaian:periode", periode.pk)
    context = {
        "periode": periode,
        "skp": periode.skp,
        "rows": rows,
        "chosen": chosen,
        "refusal": refusal,
        "aktif": aktif,
        "batas_waktu": batas_waktu,
        "sumber": SUMBER,
    }
    return render(request, "harian/realisasi.html", context)
