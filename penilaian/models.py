"""Penilaian: periods of an approved SKP, rencana aksi with realisasi and bukti dukung, umpan balik, ratings
and the computed predikat, capaian organisasi per unit, and colleagues' feedback. Rules and writes live in
penilaian/services.py; periods as data in periode.py; predikat and kurva as pure functions."""

from django.db import models
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from accounts.models import UNIT_SEPARATOR, Instansi, UnitKerja, User, audited
from penilaian.periode import DEFAULT_SKEMA, Skema
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating
from skp.models import PerilakuKerja, Rhk, Skp


@audited()
class SkemaPenilaian(models.Model):
    """An instansi's choice of periods. Made with the defaults the first time it is needed, so an instansi
    created by the CSV import never waits for its admin."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="skema_penilaian")
    skema = models.CharField("skema periode", max_length=10, choices=Skema.choices, default=DEFAULT_SKEMA)

    class Meta:
        verbose_name = "skema penilaian"
        verbose_name_plural = "skema penilaian"

    def __str__(self) -> str:
        return f"{self.instansi}: {self.get_skema_display()}"


@audited()
class BatasWaktu(models.Model):
    """The admin's deadline for one period of the instansi, instead of period end + 5 days."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    kode = models.CharField("periode", max_length=20, help_text="Misalnya 2026-TW1 atau 2026-TAHUNAN.")
    batas_waktu = models.DateField("batas waktu")

    class Meta:
        verbose_name = "batas waktu"
        verbose_name_plural = "batas waktu"
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"],
                name="batas_waktu_once",
                violation_error_message="Batas waktu periode ini sudah diatur: ubah yang sudah ada.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode}: {self.batas_waktu:%d-%m-%Y}"


class StartsWith(Func):
    """PostgreSQL's starts_with(text, prefix), usable as a condition."""

    function = "starts_with"
    output_field = BooleanField()


def _below(path, ancestor_path) -> StartsWith:
    """`path` names a unit strictly below the unit at `ancestor_path`: paths are the names from the root down,
    joined by " > " (accounts.models.UnitKerja.path)."""
    return StartsWith(path, Concat(ancestor_path, Value(UNIT_SEPARATOR), output_field=TextField()))


class StatusPeriode(models.TextChoices):
    TERBUKA = "terbuka", "Terbuka"
    DITETAPKAN = "ditetapkan", "Ditetapkan"


class PeriodePenilaianQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PeriodePenilaianQuerySet":
        """The periods of the SKPs the user may see (SkpQuerySet.visible_to: the owner, the penilai, the admin
        instansi, a superadmin): the one scoping rule of the penilaian pages."""
        return self.filter(skp__in=Skp.objects.visible_to(user))

    def of_unit(self, unit_kerja_id: int | None, kode: str) -> "PeriodePenilaianQuerySet":
        """The population of a unit's kurva for a period (docs/rules.md §8.7): the periods with this code of the
        SKPs written in the unit, its head's included, or in a unit below it that has no capaian of its own for the
        period, nor any unit between the two. A unit below with its own capaian has its own distribution, with
        everything under it that has none; so each pegawai counts in exactly one distribution, that of the nearest
        unit at or above theirs with a capaian (CapaianUnitQuerySet.governing). One query, by the stored paths."""
        root = UnitKerja.objects.filter(pk=unit_kerja_id)
        root_path = Subquery(root.values("path")[:1])
        own_capaian_between = CapaianUnit.objects.filter(
            _below(F("unit_kerja__path"), root_path),
            Q(unit_kerja_id=OuterRef("pk")) | Q(_below(OuterRef("path"), F("unit_kerja__path"))),
            kode=kode,
            unit_kerja__instansi_id=OuterRef("instansi_id"),
        )
        units = UnitKerja.objects.filter(
            Q(pk=unit_kerja_id) | Q(_below(F("path"), root_path), instansi_id=Subquery(root.values("instansi_id")[:1]))
        ).exclude(Exists(own_capaian_between))
        return self.filter(kode=kode, skp__unit_kerja__in=units)

    def of_heads(self) -> "PeriodePenilaianQuerySet":
        """The periods of pegawai who head their SKP's unit: no atasan, or one working outside that unit
        (docs/rules.md §7.9; permissions.heads_unit is the same rule for one pegawai)."""
        return self.filter(skp__unit_kerja__isnull=False).exclude(
            skp__pegawai__atasan__unit_kerja_id=F("skp__unit_kerja_id")
        )

    def with_governing_unit(self) -> "PeriodePenilaianQuerySet":
        """Each period annotated with `governing_unit_id`: the unit whose capaian governs its pegawai for the
        period (CapaianUnitQuerySet.governing, per row), or None when no unit at or above theirs has one."""
        governing = CapaianUnit.objects.filter(
            Q(unit_kerja_id=OuterRef("skp__unit_kerja_id"))
            | Q(_below(OuterRef("skp__unit_kerja__path"), F("unit_kerja__path"))),
            kode=OuterRef("kode"),
            unit_kerja__instansi_id=OuterRef("skp__unit_kerja__instansi_id"),
        ).order_by("-unit_kerja__depth")
        return self.annotate(governing_unit_id=Subquery(governing.values("unit_kerja_id")[:1]))

    def predikat_counts(self) -> dict[Predikat, int]:
        """How many of these periods have each predikat (unrated ones left out), in one GROUP BY query."""
        rows = self.exclude(predikat="").order_by().values_list("predikat").annotate(n=Count("pk"))
        return {Predikat(value): n for value, n in rows}

    def predikat_counts_with(self, penilai_id: int) -> tuple[dict[Predikat, int], dict[Predikat, int], int]:
        """predikat_counts of these periods, the same of those this penilai assesses, and how many those are, rated
        or not: one GROUP BY query."""
        rows = (
            self.order_by()
            .values_list("predikat")
            .annotate(n=Count("pk"), mine=Count("pk", filter=Q(penilai_id=penilai_id)))
        )
        every, theirs, assessed = {}, {}, 0
        for value, n, mine in rows:
            assessed += mine
            if value:
                every[Predikat(value)] = n
                if mine:
                    theirs[Predikat(value)] = mine
        return every, theirs, assessed


@audited()
class PeriodePenilaian(models.Model):
    """One period (a Triwulan, a month…, or the Tahunan) of an approved SKP, with its own penilai snapshot,
    the two ratings and the predikat computed from them."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="periode_list")
    kode = models.CharField(max_length=20)
    nama = models.CharField("Periode Penilaian", max_length=60)
    mulai = models.DateField()
    selesai = models.DateField()
    penilai = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    penilai_snapshot = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=StatusPeriode.choices, default=StatusPeriode.TERBUKA)
    rating_hasil_kerja = models.CharField("Rating Hasil Kerja", max_length=7, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField("Rating Perilaku Kerja", max_length=7, choices=Rating.choices, blank=True)
    predikat = models.CharField("Predikat Kinerja", max_length=15, choices=Predikat.choices, blank=True)
    dibuka_hingga = models.DateField(
        null=True, blank=True, help_text="Dibuka kembali oleh admin: pegawai boleh mengisi sampai tanggal ini."
    )
    perlu_ditinjau = models.TextField(
        "perlu ditinjau",
        blank=True,
        help_text="Mengapa penilaian yang sudah ditetapkan perlu ditinjau (kosong bila tidak): capaian organisasi "
        "unit yang dipimpin pegawai ini berubah setelah Tetapkan.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeriodePenilaianQuerySet.as_manager()

    class Meta:
        verbose_name = "periode penilaian"
        verbose_name_plural = "periode penilaian"
        ordering = ["skp", "mulai", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "kode"],
                name="periode_once_per_skp",
                violation_error_message="Periode penilaian ini sudah ada pada SKP ini.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} — {self.skp}"


class RencanaAksiQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RencanaAksiQuerySet":
        return self.filter(periode__in=PeriodePenilaian.objects.visible_to(user))


@audited()
class RencanaAksi(models.Model):
    """What the pegawai plans for one RHK in one period, with its own target (its unit may differ from the
    annual one) and, later, its realisasi and sumber data ("30 berdasarkan Laporan")."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="rencana_aksi_list")
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, related_name="rencana_aksi_list")
    teks = models.TextField("Rencana Aksi")
    target_angka = models.DecimalField("Target", max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField("Satuan", max_length=50, blank=True)
    realisasi = models.TextField("Realisasi", blank=True)
    sumber_data = models.CharField("Sumber Data", max_length=255, blank=True)
    urutan = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = RencanaAksiQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        ordering = ["periode", "rhk", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks[:80]


@audited()
class BuktiDukung(models.Model):
    """Evidence for a rencana aksi: a name and an http(s) link. The server never fetches the link."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    rencana_aksi = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="bukti_list")
    nama = models.CharField("Nama", max_length=255)
    link = models.URLField("Link", max_length=1000)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        constraints = [
            models.CheckConstraint(
                condition=Q(link__startswith="http://") | Q(link__startswith="https://"), name="bukti_http_only"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class Polaritas(models.TextChoices):
    POSITIF = "positif", "👍 Positif"
    NEGATIF = "negatif", "👎 Negatif"


@audited()
class UmpanBalik(models.Model):
    """The penilai's feedback on one RHK row or one perilaku row of a period (docs/rules.md §7.1)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="umpan_balik_list")
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    perilaku = models.ForeignKey(PerilakuKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    teks = models.TextField("Umpan Balik")
    polaritas = models.CharField(max_length=7, choices=Polaritas.choices)
    oleh = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "umpan balik"
        verbose_name_plural = "umpan balik"
        constraints = [
            models.CheckConstraint(
                condition=Q(rhk__isnull=False, perilaku__isnull=True) | Q(rhk__isnull=True, perilaku__isnull=False),
                name="umpan_balik_one_row",
            ),
            models.UniqueConstraint(
                fields=["periode", "rhk"],
                name="umpan_balik_once_per_rhk",
                violation_error_message="Umpan balik untuk RHK ini sudah ada pada periode ini.",
            ),
            models.UniqueConstraint(
                fields=["periode", "perilaku"],
                name="umpan_balik_once_per_perilaku",
                violation_error_message="Umpan balik untuk perilaku ini sudah ada pada periode ini.",
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]


class AksiPeriode(models.TextChoices):
    TETAPKAN = "tetapkan", "Tetapkan"
    BUKA_KEMBALI = "buka_kembali", "Buka kembali"
    BUKA_BATAS_WAKTU = "buka_batas_waktu", "Buka batas waktu"


class PeriodeStatusChange(models.Model):
    """Tetapkan, a recorded reopen, or an admin's unlock of a period: who, when, why."""

    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="riwayat")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    aksi = models.CharField(max_length=20, choices=AksiPeriode.choices)
    catatan = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_aksi_display()


class CapaianUnitQuerySet(models.QuerySet):
    def governing(self, unit_kerja_id: int | None, kode: str) -> "CapaianUnitQuerySet":
        """The capaian that governs a unit's pegawai for a period (docs/rules.md §8.7): the unit's own, else that
        of the nearest unit above it with one. `.first()` is it (its unit selected), or None: one query."""
        unit = UnitKerja.objects.filter(pk=unit_kerja_id)
        return (
            self.filter(
                Q(unit_kerja_id=unit_kerja_id) | Q(_below(Subquery(unit.values("path")[:1]), F("unit_kerja__path"))),
                kode=kode,
                unit_kerja__instansi_id=Subquery(unit.values("instansi_id")[:1]),
            )
            .select_related("unit_kerja")
            .order_by("-unit_kerja__depth")
        )


@audited()
class CapaianUnit(models.Model):
    """Capaian Kinerja Organisasi of a unit for one period, set by the atasan of the unit's head or the admin.
    For the head of the unit it is their rating hasil kerja (docs/rules.md §7.9); it governs the kurva of the unit
    and of the units below it that have none of their own (§8.7)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(max_length=20)
    capaian = models.CharField(max_length=15, choices=CapaianOrganisasi.choices)
    oleh = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = CapaianUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "capaian organisasi"
        verbose_name_plural = "capaian organisasi"
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja", "kode"],
                name="capaian_once_per_period",
                violation_error_message="Capaian organisasi unit kerja ini untuk periode ini sudah ada.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_kerja.nama} {self.kode}: {self.get_capaian_display()}"


@audited()
class FeedbackRekan(models.Model):
    """Behaviour feedback from a colleague of the same instansi on an approved SKP (docs/rules.md §9.1–§9.2): feedback,
    not a rating; shown with the giver's name to the pegawai and their penilai."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="feedback_rekan")
    pemberi = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField("Umpan balik")
    polaritas = models.CharField(max_length=7, choices=Polaritas.choices)
    created_at = models.DateTimeField(default=timezone.now)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "feedback rekan kerja"
        verbose_name_plural = "feedback rekan kerja"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.teks[:80]
