"""Impor Progres Harian (docs/rules.md §15.10, decision 0025): the pegawai downloads a template, fills it offline,
uploads it, and sees a preview with every row's problem named by its row number; only a file whose every row is valid
can be saved, all at once, with Simpan semua. The preview carries the rows it showed back to Simpan semua in a
signed form field (no copy on the server, nothing to clean up); Simpan semua checks every row again under the
pegawai's lock (harian.services.progres_import), so a preview never saves what has become wrong since."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harian.forms_atasan import ImporForm
from harian.jendela import pengaturan_of
from harian.models import ProgresHarian
from harian.services import (
    KOLOM,
    HarianError,
    ImportDitolak,
    MasalahBaris,
    progres_import,
    progres_rows_validate,
    sasaran_pilihan,
)
from harian.views.impor_berkas import CONTOH, BerkasDitolak, baca_berkas, templat

SALT = "harian.impor"
UMUR = 60 * 60  # seconds a preview stays valid: the window of dates may move on, and a day ends
TEMPLAT = "templat-progres-harian.xlsx"
CONTOH_PESAN = "Ini baris contoh dari templat: hapus atau timpa dengan kegiatan Anda."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contoh(rows: list[tuple[int, dict]], masalah: list[MasalahBaris]) -> list[MasalahBaris]:
    """The template's example row left in the file is a problem of its own row (never saved silently, never skipped
    silently)."""
    by_nomor = {m.nomor: list(m.pesan) for m in masalah}
    for nomor, values in rows:
        if (values.get("uraian") or "").strip().upper().startswith(CONTOH):
            by_nomor.setdefault(nomor, []).insert(0, CONTOH_PESAN)
    return [MasalahBaris(nomor, tuple(pesan)) for nomor, pesan in sorted(by_nomor.items())]


def _preview(request, rows, masalah, nama: str, *, status: int = 200):
    pesan = {m.nomor: m.pesan for m in masalah}
    baris = [{"nomor": nomor, "values": values, "pesan": pesan.get(nomor, ())} for nomor, values in rows]
    payload = "" if masalah else signing.dumps({"u": request.user.pk, "n": nama, "r": rows}, salt=SALT, compress=True)
    context = {
        "form": ImporForm(),
        "aktif": True,
        "baris": baris,
        "masalah": masalah,
        "nama": nama,
        "payload": payload,
        "kolom": dict(KOLOM),
    }
    return render(request, "harian/impor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def impor(request):
    """The page: the template, the upload, and after an upload the preview of every row."""
    aktif = pengaturan_of(request.user.instansi_id).aktif
    form = ImporForm()
    if request.method == "POST" and aktif:
        form = ImporForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            try:
                rows = baca_berkas(berkas)
                _, masalah, _ = progres_rows_validate(actor=request.user, rows=rows)
            except (BerkasDitolak, HarianError) as error:
                form.add_error("berkas", str(error))
            else:
                return _preview(request, rows, _contoh(rows, masalah), berkas.name[:100])
    return render(request, "harian/impor.html", {"form": form, "aktif": aktif})


@login_required
@require_safe
def impor_templat(request):
    """The .xlsx template with the codes the user may record entries against today."""
    content = templat(sasaran_pilihan(request.user), today=timezone.localdate())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLAT}"'
    return response


_DATE = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
_TIME = ("%H:%M", "%H.%M", "%H:%M:%S")


def _strptime(text: str, formats) -> datetime.datetime:
    for fmt in formats:
        try:
            return datetime.datetime.strptime((text or "").strip(), fmt)
        except ValueError:
            continue
    raise ValueError(text)


def _parse(values: dict) -> tuple | None:
    """(tanggal, jam mulai, jam selesai, uraian) of a row, read as the checks read them, or None."""
    try:
        tanggal = _strptime(values.get("tanggal"), _DATE).date()
        mulai, selesai = (_strptime(values.get(k), _TIME).time() for k in ("jam_mulai", "jam_selesai"))
    except ValueError:
        return None
    return tanggal, mulai, selesai, (values.get("uraian") or "").strip()


def _sudah_disimpan(user, rows) -> bool:
    """Whether every row of the file is already among the user's entries (Simpan semua sent twice): one query."""
    wanted = [_parse(values) for _, values in rows]
    if not wanted or None in wanted:
        return False
    stored = set(
        ProgresHarian.objects.filter(pegawai=user, tanggal__in={w[0] for w in wanted}).values_list(
            "tanggal", "jam_mulai", "jam_selesai", "uraian"
        )
    )
    return all(w in stored for w in wanted)


@login_required
@require_POST
def impor_simpan(request):
    """Simpan semua: the rows the preview showed, all or nothing."""
    try:
        data = signing.loads(request.POST.get("data", ""), salt=SALT, max_age=UMUR)
    except signing.SignatureExpired:
        messages.error(request, "Pratinjau ini sudah lebih dari satu jam. Unggah berkasnya lagi.")
        return redirect("harian:impor")
    except signing.BadSignature:
        return render(request, "400.html", status=400)  # a tampered form
    if data.get("u") != request.user.pk:
        return render(request, "400.html", status=400)
    rows = [(int(nomor), dict(values)) for nomor, values in data["r"]]
    try:
        made = progres_import(actor=request.user, rows=rows)
    except ImportDitolak as error:
        if _sudah_disimpan(request.user, rows):
            messages.info(request, f"Berkas {data['n']} sudah disimpan sebelumnya; tidak ada yang disimpan dua kali.")
            return redirect("harian:impor")
        messages.error(
            request,
            "Berkas belum disimpan: sejak pratinjau dibuat, sebagian baris tidak lagi dapat diterima (lihat di bawah). "
            "Perbaiki berkas, lalu unggah lagi.",
        )
        return _preview(request, rows, error.masalah, data["n"])
    except HarianError as error:
        messages.error(request, str(error))
        return redirect("harian:impor")
    messages.success(request, f"{len(made)} progres harian dari {data['n']} disimpan.")
    return redirect(reverse("harian:minggu"))
