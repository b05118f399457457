"""The penilai's side of a period: umpan balik on every row, the two ratings and the computed predikat, the
capaian organisasi of a unit (which is the Rating Hasil Kerja of its head) and what the kurva says about it.
docs/decisions/0013-head-rating-and-kurva-population.md has the choices."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import UnitKerja, User
from penilaian import kurva, permissions
from penilaian.kurva import CAPAIAN_TO_RATING, Kurva
from penilaian.models import CapaianUnit, PeriodePenilaian, Polaritas, StatusPeriode, UmpanBalik
from penilaian.periode import periods_for_year
from penilaian.predikat import CapaianOrganisasi, Rating, predikat
from penilaian.services.base import PenilaianError, bump, check_version, lock_periode, require
from penilaian.services.isian import rhk_tanpa_rencana_aksi
from penilaian.services.periode import skema_of
from skp.models import PerilakuKerja, Rhk
from skp.perilaku import perilaku_kerja

# CAPAIAN_TO_RATING (penilaian.kurva) is re-exported by penilaian.services from here.
_LOOK_UP = object()


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
    """The capaian of the SKP's unit for the period when its pegawai heads that unit (permissions.heads_unit): it is
    then their Rating Hasil Kerja (docs/rules.md §7.9). A capaian of a unit above does not count here."""
    skp = periode.skp
    if not permissions.heads_unit(skp.unit_kerja_id, skp.pegawai.atasan):
        return None
    return CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode=periode.kode).first()


def _penetap(atasan: list[User]) -> str:
    """Who sets a unit's capaian, in the user's words (docs/rules.md §8.1)."""
    if not atasan:
        return "admin instansi"
    return f"atasan pimpinan unit ({', '.join(a.nama_lengkap for a in atasan)}) atau admin instansi"


@dataclass(frozen=True)
class RatingPimpinan:
    """What the penilai's form says of a unit head's Rating Hasil Kerja (docs/rules.md §7.9): derived from the
    unit's capaian, with why; until there is one, who sets it."""

    unit_nama: str
    capaian: CapaianOrganisasi | None
    penetap: str

    @property
    def rating(self) -> Rating | None:
        return CAPAIAN_TO_RATING[self.capaian] if self.capaian else None

    @property
    def alasan(self) -> str:
        if self.capaian:
            return (
                f"Rating Hasil Kerja pimpinan unit mengikuti Capaian Kinerja Organisasi {self.unit_nama}: "
                f"{self.capaian.label} → {self.rating.label}."
            )
        return (
            f"Rating Hasil Kerja pimpinan unit mengikuti Capaian Kinerja Organisasi {self.unit_nama}, yang belum "
            f"ditetapkan untuk periode ini oleh {self.penetap}. Sampai capaian ditetapkan, pilih Rating Hasil Kerja; "
            "setelah itu rating ini mengikuti capaian."
        )


def rating_pimpinan(periode: PeriodePenilaian, *, governing=_LOOK_UP) -> RatingPimpinan | None:
    """For the head of the SKP's unit, what their form says of Rating Hasil Kerja; None for anyone else. With
    `skp__unit_kerja` and `skp__pegawai__atasan` selected with the period, one query, or none when the caller has
    the capaian governing the SKP's unit (CapaianUnitQuerySet.governing): the unit's own, if it is that one."""
    skp = periode.skp
    atasan = skp.pegawai.atasan
    if not permissions.heads_unit(skp.unit_kerja_id, atasan):
        return None
    if governing is _LOOK_UP:
        row = CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode=periode.kode).first()
    else:
        row = governing if governing is not None and governing.unit_kerja_id == skp.unit_kerja_id else None
    return RatingPimpinan(
        unit_nama=skp.unit_kerja.nama,
        capaian=CapaianOrganisasi(row.capaian) if row else None,
        penetap=_penetap([atasan] if atasan else []),
    )


@transaction.atomic
def rating_set(
    *, actor: User, periode_id: int, version: int | None, rating_hasil_kerja: str, rating_perilaku: str
) -> PeriodePenilaian:
    """Rating Hasil Kerja and Rating Perilaku Kerja; the Predikat Kinerja is computed, never typed.
    Refused until every RHK has a rencana aksi in the period and every row has Umpan Balik (docs/rules.md §6.2,
    §7.3). For the head of a unit with a capaian organisasi set, the capaian is the rating hasil kerja (§7.9).
    Saving clears a mark `perlu_ditinjau`: the ratings are given again, against today's capaian."""
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
    periode.perlu_ditinjau = ""
    periode.version += 1
    periode.save()
    return periode


def kurva_warnings(periode: PeriodePenilaian, *, governing=_LOOK_UP) -> list[kurva.RuleResult]:
    """Broken SE 3/2023 rules of the distribution this period's pegawai counts in: that of the unit whose capaian
    governs theirs (docs/rules.md §8.7; `governing`, when the caller has it: CapaianUnitQuerySet.governing), none
    until there is one. Shown before Tetapkan, never a block (§8.8)."""
    if governing is _LOOK_UP:
        governing = CapaianUnit.objects.governing(periode.skp.unit_kerja_id, periode.kode).first()
    if governing is None:
        return []
    counts = PeriodePenilaian.objects.of_unit(governing.unit_kerja_id, periode.kode).predikat_counts()
    return [r for r in kurva.check_distribution(CapaianOrganisasi(governing.capaian), counts) if not r.kept]


def atasan_pimpinan(unit_kerja_id: int) -> list[User]:
    """The atasan of the unit's head (someone in the unit whose atasan works outside it): who sets the unit's capaian,
    with the admin instansi (docs/rules.md §8.1). One query."""
    heads = (
        User.objects.filter(unit_kerja_id=unit_kerja_id, atasan__isnull=False)
        .exclude(atasan__unit_kerja_id=F("unit_kerja_id"))
        .select_related("atasan")
        .order_by("atasan__nama", "atasan_id")
    )
    found: dict[int, User] = {}
    for head in heads:
        found.setdefault(head.atasan_id, head.atasan)
    return list(found.values())


def is_atasan_of_head(user: User, unit_kerja: UnitKerja) -> bool:
    """Whether the user is the atasan of the unit's head."""
    return any(a.pk == user.pk for a in atasan_pimpinan(unit_kerja.pk))


def kurva_unit(user: User, unit: UnitKerja, kode: str) -> tuple[Kurva, int]:
    """Lihat Kurva of a unit for a period (docs/rules.md §8.7, §8.9), as `user` sees it, and how many of its
    pegawai `user` assesses (rated or not). Three queries, whatever the size of the unit."""
    governing = CapaianUnit.objects.governing(unit.pk, kode).first()
    own = governing if governing is not None and governing.unit_kerja_id == unit.pk else None
    counts, bawahan, assessed = PeriodePenilaian.objects.of_unit(unit.pk, kode).predikat_counts_with(user.pk)
    atasan = atasan_pimpinan(unit.pk)
    is_atasan = any(a.pk == user.pk for a in atasan)
    return (
        Kurva(
            unit_nama=unit.nama,
            capaian=CapaianOrganisasi(own.capaian) if own else None,
            counts=counts,
            bawahan=bawahan if assessed else None,
            penetap=_penetap(atasan),
            can_set=permissions.can_set_capaian(user, unit, is_atasan_of_head=is_atasan),
            induk=f"{governing.unit_kerja.nama} ({governing.get_capaian_display()})" if governing and not own else "",
        ),
        assessed,
    )


def _tinjau(actor: User, unit: UnitKerja, capaian: CapaianOrganisasi, periode: PeriodePenilaian) -> str:
    """Why a ditetapkan period of the unit's head needs review after the capaian changed, or "" when its Rating
    Hasil Kerja already is what the capaian gives."""
    rating = CAPAIAN_TO_RATING[capaian]
    if periode.rating_hasil_kerja == rating:
        return ""
    return (
        f"Capaian Kinerja Organisasi {unit.nama} menjadi {capaian.label} setelah penilaian ini ditetapkan "
        f"(oleh {actor.nama_lengkap}, {timezone.localdate():%d-%m-%Y}): Rating Hasil Kerja pimpinan unit semestinya "
        f"{rating.label}, tercatat {periode.get_rating_hasil_kerja_display()}. Buka kembali penilaian ini, lalu "
        "simpan rating lagi untuk menerapkannya."
    )


def _heads_locked(unit: UnitKerja, kode: str) -> list[PeriodePenilaian]:
    """The periods of the unit's head for this code, each row locked, in id order."""
    return list(
        PeriodePenilaian.objects.select_for_update(of=("self",))
        .filter(kode=kode, skp__unit_kerja=unit)
        .of_heads()
        .order_by("pk")
    )


def _heads_follow(actor: User, unit: UnitKerja, capaian: CapaianOrganisasi, periods: list[PeriodePenilaian]) -> None:
    """The periods of the unit's head (`periods`, locked) follow its new capaian (docs/rules.md §7.9): a rated one
    not ditetapkan gets the Rating Hasil Kerja and predikat it gives; a ditetapkan one is left as it is, marked
    `perlu_ditinjau` while its rating differs from what the capaian gives. An unrated one is left to rating_set."""
    rating = CAPAIAN_TO_RATING[capaian]
    for periode in periods:
        if periode.status == StatusPeriode.DITETAPKAN:
            tanda = _tinjau(actor, unit, capaian, periode)
            if tanda == periode.perlu_ditinjau:
                continue
            periode.perlu_ditinjau = tanda
        elif periode.rating_hasil_kerja:
            if periode.rating_hasil_kerja == rating and not periode.perlu_ditinjau:
                continue
            periode.rating_hasil_kerja = rating
            periode.predikat = predikat(rating, Rating(periode.rating_perilaku))
            periode.perlu_ditinjau = ""
        else:
            continue
        periode.version += 1
        periode.save(update_fields=["rating_hasil_kerja", "predikat", "perlu_ditinjau", "version"])


@transaction.atomic
def capaian_set(*, actor: User, unit_kerja: UnitKerja, kode: str, capaian: str) -> CapaianUnit:
    """Capaian Kinerja Organisasi of a unit, by the atasan of the unit's head or the admin instansi (docs/rules.md
    §8.1); the Rating Hasil Kerja of the unit's head follows it (§7.9, _heads_follow)."""
    if not permissions.can_set_capaian(actor, unit_kerja, is_atasan_of_head=is_atasan_of_head(actor, unit_kerja)):
        raise PenilaianError("Capaian organisasi ditetapkan oleh atasan pimpinan unit atau admin instansi.")
    if capaian not in CapaianOrganisasi.values:
        raise PenilaianError("Pilih capaian organisasi.")
    year = int(kode[:4]) if kode[:4].isdigit() else 0
    if not year or kode not in {p.kode for p in periods_for_year(skema_of(unit_kerja.instansi_id), year)}:
        raise PenilaianError("Periode tersebut bukan periode penilaian instansi ini.")
    # The heads' periods are locked before the capaian is written, as rating_set and Tetapkan lock a period before
    # anything that period's writes touch (the API's feed rows, kept by triggers on both tables): locking them after
    # deadlocked with a rating given at the same moment (tests/penilaian/test_concurrency.py).
    heads = _heads_locked(unit_kerja, kode)
    item, _ = CapaianUnit.objects.update_or_create(
        unit_kerja=unit_kerja,
        kode=kode,
        defaults={"instansi_id": unit_kerja.instansi_id, "capaian": capaian, "oleh": actor},
    )
    _heads_follow(actor, unit_kerja, CapaianOrganisasi(capaian), heads)
    return item
