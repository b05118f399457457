"""The pegawai's entries in a period: rencana aksi per RHK, realisasi with its sumber data, bukti dukung."""

import uuid
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError

from accounts.models import User
from penilaian.models import BuktiDukung, PeriodePenilaian, RencanaAksi
from penilaian.services.base import PenilaianError, bump, check_version, lock_periode
from penilaian.services.periode import require_fill
from skp.models import Rhk


def _validate_link(link: str) -> str:
    """Only http(s) links, stored with a lower-case scheme ("HTTPS://…" is the same link)."""
    parts = urlsplit(link.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError({"link": "Link harus diawali http:// atau https:// dan memuat alamat situs."})
    return urlunsplit(parts._replace(scheme=parts.scheme.lower()))


@transaction.atomic
def rencana_aksi_create(
    *,
    actor: User,
    periode_id: int,
    rhk_id: int,
    teks: str,
    target_angka=None,
    satuan: str = "",
    client_token: uuid.UUID | None = None,
) -> RencanaAksi:
    periode = lock_periode(periode_id)
    if client_token and (existing := RencanaAksi.objects.filter(client_token=client_token, periode=periode).first()):
        return existing
    require_fill(actor, periode)
    if not Rhk.objects.filter(pk=rhk_id, skp_id=periode.skp_id).exists():
        raise PenilaianError("RHK tersebut bukan bagian dari SKP periode ini.")
    # Back, then Simpan, sends the same rencana aksi from a fresh form (a new token, and the browser may not restore
    # every field): the same text on the same RHK is the one already made (docs/rules.md §11.6).
    same = RencanaAksi.objects.filter(periode=periode, rhk_id=rhk_id, teks=teks.strip()).first()
    if same is not None:
        return same
    urutan = (RencanaAksi.objects.filter(periode=periode, rhk_id=rhk_id).aggregate(m=Max("urutan"))["m"] or 0) + 1
    item = RencanaAksi.objects.create(
        instansi_id=periode.instansi_id,
        periode=periode,
        rhk_id=rhk_id,
        teks=teks.strip(),
        target_angka=target_angka,
        satuan=satuan.strip(),
        urutan=urutan,
        client_token=client_token,
    )
    bump(periode)
    return item


def _lock_rencana_aksi(actor: User, rencana_aksi_id: int, version: int | None) -> tuple[PeriodePenilaian, RencanaAksi]:
    periode = lock_periode(RencanaAksi.objects.values_list("periode_id", flat=True).get(pk=rencana_aksi_id))
    require_fill(actor, periode)
    item = RencanaAksi.objects.select_for_update().get(pk=rencana_aksi_id)
    check_version(item, version)
    return periode, item


@transaction.atomic
def rencana_aksi_update(
    *, actor: User, rencana_aksi_id: int, version: int | None, teks: str, target_angka=None, satuan: str = ""
) -> RencanaAksi:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, version)
    item.teks, item.target_angka, item.satuan = teks.strip(), target_angka, satuan.strip()
    item.version += 1
    item.save()
    bump(periode)
    return item


@transaction.atomic
def realisasi_set(
    *, actor: User, rencana_aksi_id: int, version: int | None, realisasi: str, sumber_data: str
) -> RencanaAksi:
    """Realisasi with its Sumber Data, shown as "30 berdasarkan Laporan"."""
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, version)
    item.realisasi, item.sumber_data = realisasi.strip(), sumber_data.strip()
    item.version += 1
    item.save()
    bump(periode)
    return item


@transaction.atomic
def rencana_aksi_delete(*, actor: User, rencana_aksi_id: int, version: int | None = None) -> None:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, version)
    try:
        item.delete()
    except ProtectedError:  # daily entries of progres harian point at it
        raise PenilaianError(
            "Rencana aksi ini sudah dipakai oleh Progres Harian, sehingga tidak dapat dihapus. Ubah teksnya bila perlu."
        ) from None
    bump(periode)


@transaction.atomic
def bukti_dukung_create(
    *, actor: User, rencana_aksi_id: int, nama: str, link: str, client_token: uuid.UUID | None = None
) -> BuktiDukung:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, None)
    if client_token and (existing := BuktiDukung.objects.filter(client_token=client_token).first()):
        return existing
    link = _validate_link(link)
    if same := BuktiDukung.objects.filter(rencana_aksi=item, link=link).first():
        return same  # the same bukti sent again from a fresh form (docs/rules.md §11.6)
    bukti = BuktiDukung.objects.create(
        instansi_id=periode.instansi_id,
        rencana_aksi=item,
        nama=nama.strip(),
        link=link,
        client_token=client_token,
    )
    bump(periode)
    return bukti


@transaction.atomic
def bukti_dukung_delete(*, actor: User, bukti_id: int) -> None:
    bukti = BuktiDukung.objects.get(pk=bukti_id)
    periode, _ = _lock_rencana_aksi(actor, bukti.rencana_aksi_id, None)
    bukti.delete()
    bump(periode)


def rhk_tanpa_rencana_aksi(periode: PeriodePenilaian) -> list[Rhk]:
    """The SKP's RHK that have no rencana aksi in this period yet (the page names them)."""
    return list(
        Rhk.objects.filter(skp_id=periode.skp_id)
        .exclude(rencana_aksi_list__periode=periode)
        .order_by("-jenis", "urutan")
    )
