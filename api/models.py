"""The payroll API's data (docs/rules.md §16): the instansi's API tokens, stored hashed; each token's count of calls
this minute; the log of every call; and when each row of the predikat feed last changed."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Instansi, User, audited
from penilaian.models import PeriodePenilaian


class Scope(models.TextChoices):
    """What a token may read. A payroll system needs both; another system may get only the units."""

    PREDIKAT_BACA = "predikat:baca", "predikat:baca — predikat, TPP dan angka kredit per pegawai per periode"
    UNIT_KERJA_BACA = "unit-kerja:baca", "unit-kerja:baca — daftar unit kerja instansi"


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ApiTokenQuerySet":
        """An admin instansi's own instansi's tokens; a superadmin's all."""
        if user.is_superuser:
            return self
        return self.filter(instansi_id=user.instansi_id) if user.is_admin_instansi else self.none()


@audited(exclude=["digest"])
class ApiToken(models.Model):
    """A key another system (the BPKAD's payroll, a SIMPEG) uses to read one instansi's data through the API. The
    secret is shown once when the admin creates it; only its SHA-256 digest is kept, with the first characters
    (`prefix`) so that the admin can tell tokens apart. Never deleted: revoked, so the call log keeps its owner."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    nama = models.CharField("nama", max_length=100, help_text="Untuk apa token ini, misalnya “Aplikasi TPP BPKAD”.")
    prefix = models.CharField("awalan", max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(
        models.CharField(max_length=30, choices=Scope.choices), verbose_name="izin", default=list, blank=True
    )
    expires_at = models.DateTimeField("berlaku hingga")
    revoked_at = models.DateTimeField("dicabut pada", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        User, verbose_name="dibuat oleh", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat pada", default=timezone.now, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_later")
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.prefix}…)"


class ApiTokenUsage(models.Model):
    """A token's calls in the current minute (the rate limit) and its last call. Its own row, not the token's, so
    that a call writes no audit event; counted in PostgreSQL, so every app server shares one count."""

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, primary_key=True, related_name="usage")
    window_start = models.DateTimeField()
    calls = models.PositiveIntegerField()
    last_used_at = models.DateTimeField("terakhir dipakai")

    class Meta:
        verbose_name = "pemakaian token API"
        verbose_name_plural = "pemakaian token API"

    def __str__(self) -> str:
        return f"{self.token_id}: {self.calls} panggilan sejak {self.window_start:%H:%M}"


class ApiCallQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ApiCallQuerySet":
        if user.is_superuser:
            return self
        return self.filter(instansi_id=user.instansi_id) if user.is_admin_instansi else self.none()


class ApiCall(models.Model):
    """One call of the API: who (the token, its instansi), what (method, path and query), the answer's status, from
    where (the client address by the trusted-proxy rule), how long it took and when. Never the Authorization header.
    A record: written once, never changed."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    method = models.CharField("metode", max_length=10)
    path = models.CharField("alamat", max_length=1000)
    status = models.PositiveSmallIntegerField("status")
    address = models.GenericIPAddressField("alamat klien", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("durasi (ms)")
    created_at = models.DateTimeField("waktu", default=timezone.now)

    objects = ApiCallQuerySet.as_manager()

    class Meta:
        verbose_name = "panggilan API"
        verbose_name_plural = "panggilan API"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["instansi", "created_at"]),
            models.Index(fields=["token", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"


class PredikatChange(models.Model):
    """When a row of the predikat feed (a PeriodePenilaian with what the API derives for it) last changed: kept by
    PostgreSQL triggers (migration 0002) on the period, its SKP, the pegawai's NIP, the unit's path, the capaian
    organisasi, the TPP table and the angka kredit koefisien, bulk writes included. The feed is read in the order
    (updated_at, periode_id), which this table indexes per instansi and per period code."""

    periode = models.OneToOneField(
        PeriodePenilaian,
        on_delete=models.DO_NOTHING,  # the trigger removes the row with its period
        db_constraint=False,
        primary_key=True,
        related_name="api_change",
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    kode = models.CharField(max_length=20)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "perubahan predikat"
        verbose_name_plural = "perubahan predikat"
        indexes = [
            models.Index(fields=["instansi", "updated_at", "periode"], name="api_change_feed"),
            models.Index(fields=["instansi", "kode", "updated_at", "periode"], name="api_change_feed_kode"),
        ]

    def __str__(self) -> str:
        return f"{self.periode_id} {self.updated_at:%Y-%m-%d %H:%M:%S}"
