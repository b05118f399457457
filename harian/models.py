"""Progres harian and the DES 2.0 monthly cycle (docs/rules.md §15): the instansi's settings and holidays, the SKP
Bulanan of an approved SKP with its Target Bulanan, the daily entries (a table partitioned by month, decision 0019),
the atasan's kesesuaian, kualitas and approval (a snapshot, decision 0020), and the yearly kreativitas score.
Writes live in harian/services/; who may do what in harian/permissions.py; working days in harian/jendela.py."""

import pghistory
import pghistory.models
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Instansi, User, audited
from penilaian.models import RencanaAksi
from skp.models import Indikator, Rhk, Skp

DEFAULT_JENDELA = 2  # today and the 2 previous working days (docs/rules.md §15.3)
NILAI_MAX = 100  # kualitas and kreativitas are scored 0–100 (docs/rules.md §15.6, §15.9)
ANGKA = {"max_digits": 14, "decimal_places": 2}


@audited()
class PengaturanHarian(models.Model):
    """Progres harian of one instansi: off until its admin switches it on (docs/rules.md §15.1). Without a row the
    instansi has the defaults (off, a window of 2 working days, Monday to Friday): reading writes nothing."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="pengaturan_harian")
    aktif = models.BooleanField("progres harian aktif", default=False)
    jendela_hari_kerja = models.PositiveSmallIntegerField(
        "jendela pengisian (hari kerja)",
        default=DEFAULT_JENDELA,
        help_text="Berapa hari kerja ke belakang pegawai masih boleh mengisi, selain hari ini. Bawaan: 2.",
    )
    sabtu_hari_kerja = models.BooleanField(
        "Sabtu hari kerja", default=False, help_text="Centang bila instansi bekerja enam hari seminggu."
    )

    class Meta:
        verbose_name = "pengaturan progres harian"
        verbose_name_plural = "pengaturan progres harian"
        constraints = [models.CheckConstraint(condition=Q(jendela_hari_kerja__lte=20), name="harian_jendela_max_20")]

    def __str__(self) -> str:
        return f"Progres harian {self.instansi}: {'aktif' if self.aktif else 'nonaktif'}"


class JenisLibur(models.TextChoices):
    LIBUR_NASIONAL = "libur_nasional", "Libur nasional"
    CUTI_BERSAMA = "cuti_bersama", "Cuti bersama"


@audited()
class LiburNasional(models.Model):
    """A national holiday or cuti bersama (SKB 3 Menteri), loaded by migration for each year and corrected only by
    a superadmin: national data, read by every instansi, so it carries no instansi (docs/rules.md §15.2)."""

    tanggal = models.DateField(unique=True)
    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=14, choices=JenisLibur.choices)

    class Meta:
        verbose_name = "libur nasional"
        verbose_name_plural = "libur nasional dan cuti bersama"
        ordering = ["tanggal"]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class JenisHariInstansi(models.TextChoices):
    LIBUR = "libur", "Libur (tidak masuk kerja)"
    MASUK = "masuk", "Masuk kerja (meski libur nasional atau cuti bersama)"


@audited()
class HariLiburInstansi(models.Model):
    """The admin instansi's own calendar entry for one date: an extra holiday (hari jadi daerah, a local cuti
    bersama) or a working day that overrides the national list (an instansi that works on a cuti bersama)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField()
    nama = models.CharField("keterangan", max_length=200)
    jenis = models.CharField(max_length=5, choices=JenisHariInstansi.choices, default=JenisHariInstansi.LIBUR)

    class Meta:
        verbose_name = "hari libur instansi"
        verbose_name_plural = "hari libur instansi"
        ordering = ["instansi", "tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tanggal"],
                name="harian_libur_instansi_once",
                violation_error_message="Tanggal ini sudah ada dalam kalender instansi: ubah yang sudah ada.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.nama} ({self.get_jenis_display()})"


def _penilai_scope(user, skp_path: str) -> Q:
    """The one scope of the harian rows (as Skp.visible_to, for what hangs on an approved SKP): the SKP's owner, its
    penilai (the atasan who ticks, scores and approves), the admin of its instansi. `skp_path` leads to the SKP."""
    rule = Q(**{f"{skp_path}__pegawai": user}) | Q(**{f"{skp_path}__penilai": user})
    if user.is_admin_instansi:
        rule |= Q(instansi_id=user.instansi_id)
    return rule


class SkpBulananQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SkpBulananQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(_penilai_scope(user, "skp"))

    def of_penilai(self, user, bulan) -> "SkpBulananQuerySet":
        """The atasan's monthly list: the SKP Bulanan of the month of the SKPs they assess, each with its counts."""
        return self.filter(skp__penilai=user, bulan=bulan).with_counts(bulan).order_by("skp__pegawai_snapshot__nama")

    def with_counts(self, bulan=None) -> "SkpBulananQuerySet":
        """`jumlah_entri` and `menunggu` (entries whose kesesuaian the atasan has not ticked) per SKP Bulanan, by
        correlated subqueries on the index (skp_bulanan, kesesuaian). Given the month (`bulan`, any day of it), only
        that month's partition is read; without it, each row's own month (run-time pruning)."""
        if bulan is not None:
            first = bulan.replace(day=1)
            entries = ProgresHarian.objects.filter(
                skp_bulanan=OuterRef("pk"), tanggal__gte=first, tanggal__lt=_next_month(first)
            )
        else:
            entries = entries_of_its_month()
        entries = entries.order_by().values("skp_bulanan")
        count = entries.annotate(n=Count("pk")).values("n")
        waiting = entries.filter(kesesuaian__isnull=True).annotate(n=Count("pk")).values("n")
        return self.annotate(
            jumlah_entri=Coalesce(Subquery(count), Value(0)), menunggu=Coalesce(Subquery(waiting), Value(0))
        )


def _next_month(first):
    return first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)


class NextMonth(Func):
    """The first day of the next month, as a date (a timestamp bound would not prune the partitions)."""

    template = "((%(expressions)s + interval '1 month')::date)"
    output_field = models.DateField()


def entries_of_its_month(skp_bulanan_ref: str = "pk", bulan_ref: str = "bulan"):
    """A correlated query of the entries of the outer SKP Bulanan, bounded to its month: PostgreSQL then reads only
    that month's partition for each outer row (run-time pruning) instead of probing every month kept online."""
    return ProgresHarian.objects.filter(
        skp_bulanan=OuterRef(skp_bulanan_ref),
        tanggal__gte=OuterRef(bulan_ref),
        tanggal__lt=NextMonth(OuterRef(bulan_ref)),
    )


@audited()
class SkpBulanan(models.Model):
    """One month of an approved SKP (DES 2.0's "SKP Bulanan"): what the monthly targets and the daily entries of
    that month hang on, and the atasan's approval of it. The approval keeps a snapshot of the approved values;
    any later change marks it `berubah` ("berubah setelah disetujui") until approved again (docs/rules.md §15.7).
    Made by the services the first time the month is written in; one per SKP per month (decision 0020)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="bulanan_list")
    pegawai = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    bulan = models.DateField(help_text="Hari pertama bulan itu.")
    disetujui_oleh = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    berubah = models.BooleanField("berubah setelah disetujui", default=False)
    version = models.PositiveIntegerField(default=1)

    objects = SkpBulananQuerySet.as_manager()

    class Meta:
        verbose_name = "SKP bulanan"
        verbose_name_plural = "SKP bulanan"
        ordering = ["skp", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "bulan"],
                name="harian_skp_bulanan_once",
                violation_error_message="SKP Bulanan untuk bulan ini sudah ada.",
            ),
            models.CheckConstraint(condition=Q(bulan__day=1), name="harian_bulan_first_day"),
            models.CheckConstraint(
                condition=Q(berubah=False) | Q(disetujui_pada__isnull=False), name="harian_berubah_after_approval"
            ),
        ]
        indexes = [models.Index(fields=["pegawai", "bulan"])]

    def __str__(self) -> str:
        return f"SKP Bulanan {self.bulan:%m-%Y} {self.skp.pegawai_snapshot.get('nama', '')}"

    @property
    def disetujui(self) -> bool:
        return self.disetujui_pada is not None


class JenisTarget(models.TextChoices):
    TEKNIS = "teknis", "Teknis"
    KONSEPTUAL = "konseptual", "Konseptual"


class TargetBulananQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TargetBulananQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(_penilai_scope(user, "skp_bulanan__skp"))


@audited()
class TargetBulanan(models.Model):
    """A monthly target of one RHK (DES 2.0). Teknis: a share of an indikator's annual quantity, with its name and
    satuan; the months never add up to more than the annual target. Konseptual: a stage of the RHK with its own
    name and satuan. The atasan scores its kualitas, 0–100 (docs/rules.md §15.4–§15.6)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp_bulanan = models.ForeignKey(SkpBulanan, on_delete=models.PROTECT, related_name="target_list")
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, related_name="+")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    jenis = models.CharField(max_length=10, choices=JenisTarget.choices)
    nama = models.TextField("Kegiatan bulanan")
    target = models.DecimalField("Target", **ANGKA)
    satuan = models.CharField("Satuan", max_length=50)
    urutan = models.PositiveIntegerField(default=0)
    kualitas = models.PositiveSmallIntegerField("Kualitas", null=True, blank=True)
    kualitas_oleh = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = TargetBulananQuerySet.as_manager()

    class Meta:
        verbose_name = "target bulanan"
        verbose_name_plural = "target bulanan"
        ordering = ["skp_bulanan", "rhk", "urutan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="harian_target_positive"),
            models.CheckConstraint(condition=Q(kualitas__lte=NILAI_MAX), name="harian_kualitas_0_100"),
            models.CheckConstraint(
                condition=~Q(jenis=JenisTarget.TEKNIS) | Q(indikator__isnull=False), name="harian_teknis_has_indikator"
            ),
            # One Teknis share of an indikator per month; Konseptual stages are as many as the pegawai plans.
            models.UniqueConstraint(
                fields=["skp_bulanan", "indikator"],
                condition=Q(jenis=JenisTarget.TEKNIS),
                name="harian_teknis_once",
                violation_error_message="Target Bulanan untuk indikator ini sudah ada pada bulan ini.",
            ),
        ]

    def __str__(self) -> str:
        return self.nama[:80]


class TimestampRange(Func):
    """tsrange(tanggal + jam_mulai, tanggal + jam_selesai): an entry's time on its day, touching ends allowed."""

    function = "TSRANGE"
    output_field = DateTimeRangeField()


class ProgresHarianQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgresHarianQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(_penilai_scope(user, "skp_bulanan__skp"))

    def by_id(self, pk: int, tanggal=None) -> "ProgresHarianQuerySet":
        """One entry by its id; with its date (when the page knows it, e.g. from its URL) only that month's partition
        is read, instead of probing every partition's primary key (decision 0019)."""
        found = self.filter(pk=pk)
        return found.filter(tanggal=tanggal) if tanggal is not None else found

    def of_pegawai(self, pegawai_id: int, mulai, selesai) -> "ProgresHarianQuerySet":
        """One pegawai's entries from `mulai` to `selesai` (the week and month views), in day and time order: the
        index (pegawai, tanggal, jam_mulai), and only the partitions of those months are read."""
        return self.filter(pegawai_id=pegawai_id, tanggal__gte=mulai, tanggal__lte=selesai).order_by(
            "tanggal", "jam_mulai"
        )


class BigEvent(pghistory.models.Event):
    """An audit event numbered by a bigint: the daily log's events outgrow a 32-bit counter (billions a year at
    national volume)."""

    pgh_id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True


# The table is partitioned by month on `tanggal` (decision 0019): the real primary key is (id, tanggal), created by
# migration 0001's SQL; Django keeps `id` as the pk, which stays unique (one identity sequence for every partition).
# Nothing has a foreign key to this table. The exclusion constraint below is declared for Django (validation, the
# migration state) but PostgreSQL 15 cannot put it on a partitioned table: harian.partisi creates it on each
# partition.
@audited(base_model=BigEvent, model_name="ProgresHarianEvent", obj_field=pghistory.ObjForeignKey(related_name="events"))
class ProgresHarian(models.Model):
    """One entry of a pegawai's daily log: what they did on a working day, from when to when, against a rencana aksi
    of a penilaian period or a Target Bulanan, with its realisasi and an optional http(s) link as bukti; and the
    atasan's kesesuaian tick (None: not checked yet). Docs/rules.md §15.3, §15.5 and §15.6."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+", db_index=False)
    pegawai = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", db_index=False)
    skp_bulanan = models.ForeignKey(SkpBulanan, on_delete=models.PROTECT, related_name="progres_list", db_index=False)
    rencana_aksi = models.ForeignKey(
        RencanaAksi, verbose_name="Rencana Aksi", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    target_bulanan = models.ForeignKey(
        TargetBulanan, verbose_name="Target Bulanan", on_delete=models.PROTECT, null=True, blank=True,
        related_name="progres_list", db_index=False,
    )  # fmt: skip
    tanggal = models.DateField("Tanggal")
    jam_mulai = models.TimeField("Jam mulai")
    jam_selesai = models.TimeField("Jam selesai")
    uraian = models.TextField("Uraian kegiatan")
    realisasi = models.DecimalField("Realisasi", **ANGKA)
    satuan = models.CharField("Satuan", max_length=50)
    link_bukti = models.URLField("Link bukti", max_length=1000, blank=True)
    kesesuaian = models.BooleanField("Kesesuaian", null=True, blank=True)
    kesesuaian_oleh = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    kesesuaian_pada = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgresHarianQuerySet.as_manager()

    class Meta:
        verbose_name = "progres harian"
        verbose_name_plural = "progres harian"
        ordering = ["tanggal", "jam_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rencana_aksi__isnull=False, target_bulanan__isnull=True)
                | Q(rencana_aksi__isnull=True, target_bulanan__isnull=False),
                name="harian_progres_one_target",
            ),
            models.CheckConstraint(condition=Q(jam_selesai__gt=F("jam_mulai")), name="harian_progres_jam_urut"),
            models.CheckConstraint(condition=Q(realisasi__gte=0), name="harian_progres_realisasi_min_0"),
            models.CheckConstraint(
                condition=Q(link_bukti="") | Q(link_bukti__startswith="http://") | Q(link_bukti__startswith="https://"),
                name="harian_progres_link_http_only",
            ),
            # Partitioned: a unique constraint must hold the partition key. The service looks a token up by pegawai.
            models.UniqueConstraint(
                fields=["client_token", "tanggal"],
                name="harian_progres_token_once",
                violation_error_message="Isian ini sudah tersimpan.",
            ),
            # Declared here for Django; created on every partition by harian.partisi (PostgreSQL 15 refuses it on the
            # partitioned parent).
            ExclusionConstraint(
                name="harian_progres_no_overlap",
                expressions=[
                    (F("pegawai"), RangeOperators.EQUAL),
                    (F("tanggal"), RangeOperators.EQUAL),
                    (
                        TimestampRange(F("tanggal") + F("jam_mulai"), F("tanggal") + F("jam_selesai")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]
        indexes = [
            # The week and month views of one pegawai.
            models.Index(fields=["pegawai", "tanggal", "jam_mulai"], name="harian_progres_pegawai_hari"),
            # The atasan's monthly list: entries and those still waiting per SKP Bulanan, from the index alone.
            models.Index(fields=["skp_bulanan", "kesesuaian"], name="harian_progres_bulanan"),
            # Realisasi summed per rencana aksi for a period; and a rencana aksi or target in use cannot be deleted.
            models.Index(
                fields=["rencana_aksi", "tanggal"], condition=Q(rencana_aksi__isnull=False), name="harian_progres_ra"
            ),
            models.Index(
                fields=["target_bulanan"], condition=Q(target_bulanan__isnull=False), name="harian_progres_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.jam_mulai:%H:%M}–{self.jam_selesai:%H:%M} {self.uraian[:60]}"

    @property
    def menit(self) -> int:
        """How long the entry lasted, in minutes (hours per day on the week and month views)."""
        return (self.jam_selesai.hour * 60 + self.jam_selesai.minute) - (
            self.jam_mulai.hour * 60 + self.jam_mulai.minute
        )


class NilaiKreativitasQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NilaiKreativitasQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(_penilai_scope(user, "skp"))


@audited()
class NilaiKreativitas(models.Model):
    """The atasan's yearly kreativitas score of an approved SKP (DES 2.0), 0–100, with an optional note
    (docs/rules.md §15.9)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.OneToOneField(Skp, on_delete=models.PROTECT, related_name="kreativitas")
    nilai = models.PositiveSmallIntegerField("Kreativitas")
    catatan = models.TextField("Catatan", blank=True)
    oleh = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    diubah_pada = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = NilaiKreativitasQuerySet.as_manager()

    class Meta:
        verbose_name = "nilai kreativitas"
        verbose_name_plural = "nilai kreativitas"
        constraints = [models.CheckConstraint(condition=Q(nilai__lte=NILAI_MAX), name="harian_kreativitas_0_100")]

    def __str__(self) -> str:
        return f"Kreativitas {self.nilai} — {self.skp}"
