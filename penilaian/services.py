"""Every write of the penilaian app. Each call is one transaction that locks the period row first, then
re-checks status, deadline, version and who acts; violations raise PenilaianError with the user's message.
Deadlines are enforced here, not only hidden in templates."""

import datetime
import uuid
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import UnitKerja, User
from penilaian import kurva
from penilaian.models import (
    BatasWaktu,
    BuktiDukung,
    CapaianUnit,
    FeedbackRekan,
    PeriodePenilaian,
    PeriodeStatusChange,
    Polaritas,
    RencanaAksi,
    SkemaPenilaian,
    StatusPeriode,
    UmpanBalik,
)
from penilaian.periode import Periode, batas_waktu, periods_for_year, periods_within
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating, predikat
from skp.models import PerilakuKerja, Rhk, Skp, StatusSkp
from skp.perilaku import perilaku_kerja
from skp.services import snapshot


class PenilaianError(Exception):
    """A rule stopped the change; nothing was written. `str(error)` is the message for the user."""


class StaleEdit(PenilaianError):
    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


STALE_MESSAGE = (
    "Data ini sudah diubah sejak formulir dibuka. Perubahan Anda belum disimpan; teks Anda masih ada. "
    "Periksa data terbaru, lalu simpan lagi."
)

# Capaian organisasi as the rating hasil kerja of the unit's head (PermenPANRB 6/2022).
CAPAIAN_TO_RATING = {
    CapaianOrganisasi.ISTIMEWA: Rating.DIATAS,
    CapaianOrganisasi.BAIK: Rating.SESUAI,
    CapaianOrganisasi.BUTUH_PERBAIKAN: Rating.DIBAWAH,
    CapaianOrganisasi.KURANG: Rating.DIBAWAH,
    CapaianOrganisasi.SANGAT_KURANG: Rating.DIBAWAH,
}


# --- Scheme, periods and deadlines --------------------------------------------------------------------


def skema_of(instansi_id: int) -> str:
    skema, _ = SkemaPenilaian.objects.get_or_create(instansi_id=instansi_id)
    return skema.skema


def periode_pilihan(skp: Skp) -> list[Periode]:
    """Tambah Periode Penilaian: the scheme's periods inside the SKP's range not yet added."""
    taken = set(PeriodePenilaian.objects.filter(skp=skp).values_list("kode", flat=True))
    return [
        p for p in periods_within(skema_of(skp.instansi_id), skp.periode_awal, skp.periode_akhir) if p.kode not in taken
    ]


def batas_waktu_of(periode: PeriodePenilaian) -> datetime.date:
    """The pegawai's deadline for this period: the instansi's override, or end + 5 days; an admin's unlock
    moves it later for this one period."""
    overrides = dict(
        BatasWaktu.objects.filter(instansi_id=periode.instansi_id, kode=periode.kode).values_list("kode", "batas_waktu")
    )
    deadline = batas_waktu(Periode(periode.kode, periode.nama, periode.mulai, periode.selesai), overrides)
    if periode.dibuka_hingga and periode.dibuka_hingga > deadline:
        return periode.dibuka_hingga
    return deadline


def _lock(periode_id: int) -> PeriodePenilaian:
    return PeriodePenilaian.objects.select_for_update().select_related("skp").get(pk=periode_id)


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != int(version):
        raise StaleEdit(STALE_MESSAGE, current_version=obj.version)


def pegawai_may_write(actor: User, periode: PeriodePenilaian, *, batas: datetime.date | None = None) -> bool:
    """Whether the actor may fill this period now (the page shows the forms only then). `batas`: the
    deadline when the caller has already looked it up."""
    try:
        _require_pegawai_may_write(actor, periode, batas=batas)
    except PenilaianError:
        return False
    return True


def _require_pegawai_may_write(actor: User, periode: PeriodePenilaian, *, batas: datetime.date | None = None) -> None:
    if periode.skp.pegawai_id != actor.pk:
        raise PenilaianError("Hanya pegawai pemilik SKP yang mengisi rencana aksi, realisasi, dan bukti dukung.")
    if periode.skp.status != StatusSkp.PERSETUJUAN:
        raise PenilaianError(
            "SKP sedang dibuka kembali untuk revisi: isian penilaian menunggu sampai SKP disetujui lagi."
        )
    if periode.status == StatusPeriode.DITETAPKAN:
        raise PenilaianError("Penilaian periode ini sudah ditetapkan oleh pejabat penilai: isian terkunci.")
    deadline = batas or batas_waktu_of(periode)
    if timezone.localdate() > deadline:
        raise PenilaianError(
            f"Batas waktu pengisian periode ini sudah lewat ({deadline:%d-%m-%Y}). Isian hanya bisa dibaca; "
            "admin instansi dapat membukanya kembali untuk Anda."
        )


def _require_penilai(actor: User, periode: PeriodePenilaian) -> None:
    if periode.penilai_id != actor.pk:
        raise PenilaianError("Hanya pejabat penilai periode ini yang dapat memberi umpan balik dan menilai.")
    if periode.status == StatusPeriode.DITETAPKAN:
        raise PenilaianError("Penilaian periode ini sudah ditetapkan; buka kembali terlebih dahulu bila perlu diubah.")


@transaction.atomic
def periode_create(*, actor: User, skp_id: int, kode: str) -> PeriodePenilaian:
    """Tambah Periode Penilaian: only on an SKP in Persetujuan [BLL24 p.1], one of the scheme's periods."""
    skp = Skp.objects.select_for_update(of=("self",)).select_related("penilai", "penilai__unit_kerja").get(pk=skp_id)
    if skp.pegawai_id != actor.pk:
        raise PenilaianError("Hanya pemilik SKP yang dapat menambah periode penilaian.")
    if skp.status != StatusSkp.PERSETUJUAN:
        raise PenilaianError("Periode penilaian hanya dapat ditambah pada SKP yang sudah disetujui (Persetujuan).")
    existing = PeriodePenilaian.objects.filter(skp=skp, kode=kode).first()
    if existing is not None:
        return existing  # a double click
    chosen = next((p for p in periode_pilihan(skp) if p.kode == kode), None)
    if chosen is None:
        raise PenilaianError("Periode tersebut tidak tersedia untuk SKP ini.")
    return PeriodePenilaian.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        kode=chosen.kode,
        nama=chosen.nama,
        mulai=chosen.mulai,
        selesai=chosen.selesai,
        penilai=skp.penilai,
        penilai_snapshot=snapshot(skp.penilai),
    )


# --- The pegawai's entries ----------------------------------------------------------------------------


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
    periode = _lock(periode_id)
    if client_token and (existing := RencanaAksi.objects.filter(client_token=client_token, periode=periode).first()):
        return existing
    _require_pegawai_may_write(actor, periode)
    if not Rhk.objects.filter(pk=rhk_id, skp_id=periode.skp_id).exists():
        raise PenilaianError("RHK tersebut bukan bagian dari SKP periode ini.")
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
    _bump(periode)
    return item


def _lock_rencana_aksi(actor: User, rencana_aksi_id: int, version: int | None) -> tuple[PeriodePenilaian, RencanaAksi]:
    periode = _lock(RencanaAksi.objects.values_list("periode_id", flat=True).get(pk=rencana_aksi_id))
    _require_pegawai_may_write(actor, periode)
    item = RencanaAksi.objects.select_for_update().get(pk=rencana_aksi_id)
    _check_version(item, version)
    return periode, item


@transaction.atomic
def rencana_aksi_update(
    *, actor: User, rencana_aksi_id: int, version: int | None, teks: str, target_angka=None, satuan: str = ""
) -> RencanaAksi:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, version)
    item.teks, item.target_angka, item.satuan = teks.strip(), target_angka, satuan.strip()
    item.version += 1
    item.save()
    _bump(periode)
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
    _bump(periode)
    return item


@transaction.atomic
def rencana_aksi_delete(*, actor: User, rencana_aksi_id: int, version: int | None = None) -> None:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, version)
    item.delete()
    _bump(periode)


@transaction.atomic
def bukti_dukung_create(
    *, actor: User, rencana_aksi_id: int, nama: str, link: str, client_token: uuid.UUID | None = None
) -> BuktiDukung:
    periode, item = _lock_rencana_aksi(actor, rencana_aksi_id, None)
    if client_token and (existing := BuktiDukung.objects.filter(client_token=client_token).first()):
        return existing
    bukti = BuktiDukung.objects.create(
        instansi_id=periode.instansi_id,
        rencana_aksi=item,
        nama=nama.strip(),
        link=_validate_link(link),
        client_token=client_token,
    )
    _bump(periode)
    return bukti


@transaction.atomic
def bukti_dukung_delete(*, actor: User, bukti_id: int) -> None:
    bukti = BuktiDukung.objects.get(pk=bukti_id)
    periode, _ = _lock_rencana_aksi(actor, bukti.rencana_aksi_id, None)
    bukti.delete()
    _bump(periode)


def rhk_tanpa_rencana_aksi(periode: PeriodePenilaian) -> list[Rhk]:
    """The SKP's RHK that have no rencana aksi in this period yet (the page names them)."""
    return list(
        Rhk.objects.filter(skp_id=periode.skp_id)
        .exclude(rencana_aksi_list__periode=periode)
        .order_by("-jenis", "urutan")
    )


def _bump(periode: PeriodePenilaian) -> None:
    periode.version += 1
    periode.save(update_fields=["version"])


# --- The penilai ----------------------------------------------------------------------------------------


@transaction.atomic
def umpan_balik_set(
    *,
    actor: User,
    periode_id: int,
    teks: str,
    polaritas: str,
    rhk_id: int | None = None,
    perilaku_nomor: int | None = None,
    version: int | None = None,
) -> UmpanBalik:
    """Umpan Balik on one RHK row or one perilaku row, with 👍/👎."""
    periode = _lock(periode_id)
    _require_penilai(actor, periode)
    if polaritas not in Polaritas.values:
        raise PenilaianError("Pilih 👍 positif atau 👎 negatif.")
    if (rhk_id is None) == (perilaku_nomor is None):
        raise PenilaianError("Umpan balik diberikan pada satu baris RHK atau satu baris perilaku.")
    if rhk_id is not None and not Rhk.objects.filter(pk=rhk_id, skp_id=periode.skp_id).exists():
        raise PenilaianError("RHK tersebut bukan bagian dari SKP periode ini.")
    if perilaku_nomor is not None and not PerilakuKerja.objects.filter(nomor=perilaku_nomor).exists():
        raise PenilaianError("Perilaku kerja tidak dikenal.")
    key = {"rhk_id": rhk_id} if rhk_id is not None else {"perilaku_id": perilaku_nomor}
    item = UmpanBalik.objects.select_for_update().filter(periode=periode, **key).first()
    if item is None:
        item = UmpanBalik.objects.create(
            instansi_id=periode.instansi_id, periode=periode, teks=teks.strip(), polaritas=polaritas, oleh=actor, **key
        )
    else:
        _check_version(item, version)
        item.teks, item.polaritas, item.oleh = teks.strip(), polaritas, actor
        item.version += 1
        item.save()
    _bump(periode)
    return item


def baris_tanpa_umpan_balik(periode: PeriodePenilaian) -> list[str]:
    """The rows still without feedback, in the user's words; ratings wait until this is empty [BLL24 p.9]."""
    done_rhk = set(UmpanBalik.objects.filter(periode=periode, rhk__isnull=False).values_list("rhk_id", flat=True))
    done_perilaku = set(
        UmpanBalik.objects.filter(periode=periode, perilaku__isnull=False).values_list("perilaku_id", flat=True)
    )
    missing = [
        f"RHK “{r.teks[:60]}”"
        for r in Rhk.objects.filter(skp_id=periode.skp_id).order_by("-jenis", "urutan")
        if r.pk not in done_rhk
    ]
    missing += [f"Perilaku {p.nama}" for p in perilaku_kerja() if p.nomor not in done_perilaku]
    return missing


def capaian_for_head(periode: PeriodePenilaian) -> CapaianUnit | None:
    """The capaian of the SKP's unit when its pegawai heads that unit (their atasan works outside it)."""
    skp = periode.skp
    if skp.unit_kerja_id is None:
        return None
    pegawai = skp.pegawai
    leads_unit = (
        pegawai.atasan_id is None
        or not User.objects.filter(pk=pegawai.atasan_id, unit_kerja_id=skp.unit_kerja_id).exists()
    )
    if not leads_unit:
        return None
    return CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode=periode.kode).first()


@transaction.atomic
def rating_set(
    *, actor: User, periode_id: int, version: int | None, rating_hasil_kerja: str, rating_perilaku: str
) -> PeriodePenilaian:
    """Rating Hasil Kerja and Rating Perilaku Kerja; the Predikat Kinerja is computed, never typed.
    Refused until every row has Umpan Balik. For the head of a unit with a capaian organisasi set, the
    capaian is the rating hasil kerja."""
    periode = _lock(periode_id)
    _require_penilai(actor, periode)
    _check_version(periode, version)
    missing = baris_tanpa_umpan_balik(periode)
    if missing:
        raise PenilaianError(
            "Berikan Umpan Balik pada setiap baris terlebih dahulu. Belum:\n" + "\n".join(f"• {m}" for m in missing)
        )
    if rating_hasil_kerja not in Rating.values or rating_perilaku not in Rating.values:
        raise PenilaianError("Pilih Rating Hasil Kerja dan Rating Perilaku Kerja.")
    capaian = capaian_for_head(periode)
    if capaian is not None:
        rating_hasil_kerja = CAPAIAN_TO_RATING[CapaianOrganisasi(capaian.capaian)]
    periode.rating_hasil_kerja, periode.rating_perilaku = rating_hasil_kerja, rating_perilaku
    periode.predikat = predikat(Rating(rating_hasil_kerja), Rating(rating_perilaku))
    periode.version += 1
    periode.save()
    return periode


def kurva_warnings(periode: PeriodePenilaian) -> list[kurva.RuleResult]:
    """Broken SE 3/2023 rules of the penilai's unit for this period: shown before Tetapkan, never a block."""
    skp = periode.skp
    capaian = CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode=periode.kode).first()
    if capaian is None:
        return []
    counts: dict[Predikat, int] = {}
    for value in (
        PeriodePenilaian.objects.filter(kode=periode.kode, skp__unit_kerja_id=skp.unit_kerja_id)
        .exclude(predikat="")
        .values_list("predikat", flat=True)
    ):
        counts[Predikat(value)] = counts.get(Predikat(value), 0) + 1
    return [r for r in kurva.check_distribution(CapaianOrganisasi(capaian.capaian), counts) if not r.kept]


@transaction.atomic
def tetapkan(*, actor: User, periode_id: int, version: int | None) -> PeriodePenilaian:
    """Tetapkan: the period's ratings become final; nothing in it changes except through a recorded reopen."""
    periode = _lock(periode_id)
    if periode.status == StatusPeriode.DITETAPKAN and periode.penilai_id == actor.pk:
        return periode  # a double click
    _require_penilai(actor, periode)
    _check_version(periode, version)
    if not periode.predikat:
        raise PenilaianError("Berikan Rating Hasil Kerja dan Rating Perilaku Kerja sebelum Tetapkan.")
    periode.status = StatusPeriode.DITETAPKAN
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(periode=periode, actor=actor, aksi="Tetapkan")
    return periode


@transaction.atomic
def buka_kembali(*, actor: User, periode_id: int, catatan: str) -> PeriodePenilaian:
    """A recorded reopen of a finalised period, by its penilai or the admin instansi."""
    periode = _lock(periode_id)
    admin = actor.is_superuser or (actor.is_admin_instansi and actor.instansi_id == periode.instansi_id)
    if periode.penilai_id != actor.pk and not admin:
        raise PenilaianError("Hanya pejabat penilai atau admin instansi yang dapat membuka kembali penilaian.")
    if periode.status != StatusPeriode.DITETAPKAN:
        raise PenilaianError("Penilaian periode ini belum ditetapkan.")
    if not catatan.strip():
        raise PenilaianError("Tuliskan alasan membuka kembali penilaian.")
    periode.status = StatusPeriode.TERBUKA
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(periode=periode, actor=actor, aksi="Buka kembali", catatan=catatan.strip())
    return periode


@transaction.atomic
def buka_kunci(*, actor: User, periode_id: int, hingga: datetime.date, alasan: str) -> PeriodePenilaian:
    """The admin instansi lets one pegawai fill one period after its batas waktu, until `hingga`."""
    periode = _lock(periode_id)
    if not (actor.is_superuser or (actor.is_admin_instansi and actor.instansi_id == periode.instansi_id)):
        raise PenilaianError("Hanya admin instansi yang dapat membuka batas waktu.")
    if not alasan.strip():
        raise PenilaianError("Tuliskan alasan membuka batas waktu.")
    if hingga < timezone.localdate():
        raise PenilaianError("Tanggal buka kunci tidak boleh di masa lalu.")
    periode.dibuka_hingga = hingga
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(
        periode=periode, actor=actor, aksi="Buka batas waktu", catatan=f"Sampai {hingga:%d-%m-%Y}: {alasan.strip()}"
    )
    return periode


@transaction.atomic
def capaian_set(*, actor: User, unit_kerja: UnitKerja, kode: str, capaian: str) -> CapaianUnit:
    """Capaian Kinerja Organisasi of a unit, by the atasan of the unit's head or the admin instansi."""
    admin = actor.is_superuser or (actor.is_admin_instansi and actor.instansi_id == unit_kerja.instansi_id)
    heads_atasan = (
        User.objects.filter(unit_kerja=unit_kerja, atasan=actor).exclude(atasan__unit_kerja=unit_kerja).exists()
    )
    if not (admin or heads_atasan):
        raise PenilaianError("Capaian organisasi ditetapkan oleh atasan pimpinan unit atau admin instansi.")
    if capaian not in CapaianOrganisasi.values:
        raise PenilaianError("Pilih capaian organisasi.")
    year = int(kode[:4]) if kode[:4].isdigit() else 0
    if not year or kode not in {p.kode for p in periods_for_year(skema_of(unit_kerja.instansi_id), year)}:
        raise PenilaianError("Periode tersebut bukan periode penilaian instansi ini.")
    item, _ = CapaianUnit.objects.update_or_create(
        unit_kerja=unit_kerja,
        kode=kode,
        defaults={"instansi_id": unit_kerja.instansi_id, "capaian": capaian, "oleh": actor},
    )
    return item


def feedback_rekan_candidates(*, actor: User, nip: str):
    """Feedback rekan kerja: the approved SKPs of a colleague of the actor's instansi, found by NIP."""
    return Skp.objects.filter(pegawai__nip=nip, instansi_id=actor.instansi_id, status=StatusSkp.PERSETUJUAN).exclude(
        pegawai=actor
    )


@transaction.atomic
def feedback_rekan_create(*, actor: User, skp_id: int, teks: str, polaritas: str) -> FeedbackRekan:
    """Feedback rekan kerja: any pegawai of the same instansi, on a colleague's approved SKP."""
    skp = Skp.objects.get(pk=skp_id)
    if skp.instansi_id != actor.instansi_id:
        raise PenilaianError("Feedback hanya untuk rekan kerja di instansi yang sama.")
    if skp.pegawai_id == actor.pk:
        raise PenilaianError("Feedback rekan kerja tidak dapat diberikan untuk diri sendiri.")
    if skp.status != StatusSkp.PERSETUJUAN:
        raise PenilaianError("Feedback hanya dapat diberikan pada SKP yang sudah disetujui.")
    if polaritas not in Polaritas.values or not teks.strip():
        raise PenilaianError("Tuliskan umpan balik dan pilih 👍 atau 👎.")
    return FeedbackRekan.objects.create(
        instansi_id=skp.instansi_id, skp=skp, pemberi=actor, teks=teks.strip(), polaritas=polaritas
    )
