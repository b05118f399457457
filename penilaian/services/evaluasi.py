"""The penilai's side of a period: umpan balik on every row, the two ratings and the computed predikat, the
capaian organisasi of a unit and what the kurva says about it."""

from django.db import transaction

from accounts.models import UnitKerja, User
from penilaian import kurva, permissions
from penilaian.models import CapaianUnit, PeriodePenilaian, Polaritas, UmpanBalik
from penilaian.periode import periods_for_year
from penilaian.predikat import CapaianOrganisasi, Rating, predikat
from penilaian.services.base import PenilaianError, bump, check_version, lock_periode, require
from penilaian.services.isian import rhk_tanpa_rencana_aksi
from penilaian.services.periode import skema_of
from skp.models import PerilakuKerja, Rhk
from skp.perilaku import perilaku_kerja

# Capaian organisasi as the rating hasil kerja of the unit's head (docs/rules.md §7.9).
CAPAIAN_TO_RATING = {
    CapaianOrganisasi.ISTIMEWA: Rating.DIATAS,
    CapaianOrganisasi.BAIK: Rating.SESUAI,
    CapaianOrganisasi.BUTUH_PERBAIKAN: Rating.DIBAWAH,
    CapaianOrganisasi.KURANG: Rating.DIBAWAH,
    CapaianOrganisasi.SANGAT_KURANG: Rating.DIBAWAH,
}


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
    periode = lock_periode(periode_id)
    require(permissions.assess_refusal(actor, periode))
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
        check_version(item, version)
        item.teks, item.polaritas, item.oleh = teks.strip(), polaritas, actor
        item.version += 1
        item.save()
    bump(periode)
    return item


def missing_for_rating(periode: PeriodePenilaian) -> list[str]:
    """The rows still without umpan balik, in the user's words; ratings wait until this is empty
    (docs/rules.md §7.3)."""
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
    Refused until every RHK has a rencana aksi in the period and every row has Umpan Balik (docs/rules.md §6.2,
    §7.3). For the head of a unit with a capaian organisasi set, the
    capaian is the rating hasil kerja."""
    periode = lock_periode(periode_id)
    require(permissions.assess_refusal(actor, periode))
    check_version(periode, version)
    if tanpa := rhk_tanpa_rencana_aksi(periode):
        raise PenilaianError(
            "Rating belum dapat diberikan: setiap RHK memerlukan rencana aksi pada periode ini, yang diisi pegawai. "
            "Belum:\n" + "\n".join(f"• RHK “{r.teks[:60]}”" for r in tanpa)
        )
    missing = missing_for_rating(periode)
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
    """Broken SE 3/2023 rules of the penilai's unit for this period: shown before Tetapkan, never a block
    (docs/rules.md §8.8)."""
    unit_id = periode.skp.unit_kerja_id
    capaian = CapaianUnit.objects.filter(unit_kerja_id=unit_id, kode=periode.kode).first()
    if capaian is None:
        return []
    counts = PeriodePenilaian.objects.of_unit(unit_id, periode.kode).predikat_counts()
    return [r for r in kurva.check_distribution(CapaianOrganisasi(capaian.capaian), counts) if not r.kept]


def is_atasan_of_head(user: User, unit_kerja: UnitKerja) -> bool:
    """Whether the user is the atasan of the unit's head: someone in the unit whose atasan works outside it."""
    return User.objects.filter(unit_kerja=unit_kerja, atasan=user).exclude(atasan__unit_kerja=unit_kerja).exists()


@transaction.atomic
def capaian_set(*, actor: User, unit_kerja: UnitKerja, kode: str, capaian: str) -> CapaianUnit:
    """Capaian Kinerja Organisasi of a unit, by the atasan of the unit's head or the admin instansi."""
    if not permissions.can_set_capaian(actor, unit_kerja, is_atasan_of_head=is_atasan_of_head(actor, unit_kerja)):
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
