"""The rules of one daily entry, checked the same way for the form and for every row of an import: read what they
need once (`Konteks.load`: the settings, the calendar, the targets named, the pegawai's entries in the window), then
check each entry in memory and name every problem by field (docs/rules.md §15.3, §15.5)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.models import User
from core.forms import TEKS_MAX, too_long
from harian import permissions
from harian.jendela import Kalender, jendela_refusal, kalender_jendela, pengaturan_of
from harian.models import PengaturanHarian, ProgresHarian, TargetBulanan
from harian.services.base import HarianError
from penilaian.models import RencanaAksi
from penilaian.permissions import fill_refusal
from penilaian.services import batas_waktu_of, batas_waktu_overrides
from penilaian.services.isian import _validate_link

RA, TB = "RA", "TB"
REALISASI_MAX = Decimal("999999999999.99")


def kode_of(obj) -> str:
    """The code an entry names its target by, in a form's choice and a file's column: RA-12 (a rencana aksi), TB-7
    (a target bulanan)."""
    return f"{TB if isinstance(obj, TargetBulanan) else RA}-{obj.pk}"


def parse_kode(kode: str) -> tuple[str, int] | None:
    kind, _, number = (kode or "").strip().upper().partition("-")
    return (kind, int(number)) if kind in (RA, TB) and number.isdigit() else None


@dataclass
class Isian:
    """One entry as the pegawai gives it (typed values; the import parses its text into these first)."""

    tanggal: datetime.date
    jam_mulai: datetime.time
    jam_selesai: datetime.time
    uraian: str
    realisasi: Decimal
    sasaran: str  # kode_of the rencana aksi or target bulanan
    satuan: str = ""
    link_bukti: str = ""


@dataclass
class Sasaran:
    """What an entry may be recorded against: its SKP, its satuan, the dates it covers, and why it is closed (None:
    open)."""

    kode: str
    label: str
    skp: object
    satuan: str
    mulai: datetime.date
    selesai: datetime.date
    rencana_aksi_id: int | None = None
    target_bulanan_id: int | None = None
    refusal: str | None = None


def _sasaran_rencana_aksi(actor: User, ids, today) -> list[Sasaran]:
    found = []
    rows = list(RencanaAksi.objects.select_related("periode__skp").filter(pk__in=ids, periode__skp__pegawai=actor))
    overrides = batas_waktu_overrides([ra.instansi_id for ra in rows], [ra.periode.kode for ra in rows])
    for ra in rows:
        periode, skp = ra.periode, ra.periode.skp
        refusal = fill_refusal(actor, periode, batas_waktu=batas_waktu_of(periode, overrides), today=today)
        found.append(
            Sasaran(
                kode=kode_of(ra),
                label=ra.teks,
                skp=skp,
                satuan=ra.satuan,
                rencana_aksi_id=ra.pk,
                refusal=refusal,
                mulai=max(periode.mulai, skp.periode_awal),
                selesai=min(periode.selesai, skp.periode_akhir),
            )
        )
    return found


def _sasaran_target(actor: User, ids) -> list[Sasaran]:
    found = []
    targets = TargetBulanan.objects.select_related("skp_bulanan__skp").filter(pk__in=ids, skp_bulanan__pegawai=actor)
    for target in targets:
        skp, bulan = target.skp_bulanan.skp, target.skp_bulanan.bulan
        akhir = datetime.date(bulan.year + bulan.month // 12, bulan.month % 12 + 1, 1) - datetime.timedelta(days=1)
        found.append(
            Sasaran(
                kode=kode_of(target),
                label=target.nama,
                skp=skp,
                satuan=target.satuan,
                target_bulanan_id=target.pk,
                mulai=max(bulan, skp.periode_awal),
                selesai=min(akhir, skp.periode_akhir),
            )
        )
    return found


@dataclass
class Konteks:
    actor: User
    today: datetime.date
    pengaturan: PengaturanHarian
    kalender: Kalender
    sasaran: dict[str, Sasaran] = field(default_factory=dict)
    # The pegawai's entries in the window: (id, tanggal, jam_mulai, jam_selesai, uraian, rencana_aksi_id,
    # target_bulanan_id); an import adds its rows.
    existing: list[tuple] = field(default_factory=list)

    @classmethod
    def load(cls, actor: User, *, today: datetime.date, kodes) -> "Konteks":
        """Everything the checks need, in a fixed number of queries whatever the number of entries. Refuses at once
        when the actor's instansi has progres harian off."""
        pengaturan = pengaturan_of(actor.instansi_id)
        if not pengaturan.aktif:
            raise HarianError(permissions.NONAKTIF)
        kalender = kalender_jendela(pengaturan, today)
        parsed = [p for p in map(parse_kode, kodes) if p]
        sasaran = _sasaran_rencana_aksi(actor, [i for k, i in parsed if k == RA], today) + _sasaran_target(
            actor, [i for k, i in parsed if k == TB]
        )
        window = kalender.jendela(today, pengaturan.jendela_hari_kerja)
        existing = ProgresHarian.objects.filter(pegawai=actor, tanggal__in=window).values_list(
            "pk", "tanggal", "jam_mulai", "jam_selesai", "uraian", "rencana_aksi_id", "target_bulanan_id"
        )
        return cls(actor, today, pengaturan, kalender, {s.kode: s for s in sasaran}, list(existing))

    def check(self, isian: Isian) -> tuple[Sasaran | None, dict[str, list[str]]]:
        """The entry's target and its problems by field (empty: it may be saved, overlaps aside: `overlap`)."""
        problems: dict[str, list[str]] = {}

        def add(name: str, message: str | None) -> None:
            if message:
                problems.setdefault(name, []).append(message)

        add(
            "tanggal",
            jendela_refusal(
                isian.tanggal,
                today=self.today,
                kalender=self.kalender,
                hari_kerja_lalu=self.pengaturan.jendela_hari_kerja,
            ),
        )
        if isian.jam_selesai <= isian.jam_mulai:
            add("jam_selesai", "Jam selesai harus sesudah jam mulai (pada hari yang sama).")
        if not isian.uraian.strip():
            add("uraian", "Isi uraian kegiatan.")
        add("uraian", too_long(isian.uraian, label="Uraian kegiatan", limit=TEKS_MAX))
        if isian.realisasi is None or isian.realisasi < 0 or isian.realisasi > REALISASI_MAX:
            add("realisasi", "Realisasi harus angka 0 atau lebih.")
        sasaran = self.sasaran.get((isian.sasaran or "").strip().upper())
        if sasaran is None:
            add("sasaran", "Pilih rencana aksi atau target bulanan Anda sendiri.")
        else:
            add("sasaran", sasaran.refusal or permissions.isi_refusal(self.actor, sasaran.skp, aktif=True))
            if not sasaran.mulai <= isian.tanggal <= sasaran.selesai:
                add(
                    "sasaran",
                    f"{sasaran.label[:60]} berlaku {sasaran.mulai:%d-%m-%Y} s.d. {sasaran.selesai:%d-%m-%Y}; "
                    f"tanggal {isian.tanggal:%d-%m-%Y} di luar itu.",
                )
            if not (sasaran.satuan or isian.satuan.strip()):
                add("satuan", "Isi satuan realisasi.")
            elif len(sasaran.satuan or isian.satuan.strip()) > 50:
                add("satuan", "Satuan terlalu panjang: paling banyak 50 karakter.")
        if isian.link_bukti.strip():
            try:
                isian.link_bukti = _validate_link(isian.link_bukti)
            except ValidationError:
                add("link_bukti", "Link bukti harus diawali http:// atau https:// dan memuat alamat situs.")
            if len(isian.link_bukti) > 1000:
                add("link_bukti", "Link bukti terlalu panjang: paling banyak 1.000 karakter.")
        else:
            isian.link_bukti = ""
        return sasaran, problems

    def overlap(self, isian: Isian, *, exclude_id: int | None = None) -> str | None:
        """The friendly refusal of two entries of one day that overlap in time (the exclusion constraint is the last
        guard, docs/rules.md §15.5); touching ends are fine."""
        for pk, tanggal, mulai, selesai, uraian, *_ in self.existing:
            if exclude_id is not None and pk == exclude_id:
                continue  # the entry being changed
            if tanggal == isian.tanggal and mulai < isian.jam_selesai and isian.jam_mulai < selesai:
                return overlap_message(isian, (mulai, selesai, uraian))
        return None

    def same(self, isian: Isian, sasaran: Sasaran) -> int | None:
        """The id of an entry already saved with this very content (date, times, uraian, target): a form sent again
        after Back gives it back instead of a second row or an overlap refusal (docs/rules.md §11.6)."""
        content = (isian.tanggal, isian.jam_mulai, isian.jam_selesai, isian.uraian.strip())
        target = (sasaran.rencana_aksi_id, sasaran.target_bulanan_id)
        return next((e[0] for e in self.existing if e[0] and (*e[1:5],) == content and (*e[5:],) == target), None)


def overlap_message(isian: Isian, other: tuple | None) -> str:
    jam = f"{isian.jam_mulai:%H:%M}–{isian.jam_selesai:%H:%M}"
    if other is None:
        return f"Jam {jam} pada {isian.tanggal:%d-%m-%Y} bertumpang tindih dengan kegiatan lain Anda pada hari itu."
    mulai, selesai, uraian = other
    return (
        f"Jam {jam} pada {isian.tanggal:%d-%m-%Y} bertumpang tindih dengan kegiatan lain Anda: "
        f"{mulai:%H:%M}–{selesai:%H:%M} {uraian[:60]}."
    )
