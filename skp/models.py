"""SKP planning: the plan (Skp), its RHK and indikator, perilaku kerja, lampiran, workflow history, MPH rows
and printed-document records. Rules and writes live in skp/services.py; scoping in SkpQuerySet.visible_to."""

import secrets

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Func, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Instansi, PltAssignment, UnitKerja, User, audited


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", "Kuantitatif"
    KUALITATIF = "kualitatif", "Kualitatif"


class ModelSkp(models.TextChoices):
    JPT = "jpt", "JPT"
    PIMPINAN_UNIT = "pimpinan_unit", "Pimpinan Unit Kerja Mandiri"
    PEGAWAI = "pegawai", "Pegawai"


class StatusSkp(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENGAJUAN = "pengajuan", "Pengajuan"
    PERSETUJUAN = "persetujuan", "Persetujuan"
    REVISI = "revisi", "Revisi"


EDITABLE_STATUSES = (StatusSkp.DRAFT, StatusSkp.REVISI)


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


def penilai_filter(user_ref) -> Q:
    """Whether a user (a value or an OuterRef) assesses anyone: a bawahan in the profile, a Plt post under
    them, or an SKP of which they are the penilai."""
    return (
        Exists(User.objects.filter(atasan=user_ref, is_active=True))
        | Exists(PltAssignment.objects.filter(atasan=user_ref))
        | Exists(Skp.objects.filter(penilai=user_ref))
    )


def rhk_atasan_filter(*, penilai, awal, akhir) -> Q:
    """RHK that may be intervened: the penilai's RHK in their submitted SKPs of an overlapping period.
    The arguments are values, or OuterRef()s when used as a subquery (SkpQuerySet.with_page_flags)."""
    return Q(skp__pegawai_id=penilai, skp__periode_awal__lte=akhir, skp__periode_akhir__gte=awal) & ~Q(
        skp__status=StatusSkp.DRAFT
    )


def visibility_rule(user_id: int, *, admin_of: int | None = None, via_mph: bool = False) -> Q:
    """SkpQuerySet.visible_to's rule for a user who is not a superadmin, from values (so that a prepared query can
    build it with placeholders: skp/views/detail.py): `admin_of` the instansi they administer, if any."""
    not_draft = ~Q(status=StatusSkp.DRAFT)
    rule = Q(pegawai=user_id) | (Q(penilai=user_id) & not_draft)
    if admin_of is not None:
        rule |= Q(instansi_id=admin_of)
    if via_mph:
        rows = MphRow.objects.filter(penilai_skp__pegawai=user_id, diterima=True)
        rule |= Q(pk__in=rows.values("skp_id")) & not_draft
    return rule


class SkpQuerySet(models.QuerySet):
    def visible_to(self, user, *, via_mph: bool = False) -> "SkpQuerySet":
        """The one scoping rule: own SKPs; as penilai, bawahan SKPs from Pengajuan on (never a Draft);
        an admin instansi every SKP of the instansi; a superadmin all.

        via_mph (Detail SKP only, the "Lihat SKP" of the matrix): also the SKPs from Pengajuan on that are accepted
        rows of the Matriks Peran Hasil of one of the user's own SKPs, such as a colleague who accepted Tambah
        Pegawai. Read-only: skp.permissions gives such a reader no action, and every other page (editing,
        printing, penilaian) keeps the narrower scope (docs/rules.md §4.6)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        admin_of = user.instansi_id if user.is_admin_instansi else None
        return self.filter(visibility_rule(user.pk, admin_of=admin_of, via_mph=via_mph))

    def with_page_flags(self) -> "SkpQuerySet":
        """What the Detail SKP page needs to know beyond the SKP itself, in the same query: whether the owner
        is a penilai (Matriks Peran Hasil), whether the penilai has RHK to intervene, and whether someone asks
        the owner to join their Matriks Peran Hasil."""
        return self.annotate(
            ada_ajakan_mph=Exists(MphRow.objects.filter(skp=OuterRef("pk"), diterima=False)),
            pemilik_penilai=ExpressionWrapper(penilai_filter(OuterRef("pegawai")), output_field=BooleanField()),
            ada_rhk_atasan=Exists(
                Rhk.objects.filter(
                    rhk_atasan_filter(
                        penilai=OuterRef("penilai"), awal=OuterRef("periode_awal"), akhir=OuterRef("periode_akhir")
                    )
                )
            ),
        )


@audited()
class Skp(models.Model):
    """A pegawai's performance plan for a period, in their definitive jabatan or as Plt.

    The identity blocks are snapshots taken at creation (and by "Muat ulang" while editable), so a printed or
    approved SKP keeps the names and posts it was agreed with. `version` grows with every change to the SKP
    or anything in it: a form carries the version it was loaded with, and a stale one is refused.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey(User, on_delete=models.PROTECT, related_name="skp_list")
    plt = models.ForeignKey(
        PltAssignment, verbose_name="jabatan Plt", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    penilai = models.ForeignKey(
        User,
        verbose_name="pejabat penilai",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skp_dinilai",
    )
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, null=True, related_name="+")
    periode_awal = models.DateField("Periode Awal")
    periode_akhir = models.DateField("Periode Akhir")
    pendekatan = models.CharField("Pendekatan", max_length=11, choices=Pendekatan.choices)
    model = models.CharField("model SKP", max_length=13, choices=ModelSkp.choices)
    status = models.CharField("Status", max_length=11, choices=StatusSkp.choices, default=StatusSkp.DRAFT)
    pegawai_snapshot = models.JSONField(default=dict)
    penilai_snapshot = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    # Set by the apps that build on the plan (penilaian: a finalised period) and read here without knowing them:
    # an approved SKP with a final assessment is never reopened for revision.
    penilaian_final = models.BooleanField(default=False, editable=False)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SkpQuerySet.as_manager()

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        ordering = ["-periode_awal", "plt_id"]
        constraints = [
            models.CheckConstraint(condition=Q(periode_akhir__gte=F("periode_awal")), name="skp_periode_ordered"),
            # Two SKPs of one pegawai in one role (definitive, or one Plt post) never overlap in time.
            ExclusionConstraint(
                name="skp_no_overlap_per_role",
                expressions=[
                    (F("pegawai"), RangeOperators.EQUAL),
                    (Coalesce("plt", Value(0)), RangeOperators.EQUAL),
                    (DateRange("periode_awal", "periode_akhir", Value("[]")), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            models.Index(fields=["penilai", "status"]),
            models.Index(fields=["instansi", "status"]),
        ]

    def __str__(self) -> str:
        peran = " (Plt)" if self.plt_id else ""
        periode = f"{self.periode_awal:%d-%m-%Y} s.d. {self.periode_akhir:%d-%m-%Y}"
        return f"SKP {self.pegawai_snapshot.get('nama', '')}{peran} {periode}"

    def get_absolute_url(self) -> str:
        return reverse("skp:detail", args=[self.pk])

    @property
    def tahun(self) -> int:
        return self.periode_awal.year

    @property
    def status_pegawai(self) -> str:
        return "Plt" if self.plt_id else "Definitif"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_pimpinan_model(self) -> bool:
        """JPT and Pimpinan Unit Kerja Mandiri plan with Penugasan dari and Perspektif."""
        return self.model in (ModelSkp.JPT, ModelSkp.PIMPINAN_UNIT)

    @property
    def is_kuantitatif(self) -> bool:
        return self.pendekatan == Pendekatan.KUANTITATIF


class SkpStatusChange(models.Model):
    """One workflow move of an SKP: who, when, from, to, and the note. Shown as the SKP's Riwayat."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="riwayat")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    dari = models.CharField(max_length=11, choices=StatusSkp.choices, blank=True)
    ke = models.CharField(max_length=11, choices=StatusSkp.choices)
    catatan = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_dari_display() or 'Baru'} → {self.get_ke_display()}"


class JenisRhk(models.TextChoices):
    UTAMA = "utama", "Utama"
    TAMBAHAN = "tambahan", "Tambahan"


class KlasifikasiRhk(models.TextChoices):
    INDIVIDU = "individu", "Individu - tertaut di SKP pegawai"
    ORGANISASI = "organisasi", "Organisasi - tertaut di unit kerja"


class RhkQuerySet(models.QuerySet):
    def intervenable_by(self, skp: "Skp") -> "RhkQuerySet":
        """RHK the pegawai of `skp` may intervene: their penilai's RHK in the penilai's submitted SKPs of the
        same year."""
        if skp.penilai_id is None:
            return self.none()
        return (
            self.filter(rhk_atasan_filter(penilai=skp.penilai_id, awal=skp.periode_awal, akhir=skp.periode_akhir))
            .select_related("skp")
            .order_by("skp__plt_id", "-jenis", "urutan", "pk")
        )


@audited()
class Rhk(models.Model):
    """A Rencana Hasil Kerja of an SKP. In the Pegawai model it names the penilai's RHK it intervenes.

    An Organisasi RHK is tied to a unit for the year: the next holder of the post that year gets a copy
    (`asal` points to where it came from, which also marks RHK copied by Salin SKP).
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk_list")
    jenis = models.CharField("Jenis RHK", max_length=8, choices=JenisRhk.choices, default=JenisRhk.UTAMA)
    klasifikasi = models.CharField(
        "Klasifikasi RHK", max_length=10, choices=KlasifikasiRhk.choices, default=KlasifikasiRhk.INDIVIDU
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, verbose_name="unit kerja", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    teks = models.TextField("Rencana Hasil Kerja")
    penugasan_dari = models.CharField("Penugasan dari", max_length=255, blank=True)
    rhk_atasan = models.ForeignKey(
        "self",
        verbose_name="RHK Atasan yang Diintervensi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intervensi",
    )
    asal = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    urutan = models.PositiveIntegerField(default=0)
    dibuat_oleh = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = RhkQuerySet.as_manager()

    class Meta:
        verbose_name = "RHK"
        verbose_name_plural = "RHK"
        # "-jenis": "utama" sorts after "tambahan", and Utama comes first on every page.
        ordering = ["skp", "-jenis", "urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(klasifikasi=KlasifikasiRhk.ORGANISASI) | Q(unit_kerja__isnull=False),
                name="rhk_organisasi_has_unit",
            ),
            models.UniqueConstraint(
                fields=["skp", "asal"],
                name="rhk_copied_once_per_skp",
                violation_error_message="RHK ini sudah disalin ke SKP ini.",
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]


class Perspektif(models.TextChoices):
    PENERIMA_LAYANAN = "penerima_layanan", "Penerima Layanan"
    PENGUATAN_INTERNAL = "penguatan_internal", "Penguatan Internal"
    PROSES_BISNIS = "proses_bisnis", "Proses Bisnis"
    ANGGARAN = "anggaran", "Anggaran"


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", "Kuantitas"
    KUALITAS = "kualitas", "Kualitas"
    WAKTU = "waktu", "Waktu"
    BIAYA = "biaya", "Biaya"


@audited()
class Indikator(models.Model):
    """An indikator kinerja individu of an RHK. Kuantitatif: text, target (angka + satuan) and perspektif
    (pimpinan models) or aspek (Pegawai model). Kualitatif: one narrative that contains the target."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indikator_list")
    teks = models.TextField("Indikator")
    target_angka = models.DecimalField("Target", max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField("Satuan", max_length=50, blank=True)
    perspektif = models.CharField("Perspektif", max_length=18, choices=Perspektif.choices, blank=True)
    aspek = models.CharField("Aspek", max_length=9, choices=Aspek.choices, blank=True)
    urutan = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["rhk", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def target_display(self) -> str:
        if self.target_angka is None:
            return ""
        angka = f"{self.target_angka.normalize():f}".replace(".", ",")
        return f"{angka} {self.satuan}".strip()


class PerilakuKerja(models.Model):
    """One of the 7 BerAKHLAK core values with its fixed panduan perilaku (data, loaded by migration)."""

    nomor = models.PositiveSmallIntegerField(primary_key=True)
    nama = models.CharField(max_length=100)
    panduan = models.JSONField(default=list)

    class Meta:
        verbose_name = "perilaku kerja"
        verbose_name_plural = "perilaku kerja"
        ordering = ["nomor"]

    def __str__(self) -> str:
        return self.nama


@audited()
class EkspektasiPimpinan(models.Model):
    """The penilai's Ekspektasi Khusus Pimpinan for one core value of one SKP."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="ekspektasi_list")
    perilaku = models.ForeignKey(PerilakuKerja, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField("Ekspektasi Khusus Pimpinan", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "perilaku"],
                name="ekspektasi_one_per_value",
                violation_error_message="Ekspektasi untuk perilaku ini sudah ada pada SKP ini.",
            )
        ]

    def __str__(self) -> str:
        return self.teks[:80]


class JenisLampiran(models.TextChoices):
    SUMBER_DAYA = "sumber_daya", "Dukungan Sumber Daya"
    SKEMA = "skema", "Skema Pertanggungjawaban"
    KONSEKUENSI = "konsekuensi", "Konsekuensi"


@audited()
class LampiranItem(models.Model):
    """One line of an SKP's Lampiran, in one of its three lists."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran_list")
    jenis = models.CharField(max_length=11, choices=JenisLampiran.choices)
    teks = models.TextField()
    urutan = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "lampiran"
        verbose_name_plural = "lampiran"
        ordering = ["skp", "jenis", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks[:80]


@audited()
class MphRow(models.Model):
    """A row of a penilai's Matriks Peran Hasil: a bawahan's (or team member's) SKP of the same year."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    penilai_skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="mph_rows")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="+")
    manual = models.BooleanField(default=False, help_text="Ditambahkan dengan Tambah Pegawai, bukan sinkronisasi.")
    # A pegawai who is not the penilai's bawahan joins the team only by accepting: until then nobody writes into
    # their SKP from this matrix (docs/rules.md §4.6).
    diterima = models.BooleanField(default=True, help_text="Diterima oleh pegawai pada baris ini.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["penilai_skp", "skp"],
                name="mph_row_once",
                violation_error_message="Pegawai ini sudah ada di Matriks Peran Hasil ini.",
            ),
            models.CheckConstraint(condition=~Q(penilai_skp=F("skp")), name="mph_row_not_self"),
        ]

    def __str__(self) -> str:
        return f"MPH {self.penilai_skp_id} → {self.skp_id}"


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)


class DokumenCetak(models.Model):
    """A printed document (SKP, Form Penilaian, Dokumen Evaluasi): its code on every page opens a check page
    that says what was printed, when, by whom, and whether the data changed since."""

    class Jenis(models.TextChoices):
        SKP = "skp", "Sasaran Kinerja Pegawai"
        FORM_PENILAIAN = "form_penilaian", "Form Penilaian Kinerja"
        EVALUASI = "evaluasi", "Dokumen Evaluasi Kinerja"
        REKAP_HARIAN = "rekap_harian", "Rekap Progres Harian"  # harian's (decision 0025)

    kode = models.CharField(max_length=32, unique=True, default=new_verification_code)
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    # SET_NULL: a printed copy of a Draft that was later deleted still checks, as "SKP sudah dihapus".
    skp = models.ForeignKey(Skp, on_delete=models.SET_NULL, null=True, related_name="dokumen_cetak")
    # What the paper says, kept so that the check page shows it even after the SKP changes or is deleted.
    nama_pegawai = models.CharField(max_length=255, default="")
    jabatan = models.CharField(max_length=255, default="")
    periode_awal = models.DateField(null=True)
    periode_akhir = models.DateField(null=True)
    # The penilaian period printed (its code), for Form Penilaian and Dokumen Evaluasi; empty for an SKP.
    periode_kode = models.CharField(max_length=20, blank=True)
    # Catatan/Rekomendasi of a Dokumen Evaluasi as printed: written by the period's penilai only, kept here so that
    # the check page shows what the paper should say.
    catatan = models.TextField("Catatan/Rekomendasi", blank=True)
    # SHA-256 (hex) of the canonical JSON of exactly what the paper shows, whole and per section
    # (skp.printing.digest_of): the check page compares it with today's data. Empty on a record printed before
    # digests were kept; its check falls back to skp_version.
    digest = models.CharField(max_length=64, blank=True)
    section_digests = models.JSONField(default=dict, blank=True)
    skp_version = models.PositiveIntegerField()
    status_skp = models.CharField(max_length=11, choices=StatusSkp.choices)
    tanggal = models.DateField()
    lokasi = models.CharField(max_length=100)
    dicetak_oleh = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "dokumen cetak"
        verbose_name_plural = "dokumen cetak"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.kode}"

    def get_absolute_url(self) -> str:
        return reverse("cetak:verifikasi", args=[self.kode])
